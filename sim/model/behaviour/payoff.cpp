#include "model/behaviour/payoff.hpp"

#include <limits>
#include <stdexcept>

#include "model/behaviour/errors.hpp"

namespace coordsim::model::behaviour {

namespace {

ledger::Amount narrow(ledger::Wide v) {
  if (v > std::numeric_limits<std::int64_t>::max() || v < std::numeric_limits<std::int64_t>::min())
    throw std::overflow_error("behaviour payoff: does not fit in 64 bits");
  return ledger::Amount{static_cast<std::int64_t>(v)};
}

}  // namespace

ledger::Amount opportunity_cost(ledger::Amount stake, kernel::SimDuration held,
                                const OpportunityCost& rate) {
  if (rate.ppm < 0) throw InvalidBehaviour("behaviour: opportunity cost ppm must be >= 0");
  if (rate.period.ticks() <= 0)
    throw InvalidBehaviour("behaviour: opportunity cost period must be positive");
  if (stake < ledger::Amount::zero()) throw InvalidBehaviour("behaviour: negative stake");
  if (held.ticks() < 0) throw InvalidBehaviour("behaviour: negative holding time");
  // One 128-bit product, rounded once. ppm * held < 2^126 always (both < 2^63); capping it at
  // 2^62 keeps stake * ppm * held < 2^125, inside a signed 128-bit integer.
  const ledger::Wide time_rate = static_cast<ledger::Wide>(rate.ppm) * held.ticks();
  constexpr ledger::Wide kLimit = ledger::Wide{1} << 62;
  if (time_rate > kLimit) throw std::overflow_error("behaviour payoff: opportunity rate too large");
  const ledger::Wide num = static_cast<ledger::Wide>(stake.raw()) * time_rate;
  return narrow(num / (static_cast<ledger::Wide>(1'000'000) * rate.period.ticks()));
}

ledger::Amount net_payoff(const PayoffTerms& t, const OpportunityCost& rate) {
  const ledger::Wide net = static_cast<ledger::Wide>(t.income.raw()) - t.fees.raw() -
                           t.effort.raw() - t.slashed.raw() -
                           opportunity_cost(t.stake, t.held, rate).raw();
  return narrow(net);
}

double to_tokens(ledger::Amount amount, std::int64_t base_units_per_token) {
  if (base_units_per_token <= 0)
    throw InvalidBehaviour("behaviour: base units per token must be positive");
  return static_cast<double>(amount.raw()) / static_cast<double>(base_units_per_token);
}

}  // namespace coordsim::model::behaviour
