// The results of every shipped scenario, pinned: io::dataset_digest (every dataset's path, type,
// shape and bytes) of a reduced run of each scenario in scenarios/, compared with the digests
// committed in golden_digests.txt. Two digests per scenario:
//   plain      -- no checkpoints; the same digest on 1, 2 and 3 threads;
//   checkpoint -- a checkpoint every simulated hour (the blobs are datasets, so the checkpoint
//                 byte format is pinned too); the same digest uninterrupted on 1 and 3 threads,
//                 and stopped after checkpoint 2 then resumed.
// The event log is on, so every attempted action is covered, not only the metrics.
//
// A golden changes only when a change MEANS to change results (a new behaviour, a new metric, a
// new column, another checkpoint format). A refactor must leave every line as it is. To accept an
// intended change, regenerate the file and commit it with the change that explains it:
//   COORDSIM_REGENERATE_GOLDEN=1 build/release/tests/model/world/test_world_golden
// (writes tests/model/world/golden_digests.txt in the source tree; review the diff).
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/reader.hpp"
#include "resume_digest.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::world::test {
namespace {

namespace fs = std::filesystem;

using test_support::shipped_scenarios;
using test_support::source_dir;

fs::path golden_file() { return source_dir() / "tests" / "model" / "world" / "golden_digests.txt"; }

bool regenerating() { return std::getenv("COORDSIM_REGENERATE_GOLDEN") != nullptr; }

// Small enough to run in about a second: at most 40 agents per group, eight simulated hours.
std::vector<std::string> reduced(const fs::path& file, bool checkpoints) {
  const scenario::Spec full = scenario::load_file(file);
  std::vector<std::string> sets{
      "duration=8h", "output.events.enabled=true", "output.sample_interval=15m",
      checkpoints ? "output.checkpoint_every=1h" : "output.checkpoint_every=0s"};
  for (std::size_t g = 0; g < full->population.size(); ++g) {
    const auto count = std::min<std::int64_t>(full->population[g].count, 40);
    sets.push_back("population[" + std::to_string(g) + "].count=" + std::to_string(count));
  }
  return sets;
}

struct Golden {
  std::string plain;
  std::string checkpoint;
};

std::map<std::string, Golden> read_goldens() {
  std::map<std::string, Golden> out;
  std::ifstream in(golden_file());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    std::string name;
    Golden g;
    fields >> name >> g.plain >> g.checkpoint;
    out[name] = g;
  }
  return out;
}

class Scratch {
 public:
  explicit Scratch(const std::string& tag)
      : dir_(fs::temp_directory_path() /
             ("coordsim-golden-" + tag + "-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  [[nodiscard]] fs::path operator/(const std::string& name) const { return dir_ / name; }

 private:
  fs::path dir_;
};

std::string digest_of_run(const scenario::Spec& spec, const fs::path& out, int threads) {
  run::RunOptions o;
  o.output = out;
  o.threads = threads;
  const run::RunSummary s = run::run(spec, o);
  EXPECT_TRUE(s.complete);
  EXPECT_GT(s.events, 0U);
  return io::dataset_digest(out);
}

TEST(GoldenDigest, EveryShippedScenarioGivesItsCommittedDigests) {
  const auto goldens = read_goldens();
  std::ostringstream regenerated;
  regenerated << "# scenario plain_digest checkpoint_digest  (tests/model/world/"
                 "golden_digest_test.cpp says when and how to regenerate)\n";
  for (const fs::path& file : shipped_scenarios()) {
    const std::string name = file.filename().string();
    SCOPED_TRACE(name);
    const scenario::Spec plain = scenario::load_file(file, reduced(file, false));
    const scenario::Spec ckpt = scenario::load_file(file, reduced(file, true));
    std::printf("scenario=%s seed=%llu\n", name.c_str(),
                static_cast<unsigned long long>(plain->seed));
    Scratch dir(file.stem().string());
    Golden got;
    got.plain = digest_of_run(plain, dir / "t1.h5", 1);
    EXPECT_EQ(digest_of_run(plain, dir / "t2.h5", 2), got.plain) << "2 threads";
    EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), got.plain) << "3 threads";
    got.checkpoint = digest_of_run(ckpt, dir / "c1.h5", 1);
    EXPECT_EQ(digest_of_run(ckpt, dir / "c3.h5", 3), got.checkpoint) << "3 threads";
    EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), got.checkpoint)
        << "stopped after checkpoint 2 and resumed";
    regenerated << name << ' ' << got.plain << ' ' << got.checkpoint << '\n';
    if (regenerating()) continue;
    const auto it = goldens.find(name);
    ASSERT_NE(it, goldens.end()) << "no golden for " << name << " in " << golden_file();
    EXPECT_EQ(got.plain, it->second.plain) << "results changed (no checkpoints)";
    EXPECT_EQ(got.checkpoint, it->second.checkpoint) << "results or checkpoint bytes changed";
  }
  if (regenerating()) {
    std::ofstream(golden_file()) << regenerated.str();
    std::printf("wrote %s\n", golden_file().c_str());
  } else {
    EXPECT_EQ(goldens.size(), shipped_scenarios().size())
        << "a golden for a scenario that is no longer shipped";
  }
}

