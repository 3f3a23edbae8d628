#pragma once
// What a run file says about the run that produced it (the root attributes).
#include <cstdint>
#include <string>

namespace coordsim::io {

/// Version of the file layout described in docs/output-format.md. Bump on any incompatible change.
inline constexpr std::int64_t kFormatVersion = 1;

/// How a run was executed. These are the only root attributes allowed to differ between two runs
/// of the same scenario and seed; they are stored as fixed-width strings/integers so that a
/// different host name does not move any other byte of the file.
struct ExecutionInfo {
  std::string start_time_utc;  ///< ISO 8601, e.g. "2025-01-31T12:00:00Z"; at most 255 bytes
  std::uint32_t threads = 1;
  std::uint32_t ranks = 1;
  std::string host;  ///< at most 255 bytes
};

/// Everything that identifies a run. `format_version` is not here: the library writes its own.
struct RunInfo {
  std::string coordsim_version;
  std::string scenario_name;
  std::string scenario_text;  ///< the fully resolved scenario (YAML), as the run used it
  std::uint64_t seed = 0;
  std::string scenario_hash;  ///< chosen by the caller (e.g. hex xxh3 of scenario_text)
  double tick_seconds = 1.0;  ///< length of one simulated tick in seconds
  ExecutionInfo execution;
};

}  // namespace coordsim::io
