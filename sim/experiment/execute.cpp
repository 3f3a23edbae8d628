#include "experiment/execute.hpp"

#include <chrono>
#include <mutex>
#include <thread>

#include "run/run.hpp"

namespace coordsim::experiment {

Outcome execute_run(const Plan& plan, const PlannedRun& run, const ExecOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  Outcome out;
  try {
    const auto file = options.out_dir / run.file;
    // A killed run leaves `.NAME.partial` beside its target; the recorder refuses to overwrite
    // one, and in a sweep's own folder it can only be an earlier attempt at this very run.
    std::filesystem::remove(file.parent_path() / ("." + file.filename().string() + ".partial"));
    run::RunOptions ro;
    ro.output = file;
    ro.threads = options.threads;
    ro.coordsim_version = options.coordsim_version;
    ro.stop = options.stop;
    const run::RunSummary summary = run::run(plan.spec(run), ro);
    out.status = summary.complete ? RunStatus::kComplete : RunStatus::kIncomplete;
  } catch (const std::exception& e) {
    out.status = RunStatus::kFailed;
    out.error = e.what();
  }
  out.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

void execute_local(const Plan& plan, const std::vector<std::uint64_t>& to_run, int jobs,
                   const ExecOptions& options, std::vector<Outcome>& outcomes,
                   const std::function<void(const Tally&)>& on_progress) {
  const auto start = std::chrono::steady_clock::now();
  std::mutex mutex;  // guards next, tally and on_progress
  std::size_t next = 0;
  Tally tally;
  tally.total = to_run.size();
  const auto report = [&] {
    tally.elapsed_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (on_progress) on_progress(tally);
  };
  const auto worker = [&] {
    for (;;) {
      std::uint64_t index = 0;
      {
        const std::lock_guard lock(mutex);
        if (next == to_run.size() || (options.stop != nullptr && options.stop->load())) return;
        index = to_run[next++];
        ++tally.running;
        report();
      }
      Outcome outcome = execute_run(plan, plan.runs[index], options);
      const std::lock_guard lock(mutex);
      --tally.running;
      ++tally.done;
      if (outcome.status == RunStatus::kFailed) ++tally.failed;
      outcomes[index] = std::move(outcome);
      report();
    }
  };
  std::vector<std::jthread> pool;
  const auto n = static_cast<std::size_t>(std::max(1, jobs));
  for (std::size_t i = 1; i < std::min(n, to_run.size()); ++i) pool.emplace_back(worker);
  worker();
}

}  // namespace coordsim::experiment
