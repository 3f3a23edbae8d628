#pragma once
// Attribution rules declared outside sim/: the scenario side, their names. A rule's folder does
// not call this itself: model/attribution/register_rule.hpp registers the rule's name here and its
// weights function there, with one line at namespace scope in one of its .cpp files.
//
// A registered name is a word of `attribution.rule` like the built-in ones: accepted by the
// loader, offered to a misspelling, rendered by to_yaml. Its AttributionRule code follows the
// built-in ones (kBuiltInAttributionRules, ...), in NAME order whatever the order of static
// initialisation, so one set of registered rules gives the same codes in every process. The set
// closes when it is first read (the loader reads it with the schema, the model when it first
// computes weights); registering after that throws std::logic_error. Files store the rule's name
// (the scenario's text), never its code.
#include <string_view>

#include "scenario/enums.hpp"

namespace coordsim::scenario {

/// Registers the name of an attribution rule (lowercase letters, digits and `_`, starting with a
/// letter; static storage: a literal).
/// @throws std::logic_error if the name is not such a word, is a built-in rule's or another
/// registered one's, if 255 codes are taken, or if the set of rules is closed.
void register_attribution_rule(std::string_view name);

}  // namespace coordsim::scenario
