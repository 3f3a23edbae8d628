// Poisoners and free riders that continue only while it pays (docs/behaviour.md, "Poisoners and
// free riders"). Roles are drawn at genesis among contributors (build.cpp). Under
// adversaries.poisoner.rule / adversaries.free_rider.rule `fixed` (the default) nothing here runs:
// every adversary writes rows from genesis until it cannot stake, today's script. Under a learning
// rule (logit, roth_erev, ewa) each adversary is in from genesis for its first period, then every
// behaviour.period of its contributor group decides between stop (action 0) and continue
// (action 1) by that rule, with that group's parameters, learning from the period's realised
// payoff in tokens per day:
//
//   continue:  income - effort_per_row x rows - slashed - opportunity_cost(mean stake, period)
//   stop:      0 (the reference, as for Sybil operators: no reservation return)
//
// A poisoner bears slashes and its stake's opportunity cost; a free rider stakes nothing, so its
// only cost is the effort per row. Stopping unstakes everything (staked -> unbonding -> liquid)
// and tells the protocol (kLeave: its rows stay out of future models); rewards already earned
// still arrive. A stopped adversary wakes at each decision and may continue again.
//
// Determinism: a decision is made at the adversary's own kContribute, reads only its own columns
// (income and slashes reach it as events), and draws once from its own stream (none for the
// first period, which is always continue).
#include <algorithm>

#include "model/behaviour/from_scenario.hpp"
#include "model/data/data.hpp"

namespace coordsim::model::data {

namespace {

constexpr std::uint32_t kStop = 0;
constexpr std::uint32_t kContinue = 1;

}  // namespace

void Data::build_adversaries() {
  Adversaries& a = adversaries_;
  const auto& adv = spec_->adversaries;
  a.poisoners = adv.poisoner.rule != scenario::BehaviourRule::kFixed;
  a.free_riders = adv.free_rider.rule != scenario::BehaviourRule::kFixed;
  if (!a.poisoners && !a.free_riders) return;
  a.poisoner_learners.resize(pop_->groups());
  a.free_rider_learners.resize(pop_->groups());
  for (std::size_t g = 0; g < pop_->groups(); ++g) {
    const auto& group = spec_->population[g];
    if (group.kind != AgentKind::kContributor) continue;
    // The group's parameters, the role's rule (as the Sybil operators do).
    auto b = group.as<scenario::ContributorParams>().behaviour;
    b.rule = adv.poisoner.rule;
    a.poisoner_learners[g] = behaviour::Learners(behaviour::to_spec(b, 2), pop_->count(g));
    b.rule = adv.free_rider.rule;
    a.free_rider_learners[g] = behaviour::Learners(behaviour::to_spec(b, 2), pop_->count(g));
  }
  const std::size_t n = pop_->of_kind(AgentKind::kContributor).size();
  a.on.assign(n, 1);  // in from genesis, as under the fixed script
  a.books.assign(n);
  a.stake_since.assign(n, SimTime::zero());
}

void Data::count_adversary(AgentId c, std::int64_t delta, actor::Context& ctx) const {
  const Role role = role_[index(c)];
  if (role == Role::kPoisoner) ctx.counters()[Counter::kPoisonersActive] += delta;
  if (role == Role::kFreeRider) ctx.counters()[Counter::kFreeRidersActive] += delta;
}

void Data::adversary_note_stake(AgentId c, SimTime now, const ledger::Ledger& ledger) {
  const std::uint32_t i = pop_->slot(c);
  const SimDuration dt = now - adversaries_.stake_since[i];
  adversaries_.books.stake_ticks[i] +=
      static_cast<Wide>(ledger.staked(ledger.account(c)).raw()) * static_cast<Wide>(dt.ticks());
  adversaries_.stake_since[i] = now;
}

bool Data::adversary_turn(AgentId c, actor::Context& ctx) {
  Adversaries& a = adversaries_;
  const std::uint32_t i = pop_->slot(c);
  kernel::Scheduler& s = ctx.scheduler();
  const SimTime now = s.now();
  adversary_note_stake(c, now, ctx.ledger());
  if (now >= a.books.next_decision[i]) {
    const auto g = pop_->group(c);
    const auto& b = spec_->population[g].as<scenario::ContributorParams>().behaviour;
    const std::uint32_t agent = c.value() - pop_->first(g);
    behaviour::Learners& learners =
        role_[index(c)] == Role::kPoisoner ? a.poisoner_learners[g] : a.free_rider_learners[g];
    std::uint32_t choice = kContinue;  // the first period: in, as at genesis
    if (a.books.has_period[i] != 0) {
      if (const SimDuration held = a.books.held(i, now); held.ticks() > 0) {
        double payoff = 0.0;  // stop earns 0: the reference
        if (a.on[i] != 0) {
          const SimDuration day = spec_->ticks(scenario::Micros{86'400'000'000});
          payoff = a.books.tokens_per_day(i, held, b, day, static_cast<std::int64_t>(unit_));
        }
        learners.learn(agent, a.on[i] != 0 ? kContinue : kStop, payoff);
      }
      auto r = ctx.rng(c);
      choice = learners.choose(agent, r);
    }
    a.books.start(i, now);
    a.books.next_decision[i] = now + std::max(block_, spec_->ticks(b.period));
    if (choice == kStop && a.on[i] != 0) {
      // Stop: the stake comes back and the protocol drops the rows it backed.
      unstake_all(c, ctx);
      s.schedule(now + block_, peers_.protocol, c, code(Kind::kLeave));
      count_adversary(c, -1, ctx);
      --ctx.counters()[Counter::kContributorsActive];
      ++ctx.counters()[Counter::kContributorExits];
    } else if (choice == kContinue && a.on[i] == 0) {
      count_adversary(c, 1, ctx);
      ++ctx.counters()[Counter::kContributorsActive];
      ++ctx.counters()[Counter::kContributorsEntered];
    }
    a.on[i] = static_cast<std::uint8_t>(choice);
  }
  if (a.on[i] != 0) {
    ++a.books.rows[i];  // the row it writes now (its effort)
    return true;
  }
  // Stopped: wake for the next decision, asking for what earlier rows still earn.
  s.schedule(a.books.next_decision[i], c, c, code(Kind::kContribute));
  s.schedule(now + block_, peers_.protocol, c, code(Kind::kWithdraw));
  return false;
}

void Data::save_adversaries(kernel::ArchiveWriter& out) const {
  const Adversaries& a = adversaries_;
  out.boolean(!a.on.empty());
  if (a.on.empty()) return;
  for (const auto& l : a.poisoner_learners) l.save(out);
  for (const auto& l : a.free_rider_learners) l.save(out);
  out.vec(a.on);
  a.books.save(out);
  out.vec(a.stake_since);
}

void Data::load_adversaries(kernel::ArchiveReader& in) {
  Adversaries& a = adversaries_;
  kernel::ArchiveReader::require(in.boolean() == !a.on.empty(),
                                 "learning poisoners and free riders differ from the scenario's");
  if (a.on.empty()) return;
  for (auto& l : a.poisoner_learners) l.load(in);
  for (auto& l : a.free_rider_learners) l.load(in);
  const std::size_t n = a.on.size();
  in.vec_exact(a.on, n, "adversaries stopped or continuing");
  for (const std::uint8_t on : a.on) kernel::ArchiveReader::require(on <= 1, "adversary state");
  a.books.load(in, n, "adversary periods");
  in.vec_exact(a.stake_since, n, "adversary stake");
}

}  // namespace coordsim::model::data
