// Points and seeds: the grid's order, the samples' properties, seeds that do not move.
#include <gtest/gtest.h>

#include <set>

#include "experiment/design.hpp"

namespace coordsim::experiment {
namespace {

TEST(Design, ProductTimesZipLastKeyFastest) {
  Sweep s;
  s.product = {{"a", {"1", "2"}}, {"b", {"x", "y", "z"}}};
  s.zip = {{"c", {"p", "q"}}, {"d", {"P", "Q"}}};
  const auto points = expand_points(s, 7);
  ASSERT_EQ(points.size(), 12U);
  EXPECT_EQ(points[0].label(), "a=1, b=x, c=p, d=P");
  EXPECT_EQ(points[1].label(), "a=1, b=x, c=q, d=Q");
  EXPECT_EQ(points[2].label(), "a=1, b=y, c=p, d=P");
  EXPECT_EQ(points[11].label(), "a=2, b=z, c=q, d=Q");
  std::set<std::uint64_t> hashes;
  for (const auto& p : points) hashes.insert(p.hash());
  EXPECT_EQ(hashes.size(), points.size());
}

TEST(Design, LatinHypercubeHasOnePointPerStratumInEveryDimension) {
  for (const std::uint64_t key : {1ULL, 2ULL, 99ULL}) {
    constexpr std::uint32_t kN = 50;
    constexpr std::uint32_t kD = 3;
    const auto u = unit_sample(SampleMethod::kLhs, kN, kD, key);
    for (std::uint32_t j = 0; j < kD; ++j) {
      std::set<int> strata;
      for (std::uint32_t i = 0; i < kN; ++i) {
        const double x = u[i * kD + j];
        ASSERT_GE(x, 0.0);
        ASSERT_LT(x, 1.0);
        strata.insert(static_cast<int>(x * kN));
      }
      EXPECT_EQ(strata.size(), kN) << "key " << key << ", dimension " << j;
    }
  }
}

TEST(Design, SobolSkipsTheOriginAndFillsTheCube) {
  const auto u = unit_sample(SampleMethod::kSobol, 64, 2, 0);
  EXPECT_EQ(u[0], 0.5);  // the first point after the origin is the centre
  EXPECT_EQ(u[1], 0.5);
  // In two dimensions Sobol's first 64 points (the origin and the next 63) are a (0, 6, 2)-net:
  // exactly one in each cell of an 8 x 8 grid, the origin's cell being (0, 0).
  const auto v = unit_sample(SampleMethod::kSobol, 63, 2, 0);
  std::set<std::pair<int, int>> cells{{0, 0}};
  for (std::size_t i = 0; i < 63; ++i) {
    cells.emplace(static_cast<int>(v[2 * i] * 8), static_cast<int>(v[2 * i + 1] * 8));
  }
  EXPECT_EQ(cells.size(), 64U);
}

TEST(Design, RandomSampleDependsOnItsKeyOnly) {
  EXPECT_EQ(unit_sample(SampleMethod::kRandom, 10, 2, 5),
            unit_sample(SampleMethod::kRandom, 10, 2, 5));
  EXPECT_NE(unit_sample(SampleMethod::kRandom, 10, 2, 5),
            unit_sample(SampleMethod::kRandom, 10, 2, 6));
}

TEST(Design, RangeValuesStayInsideAndKeepTheUnit) {
  const Range ints{"k", 50, 500, true, 0, ""};
  EXPECT_EQ(range_value(ints, 0.0), "50");
  EXPECT_EQ(range_value(ints, 0.999999), "500");
  const Range pct{"k", 0.1, 0.5, false, 4, "%"};
  EXPECT_EQ(range_value(pct, 0.5), "0.3000%");
}

TEST(Design, SeedsDependOnPointAndReplicationNotOnTheirCount) {
  const std::uint64_t s = run_seed(11, 22, 0);
  EXPECT_EQ(s, run_seed(11, 22, 0));
  EXPECT_NE(s, run_seed(11, 22, 1));
  EXPECT_NE(s, run_seed(11, 23, 0));
  EXPECT_NE(s, run_seed(12, 22, 0));
}

}  // namespace
}  // namespace coordsim::experiment
