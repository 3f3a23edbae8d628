#pragma once
// Running totals the systems bump as they go; metrics read them at every sample. Plain integers,
// so that a sample is a copy and the totals of two runs can be compared exactly.
//
// One slot per Counter (a few counters are a block of slots: by rejection reason, by adversary
// role). Domains keep their own Counters; the world's total is their slot-by-slot sum, so a new
// counter is one enumerator and nothing else (no field list to keep in step).
#include <array>
#include <cstddef>
#include <cstdint>

#include "model/actor/role.hpp"
#include "model/sessions/reason.hpp"

namespace coordsim::model::actor {

// The order is the order of the slots in a checkpoint (Counters are stored as their bytes):
// append new counters before kCount, or bump kernel::kArchiveVersion.
enum class Counter : std::uint16_t {
  // Actions of ai agents through sessions.
  kApplied,
  kRejected,                                         // a block: one slot per sessions::Reason
  kValueMoved = kRejected + sessions::kReasonCount,  // base units moved by applied actions
  kSwapVolume,  // token base units through the pool (either direction)
  kSwaps,
  kFailedSwaps,     // refunded: the pool could not fill them within their limit
  kBookOrders,      // ai agents' orders on the order book
  kBookUnfilled,    // of those, refunded without any fill
  kBookFills,       // fills on the book (agents' and makers' crossing quotes)
  kBookVolume,      // token base units filled on the book
  kBookMakerFills,  // of the fills, a maker's new quote crossing another's
  kInferences,
  kFees,  // inference fees collected
  // Sessions.
  kGrants,
  kGrantRejected,
  kSubdelegations,
  kExpirations,
  kRevocations,
  // Key compromise (blast radius).
  kCompromised,
  kValueTaken,
  kCompromisedTicksLive,  // summed time compromised agents could still act
  // Data and validation.
  kRows,
  kDuplicateRows,
  kContributorExits,     // fixed: could no longer stake; learning rules: every exit
  kContributorsEntered,  // fixed: contributed a first row; learning rules: every entry
  kDatanetVersions,      // versions published by trainings
  kPublishFees,
  kPublishUnpaid,    // trainings skipped: the builder could not pay
  kDatanetExplored,  // datanet picks made at random (builders' explore)
  kFlagsCorrect,
  kFlagsWrong,
  kSlashedContributors,
  kSlashedValidators,
  // Settlement.
  kBatchesPosted,
  kBatchesFinal,
  kBatchesReverted,
  kRewardsReverted,
  kRewardsFinalHonest,
  kRewardsFinalAdversarial,
  kEscaped,  // poisoners' rewards that became final unreverted
  // Per contributor role, blocks of kRoleCount slots: final rewards, stake committed with rows,
  // stake slashed. A role's return on stake is (final - slashed) / staked.
  kFinalByRole,
  kStakedByRole = kFinalByRole + kRoleCount,
  kSlashedByRole = kStakedByRole + kRoleCount,
  kLatencyTicksSum = kSlashedByRole + kRoleCount,
  kLatencyCount,
  // Invariants checked on the way (budget balance of every fee split).
  kFeeSplits,
  kFeeSplitFailures,
  // Base units of the contributors' share that no contributor received (no trained model yet,
  // or the rule gave every contributor nothing): they go to the treasury.
  kContributorPoolUnpaid,
  // Contributors entered and not exited since: a level, +1 on entry and -1 on exit, summed over
  // domains.
  kContributorsActive,
  // Validators (sim/model/validators): checks sent to the protocol, rows written whose hidden
  // quality is below 0 (an observer's count, for bad_rows_caught), bounties paid (base units),
  // validators' exits and entries under a learning rule.
  kValidatorChecks,
  kBadRows,
  kBounties,
  kValidatorExits,
  kValidatorsEntered,
  // Scope in the economy (households): the owners' own actions attempted and, by reason, rejected
  // (the cost of safety); value the router bug took; grants the attacker inflated.
  kHonestAttempts,
  kHonestRejected,                                             // a block: one slot per Reason
  kRouterBugTaken = kHonestRejected + sessions::kReasonCount,  // base units
  kInjectedGrants,
  kSybilIdentities,   // identities Sybil operators run now, summed (data/sybils.cpp)
  kPoisonersActive,   // poisoners writing rows now (data/adversaries.cpp)
  kFreeRidersActive,  // free riders copying rows now (data/adversaries.cpp)
  // Validators' accuracy per check summed over their checks, in millionths (validators.cpp): with
  // kValidatorChecks, the mean accuracy their care bought.
  kValidatorAccuracy,
  kCount
};

/// Slot `i` of a block counter (kRejected by reason, the by-role blocks), usable where a Counter
/// is expected (e.g. a metric's row).
[[nodiscard]] constexpr Counter slot_of(Counter block, std::size_t i) noexcept {
  return static_cast<Counter>(static_cast<std::size_t>(block) + i);
}

class Counters {
 public:
  static constexpr std::size_t kSlots = static_cast<std::size_t>(Counter::kCount);

  [[nodiscard]] std::int64_t& operator[](Counter c) noexcept { return slot_[at(c)]; }
  [[nodiscard]] std::int64_t operator[](Counter c) const noexcept { return slot_[at(c)]; }
  /// The slot of `r` in a by-reason block (kRejected).
  [[nodiscard]] std::int64_t& rejected(sessions::Reason r) noexcept {
    return slot_[at(Counter::kRejected) + static_cast<std::size_t>(r)];
  }
  [[nodiscard]] std::int64_t rejected(sessions::Reason r) const noexcept {
    return slot_[at(Counter::kRejected) + static_cast<std::size_t>(r)];
  }
  /// The slot of `r` in a by-role block (kFinalByRole, kStakedByRole, kSlashedByRole).
  [[nodiscard]] std::int64_t& by_role(Counter block, Role r) noexcept {
    return slot_[at(block) + index(r)];
  }
  [[nodiscard]] std::int64_t by_role(Counter block, Role r) const noexcept {
    return slot_[at(block) + index(r)];
  }

  /// Totals of several domains' counters (integers: the sum does not depend on the order).
  Counters& operator+=(const Counters& o) noexcept {
    for (std::size_t i = 0; i < kSlots; ++i) slot_[i] += o.slot_[i];
    return *this;
  }
  friend bool operator==(const Counters&, const Counters&) = default;

 private:
  [[nodiscard]] static constexpr std::size_t at(Counter c) noexcept {
    return static_cast<std::size_t>(c);
  }
  std::array<std::int64_t, kSlots> slot_{};
};

}  // namespace coordsim::model::actor
