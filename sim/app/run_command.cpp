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
#include "scenario/load.hpp"

namespace coordsim::app {

namespace {

// SIGINT asks the run to stop at the next slice and keep what it recorded (marked incomplete).
// A second SIGINT falls back to the default action, so a stuck run can still be killed.
std::atomic<bool> g_stop{false};
extern "C" void on_sigint(int /*signal*/) {
  g_stop.store(true);
  std::signal(SIGINT, SIG_DFL);
}

std::string clock_text(double seconds) {
  const auto s = static_cast<long long>(seconds);
  return fmt::format("{}d{:02}h{:02}m{:02}s", s / 86400, (s / 3600) % 24, (s / 60) % 60, s % 60);
}

}  // namespace

Action add_run_command(CLI::App& app) {
  auto* run = app.add_subcommand("run", "Run a scenario and record it to HDF5");
  struct Args {
    std::string scenario;
    std::string output;
    std::vector<std::string> sets;
    std::string checkpoint_every;
    std::uint64_t seed = 0;
    bool quiet = false;
    int threads = -1;  // -1: the scenario's `threads`
  };
  auto args = std::make_shared<Args>();
  run->add_option("scenario", args->scenario, "Scenario file (YAML)")->required();
  run->add_option("-o,--output", args->output, "Output file (default: the scenario's output.path)");
  auto* seed = run->add_option("--seed", args->seed, "Override the scenario's seed");
  run->add_option("--set", args->sets, "Override a key, e.g. --set population[1].count=500 (repeatable)");
  run->add_option("--checkpoint-every", args->checkpoint_every,
                  "Store a resumable checkpoint at the first sample at or after every multiple of "
                  "DURATION (e.g. 1h); same as --set output.checkpoint_every=DURATION. Resume with "
                  "`coordsim resume`.")
      ->type_name("DURATION");
  run->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
  run->add_option("--threads", args->threads,
                  "Worker threads (0 = all cores; default: the scenario's `threads`). Results are "
                  "byte-identical for any thread count; 1 uses the plain sequential kernel.")
      ->check(CLI::Range(0, 1024));
  run->footer(
      "Example:\n  coordsim run scenarios/quickstart.yaml -o out/quickstart.h5 --set seed=7\n"
      "The run writes to a temporary name beside the output and renames it when done; Ctrl-C stops\n"
      "cleanly and keeps what was recorded, marked incomplete (see `coordsim inspect`). With\n"
      "--checkpoint-every, a stopped or killed run continues with `coordsim resume`.");
  return [args, seed]() -> int {
    std::vector<std::string> overrides = args->sets;
    if (seed->count() > 0) overrides.push_back(fmt::format("seed={}", args->seed));
    if (!args->checkpoint_every.empty()) overrides.push_back("output.checkpoint_every=" + args->checkpoint_every);
    try {
      const scenario::Spec spec = scenario::load_file(args->scenario, overrides);
      run::RunOptions options;
      options.output = args->output;
      const auto wanted = args->threads >= 0 ? static_cast<std::int64_t>(args->threads) : spec->threads;
      options.threads = wanted == 0 ? static_cast<int>(std::max(1U, std::thread::hardware_concurrency()))
                                    : static_cast<int>(wanted);
      options.coordsim_version = COORDSIM_VERSION;
      options.stop = &g_stop;
      const bool show_progress = !args->quiet && isatty(STDERR_FILENO) != 0;
      if (show_progress) {
        options.on_progress = [](const run::Progress& p) {
          const double done = p.end_seconds > 0 ? p.sim_seconds / p.end_seconds : 1.0;
          const double eta = done > 0 ? p.wall_seconds * (1.0 - done) / done : 0.0;
          fmt::print(stderr, "\r[{:3.0f}%] sim {} / {}  events {}  {:.2f} M/s  eta {:.0f}s   ", done * 100.0,
                     clock_text(p.sim_seconds), clock_text(p.end_seconds), p.events,
                     p.wall_seconds > 0 ? static_cast<double>(p.events) / p.wall_seconds / 1e6 : 0.0, eta);
        };
      }
      std::signal(SIGINT, on_sigint);
      const run::RunSummary summary = run::run(spec, options);
      std::signal(SIGINT, SIG_DFL);
      if (show_progress) fmt::print(stderr, "\r{:80}\r", "");
      if (!args->quiet) fmt::print("{}", run::format_summary(summary));
      return summary.complete ? kOk : kFailure;
    } catch (const scenario::ScenarioError& e) {
      fmt::print(stderr, "{}\n", e.what());
      return kBadInput;
    } catch (const run::RunInputError& e) {
      fmt::print(stderr, "coordsim: {}\n", e.what());
      return kBadInput;
    } catch (const model::ledger::InvariantViolationError& e) {
      fmt::print(stderr, "\ncoordsim: INVARIANT BROKEN, run stopped\n{}\n", e.what());
      return kInvariant;
    } catch (const io::IoError& e) {
      fmt::print(stderr, "\ncoordsim: output error: {}\n", e.what());
      return kFailure;
    }
  };
}

}  // namespace coordsim::app
