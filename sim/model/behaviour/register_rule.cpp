#include "model/behaviour/register_rule.hpp"

#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "scenario/enums.hpp"

namespace coordsim::model::behaviour {
namespace {

struct Registry {
  std::mutex mutex;
  // In registration order; a rule's number comes from the scenario's sorted list of names. A
  // vector that only grows before the set closes (and registered_rule() closes it), so the
  // pointers Learners keep never move.
  std::vector<std::pair<std::string_view, RuleFns>> rules;
};

// A function-local static: rules register from other files' static initialisers.
Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

std::string_view register_rule(std::string_view name, RuleFns fns) {
  if (fns.reset == nullptr || fns.probabilities == nullptr || fns.learn == nullptr) {
    throw std::logic_error("behaviour rule `" + std::string(name) +
                           "` registered without reset, probabilities and learn");
  }
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  // The scenario's word first: it refuses a taken name and a registration after the schema was
  // read, before this registry changes.
  scenario::register_behaviour_rule_name(name);
  r.rules.emplace_back(name, fns);
  return name;
}

const RuleFns* registered_rule(Rule rule) noexcept {
  const auto code = static_cast<std::size_t>(rule);
  const auto names = scenario::enum_names(scenario::BehaviourRule{});  // closes the set
  if (code < static_cast<std::size_t>(Rule::kLogit) + 1 || code >= names.size()) return nullptr;
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  for (const auto& [name, fns] : r.rules) {
    if (name == names[code]) return &fns;
  }
  return nullptr;
}

}  // namespace coordsim::model::behaviour
