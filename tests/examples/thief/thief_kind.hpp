#pragma once
// The thief as an agent kind of the scenario: its params struct and its registration, beside the
// system (thief.hpp). A group `{kind: thief, count: 2, amount: 10, period: 1m}` loads, is
// validated like every built-in group (thief_kind.cpp: its rows and its check between keys) and is
// read back with `group.as<ThiefParams>()`.
#include "scenario/kind.hpp"
#include "scenario/spec.hpp"

namespace coordsim::examples::thief {

/// A thief group's keys (filled by the rows of thief_kind.cpp; no defaults here, as in spec.hpp).
struct ThiefParams {
  scenario::Amount amount;  // what each attempt tries to take, base units
  scenario::Micros period;  // between two of a thief's turns
  friend bool operator==(const ThiefParams&, const ThiefParams&) = default;
};

/// The kind `thief`: kThief.kind() is its AgentKind (after the built-in ones, in name order).
extern const scenario::RegisteredKind kThief;

}  // namespace coordsim::examples::thief
