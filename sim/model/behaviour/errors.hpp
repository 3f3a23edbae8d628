#pragma once
// Typed exceptions for bad behaviour parameters (they come from the scenario). Programmer errors
// (an agent or action index out of range, a payoff span of the wrong size) are asserted instead.
#include <stdexcept>

namespace coordsim::model::behaviour {

/// A rule parameter out of range, an unknown rule name, or a fixed strategy that is not one.
class InvalidBehaviour : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

}  // namespace coordsim::model::behaviour
