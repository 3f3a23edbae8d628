// Contributors who respond to incentives (data/contributors.cpp, docs/behaviour.md): on
// base.yaml at a reduced size, a larger contributors' share of fees keeps more contributors in
// and brings more rows, seed by seed and on average; and the learning state survives the
// accounting checks of the harness (conservation through stake, unbonding and exits).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "harness.hpp"
#include "seed_stats.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::world::test {
namespace {

struct Outcome {
  double active = 0;
  double rows = 0;
  double entered = 0;
  double exited = 0;
};

/// base.yaml with a fifth of its principals, ai agents and contributors (so that fees per
/// contributor are those of the full economy), all its builders, two days. The rest of each fee
/// is split protocol : builder : validators = 1 : 2 : 2 as in base.yaml.
Outcome run_base(std::uint64_t seed, int share_percent) {
  const int rest = 100 - share_percent;
  const std::vector<std::string> sets{
      "seed=" + std::to_string(seed),
      "population[0].count=40",
      "population[1].count=120",
      "population[2].count=100",
      "population[4].count=10",
      "population[5].count=1",
      "incentives.fee_split.contributors=" + std::to_string(share_percent) + "%",
      "incentives.fee_split.protocol=" + std::to_string(rest / 5) + "%",
      "incentives.fee_split.builder=" + std::to_string(rest * 2 / 5) + "%",
      "incentives.fee_split.validators=" + std::to_string(rest * 2 / 5) + "%",
  };
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml", sets);
  Harness h(spec);
  EXPECT_TRUE(h.run(SimDuration{6 * 3600})) << describe(h.problems());
  const Counters c = h.world().counters();
  Outcome o;
  o.active = static_cast<double>(c[Counter::kContributorsActive]);
  o.rows = static_cast<double>(c[Counter::kRows]);
  o.entered = static_cast<double>(c[Counter::kContributorsEntered]);
  o.exited = static_cast<double>(c[Counter::kContributorExits]);
  std::printf("seed %llu share %d%%: active %.0f rows %.0f entered %.0f exited %.0f\n",
              static_cast<unsigned long long>(seed), share_percent, o.active, o.rows, o.entered,
              o.exited);
  return o;
}

TEST(Contributors, AHigherShareKeepsMoreContributorsAndRows) {
  constexpr int kSeeds = 5;
  std::vector<double> active_lo, active_hi, rows_lo, rows_hi;
  for (int k = 0; k < kSeeds; ++k) {
    const std::uint64_t seed = 101 + static_cast<std::uint64_t>(k);
    const Outcome lo = run_base(seed, 10);
    const Outcome hi = run_base(seed, 90);
    // The counters agree with one another: active = entered - exited.
    EXPECT_EQ(lo.active, lo.entered - lo.exited);
    EXPECT_EQ(hi.active, hi.entered - hi.exited);
    // Seed by seed (same seed: the same reservation returns and first draws).
    EXPECT_GT(hi.active, lo.active) << "seed " << seed;
    EXPECT_GT(hi.rows, lo.rows) << "seed " << seed;
    active_lo.push_back(lo.active);
    active_hi.push_back(hi.active);
    rows_lo.push_back(lo.rows);
    rows_hi.push_back(hi.rows);
  }
  // And on average, by more than three standard errors of the difference of the means (Welch):
  // the effect is not within the seeds' spread.
  EXPECT_TRUE(separated(active_lo, active_hi));
  EXPECT_TRUE(separated(rows_lo, rows_hi));
}

TEST(Contributors, FixedKeepsEveryContributorInWithoutDecisions) {
  // behaviour.rule fixed: every contributor enters with its first row and none leaves while it
  // can stake; nothing is unstaked.
  const auto spec = scenario::load_file(
      test_support::source_dir() / "scenarios" / "base.yaml",
      {"seed=7", "duration=12h", "population[0].count=20", "population[1].count=60",
       "population[2].count=30", "population[2].behaviour.rule=fixed", "population[3].count=4",
       "population[4].count=5", "population[5].count=1"});
  Harness h(spec);
  ASSERT_TRUE(h.run(SimDuration{3 * 3600})) << describe(h.problems());
  const Counters c = h.world().counters();
  EXPECT_EQ(c[Counter::kContributorsEntered], 30);
  EXPECT_EQ(c[Counter::kContributorExits], 0);
  EXPECT_EQ(c[Counter::kContributorsActive], 30);
  const auto& l = h.world().ledger();
  for (const AgentId a : h.world().population().of_kind(scenario::AgentKind::kContributor))
    EXPECT_EQ(l.unbonding(l.account(a)), ledger::Amount::zero());
}

}  // namespace
}  // namespace coordsim::model::world::test
