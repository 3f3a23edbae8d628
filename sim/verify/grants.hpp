#pragma once
// Every session's terms within what allowed it (docs/sessions.md, "Granting" and "Sub-delegation
// and attenuation"), checked where the handler that granted it ends (its term rows follow its
// grant row in that handler), before any action goes through it:
// - the policy at the grant's time (policy.hpp): cap_total, cap_per_action, cap_per_period and
//   cap_calls at most sessions.caps.*; the per-period window (cap_period) no shorter than
//   sessions.caps.period (0, the whole lifetime, is the longest); the lifetime, valid_until -
//   valid_after, at most sessions.max_ttl; no expiry only under allow_never_expiring (which
//   exempts it from max_ttl);
// - a sub-delegated session, also its parent: every cap at most the parent's, the window no
//   shorter, valid_after not before and valid_until not after the parent's, its actions within
//   the parent's (/sessions `actions`) and, when the parent lists targets, a list within the
//   parent's (/session_targets; not checked in a file without it).
// The policy itself names no scope: a root grant's actions and targets are its principal's.
#include <cstdint>
#include <utility>

#include "verify/policy.hpp"
#include "verify/scenario.hpp"

namespace coordsim::verify {

class Sessions;

class GrantTerms {
 public:
  explicit GrantTerms(Steps<SessionPolicy> policy) : policy_(std::move(policy)) {}

  /// Session `id` of the replay, its terms complete. @throws Divergence at its grant row, naming
  /// the session and the term exceeded.
  void check(std::uint32_t id, const Sessions& sessions);

  [[nodiscard]] std::uint64_t checked() const noexcept { return checked_; }
  [[nodiscard]] std::uint64_t children() const noexcept { return children_; }
  [[nodiscard]] std::size_t policy_changes() const noexcept { return policy_.changes(); }

 private:
  Steps<SessionPolicy> policy_;
  std::uint64_t checked_ = 0, children_ = 0;
};

}  // namespace coordsim::verify
