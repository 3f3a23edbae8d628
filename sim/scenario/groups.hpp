#pragma once
// The population list (internal to sim/scenario): each group's keys depend on its kind, so a
// group is read with the keys of its kind and checked for keys of another kind.
#include "scenario/key_reader.hpp"
#include "scenario/resolve.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// Reads `population` from `root` into `r.data.population` and `r.groups` (one entry list per
/// item, also for items that are not valid groups), reporting every problem to `ctx`.
void resolve_groups(const Node& root, KeyReader& reader, Context& ctx, Resolved& r);

}  // namespace coordsim::scenario::detail
