// `coordsim inspect`: what is in a run file, for people (a summary) or for scripts (--json).
#include <fmt/core.h>

#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "app/commands.hpp"
#include "app/json.hpp"
#include "io/error.hpp"
#include "io/reader.hpp"

namespace coordsim::app {

namespace {

constexpr const char* kInspectFooter =
    R"(Prints the scenario name and hash, seed, program and file-format versions, whether the
run completed, simulated duration, how it was executed, every metric with its last value and
unit, the number of event rows, the tables and the checkpoints.

Exit status: 0 success; 2 the path is missing, a directory or not a coordsim run file
(bad usage); 1 a coordsim run file that cannot be read (damaged, truncated, permission denied).
Every run file is sealed when coordsim closes it (a checksum of all its bytes, checked before the
HDF5 library reads it): a damaged one is refused with exit 1. A file without a seal (a killed
run's .NAME.h5.partial, or a file of an older coordsim) is refused (exit 1) unless --unsealed is
given; it then shows sealed: NO (and a killed run's, complete: NO).

Examples:
  coordsim inspect out/quickstart.h5
  coordsim inspect out/quickstart.h5 --json | python3 -m json.tool
  coordsim inspect out/quickstart.h5 --scenario > rerun.yaml   # the exact scenario of the run

File layout: docs/output-format.md)";

std::string metric_value_json(const std::optional<io::MetricValue>& value) {
  if (!value) return "null";
  if (const auto* i = std::get_if<std::int64_t>(&*value)) return std::to_string(*i);
  return json_number(std::get<double>(*value));
}

/// One JSON object on one line; field names follow io::FileSummary.
std::string summary_json(const std::string& path, const io::FileSummary& s) {
  std::string out = "{";
  const auto field = [&](const char* key, const std::string& json_value) {
    if (out.size() > 1) out += ',';
    out += json_string(key);
    out += ':';
    out += json_value;
  };
  field("path", json_string(path));
  field("format_version", std::to_string(s.format_version));
  field("coordsim_version", json_string(s.run.coordsim_version));
  field("scenario_name", json_string(s.run.scenario_name));
  field("scenario_hash", json_string(s.run.scenario_hash));
  field("seed", std::to_string(s.run.seed));
  field("tick_seconds", json_number(s.run.tick_seconds));
  field("complete", s.complete ? "true" : "false");
  field("sealed", s.sealed ? "true" : "false");
  field("end_time_ticks", std::to_string(s.end_time_ticks));
  field("duration_seconds", json_number(s.duration_seconds));
  field("samples", std::to_string(s.samples));
  field("last_sample_ticks", std::to_string(s.last_sample_ticks));
  field("execution",
        fmt::format(R"({{"start_time_utc":{},"threads":{},"ranks":{},"host":{}}})",
                    json_string(s.run.execution.start_time_utc), s.run.execution.threads,
                    s.run.execution.ranks, json_string(s.run.execution.host)));
  std::string metrics = "[";
  for (const auto& m : s.metrics) {
    if (metrics.size() > 1) metrics += ',';
    metrics += fmt::format(R"({{"name":{},"unit":{},"description":{},"type":"{}","last":{}}})",
                           json_string(m.name), json_string(m.unit), json_string(m.description),
                           m.type == io::MetricType::kInt64 ? "int64" : "float64",
                           metric_value_json(m.last));
  }
  field("metrics", metrics + "]");
  field("events", s.events ? std::to_string(*s.events) : std::string("null"));
  std::string tables = "[";
  for (const auto& t : s.tables) {
    if (tables.size() > 1) tables += ',';
    tables += fmt::format(R"({{"path":{},"rows":{},"columns":{}}})", json_string(t.path), t.rows,
                          t.columns);
  }
  field("tables", tables + "]");
  field("checkpoints", std::to_string(s.checkpoints));
  return out + "}";
}

}  // namespace

Action add_inspect_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "inspect", "Summarise a run file (.h5): scenario, seed, completeness, last metric values");
  cmd->footer(kInspectFooter);
  auto path = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto scenario = std::make_shared<bool>(false);
  auto unsealed = std::make_shared<bool>(false);
  cmd->add_option("RUN.h5", *path, "Run file written by `coordsim run`")
      ->required()
      ->check(CLI::ExistingFile);
  auto* json_opt =
      cmd->add_flag("--json", *json, "Print the summary as one JSON object on one line");
  cmd->add_flag("--scenario", *scenario,
                "Print only the fully resolved scenario stored in the file (YAML; it validates "
                "and reruns as it is)")
      ->excludes(json_opt);
  cmd->add_flag("--unsealed", *unsealed,
                "Read the file even though it carries no seal (a killed run's .NAME.partial, or a "
                "file of an older coordsim): its bytes cannot be checked before libhdf5 reads "
                "them, so use it only for files you trust");

  return [path, json, scenario, unsealed]() -> int {
    try {
      const io::FileSummary summary =
          io::inspect(*path, *unsealed ? io::Unsealed::kRead : io::Unsealed::kRefuse);
      if (*json) {
        fmt::print("{}\n", summary_json(*path, summary));
      } else if (*scenario) {
        fmt::print("{}", summary.run.scenario_text);
      } else {
        fmt::print("{}", io::format_summary(summary));
      }
      return kOk;
    } catch (const io::ForeignFileError& e) {
      fmt::print(stderr, "coordsim inspect: {}\n", e.what());
      return kBadInput;
    } catch (const io::IoError& e) {
      fmt::print(stderr, "coordsim inspect: {}\n", e.what());
      return kFailure;
    }
  };
}

}  // namespace coordsim::app
