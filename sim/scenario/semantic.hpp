#pragma once
// Checks between keys (internal to sim/scenario): each key can be valid alone and the scenario
// still be wrong.
#include "scenario/resolve.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// Checks between keys (fee split sums to 100%, references resolve, ...); skips checks involving
/// keys that already failed.
void check_semantics(const Resolved& r, Context& ctx);

}  // namespace coordsim::scenario::detail
