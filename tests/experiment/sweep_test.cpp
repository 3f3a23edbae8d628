// The sweep file: what it accepts and how it reports what it does not.
#include <gtest/gtest.h>

#include "experiment/sweep.hpp"
#include "scenario/error.hpp"

namespace coordsim::experiment {
namespace {

// The diagnostics of a bad sweep, one per line as the user sees them.
std::string errors_of(const std::string& text) {
  try {
    (void)parse_sweep(text, "dir/s.yaml");
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(SweepFile, ReadsEverySection) {
  const Sweep s = parse_sweep(R"(base: ../scenarios/base.yaml
replications: 5
set: {duration: 12h}
product:
  incentives.fee_split.contributors: [30%, 50%, 70%]
  sessions.default_ttl: [15m, 1h, 6h]
zip:
  incentives.fee_split.protocol: [50%, 30%, 10%]
sample:
  method: lhs
  points: 64
  ranges: {sessions.caps.total: [50, 500], market.fee: [0.1%, 0.5%]}
)",
                              "sweeps/s.yaml");
  EXPECT_EQ(s.base.filename(), "base.yaml");
  EXPECT_EQ(s.base.parent_path().filename(), "scenarios");  // relative to the sweep file
  EXPECT_EQ(s.replications, 5U);
  EXPECT_EQ(s.set, std::vector<std::string>{"duration=12h"});
  ASSERT_EQ(s.product.size(), 2U);
  EXPECT_EQ(s.product[1].values, (std::vector<std::string>{"15m", "1h", "6h"}));
  ASSERT_EQ(s.zip.size(), 1U);
  ASSERT_TRUE(s.sample.has_value());
  EXPECT_EQ(s.sample->method, SampleMethod::kLhs);
  EXPECT_EQ(s.sample->points, 64U);
  ASSERT_EQ(s.sample->ranges.size(), 2U);
  EXPECT_TRUE(s.sample->ranges[0].integer);
  EXPECT_FALSE(s.sample->ranges[1].integer);
  EXPECT_EQ(s.sample->ranges[1].suffix, "%");
  EXPECT_EQ(s.sample->ranges[1].decimals, 4);
}

TEST(SweepFile, ErrorsNameFileLineKeyAndWhatWasExpected) {
  EXPECT_NE(errors_of("replications: 2\n").find("dir/s.yaml"), std::string::npos);
  EXPECT_NE(errors_of("replications: 2\n").find("base: missing key"), std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nreplications: two\n")
                .find("dir/s.yaml:2:15: replications: expected a whole number in 1 .. 1000000, "
                      "found `two`"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nzip: {a.b: [1, 2], c.d: [1]}\n")
                .find("zip: the lists must have equal lengths: a.b has 2 values, c.d has 1"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nset: {seed: 3}\n").find("set.seed: the seed cannot be set"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nset: {a.b: 1}\nproduct: {a.b: [1, 2]}\n")
                .find("product.a.b: this key is already set or swept"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nproduct: {a.b: []}\n")
                .find("product.a.b: expected a non-empty list of values"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nsample: {method: grid, points: 4, ranges: {a: [1, 2]}}\n")
                .find("sample.method: expected one of random, lhs, sobol, found `grid`"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nsample: {method: lhs, points: 4, ranges: {a: [5m, 2h]}}\n")
                .find("sample.ranges.a: expected a list [low, high] of two numbers with the same "
                      "unit, low < high, found a list: the units differ"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nsample: {method: lhs, ranges: {a: [1, 2]}}\n")
                .find("sample.points: missing key"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nproducts: {}\n").find("products: unknown key"),
            std::string::npos);
  EXPECT_NE(errors_of("base: b.yaml\nreplications: 1000000\nproduct: {a: [1, 2, 3, 4, 5, 6, 7, "
                      "8, 9, 10, 11]}\n")
                .find("expands to 11000000 runs"),
            std::string::npos);
}

TEST(SweepFile, MissingFileIsAScenarioError) {
  EXPECT_THROW((void)load_sweep("/nonexistent/sweep.yaml"), scenario::ScenarioError);
}

}  // namespace
}  // namespace coordsim::experiment
