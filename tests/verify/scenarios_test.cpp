// `coordsim verify` on every shipped scenario, through the real binary as a user runs it: each
// scenario in scenarios/ at reduced size (at most 40 agents per group, twelve simulated hours, the
// event log on, one snapshot) is run with `coordsim run` on one thread and on three, and its file
// must verify with exit 0, splits included; and the same run, stopped at its first checkpoint and
// resumed on three threads, must verify too. A scenario added to scenarios/ is covered without
// touching this file.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "../app/cli.hpp"
#include "../run/checkpoint_support.hpp"
#include "scenario/load.hpp"
#include "verify/verify.hpp"

namespace coordsim::verify {
namespace {

namespace fs = std::filesystem;
using app::test::run_cli;

// Small enough for about a second per scenario on one thread; long enough that batches post,
// become final and are withdrawn in the scenarios that have a settlement layer.
std::vector<std::string> reduced_run(const fs::path& scenario, const fs::path& out,
                                     int threads = 1) {
  const scenario::Spec full = scenario::load_file(scenario);
  std::vector<std::string> args{"run",
                                scenario.string(),
                                "-o",
                                out.string(),
                                "--quiet",
                                "--threads",
                                std::to_string(threads),
                                "--set",
                                "duration=12h",
                                "--set",
                                "output.events.enabled=true",
                                "--set",
                                "output.sample_interval=30m",
                                "--set",
                                "output.checkpoint_every=0s",
                                "--set",
                                "output.snapshots=[5h]"};
  for (std::size_t g = 0; g < full->population.size(); ++g) {
    const auto count = std::min<std::int64_t>(full->population[g].count, 40);
    args.emplace_back("--set");
    args.push_back(fmt::format("population[{}].count={}", g, count));
  }
  return args;
}

class EveryShippedScenario : public ::testing::TestWithParam<fs::path> {};

void expect_verifies(const fs::path& scenario, int threads) {
  test_support::ScratchDir dir;
  const fs::path file = dir / "run.h5";
  const auto ran = run_cli(reduced_run(scenario, file, threads));
  ASSERT_EQ(ran.status, 0) << scenario << "\n" << ran.err;
  const auto v = run_cli({"verify", file.string()});
  EXPECT_EQ(v.status, 0) << scenario << " on " << threads << " threads\n" << v.out << v.err;
  EXPECT_NE(v.out.find("all checks hold"), std::string::npos) << v.out;
  // The splits are re-derived, not skipped: the file has their rows.
  EXPECT_NE(v.out.find("model pools divided by their logged weights"), std::string::npos) << v.out;
}

TEST_P(EveryShippedScenario, VerifiesWithExitZero) { expect_verifies(GetParam(), 1); }
TEST_P(EveryShippedScenario, VerifiesOnThreeThreads) { expect_verifies(GetParam(), 3); }

// The same reduced run with a checkpoint every 4 h, stopped once the first is durable and resumed
// on three threads: the resumed file's log (truncated at the checkpoint and continued) must
// verify as a whole.
TEST_P(EveryShippedScenario, StoppedAndResumedOnThreeThreadsVerifies) {
  test_support::ScratchDir dir;
  const auto args = reduced_run(GetParam(), dir / "unused.h5");
  run::test::Case c{GetParam().stem().string(), GetParam().string(), {}};
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--set") c.overrides.push_back(args[i + 1]);
  c.overrides.emplace_back("output.checkpoint_every=4h");
  const fs::path stopped = dir / "stopped.h5";
  ASSERT_FALSE(run::test::run_stopped_after(run::test::load(c), stopped, 1, 1).complete);
  const fs::path resumed = dir / "resumed.h5";
  ASSERT_TRUE(run::resume(stopped, run::test::options(resumed, 3)).complete);
  std::ostringstream out;
  EXPECT_EQ(verify(resumed, out), Outcome::kHolds) << GetParam() << "\n" << out.str();
}

INSTANTIATE_TEST_SUITE_P(Scenarios, EveryShippedScenario,
                         ::testing::ValuesIn(test_support::shipped_scenarios()),
                         [](const ::testing::TestParamInfo<fs::path>& p) {
                           std::string name = p.param.stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace coordsim::verify
