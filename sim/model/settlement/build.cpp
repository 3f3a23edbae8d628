#include "model/settlement/settlement.hpp"

namespace coordsim::model::settlement {

Settlement::Settlement(const scenario::SpecData& spec, const actor::Population& pop, AgentId self,
                       AgentId treasury, const std::vector<actor::Role>& role, SimDuration block)
    : spec_(&spec), pop_(&pop), self_(self), treasury_(treasury), role_(&role), block_(block) {
  const std::size_t n = pop.agents();
  pending_.assign(n, Amount::zero());
  final_.assign(n, Amount::zero());
  claimable_.assign(n, Amount::zero());
  open_entry_.assign(n, kNoEntry);
  unlogged_.assign(n, Amount::zero());
}

void Settlement::build(const ledger::Ledger& ledger) {
  stake_.clear();
  for (const AgentId v : pop_->of_kind(scenario::AgentKind::kValidator))
    stake_.push_back(ledger.staked(ledger.account(v)));
}

}  // namespace coordsim::model::settlement
