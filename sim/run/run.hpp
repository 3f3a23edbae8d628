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
  std::filesystem::path output;               ///< empty: the scenario's output.path
  int threads = 1;                            ///< 1: the sequential kernel; more: parallel windows
  std::string coordsim_version = "unknown";
  const std::atomic<bool>* stop = nullptr;    ///< set (e.g. by SIGINT): stop, keep what is recorded
  std::function<void(const Progress&)> on_progress;  ///< empty: none
  std::chrono::milliseconds flush_interval{1000};    ///< crash-safety flush period of the recorder
};

struct RunSummary {
  std::filesystem::path output;
  std::string scenario_name;
  std::uint64_t seed = 0;
  std::uint64_t events = 0;
  std::uint64_t samples = 0;
  double sim_seconds = 0;
  double wall_seconds = 0;
  bool complete = true;                       ///< false: stopped early by `stop`
  std::uint64_t invariant_checks = 0;
  int threads = 1;                            ///< threads actually used
  std::vector<std::pair<std::string, std::variant<std::int64_t, double>>> last;  ///< final metrics
};

/// Bad input discovered only when the world is built (e.g. endowments drawn above the supply).
class RunInputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs `spec` to its end (or to a stop request) and writes the output file.
/// @throws RunInputError (exit 2), model::ledger::InvariantViolationError (exit 3), io::IoError (exit 1)
RunSummary run(const scenario::Spec& spec, const RunOptions& options);

/// A one-screen summary for the terminal.
[[nodiscard]] std::string format_summary(const RunSummary& summary);

}  // namespace coordsim::run
