#include "model/attribution/register_rule.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "scenario/attribution_rule.hpp"

namespace coordsim::model::attribution {
namespace {

struct Entry {
  std::string_view name;
  RuleFn fn;
};

// In registration order; a function-local static (rules register from static initialisers).
std::vector<Entry>& entries() {
  static std::vector<Entry> e;
  return e;
}

// Code - kBuiltInAttributionRules -> function, made once the set of names is closed.
const std::vector<RuleFn>& table() {
  static const std::vector<RuleFn> kTable = [] {
    const auto names = scenario::enum_names(Rule{});
    std::vector<RuleFn> fns;
    for (std::size_t code = scenario::kBuiltInAttributionRules; code < names.size(); ++code) {
      RuleFn fn = nullptr;
      for (const Entry& e : entries())
        if (e.name == names[code]) fn = e.fn;
      fns.push_back(fn);
    }
    return fns;
  }();
  return kTable;
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
  scenario::register_attribution_rule(name);
  entries().push_back(Entry{name, fn});
  return RegisteredRule(name);
}

RuleFn registered_rule(Rule rule) {
  const auto code = static_cast<std::size_t>(rule);
  if (code < scenario::kBuiltInAttributionRules) return nullptr;
  const std::vector<RuleFn>& t = table();
  const std::size_t i = code - scenario::kBuiltInAttributionRules;
  return i < t.size() ? t[i] : nullptr;
}

}  // namespace coordsim::model::attribution
