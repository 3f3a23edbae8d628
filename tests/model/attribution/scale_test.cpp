// Attribution at realistic scale: marginal values of a saturated model are computed from the
// exact change in quality, not as the difference of two values close to v_max.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "model/attribution/rules.hpp"

namespace coordsim::model::attribution {
namespace {

using kernel::AgentId;
using ledger::Amount;

TEST(StableMarginal, DifferenceMatchesTheClosedFormWhereValuesAreOne) {
  const Usefulness u{2.0, 3.0, 0.5};
  for (const double q_total : {0.5, 30.0, 111.0, 150.0, 600.0, 2000.0}) {
    for (const double q : {1e-9, 0.01, 1.0, 7.5}) {
      SCOPED_TRACE(testing::Message() << "Q " << q_total << " q " << q);
      // v(Q) - v(Q - q) = v_max exp(-Q/s) expm1(q/s): a second closed form, evaluated directly.
      const double expected = u.v_max * std::exp(-q_total / u.scale) * std::expm1(q / u.scale);
      const double got = u.difference(q_total - q, q, 0.0);
      // exp(-x) has condition number x: rounding x = Q/s (in either form) moves the result by
      // about x ulps, so that is the agreement two correct forms can have.
      const double ulps = 4.0 * (1.0 + q_total / u.scale);
      EXPECT_NEAR(got, expected, ulps * 0x1.0p-52 * expected);
      EXPECT_GT(got, 0.0);
      EXPECT_EQ(u.difference(q_total - q, -q, 0.0), -got);      // the other direction
      EXPECT_DOUBLE_EQ(u.difference(q_total, 0.0, 2.0), -1.0);  // harm is linear
    }
  }
  // The naive difference is exactly 0 once Q/s passes about 37; the stable one is not.
  EXPECT_EQ(u.value(120.0, 0.0) - u.value(119.0, 0.0), 0.0);
  EXPECT_GT(u.difference(119.0, 1.0, 0.0), 0.0);
}

struct Crowd {
  std::vector<Row> rows;
  double total = 0.0;  // exact: the qualities are on the fixed-point grid (kQualityUnit)
};

/// `n` contributors, one distinct row each, quality uniform in [0.5, 1.5) rounded to the
/// fixed-point grid the usefulness model sums on, so the closed forms below see the same sums.
Crowd crowd(std::uint32_t n, std::uint64_t seed) {
  Crowd c;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(seed, 5), counter);
  std::int64_t fixed_total = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::int64_t fixed = std::llround(rng.uniform(0.5, 1.5) * kQualityUnit);
    c.rows.push_back({i, AgentId{i}, static_cast<double>(fixed) / kQualityUnit});
    fixed_total += fixed;
  }
  c.total = static_cast<double>(fixed_total) / kQualityUnit;
  return c;
}

TEST(StableMarginal, TenThousandRowsLoseNoMarginalValue) {
  constexpr std::uint32_t kRows = 10'000;
  const std::uint64_t seed = 2026;
  std::printf("[ info     ] seed %llu\n", static_cast<unsigned long long>(seed));
  const Crowd c = crowd(kRows, seed);
  // Q/s about 50: every v(S) with more than three quarters of the rows is 1.0 in double.
  const Usefulness u{1.0, c.total / 50.0, 1.0};
  EXPECT_EQ(u.value(c.total, 0.0), 1.0);
  RuleConfig config;
  config.usefulness = u;
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(seed, 6), counter);
  const Amount pool{1'000'000'000'000};

  config.rule = Rule::kLeaveOneOut;
  attribute(config, c.rows, {}, rng, pool, ws, out);
  std::uint32_t naive_nonzero = 0;
  for (std::uint32_t i = 0; i < kRows; ++i) {
    const double q = c.rows[i].quality;
    const double exact = std::exp(-c.total / u.scale) * std::expm1(q / u.scale);
    ASSERT_NEAR(out.values[i], exact, 4.0 * 51.0 * 0x1.0p-52 * exact) << "row " << i;  // ~x ulps
    ASSERT_GT(out.payouts[i], Amount::zero()) << "row " << i;
    if (u.value(c.total, 0.0) - u.value(c.total - q, 0.0) != 0.0) ++naive_nonzero;
  }
  EXPECT_EQ(naive_nonzero, 0U) << "the naive form must fail here, or the test shows nothing";
  const PoolReport report = pool_report(out);
  EXPECT_EQ(report.unpaid, Amount::zero());
  EXPECT_EQ(report.paid, pool);
  EXPECT_EQ(report.payees, kRows);

  // Sampled Banzhaf: a random half of the rows already holds Q/s near 25; no swing may vanish.
  config.rule = Rule::kBanzhaf;
  config.samples = 16;
  attribute(config, c.rows, {}, rng, pool, ws, out);
  for (std::uint32_t i = 0; i < kRows; ++i) ASSERT_GT(out.values[i], 0.0) << "row " << i;
  EXPECT_EQ(pool_report(out).payees, kRows);

  // Monte Carlo Shapley: late positions in a permutation see Q/s near 50.
  config.rule = Rule::kShapley;
  config.samples = 4;
  attribute(config, c.rows, {}, rng, pool, ws, out);
  double sum = 0.0;
  for (std::uint32_t i = 0; i < kRows; ++i) {
    ASSERT_GT(out.values[i], 0.0) << "row " << i;
    sum += out.values[i];
  }
  // Efficiency holds per permutation: the marginals telescope to v(N) - v(empty) = 1.
  EXPECT_NEAR(sum, 1.0, 1e-9);
}

TEST(StableMarginal, ExactShapleyOnASaturatedModelIsEfficientAndPositive) {
  const Crowd c = crowd(12, 9);
  const Usefulness u{1.0, c.total / 60.0, 1.0};
  RuleConfig config;
  config.rule = Rule::kShapleyExact;
  config.usefulness = u;
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(9, 6), counter);
  compute_weights(config, c.rows, {}, rng, ws, out);
  double sum = 0.0;
  for (const double v : out.values) {
    EXPECT_GT(v, 0.0);
    sum += v;
  }
  EXPECT_NEAR(sum, 1.0, 1e-12);
  // Leave-one-out values there are about e^-55 of Shapley's: tiny, but not zero.
  config.rule = Rule::kLeaveOneOut;
  compute_weights(config, c.rows, {}, rng, ws, out);
  for (const double v : out.values) EXPECT_GT(v, 0.0);
}

}  // namespace
}  // namespace coordsim::model::attribution
