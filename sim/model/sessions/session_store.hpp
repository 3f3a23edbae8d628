#pragma once
// Constrained delegation: the store of every session (grant) of a run, and the checks that decide
// whether an action taken through a session chain may apply.
//
// A pure component: it never schedules anything. The caller (the world's event handler) schedules
// expiry at the valid_until a grant returns, revokes when a principal decides to, asks
// authorize() before an action, lets the ledger apply it, then calls commit_spend(). Expiry needs
// no event to take effect (every check compares now with valid_until); the event is for the
// caller's bookkeeping, and because extend() may move valid_until later, an expiry event must be
// treated as "re-check is_live()" rather than "this session is now dead".
//
// Layout: struct of arrays indexed by SessionId. A session's parent always has a smaller id.
// authorize() walks the chain leaf to root through parent_, touching a few columns per link, and
// never allocates. Allowed targets of all sessions live sorted in one shared array; a session
// holds an offset and a count into it (a child that keeps its parent's targets shares its range).
//
// Semantics (check order, attenuation, accounting modes, exposure, renewal) are specified in
// docs/sessions.md; the comments below summarise.
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/time.hpp"
#include "model/ledger/amount.hpp"
#include "model/sessions/action.hpp"
#include "model/sessions/caps.hpp"
#include "model/sessions/policy.hpp"
#include "model/sessions/reason.hpp"
#include "model/sessions/scope.hpp"
#include "model/sessions/session_id.hpp"

namespace coordsim::model::sessions {

/// Caps, lifetime and start of a requested grant. Unset fields take defaults: caps from the policy
/// (root grants) or from the session being sub-delegated or renewed; ttl from the policy.
struct Terms {
  std::optional<Caps> caps;
  std::optional<kernel::SimDuration> ttl;  // kForever: never expires (if the policy allows)
  kernel::SimDuration start_delay{0};      // valid_after = now + start_delay
};

/// A new (or extended) session, or why none was made. valid_until is where the caller schedules
/// the expiry event (none when it is SimTime::never()).
struct GrantResult {
  SessionId id = kNoSession;
  GrantError error = GrantError::kNone;
  kernel::SimTime valid_after{};
  kernel::SimTime valid_until{};

  [[nodiscard]] constexpr bool ok() const noexcept { return error == GrantError::kNone; }
};

/// Remaining authority over the live sessions (definition in docs/sessions.md): the sum of the
/// finite remaining totals, and how many terms of the sum were unlimited (left out of `bounded`).
struct Exposure {
  ledger::Wide bounded = 0;
  std::uint64_t unlimited = 0;
};

class SessionStore {
 public:
  /// @throws InvalidPolicy
  explicit SessionStore(const Policy& policy);

  [[nodiscard]] const Policy& policy() const noexcept { return policy_; }
  /// Replace the policy mid-run: later grants follow it, and max_depth is re-checked on every
  /// authorisation. @throws InvalidPolicy if invalid or if it changes cap_accounting (the counters
  /// mean different things in the two modes).
  void set_policy(const Policy& policy);

  // --- granting ----------------------------------------------------------------------------

  /// A root grant (depth 0) from `principal` to `delegate`. Rejects (GrantError) what the policy
  /// forbids. @throws InvalidGrant for malformed requests.
  GrantResult grant(kernel::AgentId principal, kernel::AgentId delegate, const Scope& scope,
                    const Terms& terms, kernel::SimTime now);

  /// `holder` (the delegate of `parent`) sub-delegates to `new_delegate`. The request is clamped
  /// to the parent (actions intersected, targets intersected, each cap the smaller, valid_after
  /// no earlier, valid_until no later); the parent chain must be valid now and allow
  /// Action::kSubdelegate on every link; depth + 1 > max_depth is rejected. Unset scope or caps
  /// inherit the parent's. The policy then judges the clamped session. @throws InvalidGrant
  GrantResult subdelegate(SessionId parent, kernel::AgentId holder, kernel::AgentId new_delegate,
                          const std::optional<Scope>& scope, const Terms& terms,
                          kernel::SimTime now);

  // --- authorising and charging ------------------------------------------------------------

  /// Whether `actor` may take `action` on `target` (kNoAgent: the action has no counterparty)
  /// moving `amount` through session `s` at `now`. Walks every link of the chain; never
  /// allocates; charges nothing.
  [[nodiscard]] Decision authorize(SessionId s, kernel::AgentId actor, Action action,
                                   kernel::AgentId target, ledger::Amount amount,
                                   kernel::SimTime now) const noexcept;

  /// Charge an applied action: per-link accounting charges every link of the chain, chain
  /// accounting the acting session only. Counts one call. Precondition: authorize() just
  /// returned applied for this amount at this time.
  void commit_spend(SessionId s, ledger::Amount amount, kernel::SimTime now) noexcept;

