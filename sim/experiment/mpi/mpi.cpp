#include "experiment/mpi/mpi.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <thread>

namespace coordsim::experiment::mpi {

namespace {

enum Tag : int { kResult = 1, kWork = 2, kStop = 3 };

// A worker's message: the run it finished (kNoRun in its first message, which only asks for
// work), its status, its wall time and the error text.
constexpr std::uint64_t kNoRun = std::numeric_limits<std::uint64_t>::max();
constexpr std::size_t kHeader = sizeof(std::uint64_t) + sizeof(double) + 1;

std::vector<char> encode(std::uint64_t run, const Outcome& o) {
  std::vector<char> bytes(kHeader + o.error.size());
  std::memcpy(bytes.data(), &run, sizeof run);
  std::memcpy(bytes.data() + sizeof run, &o.wall_seconds, sizeof o.wall_seconds);
  bytes[kHeader - 1] = static_cast<char>(o.status);
  std::memcpy(bytes.data() + kHeader, o.error.data(), o.error.size());
  return bytes;
}

std::pair<std::uint64_t, Outcome> decode(const std::vector<char>& bytes) {
  std::uint64_t run = kNoRun;
  Outcome o;
  if (bytes.size() < kHeader) return {kNoRun, o};
  std::memcpy(&run, bytes.data(), sizeof run);
  std::memcpy(&o.wall_seconds, bytes.data() + sizeof run, sizeof o.wall_seconds);
  o.status = static_cast<RunStatus>(bytes[kHeader - 1]);
  o.error.assign(bytes.data() + kHeader, bytes.size() - kHeader);
  return {run, o};
}

void send(const std::vector<char>& bytes, int to, int tag) {
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_CHAR, to, tag, MPI_COMM_WORLD);
}

// Receives the next message. Polls with a short sleep instead of blocking: Open MPI's blocking
// receive spins a core, and the coordinator (or a worker waiting for it) shares a node with
// workers that need that core.
std::vector<char> receive(int from, int tag, MPI_Status& status) {
  for (int ready = 0; ready == 0;) {
    MPI_Iprobe(from, tag, MPI_COMM_WORLD, &ready, &status);
    if (ready == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  int count = 0;
  MPI_Get_count(&status, MPI_CHAR, &count);
  std::vector<char> bytes(static_cast<std::size_t>(count));
  MPI_Recv(bytes.data(), count, MPI_CHAR, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return bytes;
}

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(var) != nullptr) return true;
  }
  return false;
}

}  // namespace

Session::Session() {
  if (!launched_by_mpi()) return;
  int provided = 0;
  // Runs use threads of their own (--threads), but only this thread calls MPI.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  initialised_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  if (initialised_) MPI_Finalize();
}

void coordinate(const Session& session, const Plan& plan, const std::vector<std::uint64_t>& to_run,
                const ExecOptions& options, std::vector<Outcome>& outcomes,
                const std::function<void(const Tally&)>& on_progress) {
  const auto start = std::chrono::steady_clock::now();
  Tally tally;
  tally.total = to_run.size();
  std::size_t next = 0;
  int active = session.size() - 1;  // workers not yet told to stop
  while (active > 0) {
    MPI_Status status;
    const auto [run, outcome] = decode(receive(MPI_ANY_SOURCE, kResult, status));
    if (run != kNoRun && run < plan.runs.size()) {
      --tally.running;
      ++tally.done;
      if (outcome.status == RunStatus::kFailed) ++tally.failed;
      outcomes[run] = outcome;
    }
    const bool stop = options.stop != nullptr && options.stop->load();
    if (next < to_run.size() && !stop) {
      const std::uint64_t index = to_run[next++];
      std::vector<char> bytes(sizeof index);
      std::memcpy(bytes.data(), &index, sizeof index);
      send(bytes, status.MPI_SOURCE, kWork);
      ++tally.running;
    } else {
      send({}, status.MPI_SOURCE, kStop);
      --active;
    }
    tally.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (on_progress) on_progress(tally);
  }
}

void work(const Session& /*session*/, const Plan& plan, const ExecOptions& options) {
  send(encode(kNoRun, Outcome{}), 0, kResult);
  for (;;) {
    MPI_Status status;
    const auto bytes = receive(0, MPI_ANY_TAG, status);
    if (status.MPI_TAG != kWork || bytes.size() != sizeof(std::uint64_t)) return;
    std::uint64_t index = 0;
    std::memcpy(&index, bytes.data(), sizeof index);
    const Outcome outcome = execute_run(plan, plan.runs.at(index), options);
    send(encode(index, outcome), 0, kResult);
  }
}

}  // namespace coordsim::experiment::mpi
