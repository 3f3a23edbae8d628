// `coordsim sweep`: run every point of a sweep file, its replications, in parallel, resumably;
// under mpirun, rank 0 hands the runs out to the other ranks.
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "app/commands.hpp"
#include "experiment/execute.hpp"
#include "experiment/index.hpp"
#include "experiment/plan.hpp"
#include "experiment/sweep.hpp"
#include "io/error.hpp"
#include "scenario/error.hpp"
#ifdef COORDSIM_HAVE_MPI
#include "experiment/mpi/mpi.hpp"
#endif

namespace coordsim::app {

namespace {

namespace ex = experiment;

// The first SIGINT lets running runs stop at their next slice (kept, marked incomplete) and
// starts no more; the index is still written. A second one kills.
std::atomic<bool> g_sweep_stop{false};
extern "C" void on_sweep_sigint(int /*signal*/) {
  g_sweep_stop.store(true);
  std::signal(SIGINT, SIG_DFL);
}

struct Args {
  std::string sweep;
  std::string output;
  int jobs = 0;  // 0: cores / threads
  int threads = 1;
  std::string shard;
  bool quiet = false;
};

struct Shard {
  std::uint32_t index = 0;
  std::uint32_t count = 1;
};

// `I/N` with 0 <= I < N.
Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  std::uint32_t i = 0;
  std::uint32_t n = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no slash");
    std::size_t used_i = 0;
    std::size_t used_n = 0;
    i = static_cast<std::uint32_t>(std::stoul(text.substr(0, slash), &used_i));
    n = static_cast<std::uint32_t>(std::stoul(text.substr(slash + 1), &used_n));
    if (used_i != slash || used_n != text.size() - slash - 1 || n == 0 || i >= n) {
      throw std::invalid_argument("range");
    }
  } catch (const std::logic_error&) {
    throw CLI::ValidationError("--shard", "expected I/N with 0 <= I < N, found `" + text + "`");
  }
  return {i, n};
}

std::string eta_text(const ex::Tally& t) {
  if (t.done == 0) return "?";
  const double per_run = t.elapsed_seconds / static_cast<double>(t.done);
  return fmt::format("{:.0f}s", per_run * static_cast<double>(t.total - t.done));
}

// On a terminal, one line rewritten in place; in a log (Slurm), a line per finished run at most
// every two seconds, and the last one always.
std::function<void(const ex::Tally&)> progress_printer(bool quiet) {
  if (quiet) return {};
  const bool tty = isatty(STDERR_FILENO) != 0;
  auto last = std::make_shared<double>(-1e9);
  return [tty, last](const ex::Tally& t) {
    const std::string line = fmt::format("[{}/{}] running {}, failed {}, eta {}", t.done, t.total,
                                         t.running, t.failed, eta_text(t));
    if (tty) {
      fmt::print(stderr, "\r{:70}", line);
      if (t.done == t.total) fmt::print(stderr, "\n");
    } else if (t.done == t.total || t.elapsed_seconds - *last >= 2.0) {
      *last = t.elapsed_seconds;
      fmt::print(stderr, "{}\n", line);
    }
  };
}

void report_invalid(const ex::Plan& plan) {
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    if (plan.point_errors[p].empty()) continue;
    fmt::print(stderr, "coordsim sweep: point {} ({}) is invalid; its runs are skipped:\n{}\n", p,
               plan.points[p].label(), plan.point_errors[p]);
  }
}

struct Counts {
  std::array<std::uint64_t, 5> by_status{};
  [[nodiscard]] std::uint64_t operator[](ex::RunStatus s) const {
    return by_status[static_cast<std::size_t>(s)];
  }
};

// Writes the index, prints the outcome and returns the exit status.
int finish_sweep(const ex::Plan& plan, const std::vector<std::uint64_t>& selection,
                 const std::vector<ex::Outcome>& outcomes, const std::filesystem::path& dir,
                 const std::filesystem::path& index_path, bool quiet) {
  const auto settled = ex::settle(plan, selection, outcomes, dir);
  ex::write_index(index_path, plan, selection, settled, dir, COORDSIM_VERSION);
  Counts counts;
  std::size_t shown = 0;
  for (std::size_t row = 0; row < settled.size(); ++row) {
    ++counts.by_status[static_cast<std::size_t>(settled[row].status)];
    if (settled[row].status == ex::RunStatus::kFailed && shown++ < 10) {
      const auto& run = plan.runs[selection[row]];
      fmt::print(stderr, "coordsim sweep: run {} (point {}, replication {}) failed: {}\n",
                 run.index, run.point, run.replication, settled[row].error);
    }
  }
  if (!quiet) {
    fmt::print("complete {}, failed {}, incomplete {}, invalid {}, pending {}\nindex: {}\n",
               counts[ex::RunStatus::kComplete], counts[ex::RunStatus::kFailed],
               counts[ex::RunStatus::kIncomplete], counts[ex::RunStatus::kInvalid],
               counts[ex::RunStatus::kPending], index_path.string());
  }
  if (counts[ex::RunStatus::kInvalid] > 0) return kBadInput;
  return counts[ex::RunStatus::kComplete] == settled.size() ? kOk : kFailure;
}

// Where this process stands in an MPI job; rank 0 of 1 without one.
struct Role {
  int rank = 0;
  int size = 1;
#ifdef COORDSIM_HAVE_MPI
  const ex::mpi::Session* session = nullptr;
#endif
};

