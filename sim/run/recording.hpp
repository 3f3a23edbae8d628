#pragma once
// What run() and the recording live run (run/live.hpp) share to write the same run file: the
// file's layout and root attributes, and the filter that hands logged actions to the recorder.
// A live run must write the bytes run() writes, so neither keeps its own copy of these.
#include <cstdint>
#include <string>
#include <vector>

#include "io/recorder.hpp"
#include "model/world/world.hpp"
#include "scenario/spec.hpp"

namespace coordsim::run::detail {

/// The metric columns (and event names, when the scenario logs actions) of a run file.
[[nodiscard]] io::RecordingLayout layout_for(const scenario::SpecData& spec);
/// The root attributes of a run of `spec`: the scenario (as resolved), its hash, the seed.
[[nodiscard]] io::RunInfo run_info_for(const scenario::Spec& spec, const std::string& version,
                                       int threads);
/// Start time (UTC), thread count and host: the attributes that may differ between two runs.
[[nodiscard]] io::ExecutionInfo execution_for(int threads);

/// Filters the actions the scenario asked to log (output.events kinds and groups) and hands them
/// to the recorder in batches.
class EventLog final : public model::world::ActionSink {
 public:
  EventLog(const scenario::SpecData& spec, const model::world::Population& pop,
           io::Recorder& recorder);
  void on_action(const model::world::ActionRecord& r) override;
  /// Hands the buffered records to the recorder.
  void flush();
  /// After a branch the world, and so the population object, is another one (the same groups).
  void rebind(const model::world::Population& pop) noexcept { pop_ = &pop; }

 private:
  static constexpr std::size_t kBatch = 8192;
  const model::world::Population* pop_;
  io::Recorder* recorder_;
  std::vector<bool> kinds_;
  std::vector<bool> groups_;
  std::vector<io::EventRecord> buffer_;
};

}  // namespace coordsim::run::detail
