#pragma once
// The faucet as an agent kind of the scenario: its params struct and its registration, beside
// the system (faucet.hpp). A group `{kind: faucet, count: 1, drip: 5, period: 1h}` loads, is
// validated like every built-in group (faucet_kind.cpp: its rows and its checks between keys)
// and is read back with `group.as<FaucetParams>()`.
#include "scenario/spec.hpp"

namespace coordsim::examples::faucet {

/// A faucet group's keys (filled by the rows of faucet_kind.cpp; no defaults here, as in spec.hpp).
struct FaucetParams {
  scenario::Amount drip;    // paid each turn, base units
  scenario::Micros period;  // between two turns
  friend bool operator==(const FaucetParams&, const FaucetParams&) = default;
};

/// The kind `faucet` (its AgentKind follows the built-in ones).
extern const scenario::AgentKind kFaucetKind;

}  // namespace coordsim::examples::faucet
