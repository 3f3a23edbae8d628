#include "model/attribution/register_rule.hpp"

#include <stdexcept>
#include <string>

#include "scenario/registered_table.hpp"
#include "scenario/rule_names.hpp"

namespace coordsim::model::attribution {
namespace {

// A function-local static: rules register from other files' static initialisers.
scenario::RegisteredTable<RuleFn>& table() {
  static scenario::RegisteredTable<RuleFn> t(scenario::attribution_rule_names());
  return t;
}

}  // namespace

Rule RegisteredRule::rule() const {
  const auto rule = scenario::enum_from_string<Rule>(name_);
  if (!rule) throw std::logic_error("attribution rule `" + std::string(name_) + "` not registered");
  return *rule;
}

RegisteredRule register_rule(std::string_view name, RuleFn fn) {
  if (fn == nullptr)
    throw std::logic_error("attribution rule `" + std::string(name) + "` without a function");
  table().add(name, fn);
  return RegisteredRule(name);
}

RuleFn registered_rule(Rule rule) {
  const RuleFn* fn = table().find(static_cast<std::size_t>(rule));
  return fn != nullptr ? *fn : nullptr;
}

}  // namespace coordsim::model::attribution
