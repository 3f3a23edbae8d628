#pragma once
// One run as a library call: a spec in, a recorded HDF5 file and a summary out. No global state,
// so that a sweep can run many in one process. The caller (the `coordsim` command, a test, a
// sweep driver) decides where progress goes and how a stop is requested.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "run/intervention.hpp"
#include "scenario/spec.hpp"

namespace coordsim::run {

/// What a progress callback sees, about twice a second of wall time.
struct Progress {
  double sim_seconds = 0;
  double end_seconds = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0;
};

struct RunOptions {
  std::filesystem::path output;  ///< empty: the scenario's output.path
  int threads = 1;               ///< 1: the sequential kernel; more: parallel windows;
                                 ///< resume() only: negative = the scenario's `threads`
  std::string coordsim_version = "unknown";
  const std::atomic<bool>* stop = nullptr;  ///< set (e.g. by SIGINT): stop, keep what is recorded
  std::function<void(const Progress&)> on_progress;  ///< empty: none
  std::chrono::milliseconds flush_interval{1000};    ///< crash-safety flush period of the recorder
  /// Called after each checkpoint is durable (on disk), with its sequence number and simulated
  /// time. Empty: none. (Checkpoints are taken when the scenario's output.checkpoint_every > 0.)
  std::function<void(std::uint64_t sequence, double sim_seconds)> on_checkpoint;
  /// Files the run reads (the scenario and its `extends:` chain; scenario::scenario_files): the
  /// output may never replace them. network.file, and for resume() the source, are added.
  std::vector<std::filesystem::path> inputs;
  /// Replace an existing regular file at the output even when it is not a coordsim run file.
  bool force = false;
  /// resume() only: read a source that carries no seal (a killed run's partial file, or one of a
  /// coordsim before the seal; io/seal.hpp). libhdf5 then parses it unchecked.
  bool unsealed = false;
  /// Knob changes to apply, each right after the sample at its time (run() only; checked with
  /// check_interventions before anything is written). Recorded as /interventions.
  std::vector<Intervention> interventions;
  std::string interventions_from = "interventions";  ///< names the list in error messages
};

struct RunSummary {
  std::filesystem::path output;
  std::string scenario_name;
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t samples = 0;
  double sim_seconds = 0;
  double wall_seconds = 0;
  bool complete = true;  ///< false: stopped early by `stop`
  std::uint64_t invariant_checks = 0;
  int threads = 1;                  ///< threads actually used
  std::uint64_t checkpoints = 0;    ///< checkpoints written by this call
  bool resumed = false;             ///< continued from a checkpoint (resume())
  double resumed_from_seconds = 0;  ///< simulated time of that checkpoint
  std::vector<std::pair<std::string, std::variant<std::int64_t, double>>> last;  ///< final metrics
  bool replaced = false;           ///< the output replaced an existing regular file
  bool replaced_run_file = false;  ///< ... which was a coordsim run file (else: --force)
};

/// Bad input discovered only when the world is built (e.g. endowments drawn above the supply).
class RunInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file that cannot be resumed: it holds no checkpoint, or its latest checkpoint is damaged,
/// truncated, or was taken under another scenario or checkpoint format.
class CheckpointError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs `spec` to its end (or to a stop request) and writes the output file. With
/// output.checkpoint_every > 0 it stores a checkpoint at the first sample at or after each
/// multiple of that interval.
/// Before any work, refuses an output that would replace an input or anything but a coordsim run
/// file (io::check_output).
/// @throws io::PathRefusedError (exit 2), RunInputError (exit 2),
/// model::ledger::InvariantViolationError (exit 3), io::IoError (exit 1)
RunSummary run(const scenario::Spec& spec, const RunOptions& options);

/// Continues the run recorded in `source` from its latest checkpoint: rebuilds the world from the
/// resolved scenario stored in the file, restores the checkpoint, truncates the recording to it
/// and runs on. The finished file's datasets equal those of the uninterrupted run, for any thread
/// count. `source` may be a finished-but-incomplete file (SIGINT) or a killed run's
/// `.NAME.partial` (resumed in place). The output is options.output, else NAME for a partial
/// `.NAME.partial`, else `source` itself (replaced when the resumed run finishes). An explicit
/// options.output naming `source` is refused, as is any output io::check_output refuses.
/// @throws io::PathRefusedError (exit 2), CheckpointError (exit 2), scenario::ScenarioError (exit
/// 2), io::IoError (exit 1),
///         model::ledger::InvariantViolationError (exit 3)
RunSummary resume(const std::filesystem::path& source, const RunOptions& options);

/// Where resume() writes when options.output is empty.
[[nodiscard]] std::filesystem::path default_resume_output(const std::filesystem::path& source);

/// A one-screen summary for the terminal.
[[nodiscard]] std::string format_summary(const RunSummary& summary);

}  // namespace coordsim::run