// A metric's samples in the dataset `file`.
template <class T>
std::vector<T> metric(const fs::path& file, const char* name) {
  return std::get<std::vector<T>>(io::read_metric(file, name));
}

// base.yaml reduced, with `extra` sets that turn on a behaviour whose state its reduced golden
// run does not exercise: the plain run gives the same digest on 1 and 3 threads, `did_happen`
// checks on the 1-thread dataset that the behaviour did happen, and the run with checkpoints gives
// the same digest uninterrupted and stopped after checkpoint 2 then resumed.
template <class DidHappen>
void expect_same_on_any_thread_count_and_after_resume(const char* tag,
                                                      std::initializer_list<const char*> extra,
                                                      DidHappen&& did_happen) {
  const fs::path file = source_dir() / "scenarios" / "base.yaml";
  auto sets = [&](bool checkpoints) {
    auto v = reduced(file, checkpoints);
    for (const char* s : extra) v.emplace_back(s);
    return v;
  };
  const scenario::Spec plain = scenario::load_file(file, sets(false));
  const scenario::Spec ckpt = scenario::load_file(file, sets(true));
  Scratch dir(tag);
  const std::string one = digest_of_run(plain, dir / "t1.h5", 1);
  EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), one) << "3 threads";
  did_happen(dir / "t1.h5");
  if (::testing::Test::HasFatalFailure()) return;
  const std::string c1 = digest_of_run(ckpt, dir / "c1.h5", 1);
  EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), c1)
      << "stopped after checkpoint 2 and resumed";
}

// base.yaml's contributors decide every 12h, so its reduced golden run (8h) makes one decision
// each and learns nothing. Here they decide every hour: the learning state (and the rows leavers
// take away) must give the same results on any thread count and after a resume.
TEST(GoldenDigest, LearningContributorsAreTheSameOnAnyThreadCountAndAfterResume) {
  expect_same_on_any_thread_count_and_after_resume(
      "learning", {"population[2].behaviour.period=1h"}, [](const fs::path& t1) {
        // They did decide, both ways.
        const auto entered = metric<std::int64_t>(t1, "contributors_entered");
        const auto exited = metric<std::int64_t>(t1, "contributors_exited");
        ASSERT_FALSE(entered.empty());
        EXPECT_GT(entered.back(), 0);
        EXPECT_GT(exited.back(), 0);
      });
}

// Contributors choosing their effort (3 levels) with their rate, and which of their 8 datanets to
// write to, every hour: the datanet learners and the period's datanet are in the checkpoint, and
// the results are the same on any thread count and after a resume.
TEST(GoldenDigest, ContributorsEffortAndDatanetsAreTheSameOnAnyThreadCountAndAfterResume) {
  expect_same_on_any_thread_count_and_after_resume(
      "effort",
      {"population[2].behaviour.period=1h", "population[2].behaviour.effort_levels=3",
       "population[2].behaviour.effort_cost=2", "population[2].behaviour.choose_datanets=true",
       "attribution.rule=influence"},
      [](const fs::path& t1) {
        // Some contributor was in at a positive effort at some sample.
        const auto effort = metric<double>(t1, "contributor_effort");
        ASSERT_FALSE(effort.empty());
        EXPECT_GT(*std::max_element(effort.begin(), effort.end()), 0.0);
      });
}

