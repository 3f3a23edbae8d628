#pragma once
// What run() and the recording live run (run/live.hpp) share to write the same run file: the
// file's layout and root attributes, and the filter that hands logged actions to the recorder.
// A live run must write the bytes run() writes, so neither keeps its own copy of these.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "io/recorder.hpp"
#include "kernel/scheduler.hpp"
#include "model/world/invariants.hpp"
#include "model/world/world.hpp"
#include "run/intervention.hpp"
#include "scenario/spec.hpp"

namespace coordsim::run::detail {

/// The metric columns (and event names, when the scenario logs actions) of a run file.
[[nodiscard]] io::RecordingLayout layout_for(const scenario::SpecData& spec);
/// The root attributes of a run of `spec`: the scenario (as resolved), its hash, the seed.
[[nodiscard]] io::RunInfo run_info_for(const scenario::Spec& spec, const std::string& version,
                                       int threads);
/// Start time (UTC), thread count and host: the attributes that may differ between two runs.
[[nodiscard]] io::ExecutionInfo execution_for(int threads);

/// The tables written once at the end of a run: /agents, /sessions, /accounts, /graph,
/// /invariants, and /interventions when knobs were changed. run() and the live run both call
/// this, so their files cannot drift apart.
void write_end_tables(io::Recorder& recorder, const model::world::World& world,
                      const model::world::InvariantChecker& checker, const scenario::SpecData& spec,
                      const std::vector<Intervention>& applied);

/// Whether a run checks the invariants after every event (the scenario asks, or a debug build).
[[nodiscard]] constexpr bool checks_every_event(const scenario::SpecData& spec) noexcept {
#ifdef NDEBUG
  constexpr bool kDebugBuild = false;
#else
  constexpr bool kDebugBuild = true;  // debug builds check every invariant after every event
#endif
  return kDebugBuild || spec.invariants.check == scenario::InvariantCheck::kEveryEvent;
}

/// The world with the invariant checker run after each event (slow: for debugging and tests).
struct CheckedWorld {
  model::world::World* w;
  model::world::InvariantChecker* checker;
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    w->handle(e, s);
    checker->check(*w, s.now(), s.committed() + 1, "after an event");
  }
};

/// Filters the actions the scenario asked to log (output.events kinds and groups) and hands them
/// to the recorder in batches.
class EventLog final : public model::world::ActionSink {
 public:
  EventLog(const scenario::SpecData& spec, const model::world::Population& pop,
           io::Recorder& recorder);
  void on_action(const model::world::ActionRecord& r) override { add(r); }
  void on_actions(std::span<const model::world::ActionRecord> rows) override;
  /// The opening balances, before the first event: one movement from genesis to every balance
  /// that is not zero (the ledger's buckets, the market's reserves, custody and escrow), so that a
  /// replay starts from the file alone. Not filtered: without them no balance can be replayed.
  void open(const model::world::World& w);
  /// Hands the buffered records to the recorder.
  void flush();
  /// After a branch the world, and so the population object, is another one (the same groups).
  void rebind(const model::world::Population& pop) noexcept { pop_ = &pop; }

 private:
  void push(const io::EventRecord& row);
  void add(const model::world::ActionRecord& r);

  /// Rows handed to the recorder at once (moved, not copied: io::Recorder::append_event_batch).
  static constexpr std::size_t kBatch = 16384;
  const model::world::Population* pop_;
  io::Recorder* recorder_;
  std::vector<bool> kinds_;
  std::vector<bool> groups_;
  bool keeps_all_ = false;  // no kind or group filter: every row is kept, none is tested
  std::vector<io::EventRecord> buffer_;
};

}  // namespace coordsim::run::detail
