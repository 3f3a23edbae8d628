#include "model/market/arbitrage.hpp"

#include <gtest/gtest.h>

#include "kernel/rng.hpp"
#include "random_pool.hpp"

namespace coordsim::model::market {
namespace {

using kernel::AgentId;

// sign(reserve ratio - target)
int side_of(const Pool& p, PriceRatio t) {
  return compare_products(p.reserve_quote().raw(), t.token, t.quote, p.reserve_token().raw());
}

TEST(Arbitrage, MovesThePoolUpToButNotPastTheTarget) {
  Pool p;
  ASSERT_EQ(p.add_liquidity(AgentId{0}, Amount{1'000'000}, Amount{2'000'000}).result,
            PoolResult::kOk);
  const PriceRatio target{5, 2};  // 2.5 quote per token: above the pool's 2.0
  const ArbitragePlan plan = plan_arbitrage(p, target);
  EXPECT_EQ(plan.direction, SwapDirection::kQuoteToToken);
  ASSERT_GT(plan.amount_in, Amount{0});
  Pool overshoot = p;
  ASSERT_EQ(p.swap_exact_in(plan.direction, plan.amount_in).result, PoolResult::kOk);
  EXPECT_LE(side_of(p, target), 0);
  EXPECT_NEAR(p.spot_price(), 2.5, 1e-5);
  ASSERT_EQ(overshoot.swap_exact_in(plan.direction, plan.amount_in + Amount{1}).result,
            PoolResult::kOk);
  EXPECT_GT(side_of(overshoot, target), 0);
  // Already there (within one unit): nothing more to do in that direction.
  const ArbitragePlan again = plan_arbitrage(p, target);
  EXPECT_TRUE(again.amount_in == Amount{0} || again.direction == SwapDirection::kQuoteToToken);
}

TEST(Arbitrage, NeverOvershootsAndIsMaximalOverSeeds) {
  int planned = 0;
  test::for_each_seed(100, 9, [&](kernel::Rng& rng) {
    Pool p(Fee::from_ppm(rng.below(20'000)));
    ASSERT_EQ(test::add_random_liquidity(p, rng, 1000), PoolResult::kOk);
    const PriceRatio target = to_ratio(p.spot_price() * rng.lognormal(0.0, 0.5));
    const int before = side_of(p, target);
    const ArbitragePlan plan = plan_arbitrage(p, target);
    if (plan.amount_in > Amount{0}) {
      ++planned;
      Pool after = p;
      ASSERT_EQ(after.swap_exact_in(plan.direction, plan.amount_in, Amount{0}).result,
                PoolResult::kOk);
      ASSERT_NE(side_of(after, target), -before) << "overshot";
    }
    // One more unit would overshoot (or the swap is impossible).
    Pool more = p;
    const auto dir = before < 0 ? SwapDirection::kQuoteToToken : SwapDirection::kTokenToQuote;
    const Amount next = (plan.amount_in > Amount{0} ? plan.amount_in : Amount{0}) + Amount{1};
    if (before != 0 && more.swap_exact_in(dir, next, Amount{0}).result == PoolResult::kOk) {
      ASSERT_EQ(side_of(more, target), -before) << "not maximal";
    }
  });
  if (HasFatalFailure()) return;  // as an ASSERT in the loop would
  EXPECT_GT(planned, 80);         // most random targets are far enough to need a swap
}

TEST(Arbitrage, EmptyPoolAndBadPrices) {
  const Pool empty;
  EXPECT_EQ(plan_arbitrage(empty, PriceRatio{1, 1}).amount_in, Amount{0});
  EXPECT_THROW((void)to_ratio(0.0), AmmInputError);
  EXPECT_THROW((void)to_ratio(-1.0), AmmInputError);
  const PriceRatio r = to_ratio(2.5, 1000);
  EXPECT_EQ(r.quote, 2500);
  EXPECT_EQ(r.token, 1000);
}

}  // namespace
}  // namespace coordsim::model::market
