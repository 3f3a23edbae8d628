#pragma once
// Helpers of the run tests: the shipped scenarios, reducing them to a size that runs in a moment,
// running them in-process (run::run) and reading back what the file holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "../app/cli.hpp"  // run_cli: the CLI tests' helpers
#include "io/reader.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include "support/run_file.hpp"
#include "support/scratch_dir.hpp"
#include "support/source_tree.hpp"

namespace coordsim::run::test {

namespace fs = std::filesystem;
using test_support::ScratchDir;
using test_support::shipped_scenarios;
using test_support::source_dir;

inline fs::path scenario_path(const std::string& name) { return source_dir() / "scenarios" / name; }

/// Overrides that shrink a scenario: every group scaled by one factor so the largest has at most
/// `largest` agents (each group keeps at least one), relations between the groups' sizes kept.
inline std::vector<std::string> shrink(const fs::path& file, std::int64_t largest,
                                       const std::string& duration) {
  const scenario::Spec spec = scenario::load_file(file);
  std::int64_t biggest = 1;
  for (const auto& g : spec->population) biggest = std::max(biggest, g.count);
  const double factor =
      biggest > largest ? static_cast<double>(largest) / static_cast<double>(biggest) : 1.0;
  std::vector<std::string> sets;
  for (std::size_t i = 0; i < spec->population.size(); ++i) {
    const std::int64_t n = spec->population[i].count;
    if (n == 0) continue;
    const auto scaled = std::max<std::int64_t>(1, std::llround(static_cast<double>(n) * factor));
    sets.push_back("population[" + std::to_string(i) + "].count=" + std::to_string(scaled));
  }
  if (!duration.empty()) sets.push_back("duration=" + duration);
  return sets;
}

/// `base` followed by `more`.
inline std::vector<std::string> plus(std::vector<std::string> base,
                                     const std::vector<std::string>& more) {
  for (const auto& m : more) base.push_back(m);
  return base;
}

/// Runs a scenario file in-process (as `coordsim run` does) into `out`.
inline RunSummary run_file(const fs::path& file, const std::vector<std::string>& sets,
                           const fs::path& out) {
  RunOptions options;
  options.output = out;
  return run(scenario::load_file(file, sets), options);
}

/// The last recorded value of an integer metric.
inline std::int64_t last_int(const fs::path& file, const std::string& metric) {
  const auto data = io::read_metric(file, metric);
  const auto& v = std::get<std::vector<std::int64_t>>(data);
  return v.empty() ? 0 : v.back();
}

using test_support::series;  // the whole series of an integer metric

/// A column of a table group by name. @throws std::out_of_range if absent.
inline const io::ColumnValues& column(const std::vector<io::TableColumn>& table,
                                      const std::string& name) {
  for (const auto& c : table) {
    if (c.name == name) return c.values;
  }
  throw std::out_of_range("no column " + name);
}

}  // namespace coordsim::run::test
