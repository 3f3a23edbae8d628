#pragma once
// An actor's payoff over one decision period, in tokens: what the learning rules learn from.
//
//   net = income - fees - effort - slashed - stake * opportunity_rate * held / rate_period
//
// income: rewards and fees received (attribution payouts, inference revenue, validator share,
// slash bounties); fees: publish fees, swap fees, inference paid; effort: the token cost of the
// work done (per row written, per check made); stake: the amount locked during the period, whose
// opportunity cost is what the same tokens would have earned elsewhere. Money stays integer: the
// net is computed exactly in base units (the opportunity cost rounded down once, in 128 bits), and
// only the final conversion to tokens for the learning rules is floating point.
#include <cstdint>

#include "kernel/time.hpp"
#include "model/ledger/amount.hpp"

namespace coordsim::model::behaviour {

/// The opportunity cost of locked stake: `ppm` millionths of the stake per `period` of time.
struct OpportunityCost {
  std::int64_t ppm = 0;           // >= 0
  kernel::SimDuration period{1};  // > 0 ticks
};

struct PayoffTerms {
  ledger::Amount income{};
  ledger::Amount fees{};
  ledger::Amount effort{};
  ledger::Amount slashed{};
  ledger::Amount stake{};      // locked during the period (>= 0)
  kernel::SimDuration held{};  // how long it was locked (>= 0)
};

/// floor(stake * ppm * held / (10^6 * period)) in base units.
/// @throws InvalidBehaviour if ppm < 0, period <= 0, stake < 0 or held < 0;
/// std::overflow_error if the cost does not fit in 64 bits.
[[nodiscard]] ledger::Amount opportunity_cost(ledger::Amount stake, kernel::SimDuration held,
                                              const OpportunityCost& rate);

/// income - fees - effort - slashed - opportunity_cost(stake, held), exact in base units.
/// @throws as opportunity_cost; std::overflow_error if the sum leaves 64 bits.
[[nodiscard]] ledger::Amount net_payoff(const PayoffTerms& terms, const OpportunityCost& rate);

/// net / base_units_per_token: the payoff in tokens handed to Learners::learn.
/// @throws InvalidBehaviour if base_units_per_token <= 0.
[[nodiscard]] double to_tokens(ledger::Amount amount, std::int64_t base_units_per_token);

}  // namespace coordsim::model::behaviour
