#include "model/market/pool.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

#include "kernel/rng.hpp"
#include "random_pool.hpp"

namespace coordsim::model::market {
namespace {

using kernel::AgentId;

Pool seeded_pool(std::int64_t token, std::int64_t quote) {
  Pool p;
  const LiquidityOutcome l = p.add_liquidity(AgentId{0}, Amount{token}, Amount{quote});
  EXPECT_EQ(l.result, PoolResult::kOk);
  return p;
}

TEST(Pool, HandComputedMultiSwapSequence) {
  Pool p = seeded_pool(1'000'000, 2'000'000);
  const Wide k0 = p.k();
  // 1) 10000 token in: 9'970'000 * 2'000'000 / (1'000'000'000 + 9'970'000)
  //    = 19'940'000'000'000 / 1'009'970'000 = 19743.16 -> 19743
  SwapOutcome s = p.swap_exact_in(SwapDirection::kTokenToQuote, Amount{10'000});
  ASSERT_EQ(s.result, PoolResult::kOk);
  EXPECT_EQ(s.amount_out, Amount{19'743});
  EXPECT_EQ(p.reserve_token(), Amount{1'010'000});
  EXPECT_EQ(p.reserve_quote(), Amount{1'980'257});
  EXPECT_GE(p.k(), k0);
  // 2) 50000 quote in: 49'850'000 * 1'010'000 / (1'980'257'000 + 49'850'000)
  //    = 50'348'500'000'000 / 2'030'107'000 = 24800.9 -> 24800
  s = p.swap_exact_in(SwapDirection::kQuoteToToken, Amount{50'000});
  ASSERT_EQ(s.result, PoolResult::kOk);
  EXPECT_EQ(s.amount_out, Amount{24'800});
  EXPECT_EQ(p.reserve_token(), Amount{985'200});
  EXPECT_EQ(p.reserve_quote(), Amount{2'030'257});
  // 3) 1 token in: 997 * 2'030'257 / (985'200'000 + 997) = 2.05 -> 2
  EXPECT_EQ(p.preview_exact_in(SwapDirection::kTokenToQuote, Amount{1}).amount_out, Amount{2});
  // 4) 333333 token in: 332'333'001 * 2'030'257 / (985'200'000 + 332'333'001) = 512109.6 -> 512109
  s = p.swap_exact_in(SwapDirection::kTokenToQuote, Amount{333'333});
  ASSERT_EQ(s.result, PoolResult::kOk);
  EXPECT_EQ(s.amount_out, Amount{512'109});
  EXPECT_EQ(p.reserve_token(), Amount{1'318'533});
  EXPECT_EQ(p.reserve_quote(), Amount{1'518'148});
  EXPECT_EQ(p.k(), static_cast<Wide>(1'318'533) * 1'518'148);
  EXPECT_GT(p.k(), k0);  // the fee stays in the pool
}

TEST(Pool, ExactOutputAndSlippageLimits) {
  Pool p = seeded_pool(1'000'000, 2'000'000);
  // Uniswap getAmountIn: 1e6 * 1000 * 1000 / (1'999'000 * 997) = 501.75 -> 501 + 1 = 502
  SwapOutcome s = p.swap_exact_out(SwapDirection::kTokenToQuote, Amount{1000}, Amount{501});
  EXPECT_EQ(s.result, PoolResult::kExcessiveInput);
  EXPECT_EQ(p.reserve_token(), Amount{1'000'000});  // nothing moved
  s = p.swap_exact_out(SwapDirection::kTokenToQuote, Amount{1000});
  ASSERT_EQ(s.result, PoolResult::kOk);
  EXPECT_EQ(s.amount_in, Amount{502});
  EXPECT_EQ(p.reserve_token(), Amount{1'000'502});
  EXPECT_EQ(p.reserve_quote(), Amount{1'999'000});
  s = p.swap_exact_in(SwapDirection::kTokenToQuote, Amount{1000}, Amount{5000});
  EXPECT_EQ(s.result, PoolResult::kInsufficientOutput);
  EXPECT_EQ(p.reserve_quote(), Amount{1'999'000});
  EXPECT_EQ(p.swap_exact_in(SwapDirection::kTokenToQuote, Amount{0}).result,
            PoolResult::kNonPositiveAmount);
  EXPECT_EQ(p.swap_exact_out(SwapDirection::kQuoteToToken, Amount{1'000'502}).result,
            PoolResult::kInsufficientOutput);  // cannot empty the pool
  EXPECT_EQ(p.swap_exact_in(SwapDirection::kTokenToQuote, Amount::max()).result,
            PoolResult::kOverflow);
  Pool empty;
  EXPECT_EQ(empty.swap_exact_in(SwapDirection::kTokenToQuote, Amount{5}).result,
            PoolResult::kNoLiquidity);
}

TEST(Pool, LiquidityIsSqrtFirstThenProportionalFloored) {
  Pool p;
  LiquidityOutcome l = p.add_liquidity(AgentId{3}, Amount{400}, Amount{900});
  ASSERT_EQ(l.result, PoolResult::kOk);
  EXPECT_EQ(l.shares, Amount{600});  // sqrt(400 * 900)
  EXPECT_EQ(p.shares_of(AgentId{3}), Amount{600});
  // Desired (100, 1000): optimal quote for 100 token is 100 * 900 / 400 = 225 <= 1000.
  l = p.add_liquidity(AgentId{5}, Amount{100}, Amount{1000});
  ASSERT_EQ(l.result, PoolResult::kOk);
  EXPECT_EQ(l.token, Amount{100});
  EXPECT_EQ(l.quote, Amount{225});
  EXPECT_EQ(l.shares, Amount{150});  // min(100 * 600 / 400, 225 * 600 / 900)
  // Desired (1000, 100): optimal quote 2250 > 100, so token = 100 * 500 / 1125 = 44 (floored).
  l = p.add_liquidity(AgentId{5}, Amount{1000}, Amount{100});
  ASSERT_EQ(l.result, PoolResult::kOk);
  EXPECT_EQ(l.token, Amount{44});
  EXPECT_EQ(l.quote, Amount{100});
  EXPECT_EQ(l.shares, Amount{66});  // min(44 * 750 / 500 = 66, 100 * 750 / 1125 = 66.67 -> 66)
  EXPECT_EQ(p.total_shares(), Amount{816});
  EXPECT_EQ(p.shares_of(AgentId{5}), Amount{216});
  EXPECT_EQ(p.remove_liquidity(AgentId{5}, Amount{217}).result, PoolResult::kInsufficientShares);
  // Removing everything returns the whole reserves.
  const Amount rt = p.reserve_token();
  const Amount rq = p.reserve_quote();
  const LiquidityOutcome r3 = p.remove_liquidity(AgentId{3}, Amount{600});
  ASSERT_EQ(r3.result, PoolResult::kOk);
  const LiquidityOutcome r5 = p.remove_liquidity(AgentId{5}, Amount{216});
  ASSERT_EQ(r5.result, PoolResult::kOk);
  EXPECT_EQ(r3.token + r5.token, rt);
  EXPECT_EQ(r3.quote + r5.quote, rq);
  EXPECT_EQ(p.total_shares(), Amount{0});
  EXPECT_EQ(p.reserve_token(), Amount{0});
  EXPECT_EQ(p.add_liquidity(AgentId{1}, Amount{0}, Amount{5}).result,
            PoolResult::kNonPositiveAmount);
}

TEST(Pool, KNeverDecreasesOverRandomSwapsAndLiquidity) {
  test::for_each_seed(100, 5, [&](kernel::Rng& rng) {
    Pool p(Fee::from_ppm(rng.below(10'000)));
    ASSERT_EQ(test::add_random_liquidity(p, rng, 1), PoolResult::kOk);
    for (int i = 0; i < 500; ++i) {
      const Wide k_before = p.k();
      const Amount t_before = p.reserve_token();
      const auto dir =
          rng.bernoulli(0.5) ? SwapDirection::kTokenToQuote : SwapDirection::kQuoteToToken;
      const Amount size{1 + rng.below(1u << 28)};
      const SwapOutcome s =
          rng.bernoulli(0.7) ? p.swap_exact_in(dir, size) : p.swap_exact_out(dir, size);
      if (s.result == PoolResult::kOk) {
        ASSERT_GE(p.k(), k_before);
        ASSERT_GT(p.reserve_token(), Amount{0});
        ASSERT_GT(p.reserve_quote(), Amount{0});
      } else {
        ASSERT_EQ(p.k(), k_before);
        ASSERT_EQ(p.reserve_token(), t_before);
      }
    }
  });
}

// A steep fee and reserves near the int64 limit: the exact input would exceed 127 bits, which
// mul_div_floor reports by throwing; the noexcept preview must answer kOverflow instead.
TEST(Pool, ExactOutputBeyond127BitsIsOverflowNotAnException) {
  Pool p(Fee{1, 1'000'000});
  ASSERT_EQ(p.add_liquidity(AgentId{0}, Amount{4'000'000'000'000'000'000},
                            Amount{4'000'000'000'000'000'000})
                .result,
            PoolResult::kOk);
  const Amount out{3'999'999'999'999'999'999};
  EXPECT_THROW(
      (void)get_amount_in(out.raw(), p.reserve_token().raw(), p.reserve_quote().raw(), p.fee()),
      std::overflow_error);
  EXPECT_EQ(p.preview_exact_out(SwapDirection::kTokenToQuote, out).result, PoolResult::kOverflow);
  EXPECT_EQ(p.swap_exact_out(SwapDirection::kTokenToQuote, out).result, PoolResult::kOverflow);
  EXPECT_EQ(p.reserve_quote(), Amount{4'000'000'000'000'000'000});  // nothing moved
}

// preview_exact_out decides overflow before dividing; over reserves, outputs and fees spread on a
// log scale it must agree with getAmountIn followed by the reserve check.
TEST(Pool, ExactOutputOverflowMatchesGetAmountIn) {
  const auto log_uniform = [](kernel::Rng& rng) {
    return static_cast<std::int64_t>(rng.next() >> (1 + rng.below(63))) + 1;
  };
  test::for_each_seed(20, 6, [&](kernel::Rng& rng) {
    int overflows = 0;
    for (int i = 0; i < 2000; ++i) {
      const std::int64_t den = 1 + rng.below(1u << 20);
      const Fee fee{1 + rng.below(static_cast<std::uint32_t>(den)), den};
      Pool p(fee);
      const std::int64_t token = log_uniform(rng);
      const std::int64_t quote = log_uniform(rng);
      if (p.add_liquidity(AgentId{0}, Amount{token}, Amount{quote}).result != PoolResult::kOk) {
        continue;  // the share count sqrt(token * quote) may not fit
      }
      const Amount out{1 + static_cast<std::int64_t>(
                               rng.next() % static_cast<std::uint64_t>(quote > 1 ? quote - 1 : 1))};
      if (out >= Amount{quote}) continue;
      const SwapOutcome s = p.preview_exact_out(SwapDirection::kTokenToQuote, out);
      bool overflow = false;
      Wide in = 0;
      try {
        in = get_amount_in(out.raw(), token, quote, fee);
        overflow = in + token > std::numeric_limits<std::int64_t>::max();
      } catch (const std::overflow_error&) {
        overflow = true;
      }
      if (overflow) {
        ++overflows;
        ASSERT_EQ(s.result, PoolResult::kOverflow) << token << " " << quote << " " << out.raw();
      } else {
        ASSERT_EQ(s.result, PoolResult::kOk) << token << " " << quote << " " << out.raw();
        ASSERT_EQ(s.amount_in.raw(), static_cast<std::int64_t>(in));  // in <= max: it fits
      }
    }
    EXPECT_GT(overflows, 0);  // the draw reaches the boundary
  });
}

}  // namespace
}  // namespace coordsim::model::market
