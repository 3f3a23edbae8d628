#include "model/behaviour/from_scenario.hpp"
#include "model/validators/validators.hpp"

namespace coordsim::model::validators {

using scenario::AgentKind;

// The scenario's check of levels x care_levels + 2 (scenario/semantic.cpp) uses this bound.
static_assert(behaviour::kMaxActions == 16);

behaviour::Spec to_behaviour(const scenario::ValidatorBehaviour& b) {
  // Out, idle, then every effort level at every care level.
  return behaviour::to_spec(b, static_cast<std::uint32_t>(b.levels * b.care_levels) + 2U);
}

Validators::Validators(const scenario::SpecData& spec, const actor::Population& pop,
                       AgentId protocol, SimDuration block, std::uint64_t unit)
    : spec_(&spec), pop_(&pop), protocol_(protocol), block_(block), unit_(unit) {}

void Validators::stake_genesis(ledger::Ledger& ledger, actor::Streams& streams) const {
  for (const AgentId v : pop_->of_kind(AgentKind::kValidator)) {
    auto r = streams.rng(v);
    const Amount want = actor::draw_amount(params(v).stake, r);
    const Amount stake = ledger::min(want, ledger.liquid(ledger.account(v)));
    (void)ledger.stake(ledger.account(v), stake);
  }
}

void Validators::build(const ledger::Ledger& ledger, actor::Streams& streams) {
  const auto validators = pop_->of_kind(AgentKind::kValidator);
  const std::size_t n = validators.size();
  bond_.clear();
  for (const AgentId v : validators) bond_.push_back(ledger.staked(ledger.account(v)));
  active_.assign(n, 1);  // genesis staked every validator
  bool any = false;
  for (const auto& g : spec_->population) {
    if (g.kind == AgentKind::kValidator &&
        g.as<scenario::ValidatorParams>().behaviour.rule != scenario::BehaviourRule::kFixed)
      any = true;
  }
  if (!any) return;  // every validator follows the fixed script: nothing to keep
  learners_.resize(pop_->groups());
  for (std::size_t g = 0; g < pop_->groups(); ++g) {
    const auto& group = spec_->population[g];
    if (group.kind != AgentKind::kValidator) continue;
    learners_[g] = behaviour::Learners(
        to_behaviour(group.as<scenario::ValidatorParams>().behaviour), pop_->count(g));
  }
  // In at the start (genesis staked them), idle until their first decision at their first event.
  level_.assign(n, 1);
  has_period_.assign(n, 0);
  next_decision_.assign(n, SimTime::zero());
  period_start_.assign(n, SimTime::zero());
  income_.assign(n, Amount::zero());
  slashed_.assign(n, Amount::zero());
  checks_.assign(n, 0);
  stake_ticks_.assign(n, 0);
  stake_since_.assign(n, SimTime::zero());
  reservation_.assign(n, Amount::zero());
  for (const AgentId v : validators) {
    if (!adaptive(v)) continue;
    auto r = streams.rng(v);
    reservation_[pop_->slot(v)] = actor::draw_amount(params(v).behaviour.reservation_return, r);
  }
}

std::uint32_t Validators::active() const noexcept {
  std::uint32_t n = 0;
  for (const std::uint8_t a : active_) n += a;
  return n;
}

double Validators::mean_care() const {
  double sum = 0.0;
  std::uint32_t n = 0;
  for (const AgentId v : pop_->of_kind(AgentKind::kValidator)) {
    if (!adaptive(v)) {  // a fixed validator checks at full effort, at the group's accuracy
      sum += 1.0;
      ++n;
      continue;
    }
    const auto levels = static_cast<std::uint32_t>(params(v).behaviour.care_levels);
    const Choice c = decode(level_[pop_->slot(v)], levels);
    if (c.effort == 0) continue;  // out or idle
    sum += levels > 1 ? static_cast<double>(c.care) / static_cast<double>(levels - 1) : 1.0;
    ++n;
  }
  return n > 0 ? sum / n : 0.0;
}

}  // namespace coordsim::model::validators
