#pragma once
// A run driven piece by piece by someone watching it (coordsim-viz): the world and the sequential
// kernel of run(), advanced to any time, by one event time or one block, or taken back to an
// earlier time through keyframes.// With LiveOptions::output it records the run file run() would
// write for the same scenario and the same interventions, whatever path the viewer took (steps,
// seeks back and forth: what was recorded is not recorded again). The caller reads the world
// between two calls, on the thread that makes them (the class is not thread-safe).
//
// Promised: the state at time t is the same whatever path led there (straight, in steps, or back
// through a keyframe and forwards again): the keyframes are the checkpoints of run()
// (run/checkpoint.hpp), which resume byte for byte, and the world's results do not depend on
// where barriers fall. Along the same barriers (seek back, then forwards) the state bytes are
// equal too; stepping adds barriers, after which only the interaction graph's union-find is laid
// out differently inside (the same components).
// Not promised: that the samples equal a recorded file's beyond the metrics' own definition;
// the first metric (events) counts the events of this run, as run() does.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kernel/time.hpp"
#include "model/world/world.hpp"
#include "run/intervention.hpp"
#include "scenario/spec.hpp"

namespace coordsim::io {
class Recorder;
}  // namespace coordsim::io

namespace coordsim::run {

namespace detail {
class EventLog;
}  // namespace detail

struct LiveOptions {
  /// Most keyframes held; when full, every other one is dropped and the spacing doubles, so the
  /// memory stays bounded for any run length.
  std::size_t max_keyframes = 32;
  /// Most recent actions kept (a ring): what the visualizer draws as fading edges.
  std::size_t recent_actions = 4096;
  /// Record the run to this HDF5 file (empty: no file). The file is finished when the run
  /// reaches its end, or marked incomplete when the LiveRun goes before that.
  std::filesystem::path output;
  std::string coordsim_version = "unknown";
  /// Files the output may never replace (the scenario and its extends: chain), as for run().
  std::vector<std::filesystem::path> inputs;
  bool force = false;
  /// Changes applied at their times as `coordsim run --interventions` applies them (right after
  /// the sample at their time, before any later event), every time the run passes them: a
  /// steered file's /interventions, so that its replay re-simulates the run it recorded. Unlike
  /// a change made with intervene(), the run can be taken back past them (each keyframe keeps the
  /// scenario of its time). Checked by the constructor (check_interventions).
  std::vector<Intervention> replay;
};

class LiveRun {
 public:
  /// Builds the world and seeds the kernel, and creates the output file if one is asked for.
  /// @throws RunInputError (as run() does), io::PathRefusedError, io::IoError
  explicit LiveRun(scenario::Spec spec, LiveOptions options = {});
  ~LiveRun();
  LiveRun(const LiveRun&) = delete;
  LiveRun& operator=(const LiveRun&) = delete;

  [[nodiscard]] const scenario::Spec& spec() const noexcept { return spec_; }
  [[nodiscard]] const model::world::World& world() const noexcept { return *world_; }
  [[nodiscard]] kernel::SimTime now() const noexcept;
  [[nodiscard]] kernel::SimTime end() const noexcept { return world_->end(); }
  [[nodiscard]] bool finished() const noexcept;
  /// Events processed since time 0 (across seeks: those of the path to now).
  [[nodiscard]] std::uint64_t events() const noexcept;
  /// Seconds per tick.
  [[nodiscard]] double tick_seconds() const noexcept;

  /// Processes every event before `until` (clamped to the end), sampling at every multiple of
  /// output.sample_interval on the way.
  void advance_to(kernel::SimTime until);
  /// Processes the events of the next pending event time (nearly always one event); returns how
  /// many. The kernel runs whole time stamps, so events sharing one go together.
  std::uint64_t step_event();
  /// Advances by one block (the least delay between two actors).
  void step_block();
  /// Goes to time `t`, earlier or later: from the latest keyframe at or before `t` when that is
  /// behind now or ahead of now (a jump), else straight on.
  void seek(kernel::SimTime t);
  /// Adds a keyframe taken elsewhere: a checkpoint blob of this scenario (a recorded file's
  /// /checkpoints), which seek() may jump to. Its scenario is the constructor's with the
  /// LiveOptions::replay changes before `time` applied (those at `time` come after it, as the
  /// recorder writes a checkpoint before applying them).
  /// @throws kernel::ArchiveError if it does not decode.
  void add_keyframe(kernel::SimTime time, std::vector<std::byte> blob);

  /// The samples taken so far: times, and one row of metric values (as doubles) per time, in
  /// model::world::metric_defs() order. Rows skipped by a jump forwards to an added keyframe
  /// hold NaN.
  [[nodiscard]] const std::vector<kernel::SimTime>& sample_times() const noexcept {
    return sample_times_;
  }
  [[nodiscard]] const std::vector<std::vector<double>>& samples() const noexcept {
    return samples_;
  }

