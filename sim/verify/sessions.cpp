#include "verify/sessions.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "verify/balances.hpp"
#include "verify/divergence.hpp"

namespace coordsim::verify {

namespace {
__extension__ typedef __int128 Wide;  // sums of int64 amounts, never overflowing

bool over(std::int64_t cap, std::int64_t used, std::int64_t amount) {
  return cap != kUnlimited && static_cast<Wide>(used) + amount > cap;
}
}  // namespace

int Sessions::kind_of(const std::vector<std::string>& names, const char* name) const {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw std::invalid_argument(std::string("the file names no kind ") + name);
  return static_cast<int>(it - names.begin());
}

Sessions::Sessions(const std::vector<std::string>& k, const std::vector<std::string>& reasons,
                   bool chain_accounting, Steps<std::uint32_t> max_depth)
    : chain_(chain_accounting),
      max_depth_(std::move(max_depth)),
      reasons_(reasons),
      k_grant_(kind_of(k, "grant")),
      k_sub_(kind_of(k, "subdelegate")),
      k_per_action_(kind_of(k, "cap_per_action")),
      k_per_period_(kind_of(k, "cap_per_period")),
      k_period_(kind_of(k, "cap_period")),
      k_calls_(kind_of(k, "cap_calls")),
      k_until_(kind_of(k, "valid_until")),
      k_after_(kind_of(k, "valid_after")),
      k_parent_(kind_of(k, "parent")),
      k_revoke_(kind_of(k, "revoke")),
      k_replace_(kind_of(k, "replace")),
      k_expire_(kind_of(k, "expire")),
      k_transfer_(kind_of(k, "transfer")),
      k_swap_(kind_of(k, "swap")),
      k_infer_(kind_of(k, "infer")),
      k_drain_(kind_of(k, "drain")),
      // Files written before the router bug existed do not name its kind: nothing to match.
      k_router_drain_(std::find(k.begin(), k.end(), "router_drain") == k.end()
                          ? -1
                          : kind_of(k, "router_drain")),
      k_move_(kind_of(k, "move")),
      r_expired_(kind_of(reasons, "EXPIRED")),
      r_revoked_(kind_of(reasons, "REVOKED")),
      r_cap_(kind_of(reasons, "CAP_EXCEEDED")),
      r_not_delegate_(kind_of(reasons, "NOT_DELEGATE")),
      r_not_yet_(kind_of(reasons, "NOT_YET_VALID")),
      r_scope_(kind_of(reasons, "OUT_OF_SCOPE")),
      r_target_(kind_of(reasons, "TARGET_NOT_ALLOWED")),
      r_funds_(kind_of(reasons, "INSUFFICIENT_FUNDS")),
      r_depth_(kind_of(reasons, "DEPTH_EXCEEDED")) {}

std::uint32_t Sessions::action_bit(std::uint64_t row, int kind) const {
  // docs/sessions.md: the actions bit set is over (transfer, swap, limit_order, cancel, infer,
  // ...); a drain is a transfer to the attacker; the router bug's drain is authorised as a swap
  // through the market (households' router bug).
  if (kind == k_transfer_ || kind == k_drain_) return 1U << 0U;
  if (kind == k_swap_ || (k_router_drain_ >= 0 && kind == k_router_drain_)) return 1U << 1U;
  if (kind == k_infer_) return 1U << 4U;
  throw Divergence(row, "an action row of a kind with no documented action");
}

bool Sessions::in_scope(std::uint64_t row, std::uint32_t id, std::uint32_t bit) const {
  for (std::uint32_t l = id; l != kNoSession; l = sessions_.at(l).parent) {
    const auto it = actions_.find(l);
    if (it == actions_.end())
      throw Divergence(row, fmt::format("session {} is not in the /sessions table", l));
    if ((it->second & bit) == 0) return false;
  }
  return true;
}

bool Sessions::target_allowed(std::uint32_t id, std::uint32_t target) const {
  for (std::uint32_t l = id; l != kNoSession; l = sessions_.at(l).parent) {
    const auto it = targets_.find(l);
    if (it != targets_.end() && !std::binary_search(it->second.begin(), it->second.end(), target))
      return false;
  }
  return true;
}

bool Sessions::handles(std::uint16_t kind) const noexcept {
  for (const int k : {k_grant_, k_sub_, k_per_action_, k_per_period_, k_period_, k_calls_, k_until_,
                      k_after_, k_parent_, k_revoke_, k_replace_, k_expire_, k_transfer_, k_swap_,
                      k_infer_, k_drain_, k_router_drain_})
    if (kind == k) return true;
  return false;
}

Session& Sessions::at(std::uint64_t row, std::uint32_t id) {
  const auto it = sessions_.find(id);
  if (it == sessions_.end())
    throw Divergence(row, fmt::format("session {} was never granted in the log", id));
  return it->second;
}

std::int64_t Sessions::in_period(const Session& s, std::uint64_t now) const noexcept {
  // A window that has ended counts as empty (docs/sessions.md: windows start at valid_after and
  // repeat every `period` ticks).
  if (s.period > 0 && now >= s.period_start + s.period) return 0;
  return s.spent_in_period;
}

void Sessions::charge(Session& s, std::int64_t amount, std::uint64_t now) noexcept {
  if (s.period > 0 && now >= s.period_start + s.period && now >= s.valid_after) {
    s.period_start = s.valid_after + (now - s.valid_after) / s.period * s.period;
    s.spent_in_period = 0;
  }
  s.spent += amount;
  s.spent_in_period += amount;
  ++s.calls;
}

bool Sessions::exceeds_caps(std::uint32_t id, std::int64_t amount, std::uint64_t now) const {
  std::int64_t min_total = kUnlimited, min_period = kUnlimited, min_calls = kUnlimited;
  Wide agg_total = 0, agg_period = 0, agg_calls = 0;
  for (std::uint32_t l = id; l != kNoSession; l = sessions_.at(l).parent) {
    const Session& s = sessions_.at(l);
    if (amount > s.per_action) return true;
    if (!chain_ &&
        (over(s.total, s.spent, amount) || over(s.per_period, in_period(s, now), amount) ||
         (s.calls_cap != kUnlimited && s.calls >= s.calls_cap)))
      return true;
    min_total = std::min(min_total, s.total);
    min_period = std::min(min_period, s.per_period);
    min_calls = std::min(min_calls, s.calls_cap);
    agg_total += s.spent;
    agg_period += in_period(s, now);
    agg_calls += s.calls;
  }
  if (!chain_) return false;
  return (min_total != kUnlimited && agg_total + amount > min_total) ||
         (min_period != kUnlimited && agg_period + amount > min_period) ||
         (min_calls != kUnlimited && agg_calls >= min_calls);
}

std::uint64_t Sessions::revoke_cascade(std::uint32_t id, std::uint64_t now) {
  std::uint64_t n = 0;
  std::vector<std::uint32_t> to_visit{id};  // the link and its descendants, depth first
  while (!to_visit.empty()) {
    const std::uint32_t l = to_visit.back();
    to_visit.pop_back();
    Session& s = sessions_.at(l);
    if (s.revoked_at == kNever) {
      s.revoked_at = now;
      ++n;
    }
    to_visit.insert(to_visit.end(), s.children.begin(), s.children.end());
  }
  return n;
}

void Sessions::apply(std::uint64_t row, const io::EventRecord& r, const io::EventRecord* previous) {
  const int kind = r.kind;
  if (kind == k_grant_ || kind == k_sub_) {
    if (sessions_.count(r.session) != 0)
      throw Divergence(row, fmt::format("session {} granted twice", r.session));
    Session s;
    s.row = row;
    s.granted_at = r.time;
    s.granter = r.actor;
    s.delegate = r.target;
    s.total = r.amount;
    s.valid_after = r.time;
    s.period_start = r.time;
    sessions_.emplace(r.session, s);
    return;
  }
  Session& s = at(row, r.session);
  if (kind == k_per_action_) {
    s.per_action = r.amount;
  } else if (kind == k_per_period_) {
    s.per_period = r.amount;
  } else if (kind == k_period_) {
    s.period = static_cast<std::uint64_t>(r.amount);
  } else if (kind == k_calls_) {
    s.calls_cap = r.amount;
  } else if (kind == k_until_) {
    s.valid_until = r.amount == kUnlimited ? kNever : static_cast<std::uint64_t>(r.amount);
  } else if (kind == k_after_) {
    s.valid_after = static_cast<std::uint64_t>(r.amount);
    s.period_start = s.valid_after;
  } else if (kind == k_parent_) {
    const auto parent = static_cast<std::uint32_t>(r.amount);
    Session& p = at(row, parent);
    p.children.push_back(r.session);
    s.parent = parent;
    s.depth = p.depth + 1;
  } else if (kind == k_revoke_) {
    if (revoke_cascade(r.session, r.time) == 0)
      throw Divergence(row, fmt::format("revoke of session {}, already revoked", r.session));
  } else if (kind == k_replace_) {
    const std::uint64_t n = revoke_cascade(r.session, r.time);
    if (static_cast<std::int64_t>(n) != r.amount) {
      throw Divergence(
          row, fmt::format("replace of session {}: expected {} links revoked, found {}", r.session,
                           n, r.amount));
    }
  } else if (kind == k_expire_) {
    if (r.time < s.valid_until || s.revoked_at <= r.time) {
      throw Divergence(row, fmt::format("expiry of session {} at {}: valid until {}, revoked at {}",
                                        r.session, r.time, s.valid_until, s.revoked_at));
    }
  } else {
    // An action through the session: the decision, re-derived and compared with the row's.
    ++checked_;
    bool funds_known = false;
    // An applied action's payment is the row just before it: the funds it was decided on are
    // the payer's balance before that movement.
    const std::int64_t paid_before =
        previous != nullptr && previous->kind == k_move_ && previous->time == r.time &&
                previous->handler == r.handler && previous->amount == r.amount &&
                r.actor < payer_.size() && previous->actor == payer_[r.actor] &&
                previous->from_bucket == r.from_bucket
            ? r.amount
            : 0;
    const int expected = rederive(row, r, paid_before, funds_known);
    const int found = r.reason;
    if (found >= static_cast<int>(reasons_.size()))
      throw Divergence(row, fmt::format("reason {} is not a documented reason", r.reason));
    // Without the file's target lists or paying bucket, a rejection for a reason that needs them
    // is checked against the reasons before it only (counted, named in the output).
    const bool target_unknown = !have_targets_ && found == r_target_ &&
                                (expected == 0 || expected == r_cap_ || expected == r_funds_);
    const bool funds_unknown = !funds_known && found == r_funds_ && expected == 0;
    if (target_unknown || funds_unknown) {
      ++not_rederived_[reasons_[r.reason]];
      return;
    }
    if (expected != found) {
      throw Divergence(
          row, fmt::format("{}, but the replay finds {}: {}",
                           found == 0 ? "applied" : "rejected " + reasons_[r.reason],
                           expected == 0 ? "APPLIED" : reasons_[static_cast<std::size_t>(expected)],
                           describe(r)));
    }
    if (found != 0) return;
    // Paid by the movement just before it: from the payer's paying bucket into flight.
    if (r.amount > 0 &&
        (previous == nullptr || previous->kind != k_move_ || previous->amount != r.amount ||
         previous->time != r.time || previous->handler != r.handler ||
         (funds_known &&
          (previous->actor != payer_.at(r.actor) || previous->from_bucket != r.from_bucket)))) {
      throw Divergence(row, fmt::format("applied action of {} with no movement of that amount "
                                        "from its payer just before it",
                                        r.amount));
    }
    if (chain_) {
      charge(s, r.amount, r.time);
    } else {
      for (std::uint32_t l = r.session; l != kNoSession; l = sessions_.at(l).parent)
        charge(sessions_.at(l), r.amount, r.time);
    }
  }
}

int Sessions::rederive(std::uint64_t row, const io::EventRecord& r, std::int64_t paid_before,
                       bool& funds_known) const {
  const Session& s = sessions_.at(r.session);
  funds_known = false;
  if (r.actor != s.delegate) return r_not_delegate_;
  // docs/sessions.md: per link, the first of revoked, expired, too deep, not yet valid, action
  // out of scope, target not allowed, cap exceeded; the chain reports the first over its links.
  // Every link of a chain that is not dead is checked in full, so the flags below decide it.
  const std::uint32_t max_depth = max_depth_.at(r.time);
  bool expired = false, revoked = false, not_yet = false, deep = false;
  for (std::uint32_t l = r.session; l != kNoSession; l = sessions_.at(l).parent) {
    const Session& link = sessions_.at(l);
    expired = expired || r.time >= link.valid_until;
    revoked = revoked || link.revoked_at <= r.time;
    not_yet = not_yet || r.time < link.valid_after;
    deep = deep || link.depth > max_depth;
  }
  if (revoked) return r_revoked_;
  if (expired) return r_expired_;
  if (deep) return r_depth_;
  if (not_yet) return r_not_yet_;
  if (!in_scope(row, r.session, action_bit(row, r.kind))) return r_scope_;
  if (have_targets_ && !target_allowed(r.session, r.target)) return r_target_;
  if (exceeds_caps(r.session, r.amount, r.time)) return r_cap_;
  // Funds are checked after every session check (docs/sessions.md): the payer's balance in the
  // row's paying bucket, as replayed up to this row.
  if (balances_ == nullptr) return 0;
  const std::uint8_t liquid = balances_->place("liquid");
  const bool swap = r.kind == k_swap_;
  if (r.from_bucket != liquid && !(swap && r.from_bucket == balances_->place("quote"))) {
    if (!funds_required_) return 0;
    throw Divergence(row, fmt::format("an action row paying from bucket {}: expected liquid{}",
                                      r.from_bucket, swap ? " or quote" : ""));
  }
  if (r.actor >= payer_.size() || payer_[r.actor] == kNoPayer)
    throw Divergence(row, fmt::format("actor {} acts through a session but has no funding "
                                      "principal (/agents principal)",
                                      r.actor));
  funds_known = true;
  return balances_->get(r.from_bucket, payer_[r.actor]) + paid_before < r.amount ? r_funds_ : 0;
}

std::string Sessions::describe(const io::EventRecord& r) const {
  std::string chain;
  const std::uint32_t max_depth = max_depth_.at(r.time);
  for (std::uint32_t l = r.session; l != kNoSession; l = sessions_.at(l).parent) {
    const Session& k = sessions_.at(l);
    const auto t = targets_.find(l);
    chain += fmt::format(
        "{}session {} (delegate {}, depth {} of max {}, valid {}..{}, revoked at {}, actions "
        "{:#x}, "
        "targets {}, spent {} of {}, per action {}, calls {} of {})",
        chain.empty() ? "" : "; parent ", l, k.delegate, k.depth, max_depth, k.valid_after,
        k.valid_until == kNever ? std::string("never") : std::to_string(k.valid_until),
        k.revoked_at == kNever ? std::string("never") : std::to_string(k.revoked_at),
        actions_.count(l) != 0 ? actions_.at(l) : 0U,
        !have_targets_        ? std::string("not in the file")
        : t == targets_.end() ? std::string("any")
                              : fmt::format("{} listed", t->second.size()),
        k.spent, k.total, k.per_action, k.calls, k.calls_cap);
  }
  std::string funds;
  if (balances_ != nullptr && r.actor < payer_.size() && payer_[r.actor] != kNoPayer &&
      r.from_bucket < balances_->places())
    funds =
        fmt::format("; payer {} holds {} {}", payer_[r.actor],
                    balances_->get(r.from_bucket, payer_[r.actor]), balances_->name(r.from_bucket));
  return fmt::format("actor {}, target {}, amount {}{}; {}", r.actor, r.target, r.amount, funds,
                     chain);
}

}  // namespace coordsim::verify
