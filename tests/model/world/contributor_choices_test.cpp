// Contributors' effort and datanet choice (data/contributors.cpp, docs/behaviour.md): on base.yaml
// at a reduced size, effort raises the true quality of the rows it is spent on (by its formula,
// with the choices unchanged), and contributors that learn their datanet write more of their rows
// where the builders train than contributors that spread their rows at random.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "harness.hpp"
#include "model/actor/registry.hpp"
#include "model/world/extension.hpp"
#include "model/world/systems.hpp"
#include "seed_stats.hpp"
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

// --- Effort ---

/// The effort settings (sweeps/contributor-effort.yaml): one row rate, 3 effort levels (e = 0,
/// 1/2, 1), the highest effort lifting a row's quality all the way to 1 (effort_quality 1) and
/// costing 5 x effort_per_row more; decisions every 4 h. `usage` pays every row alike, so the
/// quality of a row changes nobody's income or choice: two runs that differ only in
/// effort_quality make the same choices and write the same rows, at different qualities.
struct EffortRun {
  std::vector<double> quality;
  std::vector<std::uint16_t> datanet;
  double effort = 0;
  double mean_quality = 0;
};
EffortRun run_effort(std::uint64_t seed, const char* effort_quality) {
  auto sets =
      reduced(seed, {"population[2].behaviour.levels=1", "population[2].behaviour.effort_levels=3",
                     "population[2].behaviour.effort_cost=5", "population[2].behaviour.period=4h",
                     "attribution.rule=usage"});
  sets.push_back(std::string("population[2].behaviour.effort_quality=") + effort_quality);
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml", sets);
  Harness h(spec);
  EXPECT_TRUE(h.run(SimDuration{6 * 3600})) << describe(h.problems());
  EffortRun o;
  o.quality = h.world().data().rows().quality;
  o.datanet = h.world().data().rows().datanet;
  o.effort = h.world().data().mean_contributor_effort();
  o.mean_quality = h.world().data().mean_row_quality();
  return o;
}

TEST(ContributorChoices, EffortRaisesTheQualityOfEveryRowItIsSpentOn) {
  for (const std::uint64_t seed : {301ULL, 302ULL}) {
    const EffortRun none = run_effort(seed, "0");
    const EffortRun full = run_effort(seed, "1");
    // The same choices, the same rows...
    ASSERT_EQ(none.quality.size(), full.quality.size()) << "seed " << seed;
    EXPECT_EQ(none.datanet, full.datanet);
    EXPECT_EQ(none.effort, full.effort);
    EXPECT_GT(full.effort, 0.0);
    // ...each at q + e (1 - q) >= q, with e in {0, 1/2, 1}: never lower, higher where effort
    // was spent, never above 1.
    std::size_t raised = 0;
    for (std::size_t i = 0; i < none.quality.size(); ++i) {
      const double q = none.quality[i];
      // (rows are stored to 2^-24: e is read back only where 1 - q leaves room)
      const double e = 1.0 - q < 0.01 ? 0.0 : (full.quality[i] - q) / (1.0 - q);
      EXPECT_GE(full.quality[i], q - 1e-6) << "row " << i;
      EXPECT_LE(full.quality[i], 1.0) << "row " << i;
      EXPECT_TRUE(std::abs(e) < 1e-5 || std::abs(e - 0.5) < 1e-5 || std::abs(e - 1.0) < 1e-5)
          << "row " << i << ": effort " << e;
      if (full.quality[i] > q + 1e-6) ++raised;
    }
    EXPECT_GT(raised, none.quality.size() / 4);
    EXPECT_GT(full.mean_quality, none.mean_quality + 0.05);
    std::printf("seed %llu: mean effort %.3f, row quality %.4f -> %.4f, %zu of %zu rows raised\n",
                static_cast<unsigned long long>(seed), full.effort, none.mean_quality,
                full.mean_quality, raised, none.quality.size());
  }
}

TEST(ContributorChoices, EffortIsALearnerOfItsOwn) {
  // Out and L row rates for the first learner, E effort levels for a second one: L = 4 and
  // E = 4 fit (16 actions would not fit one learner); each row costs effort_per_row x
  // (1 + effort_cost x e).
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml",
                          reduced(7, {"duration=2h", "population[2].behaviour.levels=4",
                                      "population[2].behaviour.effort_levels=4"}));
  Harness h(spec);
  ASSERT_TRUE(h.run(SimDuration{3600})) << describe(h.problems());
  EXPECT_GE(h.world().data().mean_contributor_effort(), 0.0);
  EXPECT_LE(h.world().data().mean_contributor_effort(), 1.0);
  // More effort levels than a learner's 16 actions are refused with the key named.
  EXPECT_THROW((void)scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml",
                                         reduced(7, {"population[2].behaviour.effort_levels=17"})),
               std::exception);
}

// --- Effort against the rule: the stock credit ---

