#pragma once
// The metric columns a run records every sampling interval, and the function that reads them off
// the world. The list is the file's /metrics layout: names, units and descriptions are part of
// the output format (docs/output-format.md).
#include <cstdint>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "kernel/time.hpp"
#include "model/world/world.hpp"

namespace coordsim::model::world {

struct MetricDef {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  bool integer;
};

using MetricValue = std::variant<std::int64_t, double>;

/// Every metric, in column order.
[[nodiscard]] std::span<const MetricDef> metric_defs() noexcept;

/// One sample: a value per metric_defs() entry. `out` is reused between samples.
void sample_metrics(const World& world, kernel::SimTime now, std::vector<MetricValue>& out);

/// Gini coefficient of non-negative amounts (0: equal, towards 1: concentrated). Exact sort-based.
[[nodiscard]] double gini(std::vector<std::int64_t> values);

}  // namespace coordsim::model::world
