#pragma once
// A sweep under MPI (mpirun, srun): rank 0 coordinates, every other rank runs what it is handed.
// Runs are handed out one at a time as workers report back, so a slow run never holds up a
// queue of others behind it. Only rank 0 validates, decides what is left to do and writes the
// index; the run files are written by the workers into the shared output folder. The only header
// of coordsim that names MPI; mpi.h itself stays in mpi.cpp.
#include <cstdint>
#include <functional>
#include <vector>

#include "experiment/execute.hpp"
#include "experiment/plan.hpp"

namespace coordsim::experiment::mpi {

/// MPI for the life of the object when the process was started by an MPI launcher (mpirun,
/// mpiexec, srun: detected by their environment variables); otherwise inert, with rank 0 of 1,
/// so the same binary runs stand-alone without initialising MPI.
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }

 private:
  bool initialised_ = false;
  int rank_ = 0;
  int size_ = 1;
};

/// Rank 0: hands out `to_run` (run indices, in that order) to ranks 1..size-1 as they ask, collects
/// the outcomes into `outcomes`, then tells every worker to stop. Stops handing out runs once
/// `options.stop` is set. `on_progress` is called after each hand-out and each result.
void coordinate(const Session& session, const Plan& plan, const std::vector<std::uint64_t>& to_run,
                const ExecOptions& options, std::vector<Outcome>& outcomes,
                const std::function<void(const Tally&)>& on_progress);

/// Ranks 1..size-1: ask for a run, run it, report it, until told to stop.
void work(const Session& session, const Plan& plan, const ExecOptions& options);

}  // namespace coordsim::experiment::mpi
