#include "model/attribution/register_rule.hpp"

#include <stdexcept>
#include <string>

#include "scenario/registered_table.hpp"
#include "scenario/rule_names.hpp"

namespace coordsim::model::attribution {
namespace {

struct Registered {
  RuleFn fn;
  RowCredit credit;
};

// A function-local static: rules register from other files' static initialisers.
scenario::RegisteredTable<Registered>& table() {
  static scenario::RegisteredTable<Registered> t(scenario::attribution_rule_names());
  return t;
}

}  // namespace

Rule RegisteredRule::rule() const {
  const auto rule = scenario::enum_from_string<Rule>(name_);
  if (!rule) throw std::logic_error("attribution rule `" + std::string(name_) + "` not registered");
  return *rule;
}

RegisteredRule register_rule(std::string_view name, RuleFn fn, RowCredit credit) {
  if (fn == nullptr)
    throw std::logic_error("attribution rule `" + std::string(name) + "` without a function");
  table().add(name, Registered{fn, credit});
  return RegisteredRule(name);
}

RuleFn registered_rule(Rule rule) {
  const Registered* r = table().find(static_cast<std::size_t>(rule));
  return r != nullptr ? r->fn : nullptr;
}

RowCredit row_credit(Rule rule) {
  if (rule == Rule::kUsage) return RowCredit::kPerRow;
  const Registered* r = table().find(static_cast<std::size_t>(rule));
  return r != nullptr ? r->credit : RowCredit::kByQuality;
}

}  // namespace coordsim::model::attribution
