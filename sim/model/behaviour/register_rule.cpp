#include "model/behaviour/register_rule.hpp"

#include <stdexcept>
#include <string>

#include "scenario/registered_table.hpp"
#include "scenario/rule_names.hpp"

namespace coordsim::model::behaviour {
namespace {

// A function-local static: rules register from other files' static initialisers. Its values do
// not move once the set is closed, so the pointers Learners keep stay valid.
scenario::RegisteredTable<RuleFns>& table() {
  static scenario::RegisteredTable<RuleFns> t(scenario::behaviour_rule_names());
  return t;
}

}  // namespace

std::string_view register_rule(std::string_view name, RuleFns fns) {
  if (fns.reset == nullptr || fns.probabilities == nullptr || fns.learn == nullptr) {
    throw std::logic_error("behaviour rule `" + std::string(name) +
                           "` registered without reset, probabilities and learn");
  }
  table().add(name, fns);
  return name;
}

const RuleFns* registered_rule(Rule rule) { return table().find(static_cast<std::size_t>(rule)); }

}  // namespace coordsim::model::behaviour
