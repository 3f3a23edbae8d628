#pragma once
// What a grant allows: a set of actions, and either any target or a list of targets (agent ids of
// counterparties, markets, models). A grant request owns its list; the store keeps every session's
// targets sorted and de-duplicated in one shared array.
#include <utility>
#include <vector>

#include "kernel/agent_id.hpp"
#include "model/sessions/action.hpp"

namespace coordsim::model::sessions {

struct Scope {
  ActionSet actions;
  bool any_target = true;                // when true, `targets` is ignored
  std::vector<kernel::AgentId> targets;  // allowed targets when any_target is false

  [[nodiscard]] static Scope any(ActionSet actions) { return Scope{actions, true, {}}; }
  [[nodiscard]] static Scope only(ActionSet actions, std::vector<kernel::AgentId> targets) {
    return Scope{actions, false, std::move(targets)};
  }
};

}  // namespace coordsim::model::sessions