  /// The last actions attempted, oldest first is `recent(0)`; `actions_seen()` counts every
  /// action since the last seek backwards, so a reader can tell which ones are new.
  [[nodiscard]] std::size_t recent_count() const noexcept;
  [[nodiscard]] const model::world::ActionRecord& recent(std::size_t i) const noexcept;
  [[nodiscard]] std::uint64_t actions_seen() const noexcept;

  /// Branch from here: continues from the current state under `spec`, the scenario with some
  /// keys edited (incentives, session policy, adversaries: what the world reads from its spec
  /// as it runs). The world is rebuilt from `spec` and loaded from the current state, so what is
  /// a function of the spec (fees, policies, rates) changes and what happened so far does not.
  /// Keyframes before now are dropped: the run cannot be taken back past a branch. The changes
  /// are appended to interventions(). Unchanged on failure.
  /// @throws kernel::ArchiveError if the state does not fit `spec` (another population, say)
  void branch(scenario::Spec spec, const std::vector<Intervention>& changes);
  [[nodiscard]] const std::vector<Intervention>& interventions() const noexcept {
    return interventions_;
  }

  /// Sets knob `key` to `value` (YAML, as --set takes it) at a sample boundary: now if the run
  /// stands on one (just sampled), else right after the next sample, before any later event; a
  /// recording run never changes what it already recorded, so there not before the first sample
  /// time at or after the furthest time reached. Several changes due at one time apply together, in
  /// order. Returns the time it applies at (a change due now has been applied on return).
  /// @throws InterventionError (not a knob, run finished), scenario::ScenarioError (bad value)
  kernel::SimTime intervene(const std::string& key, const std::string& value);
  /// Changes waiting for their sample boundary.
  [[nodiscard]] const std::vector<Intervention>& pending() const noexcept { return pending_; }
  /// Why the last change due could not be applied (the state did not fit); empty if it was.
  [[nodiscard]] const std::string& refused() const noexcept { return refused_; }

  /// Whether a file is being recorded (and not yet finished).
  [[nodiscard]] bool recording() const noexcept { return recorder_ != nullptr; }
  /// Finishes the file: complete if the run reached its end, else marked incomplete, holding
  /// the run up to the furthest time reached. Called by the last sample, and by the destructor.
  void finish_recording();

  [[nodiscard]] std::size_t keyframe_count() const noexcept { return keyframes_.size(); }
  /// The whole simulation state as checkpoint bytes: equal bytes, equal state.
  [[nodiscard]] std::vector<std::byte> state_bytes() const;

 private:
  struct Keyframe {
    kernel::SimTime time;
    std::vector<std::byte> blob;
    scenario::Spec spec;      // the scenario in force at `time` (the blob's hash is its)
    std::size_t replay_next;  // LiveOptions::replay changes applied by then
  };
  class Recent;

  void build();
  void run_to(kernel::SimTime until);
  void sample();
  void keep_keyframe();
  void restore(const Keyframe& k);
  void record_sample(kernel::SimTime at);
  void apply_pending();
  void apply_replay(kernel::SimTime at);
  void list_replayed(std::size_t i, const Intervention& change);
  void rebuild_under(scenario::Spec spec);
  [[nodiscard]] Keyframe keyframe_now() const;
  [[nodiscard]] bool on_sample_boundary() const noexcept;
  [[nodiscard]] kernel::SimTime earliest_change() const noexcept;

  scenario::Spec spec_;
  LiveOptions options_;
  struct State;
  std::unique_ptr<State> state_;
  std::unique_ptr<model::world::World> world_;
  std::unique_ptr<Recent> recent_;
  kernel::SimDuration interval_{1};
  kernel::SimTime next_sample_;
  std::vector<kernel::SimTime> sample_times_;
  std::vector<std::vector<double>> samples_;
  std::vector<Keyframe> keyframes_;
  std::uint64_t keyframe_every_ = 1;  // in samples
  std::vector<Intervention> interventions_;
  std::vector<Intervention> pending_;
  std::string refused_;
  scenario::Spec replay_base_;       // the scenario before any LiveOptions::replay change
  std::size_t replay_next_ = 0;      // LiveOptions::replay changes applied on the current path
  std::vector<bool> replay_listed_;  // per LiveOptions::replay change: in interventions() yet

  // Recording (only with LiveOptions::output).
  std::unique_ptr<io::Recorder> recorder_;
  std::unique_ptr<detail::EventLog> log_;
  std::vector<Intervention> recorded_interventions_;
  kernel::SimTime frontier_;             // every event before it has been recorded
  std::uint64_t recorded_samples_ = 0;   // rows in /metrics
  kernel::SimTime next_checkpoint_;      // as run(): the first sample at or after each multiple
  std::vector<bool> snapshot_recorded_;  // one per output.snapshots entry
};

}  // namespace coordsim::run