// Learning builders (every hour, five prices, an outside option some of them take) facing
// elastic demand: their prices, exits and learning state must give the same results on any
// thread count and after a resume.
TEST(GoldenDigest, LearningBuildersAreTheSameOnAnyThreadCountAndAfterResume) {
  expect_same_on_any_thread_count_and_after_resume(
      "builders",
      {"population[3].behaviour.rule=logit", "population[3].behaviour.period=1h",
       "population[3].behaviour.temperature=0.05", "population[3].behaviour.initial_estimate=1",
       "population[3].behaviour.reservation_return={uniform: [0, 0.2]}",
       "population[1].inference_elasticity=1.5", "incentives.publish_fee=0.001"},
      [](const fs::path& t1) {
        // They did change their prices, and some left.
        const auto price = metric<double>(t1, "mean_inference_price");
        const auto active = metric<std::int64_t>(t1, "builders_active");
        ASSERT_FALSE(price.empty());
        EXPECT_NE(price.back(), price.front());
        EXPECT_LT(*std::min_element(active.begin(), active.end()), active.front());
      });
}

// Builders competing for demand: ai agents compare three builders on their domain's copy of the
// price board, which learning builders' posts (events to each copy) update as they change price
// or leave. The board and its posts must give the same results on any thread count and after a
// resume.
TEST(GoldenDigest, BuildersCompetingOnThePriceBoardAreTheSameOnAnyThreadCountAndAfterResume) {
  expect_same_on_any_thread_count_and_after_resume(
      "board",
      {"population[3].behaviour.rule=logit", "population[3].behaviour.period=1h",
       "population[3].behaviour.temperature=0.05", "population[3].behaviour.initial_estimate=1",
       "population[3].behaviour.reservation_return={uniform: [0, 0.2]}",
       "population[1].inference_elasticity=1.5", "population[1].inference_sample=3",
       "incentives.publish_fee=0.001"},
      [](const fs::path& t1) {
        const auto price = metric<double>(t1, "mean_inference_price");
        ASSERT_FALSE(price.empty());
        EXPECT_NE(price.back(), price.front());  // they did post new prices
      });
}

// Learning validators (sim/model/validators) with a slash bounty, deciding every hour among out,
// idle and 4 effort levels, against poisoners' bad rows: their state, the bounties and the
// stake records their exits and entries move must give the same results on any thread count and
// after a resume.
TEST(GoldenDigest, LearningValidatorsAreTheSameOnAnyThreadCountAndAfterResume) {
  expect_same_on_any_thread_count_and_after_resume(
      "validators",
      {"population[4].behaviour.rule=logit", "population[4].behaviour.period=1h",
       "population[4].behaviour.effort_per_check=0.01",
       "population[4].behaviour.reservation_return={uniform: [0, 20]}",
       "adversaries.poisoner.fraction=0.3", "incentives.validator_slash_fraction=0.01%",
       "incentives.slash_bounty=50%", "incentives.unbonding_delay=2h"},
      [](const fs::path& t1) {
        // They did decide, both ways, and bounties were paid.
        auto last = [&](const char* name) {
          const auto v = metric<std::int64_t>(t1, name);
          return v.empty() ? std::int64_t{-1} : v.back();
        };
        EXPECT_GT(last("validators_exited"), 0);
        EXPECT_GT(last("validators_entered"), 0);
        EXPECT_GT(last("slash_bounties"), 0);
      });
}

// The same with care levels: validators choose effort and care (accuracy per check) together,
// and the care they hold must give the same results on any thread count and after a resume.
TEST(GoldenDigest, CarefulValidatorsAreTheSameOnAnyThreadCountAndAfterResume) {
  expect_same_on_any_thread_count_and_after_resume(
      "careful-validators",
      {"population[4].behaviour.rule=logit", "population[4].behaviour.period=1h",
       "population[4].behaviour.levels=2", "population[4].behaviour.care_levels=3",
       "population[4].behaviour.care_cost_per_check=0.004",
       "population[4].behaviour.effort_per_check=0.01",
       "population[4].behaviour.reservation_return={uniform: [0, 20]}",
       "adversaries.poisoner.fraction=0.3", "incentives.validator_slash_fraction=0.01%",
       "incentives.slash_bounty=50%", "incentives.unbonding_delay=2h"},
      [](const fs::path& t1) {
        // Checks were made below the top care level (a mean accuracy under the group's 0.9).
        const auto accuracy = metric<double>(t1, "validator_accuracy");
        ASSERT_FALSE(accuracy.empty());
        EXPECT_GT(accuracy.back(), 0.5);
        EXPECT_LT(accuracy.back(), 0.9);
      });
}

}  // namespace
}  // namespace coordsim::model::world::test
