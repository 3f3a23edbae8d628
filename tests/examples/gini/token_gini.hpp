#pragma once
// The worked example of a metric added from its own folder (docs/extending.md): an observer, a
// world system with metric rows only. It has no agent kind, no event kind, no handler, no state
// and nothing to save: each sample it computes a new column, `token_gini`, from what the world
// already holds (the ledger), and nothing else of a run changes (no event, no checkpoint byte,
// no other column). MODEL.md asks for the Gini of rewards (`rewards_gini`, the settlement's row);
// this is the same measure over what every agent holds: whether the economy concentrates its
// tokens.
//
// At scale: a sample copies each agent's holdings into a scratch buffer (allocated once per
// sampling thread, never per sample), sorts it and sums it in 128-bit integers: O(n log n)
// per sample, exact but for the final division.
#include <array>
#include <cstdint>
#include <span>

#include "model/actor/metric.hpp"
#include "model/ledger/ledger.hpp"

namespace coordsim::examples::gini {

/// Gini coefficient of non-negative amounts (0: all equal, (n-1)/n: one holds everything; 0 for
/// none, or when all are 0): (2 sum_i i x_(i) - (n+1) sum x) / (n sum x), x_(i) the i-th smallest
/// (1-based), in 128-bit integers, one division at the end. Sorts `values` in place.
[[nodiscard]] double gini(std::span<std::int64_t> values);

/// Gini coefficient of every agent's token holdings: liquid, staked, unbonding and locked (not
/// the protocol accounts', not value in flight). Allocates nothing once its buffer (one per
/// thread) has grown to the agent count.
[[nodiscard]] double token_gini(const model::ledger::Ledger& ledger);

/// The observer: metric rows and nothing else. Registered in token_gini.cpp.
struct TokenGini {
  /// Its one column, after the pinned systems' (In is world::MetricInput: `world`, read-only).
  template <class In>
  static constexpr auto metric_rows() {
    return std::array{model::actor::computed<In>(
        "token_gini", model::actor::unit::kShare,
        "Gini coefficient of agents' token holdings (liquid, staked, unbonding, locked) over "
        "every agent",
        [](const In& in) { return token_gini(in.world.ledger()); })};
  }
};

}  // namespace coordsim::examples::gini
