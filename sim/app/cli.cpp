// coordsim's command line (cli.hpp). Thin on purpose: parse, call the library, map errors to exit
// codes.
#include <fmt/core.h>
#include <malloc.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <vector>

#include "app/command_line.hpp"
#include "app/commands.hpp"

namespace {

constexpr const char* kFooter = R"(Exit status:
  0  success
  1  any other failure (I/O error, internal error)
  2  bad usage or a bad scenario (nothing is written)
  3  an invariant of the model broke during the run (a report names the event and the amounts)

Start with:  coordsim run scenarios/quickstart.yaml -o out/quickstart.h5
             coordsim inspect out/quickstart.h5
Learn the scenario format:  coordsim validate --print-defaults
Each command has its own help:  coordsim validate --help
Docs:        docs/cli.md, docs/scenarios.md, docs/output-format.md)";

int run_cli(int argc, char** argv) {
  using namespace coordsim::app;
  CLI::App app{"coordsim: a deterministic discrete-event simulator of AI-agent economies"};
  app.set_version_flag("--version", std::string("coordsim ") + COORDSIM_VERSION);
  app.footer(kFooter);
  app.require_subcommand(1);

  std::vector<std::pair<CLI::App*, Action>> commands;
  auto add = [&](Action (*factory)(CLI::App&)) {
    const std::size_t before = app.get_subcommands({}).size();
    Action action = factory(app);
    commands.emplace_back(app.get_subcommands({})[before], std::move(action));
  };
  add(add_run_command);
  add(add_resume_command);
  add(add_validate_command);
  add(add_inspect_command);
  add(add_verify_command);
  add(add_bench_command);
  add(add_sweep_command);
  add(add_report_command);
  add(add_viz_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kOk : kBadInput;
  }
  try {
    for (auto& [sub, action] : commands) {
      if (sub->parsed()) return action();
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "coordsim: error: {}\n", e.what());
    return kFailure;
  }
  return kBadInput;
}

}  // namespace

namespace coordsim::app {

// Building the command line can throw too (allocation, CLI11 setup), and so can a command with
// something other than std::exception: an exception leaving main would abort (status 134)
// instead of the documented status 1.
int cli_main(int argc, char** argv) {
  // The recorder's writer thread frees what the simulation thread allocated (event batches) and
  // HDF5 allocates and frees a buffer of a whole chunk per compressed chunk (2.6 MiB for /events).
  // With glibc's defaults, blocks that size are mmap()ed and unmapped, or trimmed from the
  // thread's arena, each time, so every batch faulted its pages in again: with the full event log
  // a third of the run's CPU was page faults (docs/performance.md, "Recording overhead"). Freed
  // blocks up to these sizes stay in the process for reuse; results are unchanged.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 128 << 20);
  try {
    return run_cli(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coordsim: error: %s\n", e.what());
  } catch (...) {
    std::fputs("coordsim: error: unknown exception\n", stderr);
  }
  return kFailure;
}

}  // namespace coordsim::app