/// Mean effort of those in at the end, and the mean true quality of the rows written, under
/// attribution rule `rule`: the settings of sweeps/contributor-effort.yaml (3 effort levels,
/// the highest lifting a row's quality to 1 at 6 x effort_per_row, decisions every 4 h) with
/// `extra` on top.
struct EffortOutcome {
  double effort = 0;
  double quality = 0;
};
EffortOutcome run_rule(std::uint64_t seed, const std::string& rule,
                       const std::vector<std::string>& extra = {}) {
  auto sets = reduced(
      seed, {"population[2].behaviour.levels=1", "population[2].behaviour.effort_levels=3",
             "population[2].behaviour.effort_quality=1", "population[2].behaviour.effort_cost=5",
             "population[2].behaviour.period=4h", "attribution.rule=" + rule});
  sets.insert(sets.end(), extra.begin(), extra.end());
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml", sets);
  Harness h(spec);
  EXPECT_TRUE(h.run(SimDuration{6 * 3600})) << describe(h.problems());
  EffortOutcome o{h.world().data().mean_contributor_effort(), h.world().data().mean_row_quality()};
  std::printf("seed %llu %s: mean effort %.3f, row quality %.4f\n",
              static_cast<unsigned long long>(seed), rule.c_str(), o.effort, o.quality);
  return o;
}

TEST(ContributorChoices, EffortRespondsToARuleThatPaysForQuality) {
  // Each effort level learns what its rows earned per row held (the stock credit): under
  // `usage` a row earns the same at every effort, so only the cost differs and effort falls;
  // under leave_one_out on the held-out quality a better row earns more.
  constexpr int kSeeds = 5;
  std::vector<double> usage, loo, usage_q, loo_q;
  for (int k = 0; k < kSeeds; ++k) {
    const std::uint64_t seed = 501 + static_cast<std::uint64_t>(k);
    const EffortOutcome u = run_rule(seed, "usage");
    const EffortOutcome l = run_rule(seed, "leave_one_out");
    usage.push_back(u.effort);
    loo.push_back(l.effort);
    usage_q.push_back(u.quality);
    loo_q.push_back(l.quality);
  }
  EXPECT_TRUE(separated(usage, loo, "mean effort, usage -> leave_one_out"));
  EXPECT_TRUE(separated(usage_q, loo_q, "row quality, usage -> leave_one_out"));
}

TEST(ContributorChoices, EffortRespondsToWhatItBuys) {
  // Under leave_one_out, the same costs: effort that buys no quality (effort_quality 0) only
  // costs, effort that closes the whole gap to quality 1 raises a row's pay. (Against
  // effort_quality 0.2, whose top effort still pays for itself, the difference was within three
  // standard errors on 10 seeds: 0.454 -> 0.578, 0.044; docs/behaviour.md.)
  constexpr int kSeeds = 10;
  std::vector<double> little, much;
  for (int k = 0; k < kSeeds; ++k) {
    const std::uint64_t seed = 531 + static_cast<std::uint64_t>(k);
    little.push_back(
        run_rule(seed, "leave_one_out", {"population[2].behaviour.effort_quality=0"}).effort);
    much.push_back(run_rule(seed, "leave_one_out").effort);
  }
  EXPECT_TRUE(separated(little, much, "mean effort, effort_quality 0 -> 1"));
}

// --- Datanets ---

/// datanet_match at the end: sum over datanets of rows x builders' picks / (rows x picks).
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
  const double match = h.world().data().datanet_match();
  std::printf("seed %llu choose %d: datanet match %.3f\n", static_cast<unsigned long long>(seed),
              choose ? 1 : 0, match);
  return match;
}

TEST(ContributorChoices, ContributorsMoveToTheDatanetsBuildersPayFor) {
  // Datanets 2 and 3 cost 2 tokens a version against 0.02, and builders weigh a token of fee as
  // much as the whole quality scale: they train on 0 and 1 but when they explore (and, by their
  // home-datanet tie-break, on 0 three times in four), so rows there earn more. Rows at random
  // sit where trainings are about a quarter of the time (match 1/4); learners move toward them.
  constexpr int kSeeds = 5;
  std::vector<double> random, chosen;
  for (int k = 0; k < kSeeds; ++k) {
    const std::uint64_t seed = 401 + static_cast<std::uint64_t>(k);
    random.push_back(run_datanets(seed, false));
    chosen.push_back(run_datanets(seed, true));
    EXPECT_GT(chosen.back(), random.back()) << "seed " << seed;
  }
  EXPECT_TRUE(separated(random, chosen, "datanet match"));
}

TEST(ContributorChoices, StatementsAreAKindOfTheirOwnThatDataHandles) {
  // The protocol's statements to credited contributors (row_credit.cpp) carry no value: their
  // own kind, handled by data alone, not a kReward (whose handler sees only value).
  constexpr auto kTable = actor::dispatch_table<Systems>();
  EXPECT_EQ(kTable[code(actor::Kind::kStatement)],
            (&actor::call<Systems, &data::Data::on_statement>));
  EXPECT_EQ(kTable[code(actor::Kind::kReward)], (&actor::call<Systems, &Systems::on_reward>));
  EXPECT_EQ(kind_names()[code(actor::Kind::kStatement)], "statement");
}

}  // namespace
}  // namespace coordsim::model::world::test
