#pragma once
// The rules declared outside sim/: their names on the scenario side. A rule's folder does not call
// this itself: model/attribution/register_rule.hpp and model/behaviour/register_rule.hpp register
// the rule's name here and its functions there, with one line at namespace scope.
//
// A registered name is a word of the scenario like a built-in one (`attribution.rule`, or any
// `rule` of a behaviour): accepted by the loader, offered to a misspelling, rendered by to_yaml.
// Its code follows the built-in ones, in name order (registered_names.hpp). Each set closes when
// it is first read: the loader reads both with the schema, the model when it first meets a code
// past the built-in ones.
#include "scenario/registered_names.hpp"

namespace coordsim::scenario {

/// kAttributionRuleNames, then the registered attribution rules (codes of AttributionRule).
[[nodiscard]] RegisteredNames& attribution_rule_names();
/// kBehaviourRuleNames, then the registered behaviour rules (codes of BehaviourRule).
[[nodiscard]] RegisteredNames& behaviour_rule_names();

}  // namespace coordsim::scenario
