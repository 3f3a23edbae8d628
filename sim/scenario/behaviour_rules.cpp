// The scenario's words for decision rules: the built-in ones (enums.hpp), then the names of the
// rules registered from outside sim/model/behaviour (model/behaviour/register_rule.hpp), sorted
// by name so that a rule's BehaviourRule value does not depend on the order of static
// initialisation. The set closes at the first enum_names(BehaviourRule) call (the schema's rows
// read it when the loader first builds them); registering after that throws.
#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenario/enums.hpp"

namespace coordsim::scenario {
namespace {

struct Registry {
  std::mutex mutex;
  std::vector<std::string_view> registered;  // in registration order
  bool closed = false;
};

// A function-local static: rules register from other files' static initialisers, whose order
// relative to this file's is unspecified.
Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

void register_behaviour_rule_name(std::string_view name) {
  Registry& r = registry();
  const std::lock_guard lock(r.mutex);
  if (r.closed) {
    throw std::logic_error("behaviour rule `" + std::string(name) +
                           "` registered after the scenario schema was read");
  }
  const bool taken =
      std::find(kBehaviourRuleNames.begin(), kBehaviourRuleNames.end(), name) !=
          kBehaviourRuleNames.end() ||
      std::find(r.registered.begin(), r.registered.end(), name) != r.registered.end();
  if (taken) throw std::logic_error("behaviour rule `" + std::string(name) + "` registered twice");
  r.registered.push_back(name);
}

std::span<const std::string_view> enum_names(BehaviourRule /*tag*/) {
  // Built once (a thread-safe static): later calls read it without a lock.
  static const std::vector<std::string_view> kNames = [] {
    Registry& r = registry();
    const std::lock_guard lock(r.mutex);
    r.closed = true;
    std::vector<std::string_view> all(kBehaviourRuleNames.begin(), kBehaviourRuleNames.end());
    std::vector<std::string_view> registered = r.registered;
    std::sort(registered.begin(), registered.end());
    all.insert(all.end(), registered.begin(), registered.end());
    return all;
  }();
  return kNames;
}

}  // namespace coordsim::scenario
