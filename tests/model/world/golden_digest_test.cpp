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
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "io/reader.hpp"
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

std::string digest_of_resumed(const scenario::Spec& spec, const fs::path& stopped,
                              const fs::path& out) {
  std::atomic<bool> stop{false};
  run::RunOptions o;
  o.output = stopped;
  o.threads = 2;
  o.stop = &stop;
  o.on_checkpoint = [&](std::uint64_t sequence, double /*t*/) {
    if (sequence == 2) stop.store(true);
  };
  EXPECT_FALSE(run::run(spec, o).complete);
  run::RunOptions r;
  r.output = out;
  r.threads = 1;
  const run::RunSummary s = run::resume(stopped, r);
  EXPECT_TRUE(s.complete && s.resumed);
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

// base.yaml's contributors decide every 12h, so its reduced golden run (8h) makes one decision
// each and learns nothing. Here they decide every hour: the learning state (and the rows leavers
// take away) must give the same results on any thread count and after a resume.
TEST(GoldenDigest, LearningContributorsAreTheSameOnAnyThreadCountAndAfterResume) {
  const fs::path file = source_dir() / "scenarios" / "base.yaml";
  auto sets = [&](bool checkpoints) {
    auto v = reduced(file, checkpoints);
    v.emplace_back("population[2].behaviour.period=1h");
    return v;
  };
  const scenario::Spec plain = scenario::load_file(file, sets(false));
  const scenario::Spec ckpt = scenario::load_file(file, sets(true));
  Scratch dir("learning");
  const std::string one = digest_of_run(plain, dir / "t1.h5", 1);
  EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), one) << "3 threads";
  // They did decide, both ways.
  const auto entered =
      std::get<std::vector<std::int64_t>>(io::read_metric(dir / "t1.h5", "contributors_entered"));
  const auto exited =
      std::get<std::vector<std::int64_t>>(io::read_metric(dir / "t1.h5", "contributors_exited"));
  ASSERT_FALSE(entered.empty());
  EXPECT_GT(entered.back(), 0);
  EXPECT_GT(exited.back(), 0);
  const std::string c1 = digest_of_run(ckpt, dir / "c1.h5", 1);
  EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), c1)
      << "stopped after checkpoint 2 and resumed";
}

// Contributors choosing their effort (3 levels) with their rate, and which of their 8 datanets to
// write to, every hour: the datanet learners and the period's datanet are in the checkpoint, and
// the results are the same on any thread count and after a resume.
TEST(GoldenDigest, ContributorsEffortAndDatanetsAreTheSameOnAnyThreadCountAndAfterResume) {
  const fs::path file = source_dir() / "scenarios" / "base.yaml";
  auto sets = [&](bool checkpoints) {
    auto v = reduced(file, checkpoints);
    for (const char* s :
         {"population[2].behaviour.period=1h", "population[2].behaviour.effort_levels=3",
          "population[2].behaviour.effort_cost=2", "population[2].behaviour.choose_datanets=true",
          "attribution.rule=influence"})
      v.emplace_back(s);
    return v;
  };
  const scenario::Spec plain = scenario::load_file(file, sets(false));
  const scenario::Spec ckpt = scenario::load_file(file, sets(true));
  Scratch dir("effort");
  const std::string one = digest_of_run(plain, dir / "t1.h5", 1);
  EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), one) << "3 threads";
  // Some contributor was in at a positive effort at some sample.
  const auto effort =
      std::get<std::vector<double>>(io::read_metric(dir / "t1.h5", "contributor_effort"));
  ASSERT_FALSE(effort.empty());
  EXPECT_GT(*std::max_element(effort.begin(), effort.end()), 0.0);
  const std::string c1 = digest_of_run(ckpt, dir / "c1.h5", 1);
  EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), c1)
      << "stopped after checkpoint 2 and resumed";
}

// Learning builders (every hour, five prices, an outside option some of them take) facing
// elastic demand: their prices, exits and learning state must give the same results on any
// thread count and after a resume.
TEST(GoldenDigest, LearningBuildersAreTheSameOnAnyThreadCountAndAfterResume) {
  const fs::path file = source_dir() / "scenarios" / "base.yaml";
  auto sets = [&](bool checkpoints) {
    auto v = reduced(file, checkpoints);
    for (const char* s :
         {"population[3].behaviour.rule=logit", "population[3].behaviour.period=1h",
          "population[3].behaviour.temperature=0.05", "population[3].behaviour.initial_estimate=1",
          "population[3].behaviour.reservation_return={uniform: [0, 0.2]}",
          "population[1].inference_elasticity=1.5", "incentives.publish_fee=0.001"})
      v.emplace_back(s);
    return v;
  };
  const scenario::Spec plain = scenario::load_file(file, sets(false));
  const scenario::Spec ckpt = scenario::load_file(file, sets(true));
  Scratch dir("builders");
  const std::string one = digest_of_run(plain, dir / "t1.h5", 1);
  EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), one) << "3 threads";
  // They did change their prices, and some left.
  const auto price =
      std::get<std::vector<double>>(io::read_metric(dir / "t1.h5", "mean_inference_price"));
  const auto active =
      std::get<std::vector<std::int64_t>>(io::read_metric(dir / "t1.h5", "builders_active"));
  ASSERT_FALSE(price.empty());
  EXPECT_NE(price.back(), price.front());
  EXPECT_LT(*std::min_element(active.begin(), active.end()), active.front());
  const std::string c1 = digest_of_run(ckpt, dir / "c1.h5", 1);
  EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), c1)
      << "stopped after checkpoint 2 and resumed";
}

