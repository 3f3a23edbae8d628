#pragma once
// A learning contributor's books over its current decision period: when it decides next, when the
// period began, and what the period brought (income, slashes, rows, stake x ticks), from which it
// learns the period's payoff at its end. Kept per contributor slot by the learning contributors
// (contributors.cpp) and by the Sybil operators (sybils.cpp: an operator's books sum all its
// identities'); one set of columns and one payoff, so both learn from the same formula.
//
// The checkpoint writes the columns in the order declared here (save/load): changing it changes
// the checkpoint format.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernel/archive.hpp"
#include "kernel/time.hpp"
#include "model/ledger/amount.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::data {

/// Per contributor slot, the books of its current decision period.
struct PeriodBooks {
  std::vector<std::uint8_t> has_period;  // a period has begun (learn at its end)
  std::vector<kernel::SimTime> next_decision;
  std::vector<kernel::SimTime> period_start;
  std::vector<ledger::Amount> income;     // rewards received this period
  std::vector<ledger::Amount> slashed;    // stake slashed this period
  std::vector<std::int64_t> rows;         // rows written this period
  std::vector<ledger::Wide> stake_ticks;  // integral of the staked balance over the period

  /// `n` slots, none in a period yet.
  void assign(std::size_t n);
  /// Slot `i`'s period up to `now` if there is one to learn from (begun, not empty), else zero.
  [[nodiscard]] kernel::SimDuration held(std::uint32_t i, kernel::SimTime now) const noexcept {
    const kernel::SimDuration h = now - period_start[i];
    return has_period[i] != 0 && h.ticks() > 0 ? h : kernel::SimDuration{0};
  }
  /// Slot `i`'s period's net payoff in tokens per day: income - effort_per_row x rows - slashed -
  /// opportunity_cost(mean stake over `held`), by `b`'s costs; `held` > 0 (from held()), `day`
  /// the ticks of a day, `unit` base units per token. `effort` scales effort_per_row (a
  /// contributor's chosen effort: 1 + effort_cost x e), rounded to base units once per row.
  [[nodiscard]] double tokens_per_day(std::uint32_t i, kernel::SimDuration held,
                                      const scenario::ContributorBehaviour& b,
                                      kernel::SimDuration day, std::int64_t unit,
                                      double effort = 1.0) const;
  /// Begins slot `i`'s next period at `now`, its sums at zero.
  void start(std::uint32_t i, kernel::SimTime now) noexcept;

  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError unless every column has `n` entries (`what` names them).
  void load(kernel::ArchiveReader& in, std::size_t n, const char* what);
};

}  // namespace coordsim::model::data
