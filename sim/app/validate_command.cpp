// `coordsim validate`: load a scenario exactly as `coordsim run` would, report, and write nothing.
#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "scenario/load.hpp"

namespace coordsim::app {

namespace {

constexpr const char* kValidateFooter =
    R"(Loads the scenario exactly as `coordsim run` does: types, units, ranges, unknown keys
(with the nearest valid one suggested), `extends:` chains, then the relations between keys
(fee split sums to 100%, caps ordered, groups referenced exist...).

Exit status: 0 valid, 2 not valid (every problem found is listed on stderr with
file:line:column, the key path, what was expected and what was found). Nothing is written.

Examples:
  coordsim validate scenarios/quickstart.yaml
  coordsim validate scenarios/base.yaml --set seed=7 --set 'population[1].count=5000' --print-resolved
  coordsim validate --print-defaults > my.yaml     # every key with its default; edit from there

Reference of every key: docs/scenarios.md)";

struct ValidateOptions {
  std::string scenario;
  std::vector<std::string> overrides;
  bool print_defaults = false;
  bool print_resolved = false;
  bool quiet = false;
};

void print_summary(const std::string& file, const scenario::Spec& spec) {
  const scenario::SpecData& s = *spec;
  fmt::print("{}: valid\n", file);
  fmt::print("  name:        {}\n", s.name);
  fmt::print("  seed:        {}\n", s.seed);
  fmt::print("  duration:    {} ({} ticks)\n", scenario::format_duration(s.duration),
             s.ticks(s.duration).ticks());
  fmt::print("  tick:        {}\n", scenario::format_duration(s.tick));
  fmt::print("  agents:      {} in {} group(s)\n", s.total_agents(), s.population.size());
  std::size_t width = 5;
  for (const auto& g : s.population) width = std::max(width, g.name.size());
  for (const auto& g : s.population) {
    fmt::print("    {:<{}}  {:<13}  {:>10}\n", g.name, width, scenario::to_string(g.kind), g.count);
  }
  fmt::print("  output:      {}\n", s.output.path);
  fmt::print("  hash:        {:016x}\n", spec.hash());
}

}  // namespace

Action add_validate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "validate", "Check a scenario (and --set overrides) without running it; print a summary");
  cmd->footer(kValidateFooter);
  auto o = std::make_shared<ValidateOptions>();
  auto* scenario_opt = cmd->add_option("SCENARIO", o->scenario, "Scenario file (YAML)");
  auto* set_opt = cmd->add_option("--set", o->overrides,
                                  "Override one key after `extends:`, e.g. seed=7, "
                                  "population[1].count=5000, sessions.max_ttl=4h (the value is "
                                  "YAML); repeatable, applied in order")
                      ->type_name("PATH=VALUE")
                      ->allow_extra_args(false);
  auto* defaults_opt = cmd->add_flag(
      "--print-defaults", o->print_defaults,
      "Print a complete scenario with every key at its default, commented, and exit (no SCENARIO)");
  auto* resolved_opt = cmd->add_flag(
      "--print-resolved", o->print_resolved,
      "Print the fully resolved scenario (extends and overrides applied, every default filled, "
      "canonical units): exactly what a run stores in its output file");
  auto* quiet_opt =
      cmd->add_flag("--quiet,-q", o->quiet, "Print nothing on success; the exit status tells");
  defaults_opt->excludes(scenario_opt)
      ->excludes(set_opt)
      ->excludes(resolved_opt)
      ->excludes(quiet_opt);
  resolved_opt->excludes(quiet_opt);

  return [o]() -> int {
    if (o->print_defaults) {
      fmt::print("{}", scenario::defaults_yaml());
      return kOk;
    }
    if (o->scenario.empty()) {
      fmt::print(stderr,
                 "coordsim validate: a SCENARIO file is required (or --print-defaults)\n"
                 "Run with --help for more information.\n");
      return kBadInput;
    }
    try {
      const scenario::Spec spec = scenario::load_file(o->scenario, o->overrides);
      if (o->print_resolved) {
        fmt::print("{}", scenario::to_yaml(spec));
      } else if (!o->quiet) {
        print_summary(o->scenario, spec);
      }
      return kOk;
    } catch (const scenario::ScenarioError& e) {
      std::string message = e.what();
      if (message.empty() || message.back() != '\n') message += '\n';
      fmt::print(stderr, "{}", message);
      return kBadInput;
    }
  };
}

}  // namespace coordsim::app
