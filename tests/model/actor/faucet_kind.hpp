#pragma once
// The faucet as an agent kind of the scenario (docs/extending.md, "Worked example"): its params
// struct and its registration, in this folder beside the system (faucet.hpp). A scenario group
// `{kind: faucet, count: 1, drip: 5, period: 1h}` loads, is validated like every built-in group
// (faucet_kind.cpp: its rows and its checks between keys) and is read back with
// `group.as<FaucetParams>()`. Nothing in sim/ names it: linking faucet_kind.cpp registers it.
#include "faucet.hpp"
#include "model/actor/population.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::actor::example {

/// A faucet group's keys (filled by the rows of faucet_kind.cpp; no defaults here, as in spec.hpp).
struct FaucetParams {
  scenario::Amount drip;    // paid each turn, base units
  scenario::Micros period;  // between two turns
  friend bool operator==(const FaucetParams&, const FaucetParams&) = default;
};

/// The kind `faucet` (its AgentKind follows the built-in ones).
extern const scenario::AgentKind kFaucetKind;

/// The faucet of a scenario: its one agent, paying the agents before it in turn.
/// @throws std::invalid_argument if the scenario has not exactly one faucet after other agents.
[[nodiscard]] Faucet faucet_from(const scenario::SpecData& spec, const Population& pop);

}  // namespace coordsim::model::actor::example
