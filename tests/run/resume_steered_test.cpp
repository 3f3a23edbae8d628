// `coordsim resume` of a steered run (knob changes: `coordsim run --interventions`, or a
// recording coordsim-viz): killed with SIGKILL right after a checkpoint, or stopped as Ctrl-C
// stops it, past its first change, then resumed by the real binary. The finished file must hold
// the datasets of the uninterrupted steered run, byte for byte: the changes before the checkpoint
// in force when it is restored, the one at its time applied right after it, the later ones at
// their times.
#include <gtest/gtest.h>

#include <csignal>

#include "checkpoint_support.hpp"
#include "io/paths.hpp"
#include "run/live.hpp"

namespace coordsim::run::test {
namespace {

using app::test::run_cli;
using kernel::SimTime;

SimTime hours(double h) { return SimTime{static_cast<std::uint64_t>(h * 3600)}; }  // tick = 1 s

// quickstart at 12 h, samples every 10 min, a checkpoint every hour (sequence n at n+1 hours).
// Changes at 30 min (before every checkpoint), at 2 h (a checkpoint's own time: it applies after
// that checkpoint) and at 5 h 20 min.
std::vector<Intervention> plan(const scenario::Spec& spec) {
  const std::vector<std::tuple<double, std::string, std::string>> wanted{
      {0.5, "incentives.publish_fee", "25"},
      {2.0, "population[3].price", "0.08"},
      {5.0 + 1.0 / 3.0, "adversaries.key_compromise.rate", "0.05"}};
  std::vector<Intervention> out;
  scenario::Spec current = spec;
  for (const auto& [h, key, value] : wanted) {
    AppliedKnob k = apply_knob(current, hours(h), key, value);
    current = std::move(k.spec);
    out.push_back(std::move(k.change));
  }
  return out;
}

RunOptions steered(const fs::path& out, const std::vector<Intervention>& list) {
  RunOptions o = options(out, 1);
  o.interventions = list;
  return o;
}

struct Steered : ::testing::Test {
  ScratchDir dir;
  scenario::Spec spec = load(quickstart(3));
  std::vector<Intervention> changes = plan(spec);
  fs::path reference = dir / "reference.h5";

  void SetUp() override {
    ASSERT_TRUE(run(spec, steered(reference, changes)).complete);
    ASSERT_EQ(read_interventions(reference), changes);
    // The changes change the run: otherwise nothing below could fail.
    ASSERT_EQ(run(spec, options(dir / "plain.h5", 1)).complete, true);
    ASSERT_NE(io::dataset_digest(dir / "plain.h5"), io::dataset_digest(reference));
  }

  // `coordsim run --interventions` in a child that SIGKILLs itself once checkpoint `sequence`
  // is durable.
  [[nodiscard]] fs::path killed_after(std::uint64_t sequence) {
    const fs::path out = dir / ("killed" + std::to_string(sequence) + ".h5");
    const int status = test_support::in_child([&] {
      RunOptions o = steered(out, changes);
      o.on_checkpoint = [sequence](std::uint64_t seq, double /*t*/) {
        if (seq == sequence) ::raise(SIGKILL);
      };
      (void)run(spec, o);
      return 0;
    });
    EXPECT_TRUE(test_support::killed_by_sigkill(status)) << status;
    return io::temp_path_for(out);
  }
};

TEST_F(Steered, KilledAtACheckpointWithAChangeAtItsTimeResumesToTheSameFile) {
  // Checkpoint 1 is at 2 h: the change at 30 min is in force, the one at 2 h applies after it.
  const fs::path partial = killed_after(1);
  ASSERT_TRUE(fs::exists(partial));
  const auto r = run_cli({"resume", partial.string(), "--unsealed", "-q"});
  ASSERT_EQ(r.status, 0) << r;
  const fs::path out = dir / "killed1.h5";  // a partial is finished under its final name
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(io::dataset_digest(out), io::dataset_digest(reference));
  EXPECT_EQ(read_interventions(out), changes);
}

TEST_F(Steered, KilledBetweenChangesResumesOnAnotherThreadCount) {
  // Checkpoint 3 is at 4 h: two changes behind it, one still to come.
  const fs::path partial = killed_after(3);
  const fs::path out = dir / "resumed.h5";
  const auto r = run_cli(
      {"resume", partial.string(), "--unsealed", "-q", "-o", out.string(), "--threads", "2"});
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(io::dataset_digest(out), io::dataset_digest(reference));
}

TEST_F(Steered, StoppedThenResumedTwice) {
  // Ctrl-C after checkpoint 2 (3 h): the file is incomplete and lists the change still to come.
  std::atomic<bool> stop{false};
  const fs::path stopped = dir / "stopped.h5";
  RunOptions o = steered(stopped, changes);
  o.stop = &stop;
  o.on_checkpoint = [&](std::uint64_t seq, double /*t*/) {
    if (seq == 2) stop.store(true);
  };
  ASSERT_FALSE(run(spec, o).complete);
  EXPECT_EQ(read_interventions(stopped), changes);
  // Resumed in place, killed again after checkpoint 6 (7 h, past every change), resumed again.
  const int status = test_support::in_child([&] {
    RunOptions again;
    again.coordsim_version = "test";
    again.threads = 1;
    again.on_checkpoint = [](std::uint64_t seq, double /*t*/) {
      if (seq == 6) ::raise(SIGKILL);
    };
    (void)resume(stopped, again);
    return 0;
  });
  ASSERT_TRUE(test_support::killed_by_sigkill(status)) << status;
  const fs::path partial = io::temp_path_for(stopped);
  ASSERT_TRUE(fs::exists(partial));
  const auto r = run_cli({"resume", partial.string(), "--unsealed", "-q"});
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(io::dataset_digest(stopped), io::dataset_digest(reference));
}

TEST_F(Steered, AKilledVizRecordingResumesWithTheChangesBeforeItsCheckpoint) {
  // coordsim-viz -o: changes made live at 30 min and at 2 h, the process killed once the
  // checkpoint at 3 h is on disk. Resumed, the file is the run with those two changes.
  const fs::path out = dir / "live.h5";
  const int status = test_support::in_child([&] {
    LiveOptions lo;
    lo.output = out;
    lo.coordsim_version = "test";
    LiveRun live(spec, lo);
    live.advance_to(hours(0.5));
    (void)live.intervene(changes[0].key, changes[0].new_value);
    live.advance_to(hours(2));
    (void)live.intervene(changes[1].key, changes[1].new_value);
    live.advance_to(hours(3) + kernel::SimDuration{1});  // past the checkpoint at 3 h
    ::raise(SIGKILL);
    return 0;
  });
  ASSERT_TRUE(test_support::killed_by_sigkill(status)) << status;
  const fs::path partial = io::temp_path_for(out);
  const auto r = run_cli({"resume", partial.string(), "--unsealed", "-q"});
  ASSERT_EQ(r.status, 0) << r;
  const std::vector<Intervention> two(changes.begin(), changes.begin() + 2);
  EXPECT_EQ(read_interventions(out), two);
  ASSERT_TRUE(run(spec, steered(dir / "two.h5", two)).complete);
  EXPECT_EQ(io::dataset_digest(out), io::dataset_digest(dir / "two.h5"));
}

}  // namespace
}  // namespace coordsim::run::test
