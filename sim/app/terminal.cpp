#include "app/terminal.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <thread>

#include "app/commands.hpp"
#include "io/error.hpp"
#include "io/output_path.hpp"
#include "model/ledger/invariant.hpp"
#include "scenario/error.hpp"

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

void print_progress(const run::Progress& p) {
  const double done = p.end_seconds > 0 ? p.sim_seconds / p.end_seconds : 1.0;
  const double eta = done > 0 ? p.wall_seconds * (1.0 - done) / done : 0.0;
  fmt::print(stderr, "\r[{:3.0f}%] sim {} / {}  events {}  {:.2f} M/s  eta {:.0f}s   ",
             done * 100.0, clock_text(p.sim_seconds), clock_text(p.end_seconds), p.events,
             p.wall_seconds > 0 ? static_cast<double>(p.events) / p.wall_seconds / 1e6 : 0.0, eta);
}

}  // namespace

int resolve_threads(std::int64_t wanted) {
  if (wanted < 0) return -1;
  if (wanted == 0) return static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  return static_cast<int>(wanted);
}

int run_in_terminal(run::RunOptions options, bool quiet, const std::string& what,
                    const std::function<run::RunSummary(const run::RunOptions&)>& body,
                    const std::function<std::string(const run::RunSummary&)>& header) {
  const bool show_progress = !quiet && isatty(STDERR_FILENO) != 0;
  if (show_progress) options.on_progress = print_progress;
  g_stop.store(false);
  options.stop = &g_stop;
  try {
    std::signal(SIGINT, on_sigint);
    const run::RunSummary summary = body(options);
    std::signal(SIGINT, SIG_DFL);
    if (show_progress) fmt::print(stderr, "\r{:80}\r", "");
    if (!quiet) {
      if (header) fmt::print("{}", header(summary));
      fmt::print("{}", run::format_summary(summary));
    }
    return summary.complete ? kOk : kFailure;
  } catch (const scenario::ScenarioError& e) {
    fmt::print(stderr, "{}\n", e.what());
    return kBadInput;
  } catch (const run::CheckpointError& e) {
    fmt::print(stderr, "coordsim: {}: {}\n", what, e.what());
    return kBadInput;
  } catch (const run::InterventionError& e) {
    fmt::print(stderr, "coordsim: {}: {}\n", what, e.what());
    return kBadInput;
  } catch (const run::RunInputError& e) {
    fmt::print(stderr, "coordsim: {}\n", e.what());
    return kBadInput;
  } catch (const io::PathRefusedError& e) {
    fmt::print(stderr, "coordsim: {}: refused: {}\n", what, e.what());
    return kBadInput;
  } catch (const io::ForeignFileError& e) {
    fmt::print(stderr, "coordsim: {}: {}\n", what, e.what());
    return kBadInput;
  } catch (const model::ledger::InvariantViolationError& e) {
    fmt::print(stderr, "\ncoordsim: INVARIANT BROKEN, run stopped\n{}\n", e.what());
    return kInvariant;
  } catch (const io::IoError& e) {
    fmt::print(stderr, "\ncoordsim: {}: output error: {}\n", what, e.what());
    return kFailure;
  }
}

}  // namespace coordsim::app
