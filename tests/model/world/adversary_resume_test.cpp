// Poisoners and free riders under a learning rule (docs/behaviour.md, "Poisoners and free
// riders"), whose state changes during the run and is checkpointed (section CNTB): the same
// datasets on 1 and 3 threads, and stopped after a checkpoint then resumed. No shipped scenario
// opts in, so the golden digests do not cover this state.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/reader.hpp"
#include "resume_digest.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::world::test {
namespace {

namespace fs = std::filesystem;

using test_support::source_dir;

TEST(AdversaryResume, LearningAdversariesGiveTheSameDatasetsOnAnyThreadsAndThroughResume) {
  const fs::path dir =
      fs::temp_directory_path() / ("coordsim-adversary-resume-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const scenario::Spec spec = scenario::load_file(
      source_dir() / "scenarios" / "attribution-vs-sybils.yaml",
      {"duration=8h", "output.events.enabled=true", "output.sample_interval=15m",
       "output.checkpoint_every=1h", "population[0].count=10", "population[1].count=40",
       "population[2].count=40", "population[3].count=4", "population[4].count=4",
       "population[2].behaviour.period=1h", "population[2].behaviour.effort_per_row=0.001",
       "population[2].behaviour.opportunity_cost=0.1%", "adversaries.poisoner.fraction=0.25",
       "adversaries.free_rider.fraction=0.25", "adversaries.poisoner.rule=logit",
       "adversaries.free_rider.rule=roth_erev"});
  const auto digest = [&](const std::string& name, int threads) {
    run::RunOptions o;
    o.output = dir / name;
    o.threads = threads;
    EXPECT_TRUE(run::run(spec, o).complete);
    return io::dataset_digest(o.output);
  };
  const std::string one = digest("one.h5", 1);
  EXPECT_EQ(digest("three.h5", 3), one);

  EXPECT_EQ(digest_of_resumed(spec, dir / "stopped.h5", dir / "resumed.h5"), one);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace coordsim::model::world::test
