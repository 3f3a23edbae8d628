#pragma once
// The builders' metric rows: how many serve and at what price. Declared here, assembled into the
// world's table (world/metrics.cpp).
#include <array>

#include "model/actor/metric.hpp"
#include "model/builders/builders.hpp"

namespace coordsim::model::builders {

/// The builders' rows, in recorded order. `In` (world::MetricInput) has `world.builders()`, this
/// system read-only.
template <class In>
constexpr auto metric_rows() {
  using actor::computed;
  namespace unit = actor::unit;
  return std::array{
      computed<In>("builders_active", unit::kCount,
                   "model builders serving inference now: every builder of a fixed group, and "
                   "learning builders that have not chosen to exit",
                   [](const In& m) { return m.world.builders().active_count(); }),
      computed<In>(
          "mean_inference_price", unit::kBase,
          "mean inference price of the builders serving now, in base units (0 when none serves)",
          [](const In& m) { return m.world.builders().mean_active_price(); }),
  };
}

}  // namespace coordsim::model::builders
