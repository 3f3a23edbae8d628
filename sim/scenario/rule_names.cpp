#include "scenario/rule_names.hpp"

#include <string_view>
#include <vector>

#include "scenario/enums.hpp"

namespace coordsim::scenario {

// Function-local statics: rules register from other files' static initialisers, whose order
// relative to this file's is unspecified.
RegisteredNames& attribution_rule_names() {
  static RegisteredNames names("attribution rule", kAttributionRuleNames,
                               RegisteredNames::codes_of<AttributionRule>());
  return names;
}

RegisteredNames& behaviour_rule_names() {
  static RegisteredNames names("behaviour rule", kBehaviourRuleNames,
                               RegisteredNames::codes_of<BehaviourRule>());
  return names;
}

std::span<const std::string_view> enum_names(AttributionRule /*tag*/) {
  return attribution_rule_names().names();
}

std::span<const std::string_view> enum_names(BehaviourRule /*tag*/) {
  return behaviour_rule_names().names();
}

std::span<const std::string_view> scenario_attribution_rules() {
  static const std::vector<std::string_view> kWords = [] {
    std::vector<std::string_view> words;
    const std::string_view exact = to_string(AttributionRule::kShapleyExact);
    for (const std::string_view n : enum_names(AttributionRule{}))
      if (n != exact) words.push_back(n);
    return words;
  }();
  return kWords;
}

}  // namespace coordsim::scenario
