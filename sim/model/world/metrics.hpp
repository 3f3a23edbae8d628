#pragma once
// The metric columns a run records every sampling interval: one table, one row per metric (name,
// unit, description, how it is computed). Each actor system declares its rows in its folder
// (<system>/metrics.hpp); the table is their concatenation with the world's own rows, in a fixed
// order (metrics.cpp). The recorder's column list, every sample's values, the run summary and the
// list in docs/world.md are all generated from it, so a metric is one row and can never be
// paired with another's value. Names, units and descriptions are part of the
// output format (docs/output-format.md): the file's /metrics layout is this table, in order.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/time.hpp"
#include "model/actor/counters.hpp"
#include "model/actor/metric.hpp"
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

using MetricValue = actor::MetricValue;

/// One metric (actor/metric.hpp): a counter's total, or an integer or a real computed from the
/// sample's input. The systems declare their rows in their folders; the world concatenates them.
using MetricDef = actor::MetricRow<MetricInput>;

/// Every metric, in column order: the pinned table, then the registered systems' rows.
[[nodiscard]] std::span<const MetricDef> metric_defs();

/// One sample: a value per metric_defs() row, in its order. `out` is reused between samples.
void sample_metrics(const World& world, kernel::SimTime now, std::uint64_t events,
                    std::vector<MetricValue>& out);

/// The table as markdown (name, unit, description), embedded in docs/world.md.
[[nodiscard]] std::string metrics_markdown();

}  // namespace coordsim::model::world