int run_sweep(const Args& args, const Role& role) {
  const Shard shard = parse_shard(args.shard.empty() ? "0/1" : args.shard);
  ex::Plan plan = ex::make_plan(ex::load_sweep(args.sweep));
  const std::filesystem::path dir = args.output;
  const int threads = std::max(1, args.threads);
  ex::ExecOptions exec{dir, threads, COORDSIM_VERSION, &g_sweep_stop};
#ifdef COORDSIM_HAVE_MPI
  if (role.rank > 0) {
    ex::mpi::work(*role.session, plan, exec);
    return kOk;
  }
#endif
  std::filesystem::create_directories(dir / "runs");
  ex::validate(plan);
  report_invalid(plan);
  const auto selection = ex::shard_runs(plan, shard.index, shard.count);
  // Outcomes of this invocation; runs found complete count as such (settle() need not look at
  // their files again).
  std::vector<ex::Outcome> outcomes(plan.runs.size());
  std::vector<std::uint64_t> to_run;
  std::uint64_t done_before = 0;
  for (const auto i : selection) {
    const auto& run = plan.runs[i];
    if (!plan.point_errors[run.point].empty()) continue;
    if (auto state = ex::file_state(dir / run.file, plan.scenario_hashes[i]);
        state.status == ex::RunStatus::kComplete) {
      outcomes[i].status = ex::RunStatus::kComplete;
      outcomes[i].file = std::move(state.summary);
      ++done_before;
    } else {
      to_run.push_back(i);
    }
  }
  const int jobs =
      args.jobs > 0 ? args.jobs
                    : std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / threads);
  if (!args.quiet) {
    fmt::print("sweep {}: {} runs ({} points x {} replications)", args.sweep, plan.runs.size(),
               plan.points.size(), plan.sweep.replications);
    if (shard.count > 1) {
      fmt::print("; shard {}/{}: {} runs", shard.index, shard.count, selection.size());
    }
    fmt::print("; {} already complete, {} to run ", done_before, to_run.size());
    if (role.size > 1) {
      fmt::print("on {} MPI workers x {} threads\n", role.size - 1, threads);
    } else {
      fmt::print("on {} jobs x {} threads\n", jobs, threads);
    }
    std::fflush(stdout);
  }
  g_sweep_stop.store(false);
  std::signal(SIGINT, on_sweep_sigint);
#ifdef COORDSIM_HAVE_MPI
  if (role.size > 1) {
    ex::mpi::coordinate(*role.session, plan, to_run, exec, outcomes, progress_printer(args.quiet));
  } else {
    ex::execute_local(plan, to_run, jobs, exec, outcomes, progress_printer(args.quiet));
  }
#else
  ex::execute_local(plan, to_run, jobs, exec, outcomes, progress_printer(args.quiet));
#endif
  std::signal(SIGINT, SIG_DFL);
  const auto index_path =
      shard.count > 1 ? dir / fmt::format("index.shard-{}-of-{}.h5", shard.index, shard.count)
                      : dir / "index.h5";
  return finish_sweep(plan, selection, outcomes, dir, index_path, args.quiet);
}

}  // namespace

Action add_sweep_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("sweep", "Run a sweep: many points, replications, in parallel");
  auto args = std::make_shared<Args>();
  cmd->add_option("sweep", args->sweep, "Sweep file (YAML, docs/experiments.md)")->required();
  cmd->add_option("-o,--output", args->output, "Output folder: runs/*.h5 and index.h5")->required();
  cmd->add_option("-j,--jobs", args->jobs,
                  "Runs at a time (default: cores / threads; whole runs in parallel need no "
                  "synchronisation, so they use cores best)")
      ->check(CLI::Range(0, 4096));
  cmd->add_option("--threads", args->threads, "Worker threads per run (default 1)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--shard", args->shard,
                  "Run only slice I of N (0 <= I < N; every N-th run from I), e.g. for a Slurm "
                  "job array; writes index.shard-I-of-N.h5")
      ->type_name("I/N");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress and no summary");
  cmd->footer(
      "Example:\n  coordsim sweep sweeps/fee-split.yaml -o out/fee-split --jobs 2\n"
      "Every point is validated before any run starts; an invalid point is reported and its runs\n"
      "skipped. Run the same command again to finish a stopped sweep: complete runs are kept.\n"
      "Under MPI: mpirun -n K coordsim sweep ... (rank 0 hands out runs, K-1 ranks run them).\n"
      "Exit status: 0 every run complete; 1 some run failed or did not finish; 2 a bad sweep file\n"
      "or an invalid point (the valid points still ran).");
  return [args]() -> int {
#ifdef COORDSIM_HAVE_MPI
    const ex::mpi::Session session;
    const Role role{session.rank(), session.size(), &session};
#else
    const Role role;
#endif
    // Every rank reads the same sweep file and meets the same error: only rank 0 reports it.
    const bool speak = role.rank == 0;
    try {
      return run_sweep(*args, role);
    } catch (const scenario::ScenarioError& e) {
      if (speak) fmt::print(stderr, "{}\n", e.what());
      return kBadInput;
    } catch (const CLI::ValidationError& e) {
      if (speak) fmt::print(stderr, "coordsim sweep: {}\n", e.what());
      return kBadInput;
    } catch (const io::IoError& e) {
      if (speak) fmt::print(stderr, "coordsim sweep: output error: {}\n", e.what());
      return kFailure;
    }
  };
}

}  // namespace coordsim::app
