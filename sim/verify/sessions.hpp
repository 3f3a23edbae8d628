#pragma once
// Every session of a run, replayed from the event log: terms from the grant rows (grant or
// subdelegate, cap_*, valid_after, valid_until, parent), revocations (revoke, replace: with their
// descendants), expiries, and every action taken through a session (transfer, swap, infer,
// drain, router_drain). Semantics: docs/sessions.md and docs/output-format.md.
//
// Checked row by row: every decision is re-derived from the replayed state and compared with the
// row's reason, in the check order of docs/sessions.md. For each link of the acting session's
// chain: revoked, expired, deeper than the policy's max_depth (depth from the `parent` rows,
// max_depth from the file's scenario and /interventions), not yet valid, the action outside its
// allowed actions (/sessions `actions`), the target outside its target list (/session_targets),
// a cap exceeded (either accounting rule); the reported reason is the first that holds on any
// link; NOT_DELEGATE (the actor is not the acting session's delegate) comes before all. After
// every session check: INSUFFICIENT_FUNDS when the payer (the acting agent's funding principal,
// /agents `principal`) holds less than the amount in the row's paying bucket (`from_bucket`), at
// that row of the replay. An applied action is paid by the movement logged just before it, from
// that payer and bucket. A replace row revokes as many links as it says; an expiry is at or after
// valid_until.
//
// The scope, targets and payers are fixed at the grant and not in the log's rows: the driver
// hands them over from the end tables before the replay. A file from a version without
// /session_targets or the rows' paying bucket gets the checks it can: a TARGET_NOT_ALLOWED or
// INSUFFICIENT_FUNDS rejection is then only checked against the reasons before it, and counted
// in not_rederived() (named in the output).
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/columns.hpp"
#include "verify/scenario.hpp"

namespace coordsim::verify {

class Balances;

inline constexpr std::uint32_t kNoSession = 0xFFFFFFFFU;
inline constexpr std::uint64_t kNever = ~std::uint64_t{0};
inline constexpr std::uint32_t kNoPayer = 0xFFFFFFFFU;          // an agent that is no ai agent
inline constexpr std::int64_t kUnlimited = 0x7FFFFFFFFFFFFFFF;  // a cap that is not one

struct Session {
  std::uint64_t row = 0;         // its grant or subdelegate row
  std::uint64_t granted_at = 0;  // that row's time
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
  std::uint32_t depth = 0;  // 0 for a root grant, the parent's + 1
  std::vector<std::uint32_t> children;
};

class Sessions {
 public:
  /// `kind_names` and `reason_names` from the file; `chain_accounting`: the scenario's
  /// sessions.cap_accounting is `chain` (else per_link); `max_depth` the policy's over the run.
  Sessions(const std::vector<std::string>& kind_names, const std::vector<std::string>& reason_names,
           bool chain_accounting, Steps<std::uint32_t> max_depth);

  /// Whether the row is a session row this replay follows.
  [[nodiscard]] bool handles(std::uint16_t kind) const noexcept;
  /// Each session's allowed actions (the /sessions `actions` bit set, by global session id).
  void set_actions(std::unordered_map<std::uint32_t, std::uint32_t> actions) {
    actions_ = std::move(actions);
  }
  /// Each session's target list, sorted (by global session id; a session absent: any target).
  /// Without this call (a file without /session_targets) targets are not re-derived.
  void set_targets(std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> targets) {
    targets_ = std::move(targets);
    have_targets_ = true;
  }
  /// The replayed balances and each agent's funding principal (`payer[agent]`, the account that
  /// pays for its actions, kNoPayer for none). `required`: every action row must carry its paying
  /// bucket (a file of this version); else rows without one are not re-derived for funds.
  void set_funds(const Balances* balances, std::vector<std::uint32_t> payer, bool required) {
    balances_ = balances;
    payer_ = std::move(payer);
    funds_required_ = required;
  }
  /// `previous`: the row just before (the movement that pays an applied action), or null.
  /// @throws Divergence
  void apply(std::uint64_t row, const io::EventRecord& r, const io::EventRecord* previous);

  [[nodiscard]] const std::unordered_map<std::uint32_t, Session>& all() const noexcept {
    return sessions_;
  }
  /// The allowed actions and target lists handed over (targets: null without the file's lists).
  [[nodiscard]] const std::unordered_map<std::uint32_t, std::uint32_t>& actions() const noexcept {
    return actions_;
  }
  [[nodiscard]] const std::unordered_map<std::uint32_t, std::vector<std::uint32_t>>* targets()
      const noexcept {
    return have_targets_ ? &targets_ : nullptr;
  }
  /// Whether the row grants a session (a `grant` or `subdelegate` row).
  [[nodiscard]] bool grants(std::uint16_t kind) const noexcept {
    return kind == k_grant_ || kind == k_sub_;
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
  /// Whether every link of `id`'s chain allows `target`.
  [[nodiscard]] bool target_allowed(std::uint32_t id, std::uint32_t target) const;
  /// The decision on an action row as re-derived: its reason code, checks in the documented order.
  /// `paid_before`: what the movement just before the row took from the payer for it (an applied
  /// action's payment), added back. `funds_known`: set when the paying bucket and payer are known
  /// (else APPLIED stands for "applied or INSUFFICIENT_FUNDS").
  [[nodiscard]] int rederive(std::uint64_t row, const io::EventRecord& r, std::int64_t paid_before,
                             bool& funds_known) const;
  [[nodiscard]] std::string describe(const io::EventRecord& r) const;

  bool chain_;
  Steps<std::uint32_t> max_depth_;
  std::vector<std::string> reasons_;
  int k_grant_, k_sub_, k_per_action_, k_per_period_, k_period_, k_calls_, k_until_, k_after_,
      k_parent_, k_revoke_, k_replace_, k_expire_, k_transfer_, k_swap_, k_infer_, k_drain_,
      k_router_drain_, k_move_;
  int r_expired_, r_revoked_, r_cap_, r_not_delegate_, r_not_yet_, r_scope_, r_target_, r_funds_,
      r_depth_;
  std::unordered_map<std::uint32_t, std::uint32_t> actions_;
  std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> targets_;
  bool have_targets_ = false;
  const Balances* balances_ = nullptr;
  bool funds_required_ = false;
  std::vector<std::uint32_t> payer_;  // per agent: the account paying its actions
  std::unordered_map<std::uint32_t, Session> sessions_;
  std::uint64_t checked_ = 0;
  std::map<std::string, std::uint64_t> not_rederived_;
};

}  // namespace coordsim::verify
