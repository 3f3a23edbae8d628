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

}  // namespace
}  // namespace coordsim::run::test
