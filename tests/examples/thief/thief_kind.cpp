// The thief kind's scenario side: its schema rows, its check between keys, and its one-line
// registration (scenario/kind.hpp).
#include "thief_kind.hpp"

#include <vector>

#include "scenario/kind.hpp"
#include "scenario/units.hpp"

namespace coordsim::examples::thief {
namespace {

using scenario::kind_row;
using scenario::detail::Type;

std::vector<scenario::detail::KeySpec> rows() {
  return {
      kind_row<&ThiefParams::amount>("amount", Type::kTokens, "10",
                                     "Tokens each of a thief's attempts tries to take.")
          .above(0),
      kind_row<&ThiefParams::period>("period", Type::kDuration, "1m",
                                     "Time between two of a thief's turns (three attempts each).")
          .above(0),
  };
}

/// A thief turns no faster than blocks are made (what it would take arrives a block later).
void check(scenario::GroupCheck& c) {
  const auto& p = c.group().as<ThiefParams>();
  if (c.ok("period") && c.ok_top("block_interval") && p.period < c.spec().block_interval) {
    c.error("period",
            "a thief turns every " + scenario::format_duration(p.period) +
                ", more often than a block (" + scenario::format_duration(c.spec().block_interval) +
                ")",
            "make period at least block_interval");
  }
}

}  // namespace

// The registration: this line makes `kind: thief` a word of every scenario this file is linked
// into.
const scenario::RegisteredKind kThief =
    scenario::register_kind<ThiefParams>("thief", rows(), &check);

}  // namespace coordsim::examples::thief
