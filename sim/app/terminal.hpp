#pragma once
// What `coordsim run` and `coordsim resume` share around a run: Ctrl-C handling, the progress
// line, the summary, and the mapping of every failure to its exit status.
#include <functional>
#include <string>

#include "run/run.hpp"

namespace coordsim::app {

/// Runs `body` with options prepared for a terminal: the first SIGINT asks the run to stop and
/// keep what it recorded (a second one kills), a progress line goes to stderr when it is a
/// terminal and `quiet` is off, and the summary is printed after `header` unless `quiet`.
/// Returns the exit status: 0 finished, 1 stopped early or an I/O error, 2 bad input, 3 an
/// invariant broke. `what` names the command and its file in error messages.
int run_in_terminal(run::RunOptions options, bool quiet, const std::string& what,
                    const std::function<run::RunSummary(const run::RunOptions&)>& body,
                    const std::function<std::string(const run::RunSummary&)>& header = {});

/// `threads` as given on the command line (-1: not given) resolved against the hardware.
[[nodiscard]] int resolve_threads(std::int64_t wanted);

}  // namespace coordsim::app
