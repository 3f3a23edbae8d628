// Granting, sub-delegation, revocation and renewal: everything that adds or changes rows.
#include <algorithm>
#include <limits>

#include "model/sessions/errors.hpp"
#include "model/sessions/session_store.hpp"

namespace coordsim::model::sessions {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;

namespace {

GrantError to_grant_error(Reason r) noexcept {
  switch (r) {
    case Reason::kRevoked:
      return GrantError::kRevoked;
    case Reason::kExpired:
      return GrantError::kExpired;
    case Reason::kDepthExceeded:
      return GrantError::kDepthExceeded;
    case Reason::kNotYetValid:
      return GrantError::kNotYetValid;
    case Reason::kOutOfScope:
      return GrantError::kOutOfScope;
    case Reason::kNotDelegate:
      return GrantError::kNotDelegate;
    default:
      return GrantError::kNone;
  }
}

void require_agent(AgentId a, const char* what) {
  if (a == kernel::kNoAgent) throw InvalidGrant(std::string(what) + " is not an agent");
}

}  // namespace

SessionStore::SessionStore(const Policy& policy) : policy_(policy) { validate(policy_); }

void SessionStore::set_policy(const Policy& policy) {
  validate(policy);
  if (policy.cap_accounting != policy_.cap_accounting) {
    throw InvalidPolicy("cap_accounting cannot change during a run");
  }
  policy_ = policy;
}

SessionStore::Window SessionStore::window(SimTime now, SimDuration start_delay,
                                          SimDuration ttl) noexcept {
  const SimTime after = now + start_delay;
  const SimTime until = ttl == kForever ? SimTime::never() : after + ttl;
  return Window{after, until};
}

SimDuration SessionStore::resolve_ttl(const std::optional<SimDuration>& ttl) const {
  const SimDuration t = ttl.value_or(policy_.default_ttl);
  if (t.ticks() <= 0) throw InvalidGrant("ttl must be positive");
  return t;
}

GrantError SessionStore::policy_check(const Caps& caps, Window w) const noexcept {
  if (w.valid_until == SimTime::never()) {
    if (!policy_.allow_never_expiring) return GrantError::kNeverExpiringNotAllowed;
  } else if (policy_.max_ttl != kForever && w.valid_until - w.valid_after > policy_.max_ttl) {
    return GrantError::kTtlExceedsMax;
  }
  if (is_unlimited(caps.total) && !policy_.allow_unlimited) return GrantError::kUnlimitedNotAllowed;
  return GrantError::kNone;
}

std::pair<std::uint32_t, std::uint32_t> SessionStore::store_targets(const Scope& scope,
                                                                    std::size_t parent) {
  const bool has_parent = parent != index(kNoSession);
  const bool parent_any = !has_parent || target_count_[parent] == kAnyTargets;
  if (scope.any_target) {
    // Any target under a listing parent is clamped to the parent's list: share its range.
    if (parent_any) return {0, kAnyTargets};
    return {target_offset_[parent], target_count_[parent]};
  }
  if (targets_.size() + scope.targets.size() >= kAnyTargets) {
    throw InvalidGrant("too many allowed targets in the run");
  }
  const auto off = static_cast<std::ptrdiff_t>(targets_.size());
  targets_.insert(targets_.end(), scope.targets.begin(), scope.targets.end());
  std::sort(targets_.begin() + off, targets_.end());
  targets_.erase(std::unique(targets_.begin() + off, targets_.end()), targets_.end());
  if (!parent_any) {
    // Keep only targets the parent allows (the parent's range lies before `off`, untouched).
    const auto p_begin = targets_.begin() + static_cast<std::ptrdiff_t>(target_offset_[parent]);
    const auto p_end = p_begin + static_cast<std::ptrdiff_t>(target_count_[parent]);
    auto write = targets_.begin() + off;
    for (auto read = write; read != targets_.end(); ++read) {
      if (std::binary_search(p_begin, p_end, *read)) *write++ = *read;
    }
    targets_.erase(write, targets_.end());
  }
  return {static_cast<std::uint32_t>(off),
          static_cast<std::uint32_t>(targets_.size() - static_cast<std::size_t>(off))};
}

SessionId SessionStore::push(AgentId principal, AgentId delegate, SessionId parent,
                             std::uint32_t depth, ActionSet actions, std::uint32_t target_offset,
                             std::uint32_t target_count, const Caps& caps, Window w, SimTime now) {
  if (size() >= index(kNoSession)) throw InvalidGrant("too many sessions");
  const SessionId id{static_cast<std::uint32_t>(size())};
  principal_.push_back(principal);
  delegate_.push_back(delegate);
  parent_.push_back(parent);
  depth_.push_back(depth);
  actions_.push_back(actions);
  target_offset_.push_back(target_offset);
  target_count_.push_back(target_count);
  cap_per_action_.push_back(caps.per_action);
  cap_total_.push_back(caps.total);
  cap_per_period_.push_back(caps.per_period);
  period_.push_back(caps.period);
  cap_calls_.push_back(caps.calls);
  valid_after_.push_back(w.valid_after);
  valid_until_.push_back(w.valid_until);
  created_at_.push_back(now);
  revoked_.push_back(0);
  revoked_at_.push_back(SimTime::never());
  spent_total_.push_back(Amount::zero());
  spent_in_period_.push_back(Amount::zero());
  period_start_.push_back(w.valid_after);
  calls_made_.push_back(0);
  first_child_.push_back(kNoSession);
  next_sibling_.push_back(kNoSession);
  if (parent != kNoSession) {
    next_sibling_[index(id)] = first_child_[index(parent)];
    first_child_[index(parent)] = id;
  }
  return id;
}

GrantResult SessionStore::grant(AgentId principal, AgentId delegate, const Scope& scope,
                                const Terms& terms, SimTime now) {
  require_agent(principal, "principal");
  require_agent(delegate, "delegate");
  const Caps caps = terms.caps.value_or(policy_.default_caps);
  validate(caps);
  if (terms.start_delay.ticks() < 0) throw InvalidGrant("start_delay is negative");
  const Window w = window(now, terms.start_delay, resolve_ttl(terms.ttl));
  if (w.valid_after >= w.valid_until) return GrantResult{kNoSession, GrantError::kExpired, {}, {}};
  if (const GrantError e = policy_check(caps, w); e != GrantError::kNone) {
    return GrantResult{kNoSession, e, {}, {}};
  }
  const auto [off, count] = store_targets(scope, index(kNoSession));
  const SessionId id =
      push(principal, delegate, kNoSession, 0, scope.actions, off, count, caps, w, now);
  return GrantResult{id, GrantError::kNone, w.valid_after, w.valid_until};
}

GrantResult SessionStore::subdelegate(SessionId parent, AgentId holder, AgentId new_delegate,
                                      const std::optional<Scope>& scope, const Terms& terms,
                                      SimTime now) {
  assert(contains(parent));
  require_agent(new_delegate, "delegate");
  const std::size_t p = index(parent);
  // The holder must be able to act through the parent chain right now, with kSubdelegate in
  // scope on every link: the same walk as any other action (targets and caps do not apply).
  const Decision d =
      authorize(parent, holder, Action::kSubdelegate, kernel::kNoAgent, Amount::zero(), now);
  if (!d.applied() && d.reason != Reason::kTargetNotAllowed && d.reason != Reason::kCapExceeded) {
    return GrantResult{kNoSession, to_grant_error(d.reason), {}, {}};
  }
  if (depth_[p] + 1 > policy_.max_depth)
    return GrantResult{kNoSession, GrantError::kDepthExceeded, {}, {}};

  const Caps parent_caps = caps(parent);
  const Caps requested = terms.caps.value_or(parent_caps);
  validate(requested);
  if (terms.start_delay.ticks() < 0) throw InvalidGrant("start_delay is negative");
  const Caps clamped = attenuate(requested, parent_caps);
  Window w = window(now, terms.start_delay, resolve_ttl(terms.ttl));
  w.valid_after = std::max(w.valid_after, valid_after_[p]);
  w.valid_until = std::min(w.valid_until, valid_until_[p]);
  if (w.valid_after >= w.valid_until) return GrantResult{kNoSession, GrantError::kExpired, {}, {}};
  if (const GrantError e = policy_check(clamped, w); e != GrantError::kNone) {
    return GrantResult{kNoSession, e, {}, {}};
  }
  const Scope& want = scope ? *scope : Scope::any(actions_[p]);
  const ActionSet actions = want.actions & actions_[p];
  const auto [off, count] = store_targets(want, p);
  const SessionId id =
      push(holder, new_delegate, parent, depth_[p] + 1, actions, off, count, clamped, w, now);
  return GrantResult{id, GrantError::kNone, w.valid_after, w.valid_until};
}

bool SessionStore::revoke(SessionId s, SimTime now) noexcept {
  assert(contains(s));
  const std::size_t i = index(s);
  if (revoked_[i] != 0) return false;
  revoked_[i] = 1;
  revoked_at_[i] = now;
  return true;
}

bool SessionStore::can_revoke(SessionId s, AgentId actor) const noexcept {
  for (SessionId l = s; l != kNoSession; l = parent_[index(l)]) {
    if (principal_[index(l)] == actor) return true;
  }
  return false;
}

GrantResult SessionStore::extend(SessionId s, AgentId principal, SimTime now,
                                 std::optional<SimDuration> ttl) {
  assert(contains(s));
  const std::size_t i = index(s);
  if (policy_.renewal == RenewalMode::kNever)
    return GrantResult{s, GrantError::kRenewalDisabled, {}, {}};
  if (principal_[i] != principal) return GrantResult{s, GrantError::kNotPrincipal, {}, {}};
  // Expiry, like revocation, is final: an expired or revoked chain is never extended back to life.
  const Reason status = chain_status(s, now);
  if (status != Reason::kNone && status != Reason::kNotYetValid) {
    return GrantResult{s, to_grant_error(status), {}, {}};
  }
  const SimTime base = std::max(now, valid_after_[i]);
  Window w = window(base, SimDuration{0}, resolve_ttl(ttl));
  if (parent_[i] != kNoSession)
    w.valid_until = std::min(w.valid_until, valid_until_[index(parent_[i])]);
  if (const GrantError e = policy_check(caps(s), w); e != GrantError::kNone) {
    return GrantResult{s, e, {}, {}};
  }
  valid_until_[i] = std::max(valid_until_[i], w.valid_until);  // never shortens
  return GrantResult{s, GrantError::kNone, valid_after_[i], valid_until_[i]};
}

GrantResult SessionStore::renew(SessionId s, AgentId principal, SimTime now,
                                std::optional<SimDuration> ttl) {
  assert(contains(s));
  const std::size_t i = index(s);
  if (policy_.renewal == RenewalMode::kNever)
    return GrantResult{kNoSession, GrantError::kRenewalDisabled, {}, {}};
  if (principal_[i] != principal) return GrantResult{kNoSession, GrantError::kNotPrincipal, {}, {}};
  if (revoked_[i] != 0) return GrantResult{kNoSession, GrantError::kRevoked, {}, {}};
  const Terms terms{caps(s), ttl, SimDuration{0}};
  const GrantResult r =
      parent_[i] == kNoSession
          ? grant(principal, delegate_[i], scope(s), terms, now)
          : subdelegate(parent_[i], principal, delegate_[i], scope(s), terms, now);
  if (r.ok()) revoke_cascade(s, now);
  return r;
}

SessionId SessionStore::root(SessionId s) const noexcept {
  while (parent_[index(s)] != kNoSession) s = parent_[index(s)];
  return s;
}

std::span<const AgentId> SessionStore::targets(SessionId s) const noexcept {
  const std::size_t i = index(s);
  if (target_count_[i] == kAnyTargets) return {};
  return std::span<const AgentId>(targets_).subspan(target_offset_[i], target_count_[i]);
}

bool SessionStore::target_allowed(SessionId s, AgentId target) const noexcept {
  if (target == kernel::kNoAgent || any_target(s)) return true;
  const auto t = targets(s);
  return std::binary_search(t.begin(), t.end(), target);
}

Scope SessionStore::scope(SessionId s) const {
  const auto t = targets(s);
  return Scope{actions(s), any_target(s), std::vector<AgentId>(t.begin(), t.end())};
}

Caps SessionStore::caps(SessionId s) const noexcept {
  const std::size_t i = index(s);
  return Caps{cap_per_action_[i], cap_total_[i], cap_per_period_[i], period_[i], cap_calls_[i]};
}

namespace {
constexpr std::uint32_t kSessionsTag = 0x53455353;  // "SESS"
}  // namespace

void SessionStore::save(kernel::ArchiveWriter& out) const {
  out.tag(kSessionsTag);
  out.vec(principal_);
  out.vec(delegate_);
  out.vec(parent_);
  out.vec(depth_);
  out.vec(actions_);
  out.vec(target_offset_);
  out.vec(target_count_);
  out.vec(targets_);
  out.vec(cap_per_action_);
  out.vec(cap_total_);
  out.vec(cap_per_period_);
  out.vec(period_);
  out.vec(cap_calls_);
  out.vec(valid_after_);
  out.vec(valid_until_);
  out.vec(created_at_);
  out.vec(revoked_);
  out.vec(revoked_at_);
  out.vec(spent_total_);
  out.vec(spent_in_period_);
  out.vec(period_start_);
  out.vec(calls_made_);
  out.vec(first_child_);
  out.vec(next_sibling_);
}

void SessionStore::load(kernel::ArchiveReader& in) {
  in.expect_tag(kSessionsTag, "sessions");
  in.vec(principal_);
  const std::size_t n = principal_.size();
  in.vec_exact(delegate_, n, "session delegates");
  in.vec_exact(parent_, n, "session parents");
  in.vec_exact(depth_, n, "session depths");
  in.vec_exact(actions_, n, "session actions");
  in.vec_exact(target_offset_, n, "session target offsets");
  in.vec_exact(target_count_, n, "session target counts");
  in.vec(targets_);
  in.vec_exact(cap_per_action_, n, "session caps");
  in.vec_exact(cap_total_, n, "session caps");
  in.vec_exact(cap_per_period_, n, "session caps");
  in.vec_exact(period_, n, "session periods");
  in.vec_exact(cap_calls_, n, "session caps");
  in.vec_exact(valid_after_, n, "session lifetimes");
  in.vec_exact(valid_until_, n, "session lifetimes");
  in.vec_exact(created_at_, n, "session lifetimes");
  in.vec_exact(revoked_, n, "session revocations");
  in.vec_exact(revoked_at_, n, "session revocations");
  in.vec_exact(spent_total_, n, "session counters");
  in.vec_exact(spent_in_period_, n, "session counters");
  in.vec_exact(period_start_, n, "session counters");
  in.vec_exact(calls_made_, n, "session counters");
  in.vec_exact(first_child_, n, "session children");
  in.vec_exact(next_sibling_, n, "session children");
  // The links every walk follows, as push() makes them: a parent precedes its children, a first
  // child follows its parent, a next sibling precedes its sibling under the same parent. That
  // rules out cycles and out-of-range ids, so no walk of a loaded store can loop or overrun.
  for (std::size_t i = 0; i < n; ++i) {
    const bool parent_ok = parent_[i] == kNoSession || index(parent_[i]) < i;
    const SessionId fc = first_child_[i];
    const bool child_ok =
        fc == kNoSession || (index(fc) > i && index(fc) < n && index(parent_[index(fc)]) == i);
    const SessionId ns = next_sibling_[i];
    const bool sibling_ok = ns == kNoSession || (index(ns) < i && parent_[index(ns)] == parent_[i]);
    const bool range_ok = target_count_[i] == kAnyTargets ||
                          std::uint64_t{target_offset_[i]} + target_count_[i] <= targets_.size();
    kernel::ArchiveReader::require(parent_ok && child_ok && sibling_ok && range_ok,
                                   "session links");
  }
}

}  // namespace coordsim::model::sessions
