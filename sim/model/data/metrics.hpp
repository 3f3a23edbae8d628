#pragma once
// The data system's metric rows: inference, rows, datanets, contributors' entry and exit.
// Declared here, assembled into the world's table (world/metrics.cpp). Inferences and fees are
// counted by the builders' kInfer; they are recorded in this section since the first run file.
#include <array>
#include <cstddef>

#include "model/actor/metric.hpp"
#include "model/data/data.hpp"

namespace coordsim::model::data {

/// The data system's rows, in recorded order. `In` (world::MetricInput) has `counters`,
/// `rows_used` (rows ever used by a model that served inference) and `world.data()`, this
/// system read-only.
template <class In>
constexpr auto metric_rows() {
  using actor::computed;
  using actor::counted;
  using actor::Counter;
  namespace unit = actor::unit;
  return std::array{
      counted<In>("inferences", unit::kCount, "inference calls paid (cumulative)",
                  Counter::kInferences),
      counted<In>("fees", unit::kBase, "inference fees collected (cumulative)", Counter::kFees),
      counted<In>("rows", unit::kCount, "data rows contributed, copies included (cumulative)",
                  Counter::kRows),
      counted<In>("duplicate_rows", unit::kCount,
                  "rows that replicate an existing row: duplicated work (cumulative)",
                  Counter::kDuplicateRows),
      computed<In>("data_utilisation", unit::kShare,
                   "share of rows ever used by a model that served inference",
                   [](const In& m) {
                     const std::size_t rows = m.world.data().rows().size();
                     return rows == 0
                                ? 0.0
                                : static_cast<double>(m.rows_used) / static_cast<double>(rows);
                   }),
      counted<In>("contributors_active", unit::kCount,
                  "contributors in the economy now: entered and not exited since",
                  Counter::kContributorsActive),
      counted<In>(
          "contributors_entered", unit::kCount,
          "entries of contributors: with behaviour.rule fixed, contributors who have written a "
          "first row; with a learning rule, every decision to enter, re-entries included "
          "(cumulative)",
          Counter::kContributorsEntered),
      counted<In>(
          "contributors_exited", unit::kCount,
          "exits of contributors: with behaviour.rule fixed, those who could no longer stake; "
          "with a learning rule, every exit, decided or forced by a stake it could not put up "
          "(cumulative)",
          Counter::kContributorExits),
      counted<In>("datanet_versions", unit::kCount,
                  "datanet versions published by model trainings (cumulative)",
                  Counter::kDatanetVersions),
      counted<In>("publish_fees", unit::kBase,
                  "publication fees paid by builders to the treasury (cumulative)",
                  Counter::kPublishFees),
      counted<In>("datanet_picks_explored", unit::kCount,
                  "datanets picked at random by builders' explore rather than by best observed "
                  "quality and price (cumulative)",
                  Counter::kDatanetExplored),
      computed<In>("sybil_identities", unit::kCount,
                   "identities a Sybil operator runs now, mean over operators (0 for one that "
                   "stopped; 0 with no managed Sybils: adversaries.sybil, docs/behaviour.md)",
                   [](const In& m) {
                     const auto ops = m.world.data().sybil_operators();
                     return ops == 0 ? 0.0
                                     : static_cast<double>(m.counters[Counter::kSybilIdentities]) /
                                           static_cast<double>(ops);
                   }),
      computed<In>("sybil_reward_per_operator", unit::kBase,
                   "final rewards paid to a Sybil operator's identities, mean over operators "
                   "(cumulative; 0 with no managed Sybils)",
                   [](const In& m) {
                     const auto ops = m.world.data().sybil_operators();
                     return ops == 0 ? 0.0
                                     : static_cast<double>(m.counters.by_role(
                                           Counter::kFinalByRole, actor::Role::kSybil)) /
                                           static_cast<double>(ops);
                   }),
      counted<In>("poisoners_active", unit::kCount,
                  "poisoners writing rows now: with adversaries.poisoner.rule fixed, those that "
                  "have written a first row and can still stake; with a learning rule, those "
                  "that chose to continue (docs/behaviour.md)",
                  Counter::kPoisonersActive),
      counted<In>("free_riders_active", unit::kCount,
                  "free riders copying rows now: with adversaries.free_rider.rule fixed, those "
                  "that have written a first copy; with a learning rule, those that chose to "
                  "continue (docs/behaviour.md)",
                  Counter::kFreeRidersActive),
      computed<In>("model_value", unit::kShare,
                   "mean true usefulness v = 1 - exp(-Q+/s) - Q- of the builders' current models, "
                   "from their rows' hidden true quality, in units of v_max (negative when the "
                   "poisoned rows' harm outweighs): what the rows the contributors are paid for "
                   "are worth. A metric only: the rules read attribution.quality_source",
                   [](const In& m) { return m.world.data().mean_model_value(); }),
      computed<In>("contributor_effort", unit::kShare,
                   "mean effort e in [0, 1] of the learning contributors in the economy now (0 "
                   "if none; behaviour.effort_levels, docs/behaviour.md)",
                   [](const In& m) { return m.world.data().mean_contributor_effort(); }),
      computed<In>("row_quality", unit::kShare,
                   "mean hidden true quality of the rows written, copies excluded (cumulative; "
                   "a metric only, no participant sees it)",
                   [](const In& m) { return m.world.data().mean_row_quality(); }),
      computed<In>("datanet_match", unit::kShare,
                   "how well rows sit where builders train: sum over datanets of rows x picks / "
                   "(all rows x all picks), with picks the builders' datanet choices "
                   "(cumulative); 1/datanets when both are even, 1 when all are in one datanet",
                   [](const In& m) { return m.world.data().datanet_match(); }),
  };
}

}  // namespace coordsim::model::data
