#include "model/attribution/largest_remainder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernel/rng.hpp"
#include "model/attribution/errors.hpp"

namespace coordsim::model::attribution {
namespace {

using ledger::Amount;
using ledger::Wide;

std::vector<std::int64_t> split_ints(std::int64_t pool, const std::vector<std::uint64_t>& w) {
  std::vector<Amount> out(w.size());
  const Amount rest = largest_remainder(Amount{pool}, std::span<const std::uint64_t>(w), out);
  EXPECT_EQ(rest, Amount::zero());
  std::vector<std::int64_t> raw;
  for (Amount a : out) raw.push_back(a.raw());
  return raw;
}

std::vector<std::int64_t> split_doubles(std::int64_t pool, const std::vector<double>& w,
                                        Amount* rest = nullptr) {
  std::vector<Amount> out(w.size());
  const Amount r = largest_remainder(Amount{pool}, std::span<const double>(w), out);
  if (rest != nullptr) *rest = r;
  std::vector<std::int64_t> raw;
  for (Amount a : out) raw.push_back(a.raw());
  return raw;
}

using V = std::vector<std::int64_t>;

// Worked by hand: quotas, floors, then the leftover units to the largest remainders.
TEST(LargestRemainder, HandWorkedCases) {
  // 10/3 = 3.33 each: floors 3,3,3 leave 1 unit; equal remainders, the lowest index wins.
  EXPECT_EQ(split_ints(10, {1, 1, 1}), (V{4, 3, 3}));
  // quotas 1.67, 3.33, 5: floors 1,3,5 leave 1 unit; largest remainder .67 is index 0.
  EXPECT_EQ(split_ints(10, {1, 2, 3}), (V{2, 3, 5}));
  // quotas 0, 3.5, 0, 3.5: one unit left, tie between 1 and 3 goes to 1; zeros get nothing.
  EXPECT_EQ(split_ints(7, {0, 1, 0, 1}), (V{0, 4, 0, 3}));
  // 100/6 = 16.67: floors 96, four units to indices 0..3.
  EXPECT_EQ(split_ints(100, {1, 1, 1, 1, 1, 1}), (V{17, 17, 17, 17, 16, 16}));
  // pool 1 over 3:3:1: remainders 3/7, 3/7, 1/7: index 0.
  EXPECT_EQ(split_ints(1, {3, 3, 1}), (V{1, 0, 0}));
  // quotas 0.1, 0.2, 0.7 of 1 unit -> index 2 has the largest remainder.
  EXPECT_EQ(split_ints(1, {1, 2, 7}), (V{0, 0, 1}));
  // exact division leaves nothing to round.
  EXPECT_EQ(split_ints(12, {1, 2, 3}), (V{2, 4, 6}));
  EXPECT_EQ(split_ints(0, {1, 2, 3}), (V{0, 0, 0}));
}

TEST(LargestRemainder, AllZeroWeightsReturnThePoolUnallocated) {
  std::vector<Amount> out(3, Amount{99});
  const std::vector<std::uint64_t> zeros(3, 0);
  EXPECT_EQ(largest_remainder(Amount{10}, std::span<const std::uint64_t>(zeros), out), Amount{10});
  for (Amount a : out) EXPECT_EQ(a, Amount::zero());
  Amount rest{};
  EXPECT_EQ(split_doubles(10, {0.0, -1.0, -0.0}, &rest), (V{0, 0, 0}));
  EXPECT_EQ(rest, Amount{10});
  std::vector<Amount> none;
  EXPECT_EQ(largest_remainder(Amount{5}, std::span<const double>(), none), Amount{5});
}

TEST(LargestRemainder, NegativeWeightsAreClampedToZero) {
  EXPECT_EQ(split_doubles(5, {-5.0, 1.0, 1.0}), (V{0, 3, 2}));
  EXPECT_EQ(split_doubles(5, {-5.0, 1.0, 1.0}), split_doubles(5, {0.0, 1.0, 1.0}));
}

TEST(LargestRemainder, BadInputThrows) {
  std::vector<Amount> out(2);
  const std::vector<double> nan{1.0, std::nan("")};
  const std::vector<double> inf{1.0, std::numeric_limits<double>::infinity()};
  const std::vector<double> ok{1.0, 1.0};
  EXPECT_THROW((void)largest_remainder(Amount{1}, std::span<const double>(nan), out), InvalidSplit);
  EXPECT_THROW((void)largest_remainder(Amount{1}, std::span<const double>(inf), out), InvalidSplit);
  EXPECT_THROW((void)largest_remainder(Amount{-1}, std::span<const double>(ok), out), InvalidSplit);
  std::vector<Amount> short_out(1);
  EXPECT_THROW((void)largest_remainder(Amount{1}, std::span<const double>(ok), short_out),
               InvalidSplit);
}

TEST(LargestRemainder, HugePoolsAndWeightsDoNotOverflow) {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max();  // 2^63 - 1
  // Halves of 2^63 - 1 are 2^62 - 1/2: floors 2^62 - 1 each, the odd unit to index 0.
  EXPECT_EQ(split_ints(max, {1, 1}), (V{std::int64_t{1} << 62, (std::int64_t{1} << 62) - 1}));
  const std::uint64_t wmax = std::numeric_limits<std::uint64_t>::max();
  EXPECT_EQ(split_ints(max, {wmax, wmax}), split_ints(max, {1, 1}));
  const V big = split_ints(max, {wmax, 1, wmax / 3});
  Wide sum = 0;
  for (auto v : big) sum += v;
  EXPECT_EQ(sum, max);
  // Huge double weights are quantized relative to the largest: same result as their ratios.
  EXPECT_EQ(split_doubles(max, {1e300, 1e300}), split_ints(max, {1, 1}));
}

TEST(LargestRemainder, IntegerValuedDoublesSplitExactlyLikeIntegers) {
  // Power-of-two scaling keeps integer ratios exact, so these must agree unit for unit.
  EXPECT_EQ(split_doubles(1000003, {3.0, 5.0, 7.0, 0.0, 11.0}),
            split_ints(1000003, {3, 5, 7, 0, 11}));
  EXPECT_EQ(split_doubles(10, {1.0, 1.0, 1.0}), (V{4, 3, 3}));
  // ... and the split is invariant under scaling every weight by a power of two.
  EXPECT_EQ(split_doubles(977, {0.375, 1.25, 3.0}),
            split_doubles(977, {0.375 * 0x1p-40, 1.25 * 0x1p-40, 3.0 * 0x1p-40}));
}

// Properties over random inputs: budget balance, each part within one unit of its exact quota,
// zero weight gets zero, and Hamilton's rule: every index given an extra unit has a remainder at
// least as large as (and on a tie, a lower index than) every index not given one.
TEST(LargestRemainder, PropertiesOverManySeeds) {
  LargestRemainderScratch scratch;  // one scratch across all cases: reuse must not leak state
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 11), counter);
    const std::size_t n = 1 + rng.below(40);
    std::vector<std::uint64_t> w(n);
    const int magnitude = static_cast<int>(rng.below(4));
    for (auto& x : w) {
      if (rng.bernoulli(0.2))
        x = 0;
      else if (magnitude == 0)
        x = rng.below(4);  // many ties
      else if (magnitude == 1)
        x = rng.below(1000);
      else
        x = rng.next() >> rng.below(64);
    }
    const std::int64_t pool = rng.bernoulli(0.3) ? static_cast<std::int64_t>(rng.below(50))
                                                 : static_cast<std::int64_t>(rng.next() >> 1);
    std::vector<Amount> out(n);
    const Amount rest =
        largest_remainder(Amount{pool}, std::span<const std::uint64_t>(w), out, scratch);
    Wide total = 0;
    for (auto x : w) total += x;
    Wide paid = 0;
    for (Amount a : out) paid += a.raw();
    EXPECT_EQ(paid + rest.raw(), pool);
    if (total == 0) {
      EXPECT_EQ(rest.raw(), pool);
      continue;
    }
    EXPECT_EQ(rest, Amount::zero());
    std::vector<Wide> remainder(n);
    std::vector<bool> extra(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Wide exact = static_cast<Wide>(pool) * w[i];  // quota * total
      const Wide got = static_cast<Wide>(out[i].raw()) * total;
      EXPECT_GE(got + total, exact + 1) << "i=" << i;  // out > quota - 1
      EXPECT_LE(got, exact + total - 1) << "i=" << i;  // out < quota + 1
      if (w[i] == 0) {
        EXPECT_EQ(out[i], Amount::zero());
      }
      remainder[i] = exact % total;
      extra[i] = out[i].raw() != static_cast<std::int64_t>(exact / total);
    }
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        if (!extra[i] || extra[j]) continue;
        const bool ranked = remainder[i] > remainder[j] || (remainder[i] == remainder[j] && i < j);
        EXPECT_TRUE(ranked) << "unit went to " << i << " before " << j;
      }
    }
  }
}

}  // namespace
}  // namespace coordsim::model::attribution
