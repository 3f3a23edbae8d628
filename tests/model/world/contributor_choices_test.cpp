// Contributors' effort and datanet choice (data/contributors.cpp, docs/behaviour.md): on base.yaml
// at a reduced size, effort and the true quality of the rows written respond to an attribution
// rule that pays for quality (influence) against one that does not (usage), and contributors that
// learn their datanet write more of their rows where the builders train than contributors that
// spread their rows at random.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "harness.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::world::test {
namespace {

/// base.yaml with a fifth of its principals, ai agents and contributors, all its builders, two
/// days; `extra` on top. The settings of sweeps/contributor-effort.yaml and
/// sweeps/contributor-datanets.yaml: keep them in step.
std::vector<std::string> reduced(std::uint64_t seed, const std::vector<std::string>& extra) {
  std::vector<std::string> sets{
      "seed=" + std::to_string(seed), "population[0].count=40", "population[1].count=120",
      "population[2].count=100",      "population[4].count=10", "population[5].count=1",
  };
  sets.insert(sets.end(), extra.begin(), extra.end());
  return sets;
}

struct Stats {
  double mean = 0;
  double var = 0;  // sample variance
};
Stats stats(const std::vector<double>& v) {
  Stats s;
  for (const double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  for (const double x : v) s.var += (x - s.mean) * (x - s.mean);
  s.var /= static_cast<double>(v.size() - 1);
  return s;
}
/// The means of `hi` and `lo` differ by more than three standard errors of their difference.
bool separated(const std::vector<double>& lo, const std::vector<double>& hi, const char* what) {
  const Stats a = stats(lo);
  const Stats b = stats(hi);
  const double se =
      std::sqrt(a.var / static_cast<double>(lo.size()) + b.var / static_cast<double>(hi.size()));
  std::printf("%s: means %.4f -> %.4f, standard error of the difference %.4f\n", what, a.mean,
              b.mean, se);
  return b.mean - a.mean > 3.0 * se;
}

// --- Effort ---

struct Effort {
  double effort = 0;   // mean effort of the contributors in at the end
  double quality = 0;  // mean true quality of the later half of the rows
};

/// The effort settings (sweeps/contributor-effort.yaml): one row rate, 3 effort levels (e = 0,
/// 1/2, 1), the highest effort lifting a row's quality all the way to 1 and costing 5 x
/// effort_per_row more; decisions every 4 h.
const std::vector<std::string> kEffort{
    "population[2].behaviour.levels=1",         "population[2].behaviour.effort_levels=3",
    "population[2].behaviour.effort_quality=1", "population[2].behaviour.effort_cost=5",
    "population[2].behaviour.period=4h",
};

Effort run_effort(std::uint64_t seed, const char* rule) {
  auto sets = reduced(seed, kEffort);
  sets.push_back(std::string("attribution.rule=") + rule);
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml", sets);
  Harness h(spec);
  EXPECT_TRUE(h.run(SimDuration{6 * 3600})) << describe(h.problems());
  // The later half of the rows (they are stored in arrival order): after the first decisions.
  const std::size_t half = h.world().data().rows().size() / 2;
  Effort o;
  o.effort = h.world().data().mean_contributor_effort();
  const auto& rows = h.world().data().rows();
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = half; i < rows.size(); ++i) {
    sum += rows.quality[i];
    ++n;
  }
  o.quality = n == 0 ? 0.0 : sum / static_cast<double>(n);
  std::printf("seed %llu %s: effort %.3f quality %.4f\n", static_cast<unsigned long long>(seed),
              rule, o.effort, o.quality);
  return o;
}

TEST(ContributorChoices, EffortAndQualityRiseWhenTheRulePaysForQuality) {
  constexpr int kSeeds = 5;
  std::vector<double> effort_usage, effort_influence, quality_usage, quality_influence;
  for (int k = 0; k < kSeeds; ++k) {
    const std::uint64_t seed = 301 + static_cast<std::uint64_t>(k);
    const Effort u = run_effort(seed, "usage");
    const Effort q = run_effort(seed, "influence");
    effort_usage.push_back(u.effort);
    effort_influence.push_back(q.effort);
    quality_usage.push_back(u.quality);
    quality_influence.push_back(q.quality);
  }
  EXPECT_TRUE(separated(effort_usage, effort_influence, "effort"));
  EXPECT_TRUE(separated(quality_usage, quality_influence, "row quality"));
}

TEST(ContributorChoices, EffortLevelsFormTheActionGrid) {
  // Out, then (effort k, rate j) for k = 0..E-1, j = 1..L: 1 + L x E actions, and each row costs
  // effort_per_row x (1 + effort_cost x e).
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml",
                          reduced(7, {"duration=2h", "population[2].behaviour.levels=2",
                                      "population[2].behaviour.effort_levels=3"}));
  Harness h(spec);
  ASSERT_TRUE(h.run(SimDuration{3600})) << describe(h.problems());
  EXPECT_GE(h.world().data().mean_contributor_effort(), 0.0);
  EXPECT_LE(h.world().data().mean_contributor_effort(), 1.0);
  // A scenario above the learners' 16 actions is refused with the key named.
  EXPECT_THROW((void)scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml",
                                         reduced(7, {"population[2].behaviour.levels=4",
                                                     "population[2].behaviour.effort_levels=4"})),
               std::exception);
}

// --- Datanets ---

/// Share of the later half of the rows that went to datanets 0 and 1.
double run_datanets(std::uint64_t seed, bool choose) {
  auto sets = reduced(
      seed, {"data.datanets=4", "data.publish_fees=[0.02, 0.02, 2, 2]", "population[2].datanets=4",
             "population[2].behaviour.period=4h", "population[3].price_weight=1"});
  sets.push_back(std::string("population[2].behaviour.choose_datanets=") +
                 (choose ? "true" : "false"));
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml", sets);
  Harness h(spec);
  EXPECT_TRUE(h.run(SimDuration{6 * 3600})) << describe(h.problems());
  // The later half of the rows (they are stored in arrival order): after the first decisions.
  const std::size_t half = h.world().data().rows().size() / 2;
  const auto& rows = h.world().data().rows();
  double cheap = 0;
  for (std::size_t i = half; i < rows.size(); ++i) cheap += rows.datanet[i] < 2 ? 1.0 : 0.0;
  const double share = rows.size() == half ? 0.0 : cheap / static_cast<double>(rows.size() - half);
  std::printf("seed %llu choose %d: share of rows in the cheap datanets %.3f, match %.3f\n",
              static_cast<unsigned long long>(seed), choose ? 1 : 0, share,
              h.world().data().datanet_match());
  return share;
}

TEST(ContributorChoices, ContributorsMoveToTheDatanetsBuildersPayFor) {
  // Datanets 2 and 3 cost 2 tokens a version against 0.02, and builders weigh a token of fee as
  // much as the whole quality scale: they train on 0 and 1 but when they explore, so rows there
  // earn more.
  constexpr int kSeeds = 5;
  std::vector<double> random, chosen;
  for (int k = 0; k < kSeeds; ++k) {
    const std::uint64_t seed = 401 + static_cast<std::uint64_t>(k);
    random.push_back(run_datanets(seed, false));
    chosen.push_back(run_datanets(seed, true));
    EXPECT_GT(chosen.back(), random.back()) << "seed " << seed;
  }
  EXPECT_TRUE(separated(random, chosen, "share of rows in the datanets builders train on"));
}

}  // namespace
}  // namespace coordsim::model::world::test
