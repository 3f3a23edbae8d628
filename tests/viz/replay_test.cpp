// Replay of a recorded run through the real driver thread: the re-simulation matches the file,
// and scrubbing back and forth shows the same state at the same time.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "io/error.hpp"
#include "io/seal.hpp"
#include "run/run.hpp"
#include "support.hpp"
#include "viz/options.hpp"

namespace coordsim::viz::test {
namespace {

// Waits for the driver to publish a snapshot at `t_s` with nothing pending, and returns a copy.
Snapshot settle_at(Driver& d, double t_s) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (d.buffer().take()) {
      const Snapshot& s = d.buffer().front();
      if (s.now_s == t_s && d.controls().seek_s.load() < 0) return s;
    }
    if (!d.error().empty()) ADD_FAILURE() << d.error();
    if (std::chrono::steady_clock::now() > give_up) {
      ADD_FAILURE() << "no snapshot at t=" << t_s;
      return {};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

// What the panels show of the state at one time: the agents, the market, the protocol and the
// sample taken last (the plots' history may differ in which rows a jump skipped).
void expect_same_state(const Snapshot& a, const Snapshot& b) {
  EXPECT_EQ(a.now_s, b.now_s);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.wealth, b.wealth);
  EXPECT_EQ(a.flags, b.flags);
  EXPECT_EQ(a.pool_price, b.pool_price);
  EXPECT_EQ(a.pool_token, b.pool_token);
  EXPECT_EQ(a.rewards_by_role, b.rewards_by_role);
  EXPECT_EQ(a.batches_final, b.batches_final);
  EXPECT_EQ(a.amount_pending, b.amount_pending);
  ASSERT_EQ(a.sample_time_s, b.sample_time_s);
  for (std::size_t m = 0; m < a.columns.size(); ++m) {
    EXPECT_EQ(a.columns[m].back(), b.columns[m].back()) << "metric " << m;
  }
}

TEST(Replay, ScrubbingBackAndForthShowsTheSameState) {
  ScratchDir dir;
  const fs::path file = dir / "run.h5";
  run::RunOptions options;
  options.output = file;
  (void)run::run(
      scenario::load_file(quickstart_path(), {"duration=8h", "output.checkpoint_every=2h"}),
      options);

  const Options o = parse_options({file.string()});
  ASSERT_TRUE(o.replay());
  Recording recording = load_recording(file);
  EXPECT_GE(recording.checkpoints.size(), 3U);
  ASSERT_EQ(recording.time_s.size(), 8U * 6U + 1U);  // every 10 minutes, both ends
  Driver driver(spec_factory(o), std::move(recording));
  driver.start();
  EXPECT_FALSE(driver.controls().playing);  // a replay opens paused at 0

  driver.controls().seek_s = 5.5 * 3600;
  const Snapshot forward = settle_at(driver, 5.5 * 3600);
  driver.controls().seek_s = 1.25 * 3600;
  const Snapshot back = settle_at(driver, 1.25 * 3600);
  driver.controls().seek_s = 7 * 3600;
  (void)settle_at(driver, 7 * 3600);
  driver.controls().seek_s = 5.5 * 3600;
  const Snapshot again = settle_at(driver, 5.5 * 3600);
  driver.controls().seek_s = 1.25 * 3600;
  const Snapshot back_again = settle_at(driver, 1.25 * 3600);

  EXPECT_NE(forward.events, back.events);
  expect_same_state(again, forward);
  expect_same_state(back_again, back);
  // The live samples equal the file's, row for row, wherever the scrubbing went (rows a jump to
  // a checkpoint skipped are not recomputed, and not compared).
  EXPECT_EQ(again.replay_mismatch, -1);
  EXPECT_EQ(again.recorded_time_s.size(), 8U * 6U + 1U);
  ASSERT_EQ(again.sample_time_s.size(), 5U * 6U + 3U + 1U);  // up to 5.5 h
}

// Waits for a published snapshot that satisfies `ok`.
template <class Ok>
Snapshot wait_for(Driver& d, Ok ok) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    if (d.buffer().take() && ok(d.buffer().front())) return d.buffer().front();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ADD_FAILURE() << "no such snapshot";
  return {};
}

TEST(Branch, RecordsTheInterventionOrSaysWhyNot) {
  const Options o = parse_options({quickstart_path().string(), "--set", "duration=6h"});
  Driver driver(spec_factory(o), std::nullopt);
  driver.controls().playing = false;
  driver.start();
  driver.controls().seek_s = 3600.0;
  (void)settle_at(driver, 3600.0);
  driver.controls().request_branch("incentives.publish_fee=20");
  const Snapshot s = wait_for(driver, [](const Snapshot& x) { return !x.interventions.empty(); });
  ASSERT_EQ(s.interventions.size(), 1U);
  EXPECT_EQ(s.interventions[0].time_s, 3600.0);
  EXPECT_EQ(s.interventions[0].key, "incentives.publish_fee");
  EXPECT_EQ(s.interventions[0].old_value, "10");
  EXPECT_EQ(s.interventions[0].new_value, "20");
  driver.controls().request_branch("population[2].count=61");
  const Snapshot refused =
      wait_for(driver, [](const Snapshot& x) { return x.message.starts_with("branch refused"); });
  EXPECT_EQ(refused.interventions.size(), 1U);
  driver.controls().request_branch("incentives.no_such_key=1");
  (void)wait_for(
      driver, [](const Snapshot& x) { return x.message.find("no_such_key") != std::string::npos; });
  EXPECT_TRUE(driver.error().empty());
}

// Plays a driver from 0 to its end as fast as it goes, and returns the snapshot at the end.
Snapshot play_to_end(Driver& d, double end_s) {
  d.controls().seek_s = 0.0;
  (void)settle_at(d, 0.0);
  d.controls().speed = 0.0;
  d.controls().playing = true;
  return wait_for(d, [&](const Snapshot& x) { return x.now_s == end_s; });
}

// A steered recording (two knob changes, checkpoints before and after them) replays without
// divergence: the replay applies the file's /interventions where the recorder applied them,
// jumps to checkpoints taken under the changed scenario, and lists each change once however often
// the scrubbing passes it. Without the changes the same replay differs (the check can fail).
TEST(Replay, SteeredFileReplaysWithItsInterventions) {
  ScratchDir dir;
  const fs::path file = dir / "steered.h5";
  kernel::SimTime first_at;
  {
    run::LiveOptions live;
    live.output = file;
    run::LiveRun r(
        scenario::load_file(quickstart_path(), {"duration=4h", "output.checkpoint_every=1h"}),
        live);
    r.advance_to(hours(r, 1.1));
    first_at = r.intervene("incentives.publish_fee", "40");
    // The next sample (every 10 minutes).
    EXPECT_DOUBLE_EQ(static_cast<double>(first_at.ticks()) * r.tick_seconds(), 70 * 60.0);
    r.advance_to(hours(r, 2.6));
    (void)r.intervene("population[3].price", "0.08");
    r.advance_to(r.end());
    ASSERT_FALSE(r.recording());
  }
  const Options o = parse_options({file.string()});
  Recording recording = load_recording(file);
  ASSERT_EQ(recording.interventions.size(), 2U);
  EXPECT_EQ(recording.interventions[0].key, "incentives.publish_fee");
  EXPECT_EQ(recording.interventions[0].time, first_at);
  ASSERT_GE(recording.checkpoints.size(), 4U);
  Recording without = recording;
  without.interventions.clear();
  without.checkpoints.clear();  // taken under the changed scenario: they do not decode without

  const double end_s = 4 * 3600.0;
  Driver driver(spec_factory(o), std::move(recording));
  driver.start();
  driver.controls().seek_s = end_s;  // jumps to the last checkpoint, after both changes
  const Snapshot jumped = settle_at(driver, end_s);
  EXPECT_EQ(jumped.replay_mismatch, -1);
  EXPECT_EQ(jumped.interventions.size(), 2U);  // in force there, though not passed
  driver.controls().seek_s = 1.5 * 3600;       // back behind the second change, after the first
  (void)settle_at(driver, 1.5 * 3600);
  const Snapshot end = play_to_end(driver, end_s);  // every row compared on the way
  EXPECT_TRUE(driver.error().empty()) << driver.error();
  EXPECT_EQ(end.replay_mismatch, -1);
  EXPECT_EQ(end.sample_time_s.size(), end.recorded_time_s.size());
  ASSERT_EQ(end.interventions.size(), 2U);  // listed once, however often passed
  EXPECT_EQ(end.interventions[0].key, "incentives.publish_fee");
  EXPECT_EQ(end.interventions[0].new_value, "40");
  EXPECT_EQ(end.interventions[1].key, "population[3].price");

  Driver plain(spec_factory(o), std::move(without));
  plain.start();
  const Snapshot differs = play_to_end(plain, end_s);
  EXPECT_GE(differs.replay_mismatch, 0);
  EXPECT_TRUE(differs.interventions.empty());
}

// A file without a seal (a killed run's partial file) is refused unless --unsealed is given.
// The screen's limits (docs/performance.md, "Visualizer"): a frame cap and a nice value for the
// screen's threads, a frame cap on by default (0 turns it off) and a nice value off by default (0).
TEST(Options, ScreenLimits) {
  const std::string q = quickstart_path().string();
  const Options d = parse_options({q});
  EXPECT_EQ(d.max_fps, 40.0);
  EXPECT_EQ(d.screen_nice, 0);
  const Options o = parse_options({q, "--max-fps", "0", "--screen-nice", "10"});
  EXPECT_EQ(o.max_fps, 0.0);
  EXPECT_EQ(o.screen_nice, 10);
  EXPECT_EQ(parse_options({q, "--max-fps", "30.5", "--screen-nice", "19"}).screen_nice, 19);
  EXPECT_THROW((void)parse_options({q, "--max-fps", "-1"}), UsageError);
  EXPECT_THROW((void)parse_options({q, "--max-fps", "fast"}), UsageError);
  EXPECT_THROW((void)parse_options({q, "--screen-nice", "20"}), UsageError);
  EXPECT_THROW((void)parse_options({q, "--screen-nice", "-1"}), UsageError);
}

TEST(Replay, UnsealedFileOnlyWithUnsealed) {
  ScratchDir dir;
  const fs::path file = dir / "run.h5";
  run::RunOptions options;
  options.output = file;
  (void)run::run(scenario::load_file(quickstart_path(), {"duration=1h"}), options);
  io::unseal(file);
  const Options refuse = parse_options({file.string()});
  EXPECT_THROW((void)load_recording(file, refuse.unsealed_mode()), io::UnsealedFileError);
  EXPECT_THROW((void)spec_factory(refuse), io::UnsealedFileError);
  const Options read = parse_options({file.string(), "--unsealed"});
  ASSERT_TRUE(read.unsealed);
  const Recording r = load_recording(file, read.unsealed_mode());
  EXPECT_EQ(r.time_s.size(), 7U);
  Driver driver(spec_factory(read), r);
  driver.start();
  driver.controls().seek_s = 3600.0;
  EXPECT_EQ(settle_at(driver, 3600.0).replay_mismatch, -1);
  EXPECT_THROW((void)parse_options({quickstart_path().string(), "--unsealed"}), UsageError);
}

}  // namespace
}  // namespace coordsim::viz::test
