#include "scenario/attribution_rule.hpp"

#include <algorithm>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace coordsim::scenario {
namespace {

// The names registered so far, in registration order. A function-local static: rules register
// from other files' static initialisers, whose order relative to this file's is unspecified.
struct Pending {
  std::vector<std::string_view> names;
  bool closed = false;
};

Pending& pending() {
  static Pending p;
  return p;
}

struct Closed {
  std::vector<std::string_view> all;       // AttributionRule order
  std::vector<std::string_view> scenario;  // what `attribution.rule` may name
};

Closed close_rules() {
  Pending& p = pending();
  p.closed = true;
  std::vector<std::string_view> registered = p.names;
  std::sort(registered.begin(), registered.end());  // codes by name, not by static-init order
  Closed c;
  c.all.assign(kAttributionRuleNames.begin(), kAttributionRuleNames.end());
  c.all.insert(c.all.end(), registered.begin(), registered.end());
  // Not to_string(kShapleyExact): it reads enum_names, which is being made here.
  const std::string_view exact =
      kAttributionRuleNames[static_cast<std::size_t>(AttributionRule::kShapleyExact)];
  for (const std::string_view n : kAttributionRuleNames)
    if (n != exact) c.scenario.push_back(n);
  c.scenario.insert(c.scenario.end(), registered.begin(), registered.end());
  return c;
}

// Closed once, by whichever reader comes first (thread-safe: a function-local static).
const Closed& closed() {
  static const Closed kClosed = close_rules();
  return kClosed;
}

bool rule_word(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

}  // namespace

std::span<const std::string_view> enum_names(AttributionRule /*tag*/) { return closed().all; }

std::span<const std::string_view> scenario_attribution_rules() { return closed().scenario; }

void register_attribution_rule(std::string_view name) {
  Pending& p = pending();
  const std::string quoted = "attribution rule `" + std::string(name) + "`";
  if (p.closed) throw std::logic_error(quoted + " registered after the set of rules was read");
  if (!rule_word(name)) {
    throw std::logic_error(quoted +
                           ": a rule's name is lowercase letters, digits and `_`, from a letter");
  }
  const bool built_in = std::find(kAttributionRuleNames.begin(), kAttributionRuleNames.end(),
                                  name) != kAttributionRuleNames.end();
  if (built_in) throw std::logic_error(quoted + ": a built-in rule has that name");
  if (std::find(p.names.begin(), p.names.end(), name) != p.names.end())
    throw std::logic_error(quoted + " registered twice");
  constexpr std::size_t kCodes =
      std::numeric_limits<std::underlying_type_t<AttributionRule>>::max();
  if (kBuiltInAttributionRules + p.names.size() >= kCodes)
    throw std::logic_error(quoted + ": every attribution rule code is taken");
  p.names.push_back(name);
}

}  // namespace coordsim::scenario
