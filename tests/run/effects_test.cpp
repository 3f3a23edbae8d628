// The known effects the research scenarios exist to show, on fixed seeds, read from the files a
// run writes. Each comparison changes one knob and keeps the seed, so both runs see the same
// population, the same attack and the same draws until the knob makes them differ.
#include <gtest/gtest.h>

#include <cstdio>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

// --- Research question 1: session TTL against blast radius --------------------------------

TEST(ScenarioEffects, ShorterSessionsLetAttackersTakeLess) {
  // Both files at their shipped size (200 agents, one day: a fraction of a second each).
  ScratchDir dir;
  for (const std::uint64_t seed : {7U, 1U, 2U}) {
    std::printf("[ seed     ] %llu\n", static_cast<unsigned long long>(seed));
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::vector<std::string> sets{"seed=" + std::to_string(seed)};
    (void)run_file(scenario_path("sessions-blast-radius.yaml"), sets, dir / "short.h5");
    (void)run_file(scenario_path("sessions-blast-radius-long-ttl.yaml"), sets, dir / "long.h5");
    // The same agents are compromised at the same moments under both TTLs...
    const auto compromised = last_int(dir / "short.h5", "compromised_agents");
    ASSERT_GT(compromised, 0);
    EXPECT_EQ(compromised, last_int(dir / "long.h5", "compromised_agents"));
    // ...but a short session dies sooner, and with it the attacker's access.
    const auto taken_short = last_int(dir / "short.h5", "value_taken");
    const auto taken_long = last_int(dir / "long.h5", "value_taken");
    std::printf("[ effect   ] value_taken: 15 min TTL %lld, 12 h TTL %lld\n",
                static_cast<long long>(taken_short), static_cast<long long>(taken_long));
    EXPECT_GT(taken_short, 0);
    EXPECT_LT(taken_short, taken_long);
    const auto seconds = [&](const fs::path& f) {
      return std::get<std::vector<double>>(io::read_metric(f, "compromised_seconds")).back();
    };
    EXPECT_LT(seconds(dir / "short.h5"), seconds(dir / "long.h5"));
  }
}

// --- Research question 2: attribution rule against Sybil replicators -----------------------

// Sum of final rewards of the contributors the world made Sybils (adversary_role 1).
std::int64_t sybil_rewards(const fs::path& file, std::size_t* sybils) {
  const auto agents = io::read_table(file, "/agents");
  const auto& role = std::get<std::vector<std::int64_t>>(column(agents, "adversary_role"));
  const auto& kind = std::get<std::vector<std::string>>(column(agents, "kind"));
  const auto& rewards = std::get<std::vector<std::int64_t>>(column(agents, "rewards_final"));
  std::int64_t sum = 0;
  *sybils = 0;
  for (std::size_t i = 0; i < role.size(); ++i) {
    if (kind[i] != "contributor" || role[i] != 1) continue;
    ++*sybils;
    sum += rewards[i];
  }
  return sum;
}

TEST(ScenarioEffects, UsageProportionalPaysSybilReplicasMoreThanLeaveOneOut) {
  // A quarter of the shipped population for half a day (the full file takes seconds).
  ScratchDir dir;
  const auto file = scenario_path("attribution-vs-sybils.yaml");
  const auto sets = shrink(file, 75, "12h");
  (void)run_file(file, plus(sets, {"attribution.rule=usage"}), dir / "usage.h5");
  (void)run_file(file, plus(sets, {"attribution.rule=leave_one_out"}), dir / "loo.h5");
  ASSERT_GT(last_int(dir / "usage.h5", "duplicate_rows"), 0) << "the Sybils replicated nothing";
  std::size_t sybils_usage = 0;
  std::size_t sybils_loo = 0;
  const auto usage = sybil_rewards(dir / "usage.h5", &sybils_usage);
  const auto loo = sybil_rewards(dir / "loo.h5", &sybils_loo);
  std::printf("[ effect   ] Sybils' final rewards: usage %lld, leave_one_out %lld (%zu Sybils)\n",
              static_cast<long long>(usage), static_cast<long long>(loo), sybils_usage);
  ASSERT_GT(sybils_usage, 0U);
  EXPECT_EQ(sybils_usage, sybils_loo) << "roles are drawn from the seed, not the rule";
  EXPECT_GT(usage, 0);
  EXPECT_GT(usage, loo);
  // The metric agrees in direction (it also counts poisoners).
  EXPECT_GT(last_int(dir / "usage.h5", "rewards_final_adversarial"),
            last_int(dir / "loo.h5", "rewards_final_adversarial"));
}

// --- Research question 3: challenge window against slashable value that escapes --------------

TEST(ScenarioEffects, LongerChallengeWindowLetsLessSlashableValueEscape) {
  ScratchDir dir;
  const auto file = scenario_path("settlement-window.yaml");
  for (const std::uint64_t seed : {5U, 1U, 2U}) {
    std::printf("[ seed     ] %llu\n", static_cast<unsigned long long>(seed));
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::vector<std::string> sets{"seed=" + std::to_string(seed)};
    (void)run_file(file, plus(sets, {"settlement.challenge_window=2m"}), dir / "w2m.h5");
    (void)run_file(file, plus(sets, {"settlement.challenge_window=30m"}), dir / "w30m.h5");
    (void)run_file(file, plus(sets, {"settlement.challenge_window=2h"}), dir / "w2h.h5");
    // The validators catch the same cheaters at the same moments whatever the window...
    const auto caught = last_int(dir / "w2m.h5", "flags_correct");
    ASSERT_GT(caught, 0);
    EXPECT_EQ(caught, last_int(dir / "w2h.h5", "flags_correct"));
    // ...and the longer the window, the more of a cheater's reward is still revertible then.
    const auto e2m = series(dir / "w2m.h5", "escaped_slashable");
    const auto e30m = last_int(dir / "w30m.h5", "escaped_slashable");
    const auto e2h = last_int(dir / "w2h.h5", "escaped_slashable");
    std::printf("[ effect   ] escaped_slashable: W=2m %lld, W=30m %lld, W=2h %lld\n",
                static_cast<long long>(e2m.back()), static_cast<long long>(e30m),
                static_cast<long long>(e2h));
    EXPECT_GT(e2h, 0) << "no poisoner earned anything: the comparison would be empty";
    EXPECT_GT(e2m.back(), e30m);
    EXPECT_GT(e30m, e2h);
    EXPECT_LT(last_int(dir / "w2m.h5", "rewards_reverted"),
              last_int(dir / "w2h.h5", "rewards_reverted"));
    // Not an artefact of the run's end (rewards of the last W are not final yet): the 2 h window
    // let less escape over the whole day than the 2 min window had let escape 2 h before the end.
    const auto times = io::read_metric_time(dir / "w2m.h5");
    ASSERT_EQ(times.size(), e2m.size());
    const double tick_s = io::read_run_info(dir / "w2m.h5").tick_seconds;
    const std::uint64_t two_hours_before_end =
        times.back() - static_cast<std::uint64_t>(7200.0 / tick_s);
    std::int64_t e2m_early = 0;
    for (std::size_t i = 0; i < times.size(); ++i) {
      if (times[i] <= two_hours_before_end) e2m_early = e2m[i];
    }
    EXPECT_LT(e2h, e2m_early);
  }
}

}  // namespace
}  // namespace coordsim::run::test
