// A learning contributor's period books (period_books.hpp).
#include "model/data/period_books.hpp"

#include <cmath>

#include "model/behaviour/payoff.hpp"

namespace coordsim::model::data {

void PeriodBooks::assign(std::size_t n) {
  has_period.assign(n, 0);
  next_decision.assign(n, kernel::SimTime::zero());
  period_start.assign(n, kernel::SimTime::zero());
  income.assign(n, ledger::Amount::zero());
  slashed.assign(n, ledger::Amount::zero());
  rows.assign(n, 0);
  stake_ticks.assign(n, 0);
}

double PeriodBooks::tokens_per_day(std::uint32_t i, kernel::SimDuration held,
                                   const scenario::ContributorBehaviour& b, kernel::SimDuration day,
                                   std::int64_t unit, double effort) const {
  behaviour::PayoffTerms terms;
  terms.income = income[i];
  // effort == 1 (no effort choice) is exactly effort_per_row: no rounding on that path.
  const ledger::Amount per_row =
      effort == 1.0 ? b.effort_per_row
                    : ledger::Amount{static_cast<std::int64_t>(
                          std::llround(static_cast<double>(b.effort_per_row.raw()) * effort))};
  terms.effort = ledger::mul_div(per_row, rows[i], 1);
  terms.slashed = slashed[i];
  terms.stake = ledger::Amount{static_cast<std::int64_t>(stake_ticks[i] / held.ticks())};
  terms.held = held;
  const behaviour::OpportunityCost rate{b.opportunity_cost.value(), day};
  return behaviour::to_tokens(behaviour::net_payoff(terms, rate), unit) *
         static_cast<double>(day.ticks()) / static_cast<double>(held.ticks());
}

void PeriodBooks::start(std::uint32_t i, kernel::SimTime now) noexcept {
  has_period[i] = 1;
  period_start[i] = now;
  income[i] = ledger::Amount::zero();
  slashed[i] = ledger::Amount::zero();
  rows[i] = 0;
  stake_ticks[i] = 0;
}

void PeriodBooks::save(kernel::ArchiveWriter& out) const {
  out.vec(has_period);
  out.vec(next_decision);
  out.vec(period_start);
  out.vec(income);
  out.vec(slashed);
  out.vec(rows);
  out.vec(stake_ticks);
}

void PeriodBooks::load(kernel::ArchiveReader& in, std::size_t n, const char* what) {
  in.vec_exact(has_period, n, what);
  in.vec_exact(next_decision, n, what);
  in.vec_exact(period_start, n, what);
  in.vec_exact(income, n, what);
  in.vec_exact(slashed, n, what);
  in.vec_exact(rows, n, what);
  in.vec_exact(stake_ticks, n, what);
}

}  // namespace coordsim::model::data
