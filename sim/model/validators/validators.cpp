// Validators' checks and, under a learning rule, their effort, entry and exit (validators.hpp).
#include "model/validators/validators.hpp"

#include <algorithm>
#include <cmath>

#include "model/actor/event_kinds.hpp"
#include "model/behaviour/payoff.hpp"
#include "model/settlement/settlement.hpp"
#include "scenario/distribution.hpp"

namespace coordsim::model::validators {

using actor::code;
using actor::Counter;
using actor::Kind;

namespace {
constexpr scenario::Micros kDay{86'400'000'000};

/// A check made at `accuracy`: counted, and its accuracy summed in millionths.
void count_check(double accuracy, actor::Context& ctx) {
  ++ctx.counters()[Counter::kValidatorChecks];
  ctx.counters()[Counter::kValidatorAccuracy] += std::llround(accuracy * 1e6);
}
}  // namespace

void Validators::on_validate(const kernel::Event& e, actor::Context& ctx) {
  const AgentId v = e.target;
  const auto& vp = params(v);
  kernel::Scheduler& s = ctx.scheduler();
  if (!adaptive(v)) {
    // The fixed script: a check every sample_interval, for the whole run.
    auto r = ctx.rng(v);
    s.schedule(s.now() + actor::draw_duration(*spec_, vp.sample_interval, r), v, v,
               code(Kind::kValidate));
    ctx.schedule_for(protocol_, v, Kind::kWithdraw);
    const double accuracy = std::clamp(scenario::sample(vp.accuracy, r), 0.0, 1.0);
    ctx.schedule_for(
        protocol_, v, Kind::kSample, 0,
        static_cast<std::uint64_t>(std::min(accuracy * kFractionScale, kFractionScale - 1.0)));
    count_check(accuracy, ctx);
    return;
  }
  const std::uint32_t i = pop_->slot(v);
  const std::uint32_t action = decide_if_due(v, ctx);
  // Final rewards are withdrawn at every wake, in or out (rewards earned before an exit still
  // arrive).
  ctx.schedule_for(protocol_, v, Kind::kWithdraw);
  if (action == 0) {
    s.schedule(next_decision_[i], v, v, code(Kind::kValidate));
    return;
  }
  auto r = ctx.rng(v);
  const auto levels = vp.behaviour.levels;
  const std::uint32_t care_levels = static_cast<std::uint32_t>(vp.behaviour.care_levels);
  const Choice chosen = decode(action, care_levels);
  const auto effort = static_cast<std::int64_t>(chosen.effort);
  const SimDuration interval = actor::draw_duration(*spec_, vp.sample_interval, r);
  if (effort == 0) {
    // Idle: staked, no check; it wakes as often as the lowest effort would, to withdraw.
    s.schedule(s.now() + SimDuration{interval.ticks() * levels}, v, v, code(Kind::kValidate));
    return;
  }
  // Effort e of L checks at e/L of the full rate.
  s.schedule(s.now() + SimDuration{interval.ticks() * levels / effort}, v, v,
             code(Kind::kValidate));
  // The group's accuracy is the top care level's; lower care judges less accurately.
  const double accuracy = care_accuracy(std::clamp(scenario::sample(vp.accuracy, r), 0.0, 1.0),
                                        vp.behaviour.care_floor, chosen.care, care_levels);
  ctx.schedule_for(
      protocol_, v, Kind::kSample, 0,
      static_cast<std::uint64_t>(std::min(accuracy * kFractionScale, kFractionScale - 1.0)));
  ++checks_[i];
  count_check(accuracy, ctx);
}

void Validators::on_bounty(const kernel::Event& e, actor::Context& ctx) {
  const AgentId v = e.target;
  ctx.receive(e, ctx.ledger().account(v));
  const Amount amount{static_cast<std::int64_t>(e.payload)};
  if (adaptive(v)) income_[pop_->slot(v)] += amount;
}

void Validators::on_reward(const kernel::Event& e, actor::Context& ctx) {
  // Deposited as any reward (settlement's handler), and counted as income.
  settlement::Settlement::on_reward(e, ctx);
  if (adaptive(e.target))
    income_[pop_->slot(e.target)] += Amount{static_cast<std::int64_t>(e.payload)};
}

void Validators::note_stake(AgentId v, SimTime now, const ledger::Ledger& ledger) {
  const std::uint32_t i = pop_->slot(v);
  const SimDuration dt = now - stake_since_[i];
  stake_ticks_[i] +=
      static_cast<Wide>(ledger.staked(ledger.account(v)).raw()) * static_cast<Wide>(dt.ticks());
  stake_since_[i] = now;
}

void Validators::close_period(AgentId v, SimTime now, const ledger::Ledger& ledger) {
  const std::uint32_t i = pop_->slot(v);
  const auto g = pop_->group(v);
  const auto& b = params(v).behaviour;
  note_stake(v, now, ledger);
  const SimDuration held = now - period_start_[i];
  if (has_period_[i] != 0 && held.ticks() > 0) {
    const auto day = static_cast<double>(spec_->ticks(kDay).ticks());
    const auto unit = static_cast<std::int64_t>(unit_);
    // Relative to the outside option, which the validator knows without trying it: out earns 0.
    double payoff = 0.0;  // tokens per day above the reservation return
    if (level_[i] != 0) {
      behaviour::PayoffTerms terms;
      terms.income = income_[i];
      // The period's effort and care: every check of it was made at the action held.
      const Choice held_choice = decode(level_[i], static_cast<std::uint32_t>(b.care_levels));
      const auto care = static_cast<std::int64_t>(held_choice.care);
      terms.effort = ledger::mul_div(b.effort_per_check, checks_[i], 1) +
                     ledger::mul_div(b.care_cost_per_check, checks_[i] * care * care, 1);
      terms.slashed = slashed_[i];
      terms.stake = Amount{static_cast<std::int64_t>(stake_ticks_[i] / held.ticks())};
      terms.held = held;
      const behaviour::OpportunityCost rate{b.opportunity_cost.value(), spec_->ticks(kDay)};
      payoff = behaviour::to_tokens(behaviour::net_payoff(terms, rate), unit) * day /
                   static_cast<double>(held.ticks()) -
               behaviour::to_tokens(reservation_[i], unit);
    }
    learners_[g].learn(v.value() - pop_->first(g), level_[i], payoff);
  }
  has_period_[i] = 1;
  period_start_[i] = now;
  income_[i] = Amount::zero();
  slashed_[i] = Amount::zero();
  checks_[i] = 0;
  stake_ticks_[i] = 0;
}

std::uint32_t Validators::decide_if_due(AgentId v, actor::Context& ctx) {
  const std::uint32_t i = pop_->slot(v);
  const SimTime now = ctx.now();
  if (now < next_decision_[i]) return level_[i];
  const auto g = pop_->group(v);
  close_period(v, now, ctx.ledger());
  auto r = ctx.rng(v);
  std::uint32_t choice = learners_[g].choose(v.value() - pop_->first(g), r);
  if (choice != 0 && level_[i] == 0 && !enter(v, ctx)) choice = 0;  // cannot bond: stays out
  if (choice == 0 && level_[i] != 0) exit(v, ctx);
  level_[i] = static_cast<std::uint8_t>(choice);
  next_decision_[i] = now + std::max(block_, spec_->ticks(params(v).behaviour.period));
  return choice;
}

void Validators::exit(AgentId v, actor::Context& ctx) {
  const std::uint32_t i = pop_->slot(v);
  ledger::Ledger& ledger = ctx.ledger();
  const auto acct = ledger.account(v);
  note_stake(v, ctx.now(), ledger);
  const Amount staked = ledger.staked(acct);
  if (staked > Amount::zero() &&
      ledger.request_unstake(acct, staked) == ledger::LedgerResult::kOk) {
    ctx.move(acct.value(), actor::Place::kStaked, acct.value(), actor::Place::kUnbonding, staked);
    ctx.scheduler().schedule(ctx.now() + spec_->ticks(spec_->incentives.unbonding_delay), v, v,
                             code(Kind::kUnbonded), 0, static_cast<std::uint64_t>(staked.raw()));
  }
  // The protocol's stake record follows: no share of the validators' pool while out.
  ctx.schedule_for(protocol_, v, Kind::kValidatorStake, 0, 0);
  active_[i] = 0;
  ++ctx.counters()[Counter::kValidatorExits];
}

bool Validators::enter(AgentId v, actor::Context& ctx) {
  const std::uint32_t i = pop_->slot(v);
  ledger::Ledger& ledger = ctx.ledger();
  const auto acct = ledger.account(v);
  note_stake(v, ctx.now(), ledger);
  const Amount bond = bond_[i];
  if (ledger.stake(acct, bond) != ledger::LedgerResult::kOk) return false;
  ctx.move(acct.value(), actor::Place::kLiquid, acct.value(), actor::Place::kStaked, bond);
  ctx.schedule_for(protocol_, v, Kind::kValidatorStake, 0,
                   static_cast<std::uint64_t>(ledger.staked(acct).raw()));
  active_[i] = 1;
  ++ctx.counters()[Counter::kValidatorsEntered];
  return true;
}

}  // namespace coordsim::model::validators
