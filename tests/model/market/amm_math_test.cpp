#include "model/market/amm_math.hpp"

#include <gtest/gtest.h>

#include <string>

#include "kernel/rng.hpp"

namespace coordsim::model::market {
namespace {

Wide parse(const std::string& digits) {
  Wide v = 0;
  for (const char c : digits) v = v * 10 + (c - '0');
  return v;
}

constexpr Wide kE18 = 1'000'000'000'000'000'000;

// UniswapV2Pair.spec.ts, "swap:token0" getInputPrice cases: [swapAmount, reserve0, reserve1,
// expectedOutput], amounts in units of 1e18. The 1000e18 reserves overflow 128 bits in the
// intermediate product, so this also exercises the 256-bit path.
struct UniswapCase {
  int amount_in;
  int reserve_in;
  int reserve_out;
  const char* expected_out;
};
constexpr UniswapCase kUniswapCases[] = {
    {1, 5, 10, "1662497915624478906"},     {1, 10, 5, "453305446940074565"},
    {2, 5, 10, "2851015155847869602"},     {2, 10, 5, "831248957812239453"},
    {1, 10, 10, "906610893880149131"},     {1, 100, 100, "987158034397061298"},
    {1, 1000, 1000, "996006981039903216"},
};

TEST(AmmMath, MatchesUniswapV2GetAmountOutVectors) {
  for (const UniswapCase& c : kUniswapCases) {
    SCOPED_TRACE(c.expected_out);
    EXPECT_EQ(get_amount_out(c.amount_in * kE18, c.reserve_in * kE18, c.reserve_out * kE18),
              parse(c.expected_out));
    // 3000 ppm is the same fee as 997/1000.
    EXPECT_EQ(get_amount_out(c.amount_in * kE18, c.reserve_in * kE18, c.reserve_out * kE18,
                             Fee::from_ppm(3000)),
              parse(c.expected_out));
  }
}

TEST(AmmMath, GetAmountInBuysAtLeastTheOutputAndAtMostOneUnitTooMuch) {
  for (const UniswapCase& c : kUniswapCases) {
    const Wide out = parse(c.expected_out);
    const Wide in = get_amount_in(out, c.reserve_in * kE18, c.reserve_out * kE18);
    // amount_in bought `out` (floored), so the minimal input is at most amount_in; Uniswap's +1
    // may add one unit when the exact input is an integer.
    EXPECT_LE(in, c.amount_in * kE18 + 1);
    EXPECT_GE(get_amount_out(in, c.reserve_in * kE18, c.reserve_out * kE18), out);
    EXPECT_LT(get_amount_out(in - 2, c.reserve_in * kE18, c.reserve_out * kE18), out);
  }
}

TEST(AmmMath, SmallHandComputedCases) {
  // in 1000 of 1e6 reserve against 2e6: 997000 * 2e6 / (1e9 + 997000) = 1992.0099... -> 1992
  EXPECT_EQ(get_amount_out(1000, 1'000'000, 2'000'000), 1992);
  // out 1000: 1e6 * 1000 * 1000 / (1999000 * 997) = 501.75... -> 501, + 1 = 502
  EXPECT_EQ(get_amount_in(1000, 1'000'000, 2'000'000), 502);
  // Tiny inputs round to zero output: 1 * 997 * 10 / (1000 * 1000 + 997) = 0.0099...
  EXPECT_EQ(get_amount_out(1, 1000, 10), 0);
  // A zero fee is the plain constant product: 100 * 100 / (100 + 100) = 50.
  EXPECT_EQ(get_amount_out(100, 100, 100, Fee{1, 1}), 50);
}

TEST(AmmMath, GetAmountInPropertyOverSeeds) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 3), counter);
    for (int i = 0; i < 200; ++i) {
      const Wide rin = 1 + static_cast<Wide>(rng.next() >> 20);
      const Wide rout = 2 + static_cast<Wide>(rng.next() >> 20);
      const Wide out = 1 + static_cast<Wide>(rng.next() % static_cast<std::uint64_t>(rout - 1));
      const Fee fee = Fee::from_ppm(rng.below(100'000));
      const Wide in = get_amount_in(out, rin, rout, fee);
      ASSERT_GE(get_amount_out(in, rin, rout, fee), out);
      if (in > 2) {
        ASSERT_LT(get_amount_out(in - 2, rin, rout, fee), out);
      }
    }
  }
}

TEST(AmmMath, RejectsBadInput) {
  EXPECT_THROW((void)get_amount_out(0, 10, 10), AmmInputError);
  EXPECT_THROW((void)get_amount_out(1, 0, 10), AmmInputError);
  EXPECT_THROW((void)get_amount_out(1, 10, 0), AmmInputError);
  EXPECT_THROW((void)get_amount_in(0, 10, 10), AmmInputError);
  EXPECT_THROW((void)get_amount_in(10, 10, 10), AmmInputError);
  EXPECT_THROW((void)get_amount_out(1, 10, 10, Fee{0, 1000}), AmmInputError);
  EXPECT_THROW((void)get_amount_out(1, 10, 10, Fee{1001, 1000}), AmmInputError);
  EXPECT_THROW((void)Fee::from_ppm(1'000'000), AmmInputError);
}

TEST(WideMath, MulDivAndCompareAreExactBeyond128Bits) {
  const Wide big = static_cast<Wide>(1) << 100;
  EXPECT_EQ(mul_div_floor(big, big, big), big);              // product 2^200
  EXPECT_EQ(mul_div_floor(big + 1, big - 1, big), big - 1);  // (2^200 - 1) / 2^100, floored
  EXPECT_EQ(compare_products(big, big, big + 1, big - 1), 1);
  EXPECT_EQ(compare_products(big, big, big, big), 0);
  EXPECT_EQ(compare_products(3, 4, 2, 6), 0);
  EXPECT_EQ(compare_products(3, 4, 2, 7), -1);
}

TEST(WideMath, IsqrtIsTheFloorOfTheRoot) {
  EXPECT_EQ(isqrt(0), 0);
  EXPECT_EQ(isqrt(1), 1);
  EXPECT_EQ(isqrt(15), 3);
  EXPECT_EQ(isqrt(16), 4);
  const Wide r = (static_cast<Wide>(1) << 63) - 25;
  EXPECT_EQ(isqrt(r * r), r);
  EXPECT_EQ(isqrt(r * r - 1), r - 1);
  EXPECT_EQ(isqrt(r * r + 2 * r), r);  // (r+1)^2 - 1
  const Wide max = ~static_cast<Wide>(0) ^ (static_cast<Wide>(1) << 127);
  const Wide m = isqrt(max);
  EXPECT_LE(m, max / m);
  EXPECT_GT(m + 1, max / (m + 1));
}

}  // namespace
}  // namespace coordsim::model::market