// Builders competing for demand: ai agents compare three builders on their domain's copy of the
// price board, which learning builders' posts (events to each copy) update as they change price
// or leave. The board and its posts must give the same results on any thread count and after a
// resume.
TEST(GoldenDigest, BuildersCompetingOnThePriceBoardAreTheSameOnAnyThreadCountAndAfterResume) {
  const fs::path file = source_dir() / "scenarios" / "base.yaml";
  auto sets = [&](bool checkpoints) {
    auto v = reduced(file, checkpoints);
    for (const char* s :
         {"population[3].behaviour.rule=logit", "population[3].behaviour.period=1h",
          "population[3].behaviour.temperature=0.05", "population[3].behaviour.initial_estimate=1",
          "population[3].behaviour.reservation_return={uniform: [0, 0.2]}",
          "population[1].inference_elasticity=1.5", "population[1].inference_sample=3",
          "incentives.publish_fee=0.001"})
      v.emplace_back(s);
    return v;
  };
  const scenario::Spec plain = scenario::load_file(file, sets(false));
  const scenario::Spec ckpt = scenario::load_file(file, sets(true));
  Scratch dir("board");
  const std::string one = digest_of_run(plain, dir / "t1.h5", 1);
  EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), one) << "3 threads";
  const auto price =
      std::get<std::vector<double>>(io::read_metric(dir / "t1.h5", "mean_inference_price"));
  ASSERT_FALSE(price.empty());
  EXPECT_NE(price.back(), price.front());  // they did post new prices
  const std::string c1 = digest_of_run(ckpt, dir / "c1.h5", 1);
  EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), c1)
      << "stopped after checkpoint 2 and resumed";
}

// Learning validators (sim/model/validators) with a slash bounty, deciding every hour among out,
// idle and 4 effort levels, against poisoners' bad rows: their state, the bounties and the
// stake records their exits and entries move must give the same results on any thread count and
// after a resume.
TEST(GoldenDigest, LearningValidatorsAreTheSameOnAnyThreadCountAndAfterResume) {
  const fs::path file = source_dir() / "scenarios" / "base.yaml";
  auto sets = [&](bool checkpoints) {
    auto v = reduced(file, checkpoints);
    for (const char* s :
         {"population[4].behaviour.rule=logit", "population[4].behaviour.period=1h",
          "population[4].behaviour.effort_per_check=0.01",
          "population[4].behaviour.reservation_return={uniform: [0, 20]}",
          "adversaries.poisoner.fraction=0.3", "incentives.validator_slash_fraction=0.01%",
          "incentives.slash_bounty=50%", "incentives.unbonding_delay=2h"})
      v.emplace_back(s);
    return v;
  };
  const scenario::Spec plain = scenario::load_file(file, sets(false));
  const scenario::Spec ckpt = scenario::load_file(file, sets(true));
  Scratch dir("validators");
  const std::string one = digest_of_run(plain, dir / "t1.h5", 1);
  EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), one) << "3 threads";
  // They did decide, both ways, and bounties were paid.
  auto last = [&](const char* metric) {
    const auto v = std::get<std::vector<std::int64_t>>(io::read_metric(dir / "t1.h5", metric));
    return v.empty() ? std::int64_t{-1} : v.back();
  };
  EXPECT_GT(last("validators_exited"), 0);
  EXPECT_GT(last("validators_entered"), 0);
  EXPECT_GT(last("slash_bounties"), 0);
  const std::string c1 = digest_of_run(ckpt, dir / "c1.h5", 1);
  EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), c1)
      << "stopped after checkpoint 2 and resumed";
}

// The same with care levels: validators choose effort and care (accuracy per check) together,
// and the care they hold must give the same results on any thread count and after a resume.
TEST(GoldenDigest, CarefulValidatorsAreTheSameOnAnyThreadCountAndAfterResume) {
  const fs::path file = source_dir() / "scenarios" / "base.yaml";
  auto sets = [&](bool checkpoints) {
    auto v = reduced(file, checkpoints);
    for (const char* s :
         {"population[4].behaviour.rule=logit", "population[4].behaviour.period=1h",
          "population[4].behaviour.levels=2", "population[4].behaviour.care_levels=3",
          "population[4].behaviour.care_cost_per_check=0.004",
          "population[4].behaviour.effort_per_check=0.01",
          "population[4].behaviour.reservation_return={uniform: [0, 20]}",
          "adversaries.poisoner.fraction=0.3", "incentives.validator_slash_fraction=0.01%",
          "incentives.slash_bounty=50%", "incentives.unbonding_delay=2h"})
      v.emplace_back(s);
    return v;
  };
  const scenario::Spec plain = scenario::load_file(file, sets(false));
  const scenario::Spec ckpt = scenario::load_file(file, sets(true));
  Scratch dir("careful-validators");
  const std::string one = digest_of_run(plain, dir / "t1.h5", 1);
  EXPECT_EQ(digest_of_run(plain, dir / "t3.h5", 3), one) << "3 threads";
  // Checks were made below the top care level (a mean accuracy under the group's 0.9).
  const auto accuracy =
      std::get<std::vector<double>>(io::read_metric(dir / "t1.h5", "validator_accuracy"));
  ASSERT_FALSE(accuracy.empty());
  EXPECT_GT(accuracy.back(), 0.5);
  EXPECT_LT(accuracy.back(), 0.9);
  const std::string c1 = digest_of_run(ckpt, dir / "c1.h5", 1);
  EXPECT_EQ(digest_of_resumed(ckpt, dir / "stopped.h5", dir / "resumed.h5"), c1)
      << "stopped after checkpoint 2 and resumed";
}

}  // namespace
}  // namespace coordsim::model::world::test
