#pragma once
// A population group's `behaviour:` map (the scenario's words) as a learning rule's Spec. The maps
// of contributor, model builder and validator groups name the rule's parameters alike; each kind
// has its own action grid, so the caller says how many actions there are (out, then its levels).
// A template over the group's map so the three kinds share one translation.
#include <cstdint>

#include "model/behaviour/learning.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::behaviour {

/// The scenario's rule as the model's: the same numbers, the built-in ones and then the
/// registered ones (register_rule.hpp), so a registered rule passes through unchanged.
[[nodiscard]] constexpr Rule to_rule(scenario::BehaviourRule r) noexcept {
  static_assert(static_cast<int>(scenario::BehaviourRule::kFixed) ==
                static_cast<int>(Rule::kFixed));
  static_assert(static_cast<int>(scenario::BehaviourRule::kRothErev) ==
                static_cast<int>(Rule::kRothErev));
  static_assert(static_cast<int>(scenario::BehaviourRule::kEwa) == static_cast<int>(Rule::kEwa));
  static_assert(static_cast<int>(scenario::BehaviourRule::kLogit) ==
                static_cast<int>(Rule::kLogit));
  return static_cast<Rule>(static_cast<std::uint8_t>(r));
}

template <class GroupBehaviour>
[[nodiscard]] Spec to_spec(const GroupBehaviour& b, std::uint32_t actions) {
  Spec spec;
  spec.rule = to_rule(b.rule);
  spec.actions = actions;
  // A fixed group follows its kind's script and never asks the rule; the spec must still be valid.
  if (spec.rule == Rule::kFixed) spec.fixed.assign(spec.actions, 1.0);
  spec.roth_erev = RothErevParams{b.forgetting, b.experimentation, b.initial_propensity,
                                  b.payoff_floor, b.min_propensity};
  spec.ewa =
      EwaParams{b.phi, b.delta, b.kappa, b.lambda, b.initial_attraction, b.initial_experience};
  spec.logit = LogitParams{b.temperature, b.step, b.initial_estimate};
  return spec;
}

}  // namespace coordsim::model::behaviour
