#pragma once
// DIR/index.h5: one row per run of the sweep (or of one shard) with its parameters, seed,
// status, error, file and the final value of every metric. It is written by the run-file
// recorder (so HDF5 stays inside sim/io) as the table group /runs: one 1-D dataset per column,
// readable in one line with h5py and pandas (docs/experiments.md). Root attributes as in a run
// file; scenario_text holds the sweep file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "experiment/execute.hpp"
#include "experiment/plan.hpp"

namespace coordsim::experiment {

/// The status of every run in `selection`: `invalid` for an invalid point, its outcome where this
/// invocation ran it (or found it complete), else what the run's file in `out_dir` says.
[[nodiscard]] std::vector<Outcome> settle(const Plan& plan,
                                          const std::vector<std::uint64_t>& selection,
                                          const std::vector<Outcome>& outcomes,
                                          const std::filesystem::path& out_dir);

/// Writes the index of `selection` (with `settled` from settle()) to `path`, atomically.
/// @throws io::IoError
void write_index(const std::filesystem::path& path, const Plan& plan,
                 const std::vector<std::uint64_t>& selection, const std::vector<Outcome>& settled,
                 const std::filesystem::path& out_dir, const std::string& coordsim_version);

}  // namespace coordsim::experiment
