#pragma once
// The simulation thread of coordsim-viz: it owns the live run, obeys the controls and publishes
// snapshots. The screen talks to it only through Controls (atomics, and one short lock around
// the request) and the triple buffer; the simulation never waits for the screen.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "run/live.hpp"
#include "viz/snapshot.hpp"

namespace coordsim::viz {

struct Controls {
  std::atomic<bool> playing{true};
  std::atomic<double> speed{600.0};     // simulated seconds per wall second; 0: as fast as it goes
  std::atomic<double> stop_at_s{-1.0};  // pause on reaching this simulated time; negative: never
  std::atomic<int> step_events{0};      // pending single-event steps
  std::atomic<int> step_blocks{0};      // pending one-block steps
  std::atomic<double> seek_s{-1.0};     // go to this time (forwards or back); negative: none
  std::atomic<bool> restart{false};     // start again with restart_seed
  std::atomic<std::uint64_t> restart_seed{0};
  std::atomic<bool> publish{true};  // false: publish nothing (to measure what watching costs)
  std::atomic<bool> quit{false};

  /// Asks for a knob change `key=value` (run::LiveRun::intervene: it applies at the next sample
  /// boundary, or now if the run stands on one).
  void request_branch(std::string override) {
    const std::lock_guard lock(request_mutex_);
    branch_ = std::move(override);
  }
  [[nodiscard]] std::string take_branch() {
    const std::lock_guard lock(request_mutex_);
    return std::exchange(branch_, std::string());
  }

  void set_request(const Request& r) {
    const std::lock_guard lock(request_mutex_);
    request_ = r;
  }
  [[nodiscard]] Request request() {
    const std::lock_guard lock(request_mutex_);
    return request_;
  }

 private:
  std::mutex request_mutex_;
  Request request_;
  std::string branch_;
};

/// A recorded run opened for replay: its metrics, its checkpoints (keyframes) and its knob
/// changes, which the replay applies at their times (run::LiveOptions::replay).
struct Recording {
  std::vector<double> time_s;
  std::vector<std::vector<double>> columns;  // in metric_defs() order; empty if a name is missing
  std::vector<std::pair<kernel::SimTime, std::vector<std::byte>>> checkpoints;
  std::vector<run::Intervention> interventions;
};

class Driver {
 public:
  /// Makes the spec to run: the scenario with the user's overrides, then `extra` (branches), and
  /// a new seed on restart. @throws scenario::ScenarioError
  using SpecFactory = std::function<scenario::Spec(std::optional<std::uint64_t> seed,
                                                   const std::vector<std::string>& extra)>;

  /// `live` is how each run is made (with `output` set, the live run records its file). A
  /// replay's runs apply the recording's knob changes (they replace `live.replay`).
  Driver(SpecFactory factory, std::optional<Recording> recording, run::LiveOptions live = {});
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  /// Builds the first run on the calling thread (so a bad scenario fails here, with its typed
  /// error) and starts the simulation thread.
  void start();
  [[nodiscard]] Controls& controls() noexcept { return controls_; }
  [[nodiscard]] TripleBuffer& buffer() noexcept { return buffer_; }
  /// The network the layout is computed from, copied before the thread starts: agent count and
  /// undirected edges.
  [[nodiscard]] std::uint32_t agents() const noexcept { return agents_; }
  [[nodiscard]] const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges() const noexcept {
    return edges_;
  }
  /// Empty while the thread runs well; the message of what stopped it otherwise.
  [[nodiscard]] std::string error() const;
  /// Events processed by the simulation thread in all (for measurements).
  [[nodiscard]] std::uint64_t events() const noexcept { return events_.load(); }
  /// Whether the run reached its end, and the wall seconds from start() until it did.
  [[nodiscard]] bool finished() const noexcept { return finished_.load(); }
  [[nodiscard]] double seconds_to_finish() const noexcept { return seconds_to_finish_.load(); }

 private:
  void loop();
  void play(double wall_dt);
  void publish_now();
  void check_replay();
  void branch(const std::string& override);

  SpecFactory factory_;
  std::optional<Recording> recording_;
  run::LiveOptions live_options_;
  std::unique_ptr<run::LiveRun> live_;
  Controls controls_;
  TripleBuffer buffer_;
  std::thread thread_;
  std::uint32_t agents_ = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges_;
  std::atomic<std::uint64_t> events_{0};
  std::atomic<bool> finished_{false};
  std::atomic<double> seconds_to_finish_{0};
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex error_mutex_;
  std::string error_;
  std::uint64_t serial_ = 0;
  std::uint64_t chunk_ticks_ = 1;  // work per slice when running as fast as it goes
  double rate_ = 0;                // events per wall second, smoothed
  std::size_t replay_checked_ = 0;
  std::int64_t replay_mismatch_ = -1;
  std::optional<std::uint64_t> seed_;  // the restart seed in force
  std::string message_;                // the last knob change's outcome, for the status line
  std::size_t shown_interventions_ = 0;
};

/// The value of `key` in a resolved scenario's canonical YAML (run/intervention.hpp).
using run::resolved_value;

}  // namespace coordsim::viz
