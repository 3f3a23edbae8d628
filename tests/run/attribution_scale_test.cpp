// The usefulness scale and the unpaid part of the contributors' pool, through real runs of the
// shipped attribution scenario (issue 13). With v(Q) = 1 - exp(-Q / s) and s far below a model's
// summed quality Q, v saturates and leave-one-out finds almost every marginal value tiny, so most
// of the contributors' share goes unpaid to the treasury; with s near Q it is paid out.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

TEST(AttributionScale, AScaleNearTheModelsQualityLeavesLessOfThePoolUnpaid) {
  ScratchDir dir;
  const auto file = scenario_path("attribution-vs-sybils.yaml");
  const std::vector<std::string> sets{"attribution.rule=leave_one_out"};  // full size: seconds
  for (const std::string seed : {"1", "2", "3"}) {
    const auto saturated = dir / ("s1-" + seed + ".h5");
    const auto scaled = dir / ("s300-" + seed + ".h5");
    (void)run_file(file, plus(sets, {"seed=" + seed, "attribution.usefulness_scale=1"}), saturated);
    (void)run_file(file, plus(sets, {"seed=" + seed, "attribution.usefulness_scale=300"}), scaled);
    const auto unpaid_saturated = last_int(saturated, "contributor_pool_unpaid");
    const auto unpaid_scaled = last_int(scaled, "contributor_pool_unpaid");
    std::printf("[ effect   ] seed %s: contributor_pool_unpaid %lld at s=1, %lld at s=300\n",
                seed.c_str(), static_cast<long long>(unpaid_saturated),
                static_cast<long long>(unpaid_scaled));
    EXPECT_GT(unpaid_saturated, 0) << "seed " << seed;
    EXPECT_LT(unpaid_scaled * 2, unpaid_saturated) << "seed " << seed;
  }
}

// Every fee's split is checked by the run's invariants (budget balance): a run that completes
// paid exactly. The robust rule pays the honest majority more than the adversaries.
TEST(AttributionScale, TheReplicationRobustRulePaysHonestContributorsMost) {
  ScratchDir dir;
  const auto file = scenario_path("attribution-vs-sybils.yaml");
  const auto sets = plus(shrink(file, 75, "12h"),
                         {"attribution.rule=shapley_robust", "attribution.usefulness_scale=300"});
  (void)run_file(file, sets, dir / "robust.h5");
  EXPECT_GT(last_int(dir / "robust.h5", "rewards_final_honest"), 0);
  EXPECT_GT(last_int(dir / "robust.h5", "rewards_final_honest"),
            last_int(dir / "robust.h5", "rewards_final_adversarial"));
}

// --- Observable quality (issue 13): the rules read validators' judgements or a noisy held-out
// evaluation, never the hidden truth unless the scenario names the oracle ---

/// The lowest the contributors' pool can be: each inference's share is floor(fee x 50%), at most
/// one base unit short of half its fee (the scenario's fee_split.contributors is 50%).
std::int64_t pool_at_least(const fs::path& run) {
  return last_int(run, "fees") / 2 - last_int(run, "inferences");
}

/// Final rewards per agent (the /agents table).
std::vector<std::int64_t> final_rewards(const fs::path& run) {
  return std::get<std::vector<std::int64_t>>(
      column(io::read_table(run, "/agents"), "rewards_final"));
}

