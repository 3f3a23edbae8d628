#pragma once
// The ledger's invariants, checked from outside (the ledger does not check itself; the run loop
// decides how often: every event in debug and tests, every sampling interval in release).
//
//   conservation(token): sum of liquid + staked + unbonding + locked over all accounts
//                        (protocol accounts included) + burned == genesis token supply
//   conservation(quote): sum of quote over all accounts + burned quote == genesis quote supply
//   non_negative:        no bucket of any account is below zero
//
// A check is O(accounts) and exact: each column is summed as two 64-bit lane sums (high and low
// 32-bit halves of every balance), which the compiler vectorises, then combined in 128 bits.
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/ledger/ledger.hpp"

namespace coordsim::model::ledger {

/// Where the check ran, given by the caller (the event being handled, or a sampling point).
struct EventContext {
  std::uint64_t time_ticks = 0;
  std::uint64_t event_seq = 0;
  std::string_view what;  // e.g. "swap by agent 17"
};

/// One balance named in a report.
struct InvolvedBalance {
  AccountId account{0};
  std::string bucket;  // "liquid", "staked", "unbonding", "locked", "quote"
  Amount amount;
};

/// What broke, where, and by how much.
struct InvariantViolation {
  std::string invariant;       // "conservation(token)", "conservation(quote)", "non_negative"
  std::string context;         // the caller's EventContext, formatted
  std::string last_operation;  // the ledger's last operation, formatted
  std::vector<InvolvedBalance> balances;  // negative balances, or the last operation's accounts
  Wide expected = 0;
  Wide actual = 0;

  [[nodiscard]] std::string to_string() const;
};

/// Thrown by enforce_invariants(); a run that catches it stops with exit status 3.
class InvariantViolationError : public std::runtime_error {
 public:
  explicit InvariantViolationError(InvariantViolation v)
      : std::runtime_error(v.to_string()), violation_(std::move(v)) {}
  [[nodiscard]] const InvariantViolation& violation() const noexcept { return violation_; }

 private:
  InvariantViolation violation_;
};

/// Exact sum of a column and how many of its entries are negative.
struct ColumnSum {
  Wide sum = 0;
  std::uint64_t negatives = 0;
};
[[nodiscard]] ColumnSum sum_column(std::span<const Amount> column) noexcept;

/// Sum over every account's buckets of `asset` plus its burned counter.
[[nodiscard]] Wide accounted_total(const Ledger& ledger, Asset asset) noexcept;

/// The first broken invariant (non_negative first, then conservation token, quote), if any.
/// `outside_*`: value the caller holds outside the ledger (withdrawn, in flight between actors),
/// counted towards conservation.
[[nodiscard]] std::optional<InvariantViolation> check_invariants(const Ledger& ledger,
                                                                 const EventContext& context,
                                                                 Wide outside_token = 0,
                                                                 Wide outside_quote = 0);

/// @throws InvariantViolationError when check_invariants() finds a violation.
void enforce_invariants(const Ledger& ledger, const EventContext& context, Wide outside_token = 0,
                        Wide outside_quote = 0);

}  // namespace coordsim::model::ledger