  /// authorize(); if applied, `apply()` (the ledger's move, returning false for insufficient
  /// funds); if that succeeded, commit_spend(). A rejected action charges nothing.
  template <class Apply>
  Decision try_spend(SessionId s, kernel::AgentId actor, Action action, kernel::AgentId target,
                     ledger::Amount amount, kernel::SimTime now, Apply&& apply) {
    const Decision d = authorize(s, actor, action, target, amount, now);
    if (!d.applied()) return d;
    if (!apply()) return Decision{Reason::kInsufficientFunds, s};
    commit_spend(s, amount, now);
    return d;
  }

  /// The first of REVOKED, EXPIRED, DEPTH_EXCEEDED, NOT_YET_VALID that holds on the chain (the
  /// time and revocation checks of authorize, without actor, scope or caps), or kNone.
  [[nodiscard]] Reason chain_status(SessionId s, kernel::SimTime now) const noexcept;
  /// No link revoked, expired or deeper than max_depth. A not-yet-valid chain is live: it is
  /// outstanding authority.
  [[nodiscard]] bool is_live(SessionId s, kernel::SimTime now) const noexcept;
  /// The largest amount one action through `s` could move now as far as the caps go (scope and
  /// targets aside): 0 when the chain cannot act now or a call cap is used up; kUnlimited when
  /// nothing bounds it. For adversaries that drain "as fast as the rules let".
  [[nodiscard]] ledger::Amount headroom(SessionId s, kernel::SimTime now) const noexcept;

  // --- revocation --------------------------------------------------------------------------

  /// Mark `s` revoked (monotone: never undone). Every chain through `s` fails from now on
  /// because authorize() sees the revoked ancestor. Returns whether it was newly revoked.
  bool revoke(SessionId s, kernel::SimTime now) noexcept;
  /// revoke() on `s` and every descendant, pre-order; calls on_revoked(SessionId) for each
  /// newly revoked one (e.g. to cancel its expiry event). Returns how many were newly revoked.
  template <class OnRevoked>
  std::size_t revoke_cascade(SessionId s, kernel::SimTime now, OnRevoked&& on_revoked);
  std::size_t revoke_cascade(SessionId s, kernel::SimTime now) {
    return revoke_cascade(s, now, [](SessionId) {});
  }
  /// The principal of `s` or of any of its ancestors may revoke it.
  [[nodiscard]] bool can_revoke(SessionId s, kernel::AgentId actor) const noexcept;

  // --- renewal -----------------------------------------------------------------------------

  /// Move valid_until of a live session later, keeping its id, counters and children:
  /// valid_until = max(old, min(max(now, valid_after) + ttl, parent's valid_until)). The policy
  /// judges the extension (ttl measured from max(now, valid_after)). Only the principal.
  GrantResult extend(SessionId s, kernel::AgentId principal, kernel::SimTime now,
                     std::optional<kernel::SimDuration> ttl);
  /// Replace `s` by a fresh session with the same principal, delegate, parent, scope and caps,
  /// fresh counters, valid from now for `ttl`; on success `s` and its descendants are revoked.
  /// Works on an expired session, not on a revoked one. Only the principal.
  GrantResult renew(SessionId s, kernel::AgentId principal, kernel::SimTime now,
                    std::optional<kernel::SimDuration> ttl);

  // --- metrics (O(sessions x depth) loops over the columns) --------------------------------

  [[nodiscard]] std::size_t live_sessions(kernel::SimTime now) const noexcept;
  [[nodiscard]] Exposure total_exposure(kernel::SimTime now) const noexcept;

  // --- columns -----------------------------------------------------------------------------

  [[nodiscard]] std::size_t size() const noexcept { return principal_.size(); }
  [[nodiscard]] bool contains(SessionId s) const noexcept { return index(s) < size(); }
  [[nodiscard]] kernel::AgentId principal(SessionId s) const noexcept {
    return principal_[index(s)];
  }
  [[nodiscard]] kernel::AgentId delegate(SessionId s) const noexcept { return delegate_[index(s)]; }
  [[nodiscard]] SessionId parent(SessionId s) const noexcept { return parent_[index(s)]; }
  [[nodiscard]] SessionId root(SessionId s) const noexcept;
  [[nodiscard]] std::uint32_t depth(SessionId s) const noexcept { return depth_[index(s)]; }
  [[nodiscard]] ActionSet actions(SessionId s) const noexcept { return actions_[index(s)]; }
  [[nodiscard]] bool any_target(SessionId s) const noexcept {
    return target_count_[index(s)] == kAnyTargets;
  }
  /// The allowed targets, sorted (empty when any_target()).
  [[nodiscard]] std::span<const kernel::AgentId> targets(SessionId s) const noexcept;
  [[nodiscard]] bool target_allowed(SessionId s, kernel::AgentId target) const noexcept;
  [[nodiscard]] Scope scope(SessionId s) const;
  [[nodiscard]] Caps caps(SessionId s) const noexcept;
  [[nodiscard]] kernel::SimTime valid_after(SessionId s) const noexcept {
    return valid_after_[index(s)];
  }
  [[nodiscard]] kernel::SimTime valid_until(SessionId s) const noexcept {
    return valid_until_[index(s)];
  }
  [[nodiscard]] kernel::SimTime created_at(SessionId s) const noexcept {
    return created_at_[index(s)];
  }
  [[nodiscard]] bool revoked(SessionId s) const noexcept { return revoked_[index(s)] != 0; }
  [[nodiscard]] kernel::SimTime revoked_at(SessionId s) const noexcept {
    return revoked_at_[index(s)];
  }
  /// Counters. Per-link accounting: everything spent through this link and its descendants;
  /// chain accounting: what was spent with this session as the acting one.
  [[nodiscard]] ledger::Amount spent_total(SessionId s) const noexcept {
    return spent_total_[index(s)];
  }
  [[nodiscard]] ledger::Amount spent_in_period(SessionId s, kernel::SimTime now) const noexcept;
  [[nodiscard]] std::uint64_t calls_made(SessionId s) const noexcept {
    return calls_made_[index(s)];
  }
  /// Children, most recent first: for (c = first_child(s); c != kNoSession; c = next_sibling(c)).
  [[nodiscard]] SessionId first_child(SessionId s) const noexcept { return first_child_[index(s)]; }
  [[nodiscard]] SessionId next_sibling(SessionId s) const noexcept {
    return next_sibling_[index(s)];
  }

