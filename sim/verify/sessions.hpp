#pragma once
// Every session of a run, replayed from the event log: terms from the grant rows (grant or
// subdelegate, cap_*, valid_after, valid_until, parent), revocations (revoke, replace: with their
// descendants), expiries, and every action taken through a session (transfer, swap, infer,
// drain, router_drain). Semantics: docs/sessions.md and docs/output-format.md.
//
// Checked row by row: an applied action is within every cap and the validity of every link of
// its chain and is paid by the movement logged just before it; a rejection for EXPIRED, REVOKED
// or CAP_EXCEEDED has its cause in the replayed state; a replace row revokes as many links as it
// says; an expiry is at or after valid_until.
//
// Scope: the log does not carry a session's allowed actions, but the final /sessions table does
// (`actions`, fixed at the grant), and the driver hands them over before the replay. With them:
// an applied action is in every link's actions; NOT_DELEGATE is re-derived (the actor is not the
// delegate) and every other reason implies the actor is the delegate; every rejection is checked
// against the priority order of docs/sessions.md as far as the file allows: OUT_OF_SCOPE needs a
// link lacking the action and no live-ness failure (revoked, expired, not yet valid) on any link;
// TARGET_NOT_ALLOWED, CAP_EXCEEDED and INSUFFICIENT_FUNDS need every link to hold the action and
// no live-ness failure; NOT_YET_VALID needs a link not yet valid and none revoked or expired;
// EXPIRED needs none revoked. What stays unchecked (counted, named in the output): whether the
// target was in a link's target list (targets are not in the file), DEPTH_EXCEEDED (the policy's
// max_depth is not re-read), and whether funds were short (INSUFFICIENT_FUNDS).
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/columns.hpp"

namespace coordsim::verify {

inline constexpr std::uint32_t kNoSession = 0xFFFFFFFFU;
inline constexpr std::uint64_t kNever = ~std::uint64_t{0};

struct Session {
  std::uint32_t granter = 0;
  std::uint32_t delegate = 0;
  std::uint32_t parent = kNoSession;
  std::int64_t total = 0, per_action = 0, per_period = 0;
  std::uint64_t period = 0;
  std::int64_t calls_cap = 0;
  std::uint64_t valid_after = 0;
  std::uint64_t valid_until = kNever;
  std::uint64_t revoked_at = kNever;
  std::int64_t spent = 0;
  std::int64_t calls = 0;
  std::uint64_t period_start = 0;
  std::int64_t spent_in_period = 0;
  std::vector<std::uint32_t> children;
};

class Sessions {
 public:
  /// `kind_names` and `reason_names` from the file; `chain_accounting`: the scenario's
  /// sessions.cap_accounting is `chain` (else per_link).
  Sessions(const std::vector<std::string>& kind_names, const std::vector<std::string>& reason_names,
           bool chain_accounting);

  /// Whether the row is a session row this replay follows.
  [[nodiscard]] bool handles(std::uint16_t kind) const noexcept;
  /// Each session's allowed actions (the /sessions `actions` bit set, by global session id).
  void set_actions(std::unordered_map<std::uint32_t, std::uint32_t> actions) {
    actions_ = std::move(actions);
  }
  /// `previous`: the row just before (the movement that pays an applied action), or null.
  /// @throws Divergence
  void apply(std::uint64_t row, const io::EventRecord& r, const io::EventRecord* previous);

  [[nodiscard]] const std::unordered_map<std::uint32_t, Session>& all() const noexcept {
    return sessions_;
  }
  [[nodiscard]] std::uint64_t decisions_checked() const noexcept { return checked_; }
  /// Rejections by reason name whose cause is checked only in part (see above).
  [[nodiscard]] const std::map<std::string, std::uint64_t>& not_rederived() const noexcept {
    return not_rederived_;
  }

 private:
  [[nodiscard]] std::int64_t in_period(const Session& s, std::uint64_t now) const noexcept;
  void charge(Session& s, std::int64_t amount, std::uint64_t now) noexcept;
  /// Whether spending `amount` now through `id` exceeds a cap (either accounting rule's view
  /// is taken from `chain_`).
  [[nodiscard]] bool exceeds_caps(std::uint32_t id, std::int64_t amount, std::uint64_t now) const;
  std::uint64_t revoke_cascade(std::uint32_t id, std::uint64_t now);
  Session& at(std::uint64_t row, std::uint32_t id);
  [[nodiscard]] int kind_of(const std::vector<std::string>& names, const char* name) const;
  /// The documented action bit an action row's kind is checked against.
  [[nodiscard]] std::uint32_t action_bit(std::uint64_t row, int kind) const;
  /// Whether every link of `id`'s chain allows the action `bit`.
  [[nodiscard]] bool in_scope(std::uint64_t row, std::uint32_t id, std::uint32_t bit) const;

  bool chain_;
  std::vector<std::string> reasons_;
  int k_grant_, k_sub_, k_per_action_, k_per_period_, k_period_, k_calls_, k_until_, k_after_,
      k_parent_, k_revoke_, k_replace_, k_expire_, k_transfer_, k_swap_, k_infer_, k_drain_,
      k_router_drain_, k_move_;
  int r_expired_, r_revoked_, r_cap_, r_not_delegate_, r_not_yet_, r_scope_, r_target_, r_funds_,
      r_depth_;
  std::unordered_map<std::uint32_t, std::uint32_t> actions_;
  std::unordered_map<std::uint32_t, Session> sessions_;
  std::uint64_t checked_ = 0;
  std::map<std::string, std::uint64_t> not_rederived_;
};

}  // namespace coordsim::verify
