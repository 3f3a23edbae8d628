#pragma once
// Executing the runs of a plan: one run as a function (the unit every executor hands out), and a
// local executor that keeps `jobs` runs going in this process. A run has no global state
// (run/run.hpp), so concurrent runs only share the HDF5 library, which Debian builds thread-safe.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "experiment/plan.hpp"

namespace coordsim::experiment {

struct Outcome {
  RunStatus status = RunStatus::kPending;
  std::string error;         ///< why it failed, for kFailed
  double wall_seconds = -1;  ///< of the run itself; negative when it did not run
  /// The file's summary when it has been read already (a run found complete): the index
  /// reads the final metrics from it instead of opening the file again.
  std::shared_ptr<const io::FileSummary> file;
};

struct ExecOptions {
  std::filesystem::path out_dir;
  int threads = 1;  ///< per run
  std::string coordsim_version = "unknown";
  const std::atomic<bool>* stop = nullptr;  ///< set: running runs stop (incomplete), none start
};

/// Runs one planned run into out_dir/run.file, replacing a partial file a killed run left there.
/// Never throws for a bad run: every error is the outcome's.
[[nodiscard]] Outcome execute_run(const Plan& plan, const PlannedRun& run,
                                  const ExecOptions& options);

/// Counts for the progress line.
struct Tally {
  std::uint64_t total = 0;
  std::uint64_t done = 0;  ///< finished this invocation, whatever their status
  std::uint64_t running = 0;
  std::uint64_t failed = 0;
  double elapsed_seconds = 0;
};

/// Runs `to_run` (run indices, in that order) with `jobs` concurrent runs; outcomes[i] is set for
/// each i in to_run. `on_progress` is called (from one thread at a time) whenever a run starts or
/// ends.
void execute_local(const Plan& plan, const std::vector<std::uint64_t>& to_run, int jobs,
                   const ExecOptions& options, std::vector<Outcome>& outcomes,
                   const std::function<void(const Tally&)>& on_progress);

}  // namespace coordsim::experiment
