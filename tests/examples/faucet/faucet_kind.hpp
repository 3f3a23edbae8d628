#pragma once
// The faucet as an agent kind of the scenario: its params struct and its registration, beside
// the system (faucet.hpp). A group `{kind: faucet, count: 1, drip: 5, period: 1h}` loads, is
// validated like every built-in group (faucet_kind.cpp: its rows and its checks between keys)
// and is read back with `group.as<FaucetParams>()`.
#include "scenario/kind.hpp"
#include "scenario/spec.hpp"

namespace coordsim::examples::faucet {

/// A faucet group's keys (filled by the rows of faucet_kind.cpp; no defaults here, as in spec.hpp).
struct FaucetParams {
  scenario::Amount drip;    // paid each turn, base units
  scenario::Micros period;  // between two turns
  friend bool operator==(const FaucetParams&, const FaucetParams&) = default;
};

/// The kind `faucet`: kFaucet.kind() is its AgentKind (after the built-in ones, in name order).
extern const scenario::RegisteredKind kFaucet;

}  // namespace coordsim::examples::faucet
