// The faucet kind's scenario side: its schema rows, its checks between keys, and its one-line
// registration (scenario/kind.hpp).
#include "faucet_kind.hpp"

#include <string>
#include <vector>

#include "scenario/kind.hpp"
#include "scenario/units.hpp"

namespace coordsim::examples::faucet {
namespace {

using scenario::kind_row;
using scenario::detail::Type;

std::vector<scenario::detail::KeySpec> rows() {
  return {
      kind_row<&FaucetParams::drip>(
          "drip", Type::kTokens, "1",
          "Tokens the faucet pays each turn (the treasury funds it at genesis).")
          .above(0),
      kind_row<&FaucetParams::period>("period", Type::kDuration, "1h",
                                      "Time between two of the faucet's turns.")
          .above(0),
  };
}

/// One faucet in the scenario, turning no faster than blocks are made (a turn's drip is delivered
/// a block later).
void check(scenario::GroupCheck& c) {
  const scenario::Group& g = c.group();
  if (g.count > 1 && c.ok("count")) {
    c.error("count", "a scenario has at most one faucet, found " + std::to_string(g.count),
            "set count: 1");
  }
  for (std::size_t i = 0; i < c.index(); ++i) {
    if (c.spec().population[i].kind == g.kind)
      c.error("kind", "a scenario has at most one faucet group", "remove one faucet group");
  }
  const auto& p = g.as<FaucetParams>();
  if (c.ok("period") && c.ok_top("block_interval") && p.period < c.spec().block_interval) {
    c.error("period",
            "the faucet turns every " + scenario::format_duration(p.period) +
                ", more often than a block (" + scenario::format_duration(c.spec().block_interval) +
                ")",
            "a drip is delivered one block later: make period at least block_interval");
  }
}

}  // namespace

// The registration: this line makes `kind: faucet` a word of every scenario this file is linked
// into.
const scenario::RegisteredKind kFaucet =
    scenario::register_kind<FaucetParams>("faucet", rows(), &check);

}  // namespace coordsim::examples::faucet
