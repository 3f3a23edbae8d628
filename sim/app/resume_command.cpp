// `coordsim resume`: continue a stopped or killed run from its latest checkpoint.
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "app/commands.hpp"
#include "io/error.hpp"
#include "model/ledger/invariant.hpp"
#include "run/run.hpp"
#include "scenario/error.hpp"

namespace coordsim::app {

namespace {

// As in `coordsim run`: the first SIGINT stops cleanly (the file keeps its checkpoints and can be
// resumed again), a second one falls back to the default action.
std::atomic<bool> g_resume_stop{false};
extern "C" void on_resume_sigint(int /*signal*/) {
  g_resume_stop.store(true);
  std::signal(SIGINT, SIG_DFL);
}

constexpr const char* kResumeFooter = R"(Continues the run recorded in RUN.h5 from its latest checkpoint (written by
`coordsim run --checkpoint-every DURATION`). The world is rebuilt from the resolved scenario stored
in the file, the checkpoint is restored, everything recorded after it is truncated, and the run
goes on to its end. The finished file's datasets are byte-identical to those of the uninterrupted
run, whatever the thread count of either.

RUN.h5 may be a file stopped with Ctrl-C (complete: NO) or a killed run's temporary file
(.NAME.partial, resumed in place and renamed to NAME when done). Without -o the output replaces
RUN.h5 (or is NAME for a .NAME.partial).

Exit status: 0 the run finished; 1 an I/O error, or stopped again by Ctrl-C; 2 the file is missing,
not a coordsim run file, holds no checkpoint, or its checkpoint is damaged or was taken under
another scenario; 3 an invariant broke.

Examples:
  coordsim run scenarios/base.yaml -o out/base.h5 --checkpoint-every 1h   # killed halfway...
  coordsim resume out/.base.h5.partial                                    # ...finishes out/base.h5
  coordsim resume out/base.h5 -o out/base-resumed.h5 --threads 4

Docs: docs/cli.md (coordsim resume), docs/output-format.md (Checkpoints))";

}  // namespace

Action add_resume_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("resume", "Continue a stopped or killed run from its latest checkpoint");
  struct Args {
    std::string file;
    std::string output;
    bool quiet = false;
    int threads = -1;  // -1: the scenario's `threads`
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("file", args->file, "Run file with checkpoints (RUN.h5 or .RUN.h5.partial)")->required();
  cmd->add_option("-o,--output", args->output, "Output file (default: the run's own file)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
  cmd->add_option("--threads", args->threads,
                  "Worker threads (0 = all cores; default: the scenario's `threads`). Need not match "
                  "the interrupted run's: results do not depend on it.")
      ->check(CLI::Range(0, 1024));
  cmd->footer(kResumeFooter);
  return [args]() -> int {
    try {
      run::RunOptions options;
      options.output = args->output;
      // The scenario's own `threads` is only known once the file is read: resume() reads it, so
      // -1 is resolved here from the hardware only when asked for 0.
      const int wanted = args->threads;
      options.threads = wanted == 0 ? static_cast<int>(std::max(1U, std::thread::hardware_concurrency()))
                                    : wanted;
      options.coordsim_version = COORDSIM_VERSION;
      options.stop = &g_resume_stop;
      const bool show_progress = !args->quiet && isatty(STDERR_FILENO) != 0;
      if (show_progress) {
        options.on_progress = [](const run::Progress& p) {
          const double done = p.end_seconds > 0 ? p.sim_seconds / p.end_seconds : 1.0;
          fmt::print(stderr, "\r[{:3.0f}%] sim {:.0f}s / {:.0f}s  events {}   ", done * 100.0, p.sim_seconds,
                     p.end_seconds, p.events);
        };
      }
      std::signal(SIGINT, on_resume_sigint);
      const run::RunSummary summary = run::resume(args->file, options);
      std::signal(SIGINT, SIG_DFL);
      if (show_progress) fmt::print(stderr, "\r{:80}\r", "");
      if (!args->quiet) {
        fmt::print("resumed {} from its checkpoint at t={:.0f}s\n", args->file, summary.resumed_from_seconds);
        fmt::print("{}", run::format_summary(summary));
      }
      return summary.complete ? kOk : kFailure;
    } catch (const run::CheckpointError& e) {
      fmt::print(stderr, "coordsim: cannot resume: {}\n", e.what());
      return kBadInput;
    } catch (const scenario::ScenarioError& e) {
      fmt::print(stderr, "coordsim: cannot resume {}: the scenario stored in it does not load:\n{}\n", args->file, e.what());
      return kBadInput;
    } catch (const run::RunInputError& e) {
      fmt::print(stderr, "coordsim: {}\n", e.what());
      return kBadInput;
    } catch (const io::ForeignFileError& e) {
      fmt::print(stderr, "coordsim: cannot resume: {}\n", e.what());
      return kBadInput;
    } catch (const model::ledger::InvariantViolationError& e) {
      fmt::print(stderr, "\ncoordsim: INVARIANT BROKEN, run stopped\n{}\n", e.what());
      return kInvariant;
    } catch (const io::IoError& e) {
      // A path that does not exist is bad usage; anything else (unreadable, disk full) is I/O.
      std::error_code ec;
      const bool missing = !std::filesystem::exists(args->file, ec);
      fmt::print(stderr, "\ncoordsim: {}: {}\n", missing ? "cannot resume" : "output error", e.what());
      return missing ? kBadInput : kFailure;
    }
  };
}

}  // namespace coordsim::app
