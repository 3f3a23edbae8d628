// Poisoners and free riders that continue only while it pays (docs/behaviour.md, "Poisoners and
// free riders"): under a learning rule, poisoners keep poisoning where usage attribution pays
// their rows and no validator slashes them, and stop where a quality-sensitive rule pays them
// nothing and validators slash hard; free riders keep copying where usage pays copies and stop
// where leave-one-out does not. Under the fixed rule every adversary stays in. Effects over
// several fixed seeds with a margin, at a reduced size.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "contributor_world.hpp"
#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

// Inference-heavy, so contributors are paid; a quarter of the contributors poison, a quarter
// free-ride; decisions every 2h over one day.
const std::string kAdversaryWorld = contributor_world(
    "adversary-response", "1d", "0.001", "count: 8, endowment: 5000, stake: 2000, accuracy: 0.95",
    "  poisoner: {fraction: 0.25, quality: {uniform: [-1, -0.3]}}\n  free_rider: {fraction: 0.25}");

constexpr std::uint64_t kSeeds[] = {201, 202, 203, 204};

// Where poisoning pays: usage attribution (every row in a model is paid), no validators.
const std::vector<std::string> kPoisonPays{"attribution.rule=usage", "population[4].count=0"};
// Where it does not: leave-one-out on the held-out quality (a harmful row's marginal value is
// negative, paid nothing), validators sampling often and slashing the whole stake of a row.
const std::vector<std::string> kPoisonCosts{"attribution.rule=leave_one_out",
                                            "incentives.slash_fraction=100%"};

struct Outcome {
  double poisoners = 0.0;    // share of poisoners active at the end, mean over the seeds
  double free_riders = 0.0;  // share of free riders active at the end, mean over the seeds
};

Outcome run(const std::vector<std::string>& sets) {
  Outcome out;
  for (const std::uint64_t seed : kSeeds) {
    Harness h(world_with_seed(kAdversaryWorld, "adversary-response", seed, sets));
    EXPECT_TRUE(h.run(SimDuration{600})) << describe(h.problems());
    const World& w = h.world();
    double poisoners = 0.0;
    double free_riders = 0.0;
    for (const AgentId a : w.population().of_kind(scenario::AgentKind::kContributor)) {
      poisoners += w.adversary_role(a) == Role::kPoisoner ? 1.0 : 0.0;
      free_riders += w.adversary_role(a) == Role::kFreeRider ? 1.0 : 0.0;
    }
    EXPECT_GT(poisoners, 0.0) << "seed " << seed;
    EXPECT_GT(free_riders, 0.0) << "seed " << seed;
    if (poisoners == 0.0 || free_riders == 0.0) continue;
    const Counters c = w.counters();
    EXPECT_GE(c[Counter::kPoisonersActive], 0);
    EXPECT_LE(static_cast<double>(c[Counter::kPoisonersActive]), poisoners);
    EXPECT_GE(c[Counter::kFreeRidersActive], 0);
    EXPECT_LE(static_cast<double>(c[Counter::kFreeRidersActive]), free_riders);
    out.poisoners += static_cast<double>(c[Counter::kPoisonersActive]) / poisoners;
    out.free_riders += static_cast<double>(c[Counter::kFreeRidersActive]) / free_riders;
  }
  out.poisoners /= static_cast<double>(std::size(kSeeds));
  out.free_riders /= static_cast<double>(std::size(kSeeds));
  return out;
}

std::vector<std::string> with(std::vector<std::string> sets, const std::string& more) {
  sets.push_back(more);
  return sets;
}

TEST(AdversaryResponse, FixedAdversariesAllStayIn) {
  // The fixed script: every adversary writes from genesis on; none runs out of stake in a day.
  const Outcome pays = run(kPoisonPays);
  const Outcome costs = run(kPoisonCosts);
  EXPECT_DOUBLE_EQ(pays.poisoners, 1.0);
  EXPECT_DOUBLE_EQ(pays.free_riders, 1.0);
  EXPECT_DOUBLE_EQ(costs.free_riders, 1.0);
  EXPECT_GT(costs.poisoners, 0.9);
}

TEST(AdversaryResponse, PoisonersContinueOnlyWhilePoisoningPays) {
  const Outcome pays = run(with(kPoisonPays, "adversaries.poisoner.rule=logit"));
  const Outcome costs = run(with(kPoisonCosts, "adversaries.poisoner.rule=logit"));
  std::printf("poisoners active at the end: pays %.3f, costs %.3f\n", pays.poisoners,
              costs.poisoners);
  EXPECT_GT(pays.poisoners, 0.6);
  EXPECT_LT(costs.poisoners, 0.3);
  EXPECT_GT(pays.poisoners, costs.poisoners + 0.4);
  // Free riders kept the fixed script: all in.
  EXPECT_DOUBLE_EQ(pays.free_riders, 1.0);
}

TEST(AdversaryResponse, FreeRidersContinueOnlyWhereCopiesArePaid) {
  const std::vector<std::string> learn{"adversaries.free_rider.rule=logit"};
  std::vector<std::string> usage = learn;
  usage.emplace_back("attribution.rule=usage");
  std::vector<std::string> loo = learn;
  loo.emplace_back("attribution.rule=leave_one_out");
  const Outcome paid = run(usage);
  const Outcome unpaid = run(loo);
  std::printf("free riders active at the end: usage %.3f, leave_one_out %.3f\n", paid.free_riders,
              unpaid.free_riders);
  // Under leave-one-out a copy earns nothing, so continuing pays -effort (about -0.05 tokens a
  // day) and logit at T = 0.05 still continues with probability about 0.28: its exploration, not
  // a profit.
  EXPECT_GT(paid.free_riders, 0.55);
  EXPECT_LT(unpaid.free_riders, 0.45);
  EXPECT_GT(paid.free_riders, unpaid.free_riders + 0.2);
}

}  // namespace
}  // namespace coordsim::model::world::test