TEST(ObservedQuality, LeaveOneOutAndBanzhafPayAtLeastNinetyPercentOfThePool) {
  // The shipped scenario at full size under the default (observable) quality source.
  ScratchDir dir;
  const auto file = scenario_path("attribution-vs-sybils.yaml");
  ASSERT_NE(scenario::load_file(file)->attribution.quality_source, scenario::QualitySource::kTruth);
  for (const std::string rule : {"leave_one_out", "banzhaf"}) {
    for (const std::string seed : {"11", "2"}) {
      const auto run = dir / (rule + seed + ".h5");
      (void)run_file(file, {"attribution.rule=" + rule, "seed=" + seed}, run);
      const auto pool = pool_at_least(run);
      const auto unpaid = last_int(run, "contributor_pool_unpaid");
      // Most honest contributors (their quality is normal(0.6, 0.2): positive but for 0.1%) paid.
      const auto agents = io::read_table(run, "/agents");
      const auto& role = std::get<std::vector<std::int64_t>>(column(agents, "adversary_role"));
      const auto& kind = std::get<std::vector<std::string>>(column(agents, "kind"));
      const auto& rewards = std::get<std::vector<std::int64_t>>(column(agents, "rewards_final"));
      std::size_t honest = 0;
      std::size_t paid = 0;
      for (std::size_t i = 0; i < role.size(); ++i) {
        if (kind[i] != "contributor" || role[i] != 0) continue;
        ++honest;
        if (rewards[i] > 0) ++paid;
      }
      std::printf(
          "[ effect   ] %s seed %s: unpaid %lld of a pool >= %lld (%.2f%%), %zu of %zu "
          "honest contributors paid\n",
          rule.c_str(), seed.c_str(), static_cast<long long>(unpaid), static_cast<long long>(pool),
          100.0 * static_cast<double>(unpaid) / static_cast<double>(pool), paid, honest);
      ASSERT_GT(pool, 0);
      EXPECT_LE(unpaid * 10, pool) << rule << " seed " << seed;
      EXPECT_GT(paid * 2, honest) << rule << " seed " << seed;
    }
  }
}

TEST(ObservedQuality, TheRulesReadTheChosenSourceNotTheTruth) {
  // The same run (same seed, same events up to the payouts) with the rules reading the truth,
  // a held-out evaluation, and validators' judgements: if the truth leaked into the rules, the
  // observable sources would pay exactly what the oracle pays.
  ScratchDir dir;
  const auto file = scenario_path("attribution-vs-sybils.yaml");
  const auto sets = plus(shrink(file, 75, "12h"), {"attribution.rule=leave_one_out"});
  (void)run_file(file, plus(sets, {"attribution.quality_source=truth"}), dir / "truth.h5");
  (void)run_file(file, plus(sets, {"attribution.quality_source=held_out"}), dir / "held_out.h5");
  (void)run_file(
      file,
      plus(sets, {"attribution.quality_source=held_out", "attribution.held_out.noise_sd=0.4"}),
      dir / "noisier.h5");
  (void)run_file(file, plus(sets, {"attribution.quality_source=judged"}), dir / "judged.h5");
  const auto truth = final_rewards(dir / "truth.h5");
  ASSERT_GT(last_int(dir / "truth.h5", "rewards_final_honest"), 0);
  ASSERT_GT(last_int(dir / "judged.h5", "flags_correct"), 0) << "no judgement to read";
  EXPECT_NE(final_rewards(dir / "held_out.h5"), truth);
  EXPECT_NE(final_rewards(dir / "noisier.h5"), truth);
  EXPECT_NE(final_rewards(dir / "noisier.h5"), final_rewards(dir / "held_out.h5"));
  EXPECT_NE(final_rewards(dir / "judged.h5"), truth);
  for (const char* run : {"held_out.h5", "noisier.h5", "judged.h5"}) {
    EXPECT_GT(last_int(dir / run, "rewards_final_honest"), 0) << run;
    std::printf(
        "[ effect   ] leave_one_out, %s: honest %lld, adversarial %lld (truth: %lld, %lld)\n", run,
        static_cast<long long>(last_int(dir / run, "rewards_final_honest")),
        static_cast<long long>(last_int(dir / run, "rewards_final_adversarial")),
        static_cast<long long>(last_int(dir / "truth.h5", "rewards_final_honest")),
        static_cast<long long>(last_int(dir / "truth.h5", "rewards_final_adversarial")));
  }
}

}  // namespace
}  // namespace coordsim::run::test