  // --- checkpoints -------------------------------------------------------------------------

  /// Every column (the policy is not stored: it comes from the scenario the store is rebuilt
  /// from). load() replaces all sessions and checks the links between them, so a loaded store
  /// never indexes outside its columns. @throws kernel::ArchiveError
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

 private:
  static constexpr std::uint32_t kAnyTargets = 0xFFFFFFFFU;

  struct Window {
    kernel::SimTime valid_after;
    kernel::SimTime valid_until;
  };
  static Window window(kernel::SimTime now, kernel::SimDuration start_delay,
                       kernel::SimDuration ttl) noexcept;
  [[nodiscard]] GrantError policy_check(const Caps& caps, Window w) const noexcept;
  [[nodiscard]] kernel::SimDuration resolve_ttl(
      const std::optional<kernel::SimDuration>& ttl) const;
  [[nodiscard]] Reason link_status(std::size_t i, kernel::SimTime now) const noexcept;
  [[nodiscard]] bool link_dead(std::size_t i, kernel::SimTime now) const noexcept;
  [[nodiscard]] ledger::Amount in_period(std::size_t i, kernel::SimTime now) const noexcept;
  void charge(std::size_t i, ledger::Amount amount, kernel::SimTime now) noexcept;
  /// Appends `targets` sorted and de-duplicated, kept only where also in the parent's range
  /// when the parent has one. Returns (offset, count).
  std::pair<std::uint32_t, std::uint32_t> store_targets(const Scope& scope, std::size_t parent);
  SessionId push(kernel::AgentId principal, kernel::AgentId delegate, SessionId parent,
                 std::uint32_t depth, ActionSet actions, std::uint32_t target_offset,
                 std::uint32_t target_count, const Caps& caps, Window w, kernel::SimTime now);

  Policy policy_;

  // Identity and scope (immutable after grant).
  std::vector<kernel::AgentId> principal_;
  std::vector<kernel::AgentId> delegate_;
  std::vector<SessionId> parent_;
  std::vector<std::uint32_t> depth_;
  std::vector<ActionSet> actions_;
  std::vector<std::uint32_t> target_offset_;
  std::vector<std::uint32_t> target_count_;  // kAnyTargets: any target
  std::vector<kernel::AgentId> targets_;     // shared, each session's range sorted
  // Caps (immutable after grant).
  std::vector<ledger::Amount> cap_per_action_;
  std::vector<ledger::Amount> cap_total_;
  std::vector<ledger::Amount> cap_per_period_;
  std::vector<kernel::SimDuration> period_;
  std::vector<std::uint64_t> cap_calls_;
  // Lifetime (valid_until may move later through extend()).
  std::vector<kernel::SimTime> valid_after_;
  std::vector<kernel::SimTime> valid_until_;
  std::vector<kernel::SimTime> created_at_;
  std::vector<std::uint8_t> revoked_;
  std::vector<kernel::SimTime> revoked_at_;
  // Counters.
  std::vector<ledger::Amount> spent_total_;
  std::vector<ledger::Amount> spent_in_period_;
  std::vector<kernel::SimTime> period_start_;
  std::vector<std::uint64_t> calls_made_;
  // Children index (intrusive lists: no allocation per session beyond the columns).
  std::vector<SessionId> first_child_;
  std::vector<SessionId> next_sibling_;
};

template <class OnRevoked>
std::size_t SessionStore::revoke_cascade(SessionId s, kernel::SimTime now, OnRevoked&& on_revoked) {
  assert(contains(s));
  // Pre-order walk of the subtree through the intrusive child lists: no stack needed.
  std::size_t newly = 0;
  SessionId node = s;
  for (;;) {
    if (revoke(node, now)) {
      ++newly;
      on_revoked(node);
    }
    if (first_child(node) != kNoSession) {
      node = first_child(node);
      continue;
    }
    while (node != s && next_sibling(node) == kNoSession) node = parent(node);
    if (node == s) break;
    node = next_sibling(node);
  }
  return newly;
}

}  // namespace coordsim::model::sessions
