#pragma once
// Decision rules declared outside sim/model/behaviour. A rule writes, in its own folder, four
// functions over one agent's state and registers them with one line at namespace scope in one of
// its .cpp files:
//
//   const std::string_view kEpsilonGreedy = behaviour::register_rule("epsilon_greedy", {...});
//
// Linking that file into an executable is the registration: from then on the scenario accepts
// `rule: epsilon_greedy` wherever a behaviour rule is named (contributors, builders, validators,
// sybils, poisoners, free riders; a misspelling is reported at its file:line:column with the
// registered names in the message), and Learners built for it call its functions through plain
// function pointers. The built-in rules (learning.hpp) are not registered: they keep their switch.
//
// The contract of a registered rule:
//   - no parameters of its own: it reads those of the group's behaviour map that the built-in
//     rules read (Spec: temperature, step, initial_estimate, forgetting, experimentation, ...),
//     and may check them (validate);
//   - its state is one agent's columns in the Learners object: `actions` values (what
//     Learners::attractions() shows), then extra_per_action x actions + extra_per_agent doubles;
//     checkpoints carry both columns and the rule's name;
//   - probabilities() gives the mixed strategy; Learners::choose() draws from it with exactly
//     one uniform from the caller's Rng (the promise of learning.hpp holds by construction);
//   - it learns from the realised payoff of the chosen action only (a group that would pass
//     forgone payoffs passes the chosen action's alone);
//   - nothing allocates per decision: the functions work in the spans they are given.
//
// Registration happens during static initialisation. Registered rules take BehaviourRule (and
// Rule) values after the built-in ones in name order, whatever the order of static
// initialisation; the set closes when the scenario schema is first read (registering later
// throws std::logic_error). Never store the number: the name is what scenarios carry.
#include <cstdint>
#include <span>
#include <string_view>

#include "model/behaviour/learning.hpp"

namespace coordsim::model::behaviour {

/// One agent's state, as a registered rule sees it.
struct RuleState {
  std::span<double> values;  // actions() doubles: Learners::attractions()
  std::span<double> extra;   // extra_per_action x actions() + extra_per_agent doubles
};
struct ConstRuleState {
  std::span<const double> values;
  std::span<const double> extra;
};

/// A registered rule: the size of its state and its functions (plain pointers; a captureless
/// lambda or a free function converts to them).
struct RuleFns {
  std::uint32_t extra_per_action = 0;
  std::uint32_t extra_per_agent = 0;
  /// Optional. @throws InvalidBehaviour if a parameter the rule reads is out of its range.
  void (*validate)(const Spec& spec) = nullptr;
  /// One agent's initial state (a newcomer's; a reused slot's).
  void (*reset)(const Spec& spec, RuleState state) noexcept = nullptr;
  /// The mixed strategy now: out.size() == spec.actions, non-negative, summing to 1.
  void (*probabilities)(const Spec& spec, ConstRuleState state,
                        std::span<double> out) noexcept = nullptr;
  /// Learn from the realised payoff of the chosen action.
  void (*learn)(const Spec& spec, RuleState state, std::uint32_t chosen,
                double payoff) noexcept = nullptr;
  /// Optional: whether a checkpointed agent's state is one the rule can have produced.
  bool (*valid)(const Spec& spec, ConstRuleState state) noexcept = nullptr;
};

/// Registers a rule under `name` (a literal: lowercase letters, digits, `_`). Returns the name.
/// @throws std::logic_error if a function is missing or scenario::behaviour_rule_names() refuses
/// the name (not such a word, a built-in's or taken, no code left, or the set is closed).
std::string_view register_rule(std::string_view name, RuleFns fns);

/// The registered rule of `rule`, or null for a built-in rule or an unknown value. A value past
/// the built-in ones closes the set.
[[nodiscard]] const RuleFns* registered_rule(Rule rule);

}  // namespace coordsim::model::behaviour
