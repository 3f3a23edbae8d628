// Sybil operators with k identities (docs/behaviour.md, "Sybils"): under usage and plain Shapley
// an operator's total reward grows with k; under leave-one-out and the replication-robust Shapley
// it does not; operators that learn k run more identities where more identities pay. Effects over
// several fixed seeds with a margin, at a reduced size.
#include <gtest/gtest.h>

#include <string>

#include "contributor_world.hpp"
#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

// Inference-heavy, so contributors are paid; 8-identity blocks, half of the contributors Sybil
// identities, one copy per identity and row event.
const std::string kSybilWorld = contributor_world(
    "sybil-identities", "12h", "0.005", "count: 4, endowment: 5000, stake: 2000, accuracy: 0.85",
    "  sybil: {fraction: 0.5, copies: 1, max_identities: 8}");

constexpr std::uint64_t kSeeds[] = {101, 102, 103, 104};

struct Outcome {
  double reward = 0.0;      // final rewards per operator, summed over the seeds
  double identities = 0.0;  // identities run at the end per operator, summed over the seeds
};

Outcome run(const std::string& rule, const std::vector<std::string>& sets) {
  Outcome out;
  for (const std::uint64_t seed : kSeeds) {
    std::vector<std::string> all = sets;
    all.push_back("attribution.rule=" + rule);
    Harness h(world_with_seed(kSybilWorld, "sybil-identities", seed, all));
    EXPECT_TRUE(h.run(SimDuration{600})) << describe(h.problems());
    const World& w = h.world();
    const auto ops = w.data().sybil_operators();
    EXPECT_GT(ops, 0U) << "seed " << seed;
    if (ops == 0) continue;
    const Counters c = w.counters();
    out.reward += static_cast<double>(c.by_role(Counter::kFinalByRole, Role::kSybil)) / ops;
    out.identities += static_cast<double>(c[Counter::kSybilIdentities]) / ops;
  }
  return out;
}

Outcome fixed(const std::string& rule, int k) {
  return run(rule, {"adversaries.sybil.identities=" + std::to_string(k)});
}

TEST(SybilIdentities, RewardGrowsWithKOnlyUnderReplicableRules) {
  for (const std::string rule : {"usage", "shapley", "leave_one_out", "shapley_robust"}) {
    SCOPED_TRACE("rule " + rule);
    const Outcome one = fixed(rule, 1);
    const Outcome eight = fixed(rule, 8);
    EXPECT_DOUBLE_EQ(one.identities, static_cast<double>(std::size(kSeeds)));
    EXPECT_DOUBLE_EQ(eight.identities, 8.0 * static_cast<double>(std::size(kSeeds)));
    std::printf("%s: reward per operator k=1 %.4g, k=8 %.4g\n", rule.c_str(), one.reward,
                eight.reward);
    if (rule == "usage") {
      EXPECT_GT(one.reward, 0.0);
      EXPECT_GT(eight.reward, 2.0 * one.reward);  // every copy paid, from a fixed pool
    } else if (rule == "shapley") {
      EXPECT_GT(one.reward, 0.0);
      EXPECT_GT(eight.reward, 1.2 * one.reward);  // k/(k+1) of each copied row's value
    } else {
      EXPECT_LE(eight.reward, 1.1 * one.reward + 1.0);  // duplicates earn (next to) nothing more
    }
  }
}

TEST(SybilIdentities, AdaptiveOperatorsRunMoreIdentitiesWhereTheyPay) {
  // Twice the world (8 operators per seed, not 4: the mean k over 4 learners was the noise) and
  // builders retraining hourly, so an identity's rows are paid within a period or two of being
  // written: with the default 6h a 2h period's income came from rows of earlier periods, and the
  // cost of the k held was learned against it (docs/behaviour.md, "Sybils").
  const std::vector<std::string> adaptive{
      "adversaries.sybil.rule=logit", "duration=1d",
      "population[0].count=20",       "population[1].count=80",
      "population[2].count=128",      "population[3].retrain_interval=1h"};
  const Outcome usage = run("usage", adaptive);
  const Outcome shapley = run("shapley", adaptive);
  const Outcome loo = run("leave_one_out", adaptive);
  const Outcome robust = run("shapley_robust", adaptive);
  const double seeds = static_cast<double>(std::size(kSeeds));
  std::printf(
      "identities per operator at the end: usage %.3g, shapley %.3g, leave_one_out %.3g, "
      "shapley_robust %.3g\n",
      usage.identities / seeds, shapley.identities / seeds, loo.identities / seeds,
      robust.identities / seeds);
  EXPECT_GT(usage.identities, loo.identities + 1.0 * seeds);
  EXPECT_GT(usage.identities, shapley.identities + 1.0 * seeds);
  EXPECT_GT(shapley.identities, robust.identities + 0.5 * seeds);
  EXPECT_GT(shapley.identities, loo.identities + 0.5 * seeds);
}

}  // namespace
}  // namespace coordsim::model::world::test
