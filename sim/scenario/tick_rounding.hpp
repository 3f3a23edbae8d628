#pragma once
// A positive duration shorter than half a tick would silently become 0 ticks (internal to
// sim/scenario): after every key is read, each duration is checked against the scenario's tick.
#include "scenario/resolve.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// Reports every duration, duration list item and duration distribution (its upper bound for a
/// uniform one, else its mean) that rounds to 0 ticks; skips keys that already failed.
void check_tick_rounding(Context& ctx, Resolved& r);

}  // namespace coordsim::scenario::detail
