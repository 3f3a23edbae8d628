#pragma once
// Shared names for the session tests: a few agents, a permissive policy, short constructors.
#include "model/sessions/errors.hpp"
#include "model/sessions/session_store.hpp"

namespace coordsim::model::sessions::testing {

using kernel::AgentId;
using kernel::kNoAgent;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;
using ledger::Wide;

inline constexpr AgentId kAlice{0};   // a principal
inline constexpr AgentId kBot{1};     // an AI agent
inline constexpr AgentId kHelper{2};  // a sub-agent
inline constexpr AgentId kThird{3};   // a sub-sub-agent
inline constexpr AgentId kMallory{9};
inline constexpr AgentId kMarket{100};
inline constexpr AgentId kModel{101};
inline constexpr AgentId kShop{102};

inline SimTime at(std::uint64_t t) { return SimTime{t}; }
inline SimDuration ticks(std::int64_t t) { return SimDuration{t}; }
inline Amount amt(std::int64_t v) { return Amount{v}; }

inline Policy test_policy(CapAccounting accounting = CapAccounting::kPerLink) {
  Policy p;
  p.default_ttl = ticks(100);
  p.max_ttl = ticks(1000);
  p.max_depth = 3;
  p.cap_accounting = accounting;
  p.default_caps = Caps::with_total(amt(500));
  return p;
}

inline Caps caps(std::int64_t per_action, std::int64_t total, std::int64_t per_period = -1,
                 std::int64_t period = 0, std::uint64_t calls = kUnlimitedCalls) {
  Caps c;
  c.per_action = per_action < 0 ? kUnlimited : amt(per_action);
  c.total = total < 0 ? kUnlimited : amt(total);
  c.per_period = per_period < 0 ? kUnlimited : amt(per_period);
  c.period = ticks(period);
  c.calls = calls;
  return c;
}

inline const ActionSet kTrade{Action::kSwap, Action::kTransfer, Action::kSubdelegate};

}  // namespace coordsim::model::sessions::testing
