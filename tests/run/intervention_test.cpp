// Interventions (run/intervention.hpp): a live session steered the way coordsim-viz steers it
// records a run file, and `coordsim run --interventions` (the real binary) replays its knob
// changes into a file whose datasets are the same bytes. Plus the errors a user can make.
#include <gtest/gtest.h>

#include <cmath>

#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "run/intervention.hpp"
#include "run/live.hpp"
#include "support.hpp"

namespace coordsim::run::test {
namespace {

using app::test::run_cli;
using kernel::SimTime;

const std::vector<std::string> kSets{"duration=6h", "output.events.enabled=true"};

scenario::Spec quickstart(const std::vector<std::string>& more = {}) {
  return scenario::load_file(scenario_path("quickstart.yaml"), plus(kSets, more));
}

SimTime seconds(double s) { return SimTime{static_cast<std::uint64_t>(s)}; }  // tick = 1 s

std::vector<std::string> cli_sets(const std::vector<std::string>& more) {
  std::vector<std::string> args;
  for (const auto& s : plus(kSets, more)) {
    args.emplace_back("--set");
    args.push_back(s);
  }
  return args;
}

// A session as a person has it in the window: played in uneven slices (the wall clock decides
// where the run pauses), stepped, taken back and forwards again, knobs changed while paused
// between two samples, while standing on one, and while behind what is already recorded.
void steer(LiveRun& live) {
  live.advance_to(seconds(17 * 60 + 3));
  (void)live.step_event();
  (void)live.step_event();
  // Between samples (10 min apart): the change waits for the sample at 20 min.
  EXPECT_EQ(live.intervene("incentives.publish_fee", "25"), seconds(20 * 60));
  EXPECT_EQ(live.pending().size(), 1U);
  live.advance_to(seconds(41 * 60 + 11));
  EXPECT_TRUE(live.pending().empty());
  live.step_block();
  live.advance_to(seconds(60 * 60));  // stands on the sample at 1 h: applies at once
  EXPECT_EQ(live.intervene("population[3].price", "0.08"), seconds(60 * 60));
  EXPECT_TRUE(live.pending().empty());
  live.advance_to(seconds(2 * 3600 + 77));
  // Back, behind what is recorded (up to 2 h 1 min 17 s): the change waits for the first
  // sample after that, 2 h 10 min.
  live.seek(seconds(90 * 60));
  EXPECT_EQ(live.intervene("adversaries.key_compromise.rate", "0.05"), seconds(2 * 3600 + 600));
  for (double t = 90 * 60; t < 3 * 3600; t += 333) live.advance_to(seconds(t));
  live.seek(seconds(2.5 * 3600));
  live.advance_to(seconds(4 * 3600 + 5));
  EXPECT_EQ(live.intervene("sessions.default_ttl", "10m"), seconds(4 * 3600 + 10 * 60));
  EXPECT_EQ(live.intervene("incentives.publish_fee", "5"), seconds(4 * 3600 + 10 * 60));
  live.advance_to(live.end());
  EXPECT_FALSE(live.recording());  // the last sample finished the file
  ASSERT_TRUE(live.refused().empty()) << live.refused();
}

void expect_replays_byte_for_byte(const std::vector<std::string>& more) {
  ScratchDir dir;
  const fs::path steered = dir / "steered.h5";
  {
    LiveOptions options;
    options.output = steered;
    LiveRun live(quickstart(more), options);
    steer(live);
    EXPECT_EQ(live.interventions().size(), 5U);
  }
  const auto recorded = read_interventions(steered);
  ASSERT_EQ(recorded.size(), 5U);
  EXPECT_EQ(recorded[0], (Intervention{seconds(1200), "incentives.publish_fee", "10", "25"}));
  EXPECT_EQ(recorded[1].key, "population[3].price");
  EXPECT_EQ(recorded[1].old_value, "0.02");
  EXPECT_EQ(recorded[2].time, seconds(7800));
  EXPECT_EQ(recorded[3].new_value, "10m");
  EXPECT_EQ(recorded[4].old_value, "25");
  EXPECT_TRUE(io::inspect(steered).complete);

  std::vector<std::string> args{"run",
                                scenario_path("quickstart.yaml").string(),
                                "-q",
                                "--interventions",
                                steered.string(),
                                "-o",
                                (dir / "replayed.h5").string()};
  for (const auto& a : cli_sets(more)) args.push_back(a);
  const auto r = run_cli(args);
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(r.err.find("note:"), std::string::npos) << r;  // the same scenario: no warning
  EXPECT_EQ(io::dataset_digest(dir / "replayed.h5"), io::dataset_digest(steered));
  EXPECT_EQ(read_interventions(dir / "replayed.h5"), recorded);

  // And the knobs did change the run: without them the datasets differ.
  std::vector<std::string> plain{"run", scenario_path("quickstart.yaml").string(), "-q", "-o",
                                 (dir / "plain.h5").string()};
  for (const auto& a : cli_sets(more)) plain.push_back(a);
  ASSERT_EQ(run_cli(plain).status, 0);
  EXPECT_NE(io::dataset_digest(dir / "plain.h5"), io::dataset_digest(steered));
}

TEST(Interventions, SteeredLiveSessionReplaysByteForByte) { expect_replays_byte_for_byte({}); }

TEST(Interventions, WithCheckpointsAndSnapshotsToo) {
  expect_replays_byte_for_byte({"output.checkpoint_every=1h", "output.snapshots=[30m, 3h]"});
}

// LiveOptions::replay (a steered file opened in coordsim-viz): a live run given the file's changes,
// taken back past them and forwards again in uneven slices, re-records the steered file byte for
// byte and lists each change once; one that also jumps to the file's checkpoints (keyframes taken
// under the changed scenario) computes the same samples.
TEST(Interventions, ReplayedChangesApplyAtTheirTimesWhateverThePath) {
  ScratchDir dir;
  const std::vector<std::string> more{"output.checkpoint_every=1h"};
  const fs::path steered = dir / "steered.h5";
  {
    LiveOptions options;
    options.output = steered;
    LiveRun live(quickstart(more), options);
    steer(live);
  }
  const auto recorded = read_interventions(steered);
  ASSERT_EQ(recorded.size(), 5U);
  const fs::path again = dir / "again.h5";
  LiveOptions options;
  options.output = again;
  options.replay = recorded;
  LiveRun straight(quickstart(more), options);
  straight.advance_to(seconds(2.5 * 3600 + 17));
  straight.seek(seconds(900));  // back behind the first two changes
  for (double t = 900; t < 6 * 3600; t += 777) straight.advance_to(seconds(t));
  straight.seek(seconds(3600));  // the keyframe there holds the state before the change due there
  straight.advance_to(straight.end());
  EXPECT_FALSE(straight.recording());
  EXPECT_EQ(straight.interventions(), recorded);  // each once, however often passed
  EXPECT_TRUE(straight.refused().empty());
  EXPECT_EQ(io::dataset_digest(again), io::dataset_digest(steered));
  EXPECT_EQ(read_interventions(again), recorded);

  LiveOptions replay;
  replay.replay = recorded;
  LiveRun jumping(quickstart(more), replay);
  const auto summary = io::inspect(steered);
  ASSERT_GE(summary.checkpoints, 5U);
  for (std::uint64_t k = 0; k < summary.checkpoints; ++k) {
    io::Checkpoint cp = io::read_checkpoint(steered, k);
    jumping.add_keyframe(cp.time, std::move(cp.blob));
  }
  jumping.seek(seconds(5 * 3600 + 300));  // a jump to the checkpoint at 5 h, after every change
  jumping.seek(seconds(3600));            // back to the one at 1 h, before the change due there
  jumping.advance_to(jumping.end());
  EXPECT_EQ(jumping.interventions(), recorded);
  ASSERT_EQ(jumping.samples().size(), straight.samples().size());
  std::size_t compared = 0;
  for (std::size_t i = 0; i < jumping.samples().size(); ++i) {
    if (std::isnan(jumping.samples()[i][0])) continue;  // a row a jump skipped
    ++compared;
    EXPECT_EQ(jumping.samples()[i], straight.samples()[i]) << "row " << i;
  }
  EXPECT_GT(compared, 30U);  // 1 h to 6 h every 10 minutes
  EXPECT_EQ(jumping.state_bytes(), straight.state_bytes());

  LiveOptions bad;
  bad.replay = recorded;
  bad.replay[1].time = seconds(1201);  // not a sample time
  EXPECT_THROW(LiveRun(quickstart(more), bad), InterventionError);
}

// Without interventions a live recording is exactly `coordsim run`'s file.
TEST(Interventions, UnsteeredLiveRecordingIsTheRunFile) {
  ScratchDir dir;
  {
    LiveOptions options;
    options.output = dir / "live.h5";
    LiveRun live(quickstart(), options);
    live.advance_to(seconds(3 * 3600 + 1));
    live.seek(seconds(600));
    live.advance_to(live.end());
  }
  run_file(scenario_path("quickstart.yaml"), kSets, dir / "run.h5");
  EXPECT_EQ(io::dataset_digest(dir / "live.h5"), io::dataset_digest(dir / "run.h5"));
}

// Closed before the end: the file is kept, marked incomplete, up to the furthest time reached.
TEST(Interventions, ClosedEarlyKeepsAnIncompleteFile) {
  ScratchDir dir;
  {
    LiveOptions options;
    options.output = dir / "early.h5";
    LiveRun live(quickstart(), options);
    live.advance_to(seconds(3600 + 30));
    live.seek(seconds(1200));
  }
  const auto s = io::inspect(dir / "early.h5");
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.samples, 7U);  // 0, 10 min, ..., 1 h
  EXPECT_EQ(s.end_time_ticks, 3630U);
}

TEST(Interventions, KnobsAndNotKnobs) {
  EXPECT_EQ(knob_refusal("incentives.publish_fee"), "");
  EXPECT_EQ(knob_refusal("population[3].price"), "");
  EXPECT_NE(knob_refusal("population[3].count"), "");
  EXPECT_NE(knob_refusal("duration"), "");
  EXPECT_NE(knob_refusal("sessions"), "");
  EXPECT_NE(knob_refusal("seed"), "");
  const std::string yaml = quickstart().yaml();
  EXPECT_EQ(resolved_value(yaml, "sessions.caps.per_action"), "10");
  EXPECT_EQ(resolved_value(yaml, "population[1].action_interval"), "{exponential: 5m}");
  EXPECT_EQ(resolved_value(yaml, "population[4].accuracy"), "0.9");
  EXPECT_EQ(resolved_value(yaml, "population[9].accuracy"), "");
  EXPECT_EQ(resolved_value(yaml, "sessions.caps"), "");

  LiveRun live(quickstart());
  EXPECT_THROW((void)live.intervene("population[0].count", "30"), InterventionError);
  EXPECT_THROW((void)live.intervene("incentives.no_such_knob", "3"), scenario::ScenarioError);
  EXPECT_THROW((void)live.intervene("incentives.publish_fee", "-3"), scenario::ScenarioError);
  EXPECT_THROW((void)live.intervene("sessions.caps", "{total: 500}"), InterventionError);
  EXPECT_TRUE(live.pending().empty());
}

// A run file holding one crafted intervention.
void write_intervention(const fs::path& path, const Intervention& x) {
  const scenario::Spec spec = quickstart();
  run_file(scenario_path("quickstart.yaml"), kSets, path);
  io::RunInfo info = io::read_run_info(path);
  fs::remove(path);
  io::RecordingLayout layout;
  io::Recorder recorder(path, info, layout);
  recorder.write_table("/interventions", intervention_table({x}, 1.0));
  recorder.finish(SimTime::zero());
}

TEST(Interventions, BadFilesExit2WithPathAndReason) {
  ScratchDir dir;
  const std::string scenario = scenario_path("quickstart.yaml").string();
  auto replay = [&](const fs::path& file) {
    std::vector<std::string> args{
        "run", scenario, "-q", "--interventions", file.string(), "-o", (dir / "out.h5").string()};
    for (const auto& a : cli_sets({})) args.push_back(a);
    return run_cli(args);
  };
  struct Case {
    fs::path file;
    std::string reason;
  };
  app::test::write_text(dir / "list.yaml", "- {time: 600, key: incentives.publish_fee}\n");
  write_intervention(dir / "count.h5", {seconds(600), "population[0].count", "20", "30"});
  write_intervention(dir / "offgrid.h5", {seconds(601), "incentives.publish_fee", "10", "20"});
  write_intervention(dir / "badvalue.h5", {seconds(600), "incentives.publish_fee", "10", "-4"});
  write_intervention(dir / "late.h5", {seconds(7 * 3600), "incentives.publish_fee", "10", "20"});
  const std::vector<Case> cases{
      {dir / "missing.h5", "does not exist"},
      {dir / "list.yaml", "not an HDF5 file"},
      {dir / "count.h5", "decides which agents exist"},
      {dir / "offgrid.h5", "not a sample time"},
      {dir / "badvalue.h5", "refuses"},
      {dir / "late.h5", "not a sample time"},
  };
  for (const auto& c : cases) {
    const auto r = replay(c.file);
    EXPECT_EQ(r.status, 2) << c.file << "\n" << r;
    EXPECT_NE(r.err.find(c.file.string()), std::string::npos) << r;
    EXPECT_NE(r.err.find(c.reason), std::string::npos) << r;
    EXPECT_FALSE(fs::exists(dir / "out.h5"));
  }
}

// A run file in which no knob changed (no /interventions table) replays as the plain run.
TEST(Interventions, AFileWithoutChangesReplaysThePlainRun) {
  ScratchDir dir;
  run_file(scenario_path("quickstart.yaml"), kSets, dir / "plain.h5");
  std::vector<std::string> args{"run",
                                scenario_path("quickstart.yaml").string(),
                                "-q",
                                "--interventions",
                                (dir / "plain.h5").string(),
                                "-o",
                                (dir / "again.h5").string()};
  for (const auto& a : cli_sets({})) args.push_back(a);
  const auto r = run_cli(args);
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(io::dataset_digest(dir / "again.h5"), io::dataset_digest(dir / "plain.h5"));
  // Another scenario than the file's: applied all the same, with a note that says so.
  args.push_back("--seed");
  args.push_back("9");
  const auto other = run_cli(args);
  ASSERT_EQ(other.status, 0) << other;
  EXPECT_NE(other.err.find("recorded under another scenario"), std::string::npos) << other;
}

TEST(Interventions, HelpTeachesTheOption) {
  const auto r = run_cli({"run", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--interventions"), std::string::npos);
  EXPECT_NE(r.out.find("coordsim-viz scenarios/quickstart.yaml -o"), std::string::npos);
}

}  // namespace
}  // namespace coordsim::run::test
