// The authorisation path (a walk of the chain, leaf to root, no allocation), charging, and the
// metrics loops. Check order and accounting modes: docs/sessions.md.
#include <algorithm>

#include "model/sessions/session_store.hpp"

namespace coordsim::model::sessions {

using kernel::AgentId;
using kernel::SimTime;
using ledger::Amount;
using ledger::Wide;

namespace {

constexpr Amount saturating_add(Amount a, Amount b) noexcept {
  return a > kUnlimited - b ? kUnlimited : a + b;
}

/// Remaining room under `cap` after `used`, never negative; unlimited stays unlimited.
constexpr Wide room(Amount cap, Wide used) noexcept {
  if (is_unlimited(cap)) return static_cast<Wide>(kUnlimited.raw());
  const Wide r = static_cast<Wide>(cap.raw()) - used;
  return r < 0 ? 0 : r;
}

/// Whether `used + amount` goes over `cap`. Written as the sum, not as amount > room, so a
/// chain whose aggregate is already over a cap (a link granted after its ancestors spent) cannot
/// take even a zero-value action through that link.
constexpr bool exceeds(Amount cap, Wide used, Wide amount) noexcept {
  return !is_unlimited(cap) && used + amount > static_cast<Wide>(cap.raw());
}

/// Chain accounting: the tightest caps along a chain and its aggregate counters, link by link.
struct ChainTotals {
  Amount min_total = kUnlimited;
  Amount min_period = kUnlimited;
  std::uint64_t min_calls = kUnlimitedCalls;
  Wide agg_total = 0;
  Wide agg_period = 0;
  Wide agg_calls = 0;

