#pragma once
// Each subcommand of `coordsim` registers itself on the CLI11 app and returns the exit status.
#include <CLI/CLI.hpp>
#include <functional>

namespace coordsim::app {

/// Exit statuses, documented in `coordsim --help` and docs/cli.md.
enum ExitCode : int {
  kOk = 0,
  kFailure = 1,    // anything else: I/O error, internal error
  kBadInput = 2,   // bad usage or bad scenario
  kInvariant = 3,  // an invariant of the model broke during the run
};

using Action = std::function<int()>;

Action add_bench_command(CLI::App& app);
Action add_run_command(CLI::App& app);
Action add_validate_command(CLI::App& app);
Action add_inspect_command(CLI::App& app);
Action add_resume_command(CLI::App& app);
Action add_sweep_command(CLI::App& app);
Action add_report_command(CLI::App& app);
Action add_viz_command(CLI::App& app);
Action add_verify_command(CLI::App& app);

}  // namespace coordsim::app
