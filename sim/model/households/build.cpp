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
  group_actions_.assign(spec.population.size(), sessions::ActionSet{});
  for (std::size_t g = 0; g < spec.population.size(); ++g) {
    if (spec.population[g].kind != scenario::AgentKind::kPrincipal) continue;
    // The loader admits only the names in scenario::kScopeActionNames, all of them actions.
    for (const std::string& name : spec.population[g].as<scenario::PrincipalParams>().scope_actions)
      group_actions_[g].add(sessions::action_from_string(name).value());
  }
}

}  // namespace coordsim::model::households
