#include "model/households/households.hpp"

namespace coordsim::model::households {

Households::Households(const scenario::SpecData& spec, const actor::Population& pop, Peers peers,
                       SimDuration block)
    : spec_(&spec), pop_(&pop), peers_(peers), block_(block) {
  const std::size_t n = pop.agents();
  session_.assign(n, sessions::kNoSession);
  compromised_since_.assign(n, SimTime::never());
  last_price_seen_.assign(n, spec.market.initial_price);
  window_spent_.assign(n, Amount::zero());
  window_start_.assign(n, SimTime::zero());
  revoke_pending_.assign(n, 0);
}

}  // namespace coordsim::model::households
