// `coordsim run`: load a scenario (with overrides), run it, record it.
#include <fmt/core.h>

#include "app/commands.hpp"
#include "app/terminal.hpp"
#include "io/reader.hpp"
#include "run/intervention.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"

namespace coordsim::app {

Action add_run_command(CLI::App& app) {
  auto* run = app.add_subcommand("run", "Run a scenario and record it to HDF5");
  struct Args {
    std::string scenario;
    std::string output;
    std::vector<std::string> sets;
    std::string checkpoint_every;
    std::string interventions;
    std::uint64_t seed = 0;
    bool quiet = false;
    bool force = false;
    int threads = -1;  // -1: the scenario's `threads`
  };
  auto args = std::make_shared<Args>();
  run->add_option("scenario", args->scenario, "Scenario file (YAML)")->required();
  run->add_option("-o,--output", args->output, "Output file (default: the scenario's output.path)");
  auto* seed = run->add_option("--seed", args->seed, "Override the scenario's seed");
  run->add_option("--set", args->sets,
                  "Override a key, e.g. --set population[1].count=500 (repeatable)");
  run->add_option("--checkpoint-every", args->checkpoint_every,
                  "Store a resumable checkpoint at the first sample at or after every multiple of "
                  "DURATION (e.g. 1h); same as --set output.checkpoint_every=DURATION. Resume with "
                  "`coordsim resume`.")
      ->type_name("DURATION");
  run->add_option("--interventions", args->interventions,
                  "Replay the knob changes recorded in FILE's /interventions table (a run file "
                  "from `coordsim-viz -o` or from an earlier --interventions run): each is applied "
                  "right after the sample at its time, so with the scenario and seed of that run "
                  "the output's datasets equal the recorded ones, byte for byte")
      ->type_name("RUN.h5");
  run->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
  run->add_flag("--force", args->force,
                "Replace an existing regular file at the output even if it is not a coordsim run "
                "file (never an input of the run, nor a directory, FIFO, device or symlink)");
  run->add_option("--threads", args->threads,
                  "Worker threads (0 = all cores; default: the scenario's `threads`). Results are "
                  "byte-identical for any thread count; 1 uses the plain sequential kernel.")
      ->check(CLI::Range(0, 1024));
  run->footer(
      "Example:\n  coordsim run scenarios/quickstart.yaml -o out/quickstart.h5 --set seed=7\n"
      "The run writes to a temporary name beside the output and renames it when done; Ctrl-C "
      "stops\n"
      "cleanly and keeps what was recorded, marked incomplete (see `coordsim inspect`). With\n"
      "--checkpoint-every, a stopped or killed run continues with `coordsim resume`.\n"
      "Reproduce a coordsim-viz session (the knobs changed in the window):\n"
      "  coordsim-viz scenarios/quickstart.yaml -o out/steered.h5     # steer, then close\n"
      "  coordsim run scenarios/quickstart.yaml --interventions out/steered.h5 -o out/again.h5\n"
      "Give the scenario, --set and --seed the session ran with (`coordsim inspect` shows its\n"
      "scenario and seed); a different scenario is warned about, and the run still applies them.\n"
      "The output never replaces the scenario or a file it extends or reads, nor anything but a\n"
      "regular file; an existing file only if it is a coordsim run file (or with --force).\n"
      "Exit status: 0 done; 1 I/O error or stopped by Ctrl-C; 2 bad scenario, refused output\n"
      "path or a bad --interventions file (not a run file, no /interventions, a key that is not\n"
      "a knob, a time that is not a sample time); 3 an invariant broke.");
  return [args, seed]() -> int {
    std::vector<std::string> overrides = args->sets;
    if (seed->count() > 0) overrides.push_back(fmt::format("seed={}", args->seed));
    if (!args->checkpoint_every.empty())
      overrides.push_back("output.checkpoint_every=" + args->checkpoint_every);
    run::RunOptions options;
    options.output = args->output;
    options.coordsim_version = COORDSIM_VERSION;
    options.force = args->force;
    options.inputs = scenario::scenario_files(args->scenario);
    if (!args->interventions.empty()) options.inputs.emplace_back(args->interventions);
    return run_in_terminal(options, args->quiet, "run " + args->scenario, [&](run::RunOptions o) {
      const scenario::Spec spec = scenario::load_file(args->scenario, overrides);
      if (!args->interventions.empty()) {
        o.interventions = run::read_interventions(args->interventions);
        o.interventions_from = "--interventions " + args->interventions;
        const std::string recorded = io::read_run_info(args->interventions).scenario_hash;
        if (recorded != fmt::format("{:016x}", spec.hash())) {
          fmt::print(stderr,
                     "coordsim: note: {} was recorded under another scenario (hash {}, this run's "
                     "{:016x}); its interventions are applied, but the result will not equal "
                     "that run\n",
                     args->interventions, recorded, spec.hash());
        }
      }
      const int threads = resolve_threads(args->threads);
      o.threads = threads >= 0 ? threads : resolve_threads(spec->threads);
      return run::run(spec, o);
    });
  };
}

}  // namespace coordsim::app