  constexpr void add(Amount cap_total, Amount cap_period, std::uint64_t cap_calls,
                     Amount spent_total, Amount spent_period, std::uint64_t calls) noexcept {
    min_total = ledger::min(min_total, cap_total);
    min_period = ledger::min(min_period, cap_period);
    min_calls = std::min(min_calls, cap_calls);
    agg_total += spent_total.raw();
    agg_period += spent_period.raw();
    agg_calls += calls;
  }
  [[nodiscard]] constexpr bool calls_left() const noexcept {
    return min_calls == kUnlimitedCalls || agg_calls < static_cast<Wide>(min_calls);
  }
};

/// Records the failure `r` at `link` if it outranks what was found so far. Ties go to the link
/// visited last, which is the one nearest the root because the walk goes leaf to root.
constexpr void note(Decision& worst, Reason r, SessionId link) noexcept {
  if (r != Reason::kNone && r <= worst.reason) worst = Decision{r, link};
}

}  // namespace

bool SessionStore::link_dead(std::size_t i, SimTime now) const noexcept {
  return revoked_[i] != 0 || now >= valid_until_[i] || depth_[i] > policy_.max_depth;
}

Reason SessionStore::link_status(std::size_t i, SimTime now) const noexcept {
  if (revoked_[i] != 0) return Reason::kRevoked;
  if (now >= valid_until_[i]) return Reason::kExpired;
  if (depth_[i] > policy_.max_depth) return Reason::kDepthExceeded;
  if (now < valid_after_[i]) return Reason::kNotYetValid;
  return Reason::kNone;
}

Amount SessionStore::in_period(std::size_t i, SimTime now) const noexcept {
  const kernel::SimDuration p = period_[i];
  // A window that has ended counts as empty; commit_spend() rolls it forward lazily.
  if (p.ticks() > 0 && now >= period_start_[i] + p) return Amount::zero();
  return spent_in_period_[i];
}

Amount SessionStore::spent_in_period(SessionId s, SimTime now) const noexcept {
  return in_period(index(s), now);
}

Decision SessionStore::authorize(SessionId s, AgentId actor, Action action, AgentId target,
                                 Amount amount, SimTime now) const noexcept {
  assert(contains(s));
  assert(amount >= Amount::zero());
  if (delegate_[index(s)] != actor) return Decision{Reason::kNotDelegate, s};
  const bool per_link = policy_.cap_accounting == CapAccounting::kPerLink;
  const Wide amt = amount.raw();
  Decision worst{Reason::kCount, kNoSession};
  ChainTotals chain;

  for (SessionId l = s; l != kNoSession; l = parent_[index(l)]) {
    const std::size_t i = index(l);
    Reason r = link_status(i, now);
    if (r == Reason::kNone) {
      if (!actions_[i].contains(action)) {
        r = Reason::kOutOfScope;
      } else if (!target_allowed(l, target)) {
        r = Reason::kTargetNotAllowed;
      } else if (amount > cap_per_action_[i]) {
        r = Reason::kCapExceeded;
      } else if (per_link) {
        if (exceeds(cap_total_[i], spent_total_[i].raw(), amt) ||
            exceeds(cap_per_period_[i], in_period(i, now).raw(), amt) ||
            calls_made_[i] >= cap_calls_[i]) {
          r = Reason::kCapExceeded;
        }
      }
    }
    note(worst, r, l);
    if (!per_link) {
      chain.add(cap_total_[i], cap_per_period_[i], cap_calls_[i], spent_total_[i],
                in_period(i, now), calls_made_[i]);
    }
  }
  if (!per_link) {
    // Attributed to the acting session, unless a link already failed its per-action cap (that
    // link is nearer the root, and ties go to the root side).
    if ((exceeds(chain.min_total, chain.agg_total, amt) ||
         exceeds(chain.min_period, chain.agg_period, amt) || !chain.calls_left()) &&
        Reason::kCapExceeded < worst.reason) {
      worst = Decision{Reason::kCapExceeded, s};
    }
  }
  return worst.reason == Reason::kCount ? Decision{} : worst;
}

void SessionStore::charge(std::size_t i, Amount amount, SimTime now) noexcept {
  const kernel::SimDuration p = period_[i];
  if (p.ticks() > 0 && now >= period_start_[i] + p && now >= valid_after_[i]) {
    const std::int64_t k = (now - valid_after_[i]).ticks() / p.ticks();
    period_start_[i] = valid_after_[i] + p * k;
    spent_in_period_[i] = Amount::zero();
  }
  spent_total_[i] = saturating_add(spent_total_[i], amount);
  spent_in_period_[i] = saturating_add(spent_in_period_[i], amount);
  if (calls_made_[i] != kUnlimitedCalls) ++calls_made_[i];
}

void SessionStore::commit_spend(SessionId s, Amount amount, SimTime now) noexcept {
  assert(contains(s));
  assert(amount >= Amount::zero());
  if (policy_.cap_accounting == CapAccounting::kChain) {
    charge(index(s), amount, now);
    return;
  }
  for (SessionId l = s; l != kNoSession; l = parent_[index(l)]) charge(index(l), amount, now);
}

Reason SessionStore::chain_status(SessionId s, SimTime now) const noexcept {
  assert(contains(s));
  Decision worst{Reason::kCount, kNoSession};
  for (SessionId l = s; l != kNoSession; l = parent_[index(l)])
    note(worst, link_status(index(l), now), l);
  return worst.reason == Reason::kCount ? Reason::kNone : worst.reason;
}

bool SessionStore::is_live(SessionId s, SimTime now) const noexcept {
  assert(contains(s));
  for (SessionId l = s; l != kNoSession; l = parent_[index(l)]) {
    if (link_dead(index(l), now)) return false;
  }
  return true;
}

Amount SessionStore::headroom(SessionId s, SimTime now) const noexcept {
  assert(contains(s));
  if (chain_status(s, now) != Reason::kNone) return Amount::zero();
  const bool per_link = policy_.cap_accounting == CapAccounting::kPerLink;
  Wide best = static_cast<Wide>(kUnlimited.raw());
  ChainTotals chain;
  for (SessionId l = s; l != kNoSession; l = parent_[index(l)]) {
    const std::size_t i = index(l);
    best = std::min(best, static_cast<Wide>(cap_per_action_[i].raw()));
    if (per_link) {
      best = std::min(best, room(cap_total_[i], spent_total_[i].raw()));
      best = std::min(best, room(cap_per_period_[i], in_period(i, now).raw()));
      if (calls_made_[i] >= cap_calls_[i]) best = 0;
    } else {
      chain.add(cap_total_[i], cap_per_period_[i], cap_calls_[i], spent_total_[i],
                in_period(i, now), calls_made_[i]);
    }
  }
  if (!per_link) {
    best = std::min(best, room(chain.min_total, chain.agg_total));
    best = std::min(best, room(chain.min_period, chain.agg_period));
    if (!chain.calls_left()) best = 0;
  }
  return Amount{static_cast<std::int64_t>(best)};
}

std::size_t SessionStore::live_sessions(SimTime now) const noexcept {
  std::size_t live = 0;
  for (std::uint32_t i = 0; i < size(); ++i) live += is_live(SessionId{i}, now) ? 1U : 0U;
  return live;
}

Exposure SessionStore::total_exposure(SimTime now) const noexcept {
  Exposure e;
  const bool per_link = policy_.cap_accounting == CapAccounting::kPerLink;
  for (std::uint32_t n = 0; n < size(); ++n) {
    const SessionId s{n};
    if (per_link) {
      // Every action through a tree is charged to its root, and the root's own delegate can act
      // through the root directly: the tree can still move exactly the root's remaining total.
      if (parent_[n] != kNoSession || !is_live(s, now)) continue;
      if (is_unlimited(cap_total_[n])) {
        ++e.unlimited;
      } else {
        e.bounded += room(cap_total_[n], spent_total_[n].raw());
      }
      continue;
    }
    // Chain accounting: a spend through `s` is checked against s's own path only, so spending
    // at a descendant never reduces an ancestor's room while spending at an ancestor reduces
    // every descendant's. Draining deepest first therefore takes every live session's current
    // room, and no order takes more: the exposure is the sum over live sessions of
    // (min total over the path) - (aggregate spent over the path).
    if (!is_live(s, now)) continue;
    Amount min_total = kUnlimited;
    Wide agg = 0;
    for (SessionId l = s; l != kNoSession; l = parent_[index(l)]) {
      min_total = ledger::min(min_total, cap_total_[index(l)]);
      agg += spent_total_[index(l)].raw();
    }
    if (is_unlimited(min_total)) {
      ++e.unlimited;
    } else {
      e.bounded += room(min_total, agg);
    }
  }
  return e;
}

}  // namespace coordsim::model::sessions
