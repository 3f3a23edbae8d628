#pragma once
// A sweep turned into runs: every point, every run's seed and file, each point validated against
// the scenario loader, and what is already done in the output folder. Every process of a sweep
// (each MPI rank, each shard) builds the same plan from the same file, so a run is named by its
// index alone.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "experiment/design.hpp"
#include "experiment/sweep.hpp"
#include "io/reader.hpp"
#include "scenario/spec.hpp"

namespace coordsim::experiment {

enum class RunStatus : std::uint8_t {
  kPending,     ///< not run (yet): another shard's, or the sweep was stopped first
  kComplete,    ///< its file is complete and was made from this run's scenario
  kIncomplete,  ///< stopped part-way (Ctrl-C), or a file left by a killed run
  kFailed,      ///< the run raised an error (recorded in the index)
  kInvalid,     ///< its point does not make a valid scenario; never run
};
[[nodiscard]] const char* to_string(RunStatus status) noexcept;

struct PlannedRun {
  std::uint64_t index = 0;  ///< position in run order (replication-major)
  std::uint32_t point = 0;
  std::uint32_t replication = 0;
  std::uint64_t seed = 0;
  std::string file;  ///< relative to the output folder: runs/p<point>-r<replication>.h5
};

struct Plan {
  Sweep sweep;
  std::uint64_t sweep_hash = 0;  ///< hash of the resolved base scenario with `set` applied
  std::vector<Point> points;
  std::vector<PlannedRun> runs;  ///< replication-major: all points of replication 0 first
  /// Per point: empty when valid, else why not (filled by validate()).
  std::vector<std::string> point_errors;
  /// Per run: the resolved scenario's hash (filled by validate(); 0 for an invalid point).
  std::vector<std::uint64_t> scenario_hashes;

  /// Every swept key, in the order points list them.
  [[nodiscard]] std::vector<std::string> keys() const;
  /// The overrides of a run: `set`, the point, then its seed.
  [[nodiscard]] std::vector<std::string> overrides(const PlannedRun& run) const;
  /// The run's scenario. @throws scenario::ScenarioError
  [[nodiscard]] scenario::Spec spec(const PlannedRun& run) const;
};

/// Expands the sweep into points and runs. Loads the base scenario with `set` once (for the sweep
/// hash). @throws scenario::ScenarioError when that alone is invalid.
[[nodiscard]] Plan make_plan(Sweep sweep);

/// Loads every run's scenario (all points, all replications) before anything runs; a point whose
/// scenario does not load gets its error in point_errors and its runs are never started.
/// Returns the number of invalid points.
std::size_t validate(Plan& plan);

/// The runs of shard `shard` of `shards` (0-based): every shards-th run, so each shard keeps the
/// replication-major balance.
[[nodiscard]] std::vector<std::uint64_t> shard_runs(const Plan& plan, std::uint32_t shard,
                                                    std::uint32_t shards);

/// What a finished run file says about a planned run.
struct FileState {
  RunStatus status = RunStatus::kPending;  ///< kPending: no file (or one from another scenario)
  std::string note;                        ///< why it is not complete, when it is not
  std::shared_ptr<const io::FileSummary> summary;  ///< what the file holds, when complete
};
[[nodiscard]] FileState file_state(const std::filesystem::path& file, std::uint64_t scenario_hash);

}  // namespace coordsim::experiment
