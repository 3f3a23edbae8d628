#pragma once
// Running totals the systems bump as they go; metrics read them at every sample. Plain integers,
// so that a sample is a copy and the totals of two runs can be compared exactly.
#include <array>
#include <cstdint>

#include "model/ledger/amount.hpp"
#include "model/sessions/reason.hpp"

namespace coordsim::model::world {

struct Counters {
  // Actions of ai agents through sessions.
  std::uint64_t applied = 0;
  std::array<std::uint64_t, sessions::kReasonCount> rejected{};  // by reason (index 0 unused)
  std::int64_t value_moved = 0;  // base units moved by applied actions
  std::int64_t swap_volume = 0;  // token base units through the pool (either direction)
  std::uint64_t swaps = 0;
  std::uint64_t failed_swaps = 0;      // refunded: the pool could not fill them within their limit
  std::uint64_t book_orders = 0;       // ai agents' orders on the order book
  std::uint64_t book_unfilled = 0;     // of those, refunded without any fill
  std::uint64_t book_fills = 0;        // fills on the book (agents' and makers' crossing quotes)
  std::int64_t book_volume = 0;        // token base units filled on the book
  std::uint64_t book_maker_fills = 0;  // of the fills, a maker's new quote crossing another's
  std::uint64_t inferences = 0;
  std::int64_t fees = 0;  // inference fees collected
  // Sessions.
  std::uint64_t grants = 0;
  std::uint64_t grant_rejected = 0;
  std::uint64_t subdelegations = 0;
  std::uint64_t expirations = 0;
  std::uint64_t revocations = 0;
  // Key compromise (blast radius).
  std::uint64_t compromised = 0;
  std::int64_t value_taken = 0;
  std::uint64_t compromised_ticks_live = 0;  // summed time compromised agents could still act
  // Data and validation.
  std::uint64_t rows = 0;
  std::uint64_t duplicate_rows = 0;
  std::uint64_t contributor_exits = 0;
  std::uint64_t contributors_entered = 0;  // contributed a first row
  std::uint64_t datanet_versions = 0;      // versions published by trainings
  std::int64_t publish_fees = 0;
  std::uint64_t publish_unpaid = 0;    // trainings skipped: the builder could not pay
  std::uint64_t datanet_explored = 0;  // datanet picks made at random (builders' explore)
  std::uint64_t flags_correct = 0;
  std::uint64_t flags_wrong = 0;
  std::int64_t slashed_contributors = 0;
  std::int64_t slashed_validators = 0;
  // Settlement.
  std::uint64_t batches_posted = 0;
  std::uint64_t batches_final = 0;
  std::uint64_t batches_reverted = 0;
  std::int64_t rewards_reverted = 0;
  std::int64_t rewards_final_honest = 0;
  std::int64_t rewards_final_adversarial = 0;
  std::int64_t escaped = 0;  // poisoners' rewards that became final unreverted
  // Per contributor role (World::kHonest, kSybil, kPoisoner, kFreeRider): final rewards, stake
  // committed with rows, stake slashed. Their return on stake is (final - slashed) / staked.
  std::array<std::int64_t, 4> final_by_role{};
  std::array<std::int64_t, 4> staked_by_role{};
  std::array<std::int64_t, 4> slashed_by_role{};
  std::uint64_t latency_ticks_sum = 0;
  std::uint64_t latency_count = 0;
  // Invariants checked on the way (budget balance of every fee split).
  std::uint64_t fee_splits = 0;
  std::uint64_t fee_split_failures = 0;

  /// Totals of several domains' counters (integers: the sum does not depend on the order).
  Counters& operator+=(const Counters& o) noexcept {
    applied += o.applied;
    for (std::size_t i = 0; i < rejected.size(); ++i) rejected[i] += o.rejected[i];
    value_moved += o.value_moved;
    swap_volume += o.swap_volume;
    swaps += o.swaps;
    failed_swaps += o.failed_swaps;
    book_orders += o.book_orders;
    book_unfilled += o.book_unfilled;
    book_fills += o.book_fills;
    book_volume += o.book_volume;
    book_maker_fills += o.book_maker_fills;
    inferences += o.inferences;
    fees += o.fees;
    grants += o.grants;
    grant_rejected += o.grant_rejected;
    subdelegations += o.subdelegations;
    expirations += o.expirations;
    revocations += o.revocations;
    compromised += o.compromised;
    value_taken += o.value_taken;
    compromised_ticks_live += o.compromised_ticks_live;
    rows += o.rows;
    duplicate_rows += o.duplicate_rows;
    contributor_exits += o.contributor_exits;
    contributors_entered += o.contributors_entered;
    datanet_versions += o.datanet_versions;
    publish_fees += o.publish_fees;
    publish_unpaid += o.publish_unpaid;
    datanet_explored += o.datanet_explored;
    flags_correct += o.flags_correct;
    flags_wrong += o.flags_wrong;
    slashed_contributors += o.slashed_contributors;
    slashed_validators += o.slashed_validators;
    batches_posted += o.batches_posted;
    batches_final += o.batches_final;
    batches_reverted += o.batches_reverted;
    rewards_reverted += o.rewards_reverted;
    rewards_final_honest += o.rewards_final_honest;
    rewards_final_adversarial += o.rewards_final_adversarial;
    escaped += o.escaped;
    for (std::size_t r = 0; r < final_by_role.size(); ++r) {
      final_by_role[r] += o.final_by_role[r];
      staked_by_role[r] += o.staked_by_role[r];
      slashed_by_role[r] += o.slashed_by_role[r];
    }
    latency_ticks_sum += o.latency_ticks_sum;
    latency_count += o.latency_count;
    fee_splits += o.fee_splits;
    fee_split_failures += o.fee_split_failures;
    return *this;
  }
};

}  // namespace coordsim::model::world
