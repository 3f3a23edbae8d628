#pragma once
// The validators' metric rows: how many are staked, how much checking they do, what it catches,
// and the bounties paid for it. Declared here, assembled into the world's table
// (world/metrics.cpp).
#include <array>
#include <cstdint>

#include "model/actor/metric.hpp"
#include "model/validators/validators.hpp"

namespace coordsim::model::validators {

/// The validators' rows, in recorded order. `In` (world::MetricInput) has `counters`, `now`,
/// `tick_seconds` and `world`, read-only: `validators()` (this system).
template <class In>
constexpr auto metric_rows() {
  using actor::computed;
  using actor::counted;
  using actor::Counter;
  using actor::ratio;
  namespace unit = actor::unit;
  return std::array{
      computed<In>("validators_active", unit::kCount,
                   "validators staked now (all of a fixed group; learning ones that are in)",
                   [](const In& m) -> std::int64_t { return m.world.validators().active(); }),
      counted<In>("validator_checks", unit::kCount,
                  "rows validators sent to the protocol to judge (cumulative)",
                  Counter::kValidatorChecks),
      computed<In>("validator_checks_per_day", "count per validator per day",
                   "mean effort: checks so far / (validators in the population x days elapsed)",
                   [](const In& m) {
                     const double days =
                         static_cast<double>(m.now.ticks()) * m.tick_seconds / 86'400.0;
                     return ratio(static_cast<double>(m.counters[Counter::kValidatorChecks]),
                                  static_cast<double>(m.world.validators().count()) * days);
                   }),
      computed<In>("validator_care", unit::kShare,
                   "mean care of the validators checking now: care level / (care_levels - 1), "
                   "1 where the group has no care choice (checks at its accuracy); 0 if none "
                   "checks",
                   [](const In& m) { return m.world.validators().mean_care(); }),
      computed<In>("validator_accuracy", unit::kShare,
                   "mean accuracy per check of the checks made so far (the care validators chose; "
                   "cumulative); 0 before the first check",
                   [](const In& m) {
                     return ratio(
                         static_cast<double>(m.counters[Counter::kValidatorAccuracy]) / 1e6,
                         static_cast<double>(m.counters[Counter::kValidatorChecks]));
                   }),
      counted<In>("bad_rows", unit::kCount,
                  "rows written whose hidden quality is below 0, copies included (cumulative; an "
                  "observer's count, which no participant sees)",
                  Counter::kBadRows),
      computed<In>("bad_rows_caught", unit::kShare,
                   "share of bad rows caught: correct flags / bad rows written (cumulative)",
                   [](const In& m) {
                     return ratio(static_cast<double>(m.counters[Counter::kFlagsCorrect]),
                                  static_cast<double>(m.counters[Counter::kBadRows]));
                   }),
      counted<In>("slash_bounties", unit::kBase,
                  "slash bounties paid to flagging validators (cumulative)", Counter::kBounties),
      counted<In>("validators_entered", unit::kCount,
                  "re-entries of learning validators, who start staked (cumulative)",
                  Counter::kValidatorsEntered),
      counted<In>("validators_exited", unit::kCount,
                  "exits (unstake everything) of learning validators (cumulative)",
                  Counter::kValidatorExits),
  };
}

}  // namespace coordsim::model::validators
