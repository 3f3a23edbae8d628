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
#include "support/fee_share.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::world::test {
namespace {

struct Outcome {
  test_support::ContributorCounts counts;
  double entered = 0;
  double exited = 0;
};

/// base.yaml with a fifth of its principals, ai agents and contributors (so that fees per
/// contributor are those of the full economy), all its builders, two days. The rest of each fee
/// is split protocol : builder : validators = 1 : 2 : 2 as in base.yaml.
Outcome run_base(std::uint64_t seed, int share_percent) {
  std::vector<std::string> sets{
      "seed=" + std::to_string(seed), "population[0].count=40", "population[1].count=120",
      "population[2].count=100",      "population[4].count=10", "population[5].count=1",
  };
  const std::vector<std::string> share = test_support::contributors_fee_share(share_percent);
  sets.insert(sets.end(), share.begin(), share.end());
  const auto spec =
      scenario::load_file(test_support::source_dir() / "scenarios" / "base.yaml", sets);
  Harness h(spec);
  EXPECT_TRUE(h.run(SimDuration{std::int64_t{6} * 3600})) << describe(h.problems());
  const Counters c = h.world().counters();
  Outcome o;
  o.counts = test_support::contributor_counts(c);
  o.entered = static_cast<double>(c[Counter::kContributorsEntered]);
  o.exited = static_cast<double>(c[Counter::kContributorExits]);
  std::printf("seed %llu share %d%%: entered %.0f exited %.0f\n",
              static_cast<unsigned long long>(seed), share_percent, o.entered, o.exited);
  return o;
}

TEST(Contributors, AHigherShareKeepsMoreContributorsAndRows) {
  // Seed by seed, and on average by more than three standard errors of the difference of the
  // means (Welch): the effect is not within the seeds' spread.
  test_support::expect_a_higher_share_keeps_more_contributors(
      101, 5, [](std::uint64_t seed, int share_percent) {
        const Outcome o = run_base(seed, share_percent);
        // The counters agree with one another: active = entered - exited.
        EXPECT_EQ(o.counts.active, o.entered - o.exited);
        return o.counts;
      });
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
  ASSERT_TRUE(h.run(SimDuration{std::int64_t{3} * 3600})) << describe(h.problems());
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
