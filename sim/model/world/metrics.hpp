#pragma once
// The metric columns a run records every sampling interval: one table, one row per metric (name,
// unit, description, how it is computed). The recorder's column list, every sample's values, the
// run summary and the list in docs/world.md are all generated from it, so a metric is one row
// and can never be paired with another's value. Names, units and descriptions are part of the
// output format (docs/output-format.md): the file's /metrics layout is this table, in order.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kernel/time.hpp"
#include "model/actor/counters.hpp"
#include "model/world/world.hpp"

namespace coordsim::model::world {

/// What one sample's metrics are computed from: the world read-only, plus the aggregates that
/// several rows share, each computed once per sample (not per row).
struct MetricInput {
  const World& world;
  kernel::SimTime now;
  std::uint64_t events;  // committed by the kernel so far (the runner owns the scheduler)
  Counters counters;     // every domain's, summed
  double tick_seconds;
  // Sessions over every domain.
  std::uint64_t live_sessions = 0;
  ledger::Wide exposure = 0;
  // Compromised agents that can still act, and the ticks they have been able to so far.
  std::uint64_t compromised_live = 0;
  std::uint64_t compromised_running_ticks = 0;
  // Rows.
  std::uint64_t rows_used = 0;
  double honest_quality = 0.0;  // summed positive true quality of honest contributors' rows

  MetricInput(const World& w, kernel::SimTime at, std::uint64_t committed);
};

using MetricValue = std::variant<std::int64_t, double>;

/// One metric. Its value is a counter's total when `counter` is set, else `integer(input)` or
/// `real(input)`, whichever is set; the type of the column follows.
struct MetricDef {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  Counter counter = Counter::kCount;
  std::int64_t (*integer)(const MetricInput&) = nullptr;
  double (*real)(const MetricInput&) = nullptr;

  [[nodiscard]] bool is_integer() const noexcept { return real == nullptr; }
  [[nodiscard]] MetricValue value(const MetricInput& in) const {
    if (counter != Counter::kCount) return in.counters[counter];
    if (integer != nullptr) return integer(in);
    return real(in);
  }
};

/// Every metric, in column order.
[[nodiscard]] std::span<const MetricDef> metric_defs() noexcept;

/// One sample: a value per metric_defs() row, in its order. `out` is reused between samples.
void sample_metrics(const World& world, kernel::SimTime now, std::uint64_t events,
                    std::vector<MetricValue>& out);

/// The table as markdown (name, unit, description), embedded in docs/world.md.
[[nodiscard]] std::string metrics_markdown();

/// Gini coefficient of non-negative amounts (0: equal, towards 1: concentrated). Exact sort-based.
[[nodiscard]] double gini(std::vector<std::int64_t> values);

}  // namespace coordsim::model::world
