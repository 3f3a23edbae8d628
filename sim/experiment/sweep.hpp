#pragma once
// A sweep file (docs/experiments.md): a base scenario, overrides for every run, the points to run
// (a product grid, zipped lists, sampled points) and how many replications of each. Parsing
// checks the file's shape only; whether each point is a valid scenario is the plan's business
// (plan.hpp), so that one bad point is reported without refusing the others.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace coordsim::experiment {

/// One swept key and its values, as override text (the value part of `--set key=value`).
struct Axis {
  std::string key;
  std::vector<std::string> values;
};

enum class SampleMethod : std::uint8_t { kRandom, kLhs, kSobol };

/// A sampled key: values in [lo, hi]. Two integer bounds give integers (hi included); otherwise
/// values carry three more decimals than the more precise bound. `suffix` is the unit written
/// after both bounds (`%`, `m`, `h`...), the same on both.
struct Range {
  std::string key;
  double lo = 0;
  double hi = 0;
  bool integer = false;
  int decimals = 0;
  std::string suffix;
};

struct Sample {
  SampleMethod method = SampleMethod::kLhs;
  std::uint32_t points = 0;
  std::vector<Range> ranges;
};

struct Sweep {
  std::filesystem::path file;  ///< the sweep file as given
  std::filesystem::path base;  ///< the base scenario, resolved against the sweep file's folder
  std::uint32_t replications = 1;
  std::vector<std::string> set;  ///< `key=value` overrides for every run
  std::vector<Axis> product;     ///< full grid; the last key varies fastest
  std::vector<Axis> zip;         ///< lists of equal length that vary together
  std::optional<Sample> sample;
};

/// Largest number of runs a sweep may expand to: a typo (`replications: 1e9`) must not exhaust
/// memory before anything runs.
inline constexpr std::uint64_t kMaxRuns = 10'000'000;

/// Reads and checks a sweep file.
/// @throws scenario::ScenarioError naming the file, line, key and what was expected.
[[nodiscard]] Sweep load_sweep(const std::filesystem::path& file);

/// As load_sweep for text in memory; `file` names it and relative paths start at its folder.
[[nodiscard]] Sweep parse_sweep(std::string_view text, const std::filesystem::path& file);

[[nodiscard]] const char* to_string(SampleMethod method) noexcept;

}  // namespace coordsim::experiment
