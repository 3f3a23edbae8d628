#include "viz/driver.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>

#include <pthread.h>

#include <fmt/core.h>

#include "model/network/graph.hpp"

namespace coordsim::viz {

using Clock = std::chrono::steady_clock;
using kernel::SimTime;

namespace {

// About one frame at 60 Hz: the simulation publishes no more often than the screen can show.
constexpr auto kPublishEvery = std::chrono::milliseconds(15);
// Work between two looks at the controls when running as fast as it goes.
constexpr double kSliceSeconds = 0.008;

}  // namespace

Driver::Driver(SpecFactory factory, std::optional<Recording> recording, run::LiveOptions live)
    : factory_(std::move(factory)),
      recording_(std::move(recording)),
      live_options_(std::move(live)) {
  if (recording_) live_options_.replay = recording_->interventions;
}

Driver::~Driver() {
  controls_.quit = true;
  if (thread_.joinable()) thread_.join();
}

void Driver::start() {
  live_ = std::make_unique<run::LiveRun>(factory_(std::nullopt, {}), live_options_);
  const auto& graph = live_->world().graph();
  agents_ = live_->world().agent_count();
  edges_.clear();
  for (std::uint32_t v = 0; v < graph.node_count() && v < agents_; ++v) {
    for (const auto u : graph.neighbours(v)) {
      if (v < u && u < agents_) edges_.emplace_back(v, u);
    }
  }
  if (recording_) {
    for (auto& [time, blob] : recording_->checkpoints) live_->add_keyframe(time, std::move(blob));
    recording_->checkpoints.clear();
    controls_.playing = false;  // a replay starts at time 0, paused, with the slider
  }
  publish_now();
  started_ = Clock::now();
  thread_ = std::thread([this] {
    // Named so that a profile (perf, top -H) tells the simulation from the screen.
    pthread_setname_np(pthread_self(), "coordsim-sim");
    loop();
  });
}

std::string Driver::error() const {
  const std::lock_guard lock(error_mutex_);
  return error_;
}

void Driver::loop() {
  try {
    auto last = Clock::now();
    auto last_publish = last;
    auto rate_from = last;
    std::uint64_t rate_events = live_->events();
    bool dirty = false;
    while (!controls_.quit) {
      const auto now = Clock::now();
      const double wall_dt = std::chrono::duration<double>(now - last).count();
      last = now;
      if (controls_.restart.exchange(false)) {
        seed_ = controls_.restart_seed.load();
        message_.clear();
        shown_interventions_ = 0;
        // The old run goes first: a recording one finishes its file (incomplete), which the new
        // run's recording then replaces.
        live_.reset();
        live_ = std::make_unique<run::LiveRun>(factory_(seed_, {}), live_options_);
        replay_checked_ = 0;
        replay_mismatch_ = -1;
        dirty = true;
      }
      const double seek = controls_.seek_s.exchange(-1.0);
      if (seek >= 0) {
        live_->seek(SimTime{static_cast<std::uint64_t>(seek / live_->tick_seconds())});
        dirty = true;
      }
      if (const std::string b = controls_.take_branch(); !b.empty()) {
        branch(b);
        dirty = true;
      }
      for (int n = controls_.step_events.exchange(0); n > 0; --n) (void)live_->step_event();
      for (int n = controls_.step_blocks.exchange(0); n > 0; --n) live_->step_block();
      const bool running = controls_.playing && !live_->finished();
      if (running) {
        play(wall_dt);
        dirty = true;
      }
      events_ = live_->events();
      const auto after = Clock::now();
      if (live_->finished() && !finished_) {
        seconds_to_finish_ = std::chrono::duration<double>(after - started_).count();
        finished_ = true;
      }
      if (after - rate_from > std::chrono::milliseconds(500)) {
        const double dt = std::chrono::duration<double>(after - rate_from).count();
        rate_ = static_cast<double>(live_->events() - std::min(rate_events, live_->events())) / dt;
        rate_from = after;
        rate_events = live_->events();
      }
      // Paused, the snapshot is still refreshed now and then: the inspectors' requests change.
      // Never faster than the screen takes them: a snapshot filled while the previous one is still
      // waiting would be overwritten unseen, its copy (10,000 agents, the recent actions) wasted
      // on a machine whose cores the screen needs (docs/performance.md, "Visualizer").
      const auto due = dirty ? kPublishEvery : std::chrono::milliseconds(100);
      if (controls_.publish && after - last_publish >= due && buffer_.taken()) {
        publish_now();
        last_publish = after;
        dirty = false;
      }
      if (!running) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  } catch (const std::exception& e) {
    const std::lock_guard lock(error_mutex_);
    error_ = e.what();
  }
}

void Driver::play(double wall_dt) {
  const double tick_s = live_->tick_seconds();
  SimTime target = live_->end();
  const double stop_at = controls_.stop_at_s;
  const auto to_time = [&](double s) { return SimTime{static_cast<std::uint64_t>(s / tick_s)}; };
  const double speed = controls_.speed;
  const bool as_fast = speed <= 0;
  if (!as_fast) {
    // At most a tenth of a wall second at a time: a stall (a slow frame, a busy machine) is not
    // caught up in one jump.
    const double dt = std::min(wall_dt, 0.1) * speed;
    target = std::min(target, live_->now() + kernel::SimDuration{std::max<std::int64_t>(
                                                 1, static_cast<std::int64_t>(dt / tick_s))});
  } else {
    target = std::min(target, live_->now() + kernel::SimDuration{static_cast<std::int64_t>(
                                                 std::max<std::uint64_t>(1, chunk_ticks_))});
  }
  const bool stops = stop_at >= 0 && to_time(stop_at) > live_->now();
  if (stops) target = std::min(target, to_time(stop_at));
  const auto t0 = Clock::now();
  live_->advance_to(target);
  if (as_fast) {
    // Adapt the slice so one takes about kSliceSeconds: the controls stay responsive.
    const double took = std::chrono::duration<double>(Clock::now() - t0).count();
    if (took < kSliceSeconds / 2) chunk_ticks_ *= 2;
    if (took > kSliceSeconds * 2 && chunk_ticks_ > 1) chunk_ticks_ /= 2;
  } else {
    std::this_thread::sleep_for(std::chrono::milliseconds(4));
  }
  if (stops && live_->now() >= to_time(stop_at)) controls_.playing = false;
}

// A change the scenario refuses (not a knob, a bad value) leaves the run as it was and says why;
// an accepted one applies at a sample boundary, where coordsim run --interventions applies it.
void Driver::branch(const std::string& override) {
  const auto eq = override.find('=');
  const std::string key = override.substr(0, eq);
  const std::string value = eq == std::string::npos ? std::string() : override.substr(eq + 1);
  try {
    if (eq == std::string::npos) throw std::invalid_argument("expected key=value");
    const SimTime at = live_->intervene(key, value);
    if (live_->pending().empty()) {
      const auto& last = live_->interventions().back();
      message_ = "changed: " + key + " " + last.old_value + " -> " + last.new_value;
    } else {
      message_ = fmt::format("{}={} waits for the sample at t={:.0f} s", key, value,
                             static_cast<double>(at.ticks()) * live_->tick_seconds());
    }
  } catch (const std::exception& e) {
    message_ = std::string("branch refused: ") + e.what();
  }
}

void Driver::check_replay() {
  if (!recording_) return;
  const auto& rows = live_->samples();
  replay_checked_ = std::min(replay_checked_, rows.size());
  for (; replay_checked_ < rows.size() && replay_checked_ < recording_->time_s.size();
       ++replay_checked_) {
    for (std::size_t m = 0; m < recording_->columns.size() && m < rows[replay_checked_].size();
         ++m) {
      const auto& col = recording_->columns[m];
      const double live = rows[replay_checked_][m];
      if (col.empty() || std::isnan(live)) continue;  // a row a jump skipped: nothing to compare
      if (col[replay_checked_] != live && replay_mismatch_ < 0) {
        replay_mismatch_ = static_cast<std::int64_t>(replay_checked_);
      }
    }
  }
}

void Driver::publish_now() {
  Snapshot& s = buffer_.back();
  fill(s, *live_, controls_.request());
  s.serial = ++serial_;
  s.playing = controls_.playing;
  s.speed = controls_.speed;
  s.stop_at_s = controls_.stop_at_s;
  s.events_per_wall_s = rate_;
  s.replay = recording_.has_value();
  // A change that waited for its sample boundary says so once it is applied (or refused).
  if (live_->interventions().size() != shown_interventions_) {
    shown_interventions_ = live_->interventions().size();
    const auto& last = live_->interventions().back();
    if (live_->pending().empty()) {
      message_ = fmt::format("changed at t={:.0f} s: {} {} -> {}",
                             static_cast<double>(last.time.ticks()) * live_->tick_seconds(),
                             last.key, last.old_value, last.new_value);
    }
  }
  if (!live_->refused().empty()) message_ = "branch refused: " + live_->refused();
  s.message = message_;
  s.interventions.clear();
  for (const auto& i : live_->interventions()) {
    s.interventions.push_back(
        InterventionView{static_cast<double>(i.time.ticks()) * live_->tick_seconds(), i.key,
                         i.old_value, i.new_value});
  }
  if (recording_) {
    check_replay();
    s.replay_mismatch = replay_mismatch_;
    if (s.recorded_time_s.size() != recording_->time_s.size()) {
      s.recorded_time_s = recording_->time_s;
      s.recorded = recording_->columns;
    }
  }
  buffer_.publish();
}

}  // namespace coordsim::viz
