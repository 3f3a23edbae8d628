// `coordsim resume`: continue a stopped or killed run from its latest checkpoint.
#include <fmt/core.h>

#include <filesystem>

#include "app/commands.hpp"
#include "app/terminal.hpp"
#include "run/run.hpp"

namespace coordsim::app {

namespace {

constexpr const char* kResumeFooter =
    R"(Continues the run recorded in RUN.h5 from its latest checkpoint (written by
`coordsim run --checkpoint-every DURATION`). The world is rebuilt from the resolved scenario stored
in the file, the checkpoint is restored, everything recorded after it is truncated, and the run
goes on to its end. The finished file's datasets are byte-identical to those of the uninterrupted
run, whatever the thread count of either. A steered run (knob changes in /interventions, from
`coordsim run --interventions` or `coordsim-viz -o`) resumes with the changes before its checkpoint
in force and applies the later ones at their times.

RUN.h5 may be a file stopped with Ctrl-C (complete: NO) or a killed run's temporary file
(.NAME.partial, resumed in place and renamed to NAME when done; it carries no seal, so it needs
--unsealed). Without -o the output replaces
RUN.h5 (or is NAME for a .NAME.partial). -o never names RUN.h5 itself, an input of the run, or
anything but a regular file; an existing file is replaced only if it is a coordsim run file (or with
--force).

Exit status: 0 the run finished; 1 an I/O error, or stopped again by Ctrl-C; 2 the file is missing,
not a regular coordsim run file, holds no checkpoint, or its checkpoint is damaged or was taken
under another scenario, or the output path is refused; 3 an invariant broke.

Examples:
  coordsim run scenarios/base.yaml -o out/base.h5 --checkpoint-every 1h   # killed halfway...
  coordsim resume out/.base.h5.partial --unsealed                         # ...finishes out/base.h5
  coordsim resume out/base.h5 -o out/base-resumed.h5 --threads 4

Docs: docs/cli.md (coordsim resume), docs/output-format.md (Checkpoints))";

}  // namespace

Action add_resume_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("resume", "Continue a stopped or killed run from its latest checkpoint");
  struct Args {
    std::string file;
    std::string output;
    bool quiet = false;
    bool force = false;
    bool unsealed = false;
    int threads = -1;  // -1: the scenario's `threads`
  };
  auto args = std::make_shared<Args>();
  cmd->add_option("file", args->file, "Run file with checkpoints (RUN.h5 or .RUN.h5.partial)")
      ->required();
  cmd->add_option("-o,--output", args->output, "Output file (default: the run's own file)");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
  cmd->add_flag("--force", args->force,
                "Replace an existing regular file at the output even if it is not a coordsim run "
                "file");
  cmd->add_flag("--unsealed", args->unsealed,
                "Read the file even though it carries no seal (a killed run's .NAME.partial, or "
                "a file of an older coordsim): its bytes cannot be checked before libhdf5 reads "
                "them, so use it only for files you trust");
  cmd->add_option(
         "--threads", args->threads,
         "Worker threads (0 = all cores; default: the scenario's `threads`). Need not match "
         "the interrupted run's: results do not depend on it.")
      ->check(CLI::Range(0, 1024));
  cmd->footer(kResumeFooter);
  return [args]() -> int {
    std::error_code ec;
    if (!std::filesystem::exists(args->file, ec)) {
      fmt::print(stderr, "coordsim: cannot resume {}: no such file\n", args->file);
      return kBadInput;
    }
    run::RunOptions options;
    options.output = args->output;
    options.force = args->force;
    options.unsealed = args->unsealed;
    // -1 (not given): resume() uses the scenario's own `threads`, known once the file is read.
    options.threads = resolve_threads(args->threads);
    options.coordsim_version = COORDSIM_VERSION;
    return run_in_terminal(
        options, args->quiet, "cannot resume " + args->file,
        [&](const run::RunOptions& o) { return run::resume(args->file, o); },
        [&](const run::RunSummary& s) {
          return fmt::format("resumed {} from its checkpoint at t={:.0f}s\n", args->file,
                             s.resumed_from_seconds);
        });
  };
}

}  // namespace coordsim::app
