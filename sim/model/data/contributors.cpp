// Contributors that respond to incentives: a group whose behaviour.rule is a learning rule is a
// pool of potential contributors, each with its own reservation return (the outside option),
// all outside the economy at the start. Every behaviour.period each one decides, by its group's
// rule (sim/model/behaviour), between staying out (action 0) and being in at one of `levels` row
// rates (action j: rows at j/levels of the rate row_interval gives), learning from the payoff it
// realised over the period (docs/behaviour.md, "Contributors"):
//
//   in:  net - reservation return, tokens per day, where
//        net = income - effort_per_row x rows - slashed - opportunity_cost(mean stake, period)
//   out: 0 (the outside option is the reference: the contributor knows it without trying it)
//
// With behaviour.effort_levels E > 1 an active contributor also chooses, at each decision to be
// in, its effort level k by a second learner of the group's rule over the E levels. Effort
// e = k / (E - 1) raises each honest row's quality q to q + effort_quality x e x (1 - q) (never
// above 1, and nothing changes at e = 0) and costs effort_per_row x (1 + effort_cost x e) a row,
// counted in the period's payoff. With behaviour.choose_datanets each contributor also picks, at
// each decision to be in, which of its datanets the period's rows go to, by a third learner over
// those datanets. A row is durable capital, paid on for as long as it is held, so the effort and
// datanet learners are credited by the stock (row_credit.cpp): each level (datanet) learns what
// its rows earned per row held over the period, as the protocol's statements say.
//
// Entering means writing rows, each backed by stake (data.cpp, on_contribute); exiting means
// unstaking everything (staked -> unbonding, liquid after incentives.unbonding_delay) and telling
// the protocol, which drops the contributor's rows from future models (a row is only used while
// its stake backs it).
//
// Determinism: a decision is made at the contributor's own event, draws exactly once from its
// own stream (Learners::choose), and reads only its own state; income and slashes reach it as
// events (kReward, kSlash). So decisions do not depend on the thread count.
#include <algorithm>

#include "model/behaviour/from_scenario.hpp"
#include "model/behaviour/payoff.hpp"
#include "model/data/data.hpp"

namespace coordsim::model::data {

namespace {

behaviour::Spec to_behaviour(const scenario::ContributorBehaviour& b) {
  // Out, then every row rate.
  return behaviour::to_spec(b, static_cast<std::uint32_t>(b.levels) + 1U);
}

}  // namespace

double Data::effort_of(const scenario::ContributorBehaviour& b, std::uint32_t k) noexcept {
  if (b.effort_levels <= 1) return 0.0;
  return static_cast<double>(k) / static_cast<double>(b.effort_levels - 1);
}

double Data::mean_contributor_effort() const {
  if (adaptive_.learners.empty()) return 0.0;
  double sum = 0.0;
  std::size_t in = 0;
  const auto& all = pop_->of_kind(AgentKind::kContributor);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (adaptive_.level[i] == 0 || !adaptive(all[i])) continue;
    const auto& b = spec_->population[pop_->group(all[i])].as<scenario::ContributorParams>();
    sum += adaptive_.effort.empty() ? 0.0 : effort_of(b.behaviour, adaptive_.effort[i]);
    ++in;
  }
  return in == 0 ? 0.0 : sum / static_cast<double>(in);
}

double Data::datanet_match() const noexcept {
  const DatanetStats& st = datanet_stats_;
  double rows = 0.0;
  double picks = 0.0;
  double both = 0.0;
  for (std::size_t d = 0; d < st.size(); ++d) {
    rows += static_cast<double>(st.rows[d]);
    picks += static_cast<double>(st.chosen[d]);
    both += static_cast<double>(st.rows[d]) * static_cast<double>(st.chosen[d]);
  }
  return rows == 0.0 || picks == 0.0 ? 0.0 : both / (rows * picks);
}

void Data::build_contributors(actor::Streams& streams) {
  left_before_.assign(pop_->agents(), 0);
  bool any = false;
  for (const auto& g : spec_->population) {
    if (g.kind == AgentKind::kContributor &&
        g.as<scenario::ContributorParams>().behaviour.rule != scenario::BehaviourRule::kFixed)
      any = true;
  }
  if (!any) return;  // every contributor follows the fixed script: nothing to keep
  Adaptive& a = adaptive_;
  a.learners.resize(pop_->groups());
  for (std::size_t g = 0; g < pop_->groups(); ++g) {
    const auto& group = spec_->population[g];
    if (group.kind != AgentKind::kContributor) continue;
    a.learners[g] = behaviour::Learners(
        to_behaviour(group.as<scenario::ContributorParams>().behaviour), pop_->count(g));
  }
  const std::size_t n = pop_->of_kind(AgentKind::kContributor).size();
  a.level.assign(n, 0);
  a.books.assign(n);
  a.stake_since.assign(n, SimTime::zero());
  a.reservation.assign(n, Amount::zero());
  // Datanet choice: a second learner per group that chooses, over the group's own datanets.
  bool chooses = false;
  for (const auto& g : spec_->population) {
    if (g.kind == AgentKind::kContributor &&
        g.as<scenario::ContributorParams>().behaviour.choose_datanets)
      chooses = true;
  }
  if (chooses) {
    a.datanet_learners.resize(pop_->groups());
    const auto datanets = std::max<std::int64_t>(1, spec_->data.datanets);
    for (std::size_t g = 0; g < pop_->groups(); ++g) {
      const auto& group = spec_->population[g];
      if (group.kind != AgentKind::kContributor) continue;
      const auto& cp = group.as<scenario::ContributorParams>();
      const auto mine =
          static_cast<std::uint32_t>(std::clamp<std::int64_t>(cp.datanets, 1, datanets));
      if (!cp.behaviour.choose_datanets || cp.behaviour.rule == scenario::BehaviourRule::kFixed)
        continue;
      a.datanet_learners[g] =
          behaviour::Learners(behaviour::to_spec(cp.behaviour, mine), pop_->count(g));
    }
    a.datanet.assign(n, 0);
  }
  // Effort choice and the stock credit: when some learning group chooses effort or datanets.
  bool credits = chooses;
  for (const auto& g : spec_->population) {
    if (g.kind == AgentKind::kContributor &&
        g.as<scenario::ContributorParams>().behaviour.rule != scenario::BehaviourRule::kFixed &&
        g.as<scenario::ContributorParams>().behaviour.effort_levels > 1)
      credits = true;
  }
  if (credits) {
    a.effort_learners.resize(pop_->groups());
    for (std::size_t g = 0; g < pop_->groups(); ++g) {
      const auto& group = spec_->population[g];
      if (group.kind != AgentKind::kContributor) continue;
      const auto& cb = group.as<scenario::ContributorParams>().behaviour;
      if (cb.rule == scenario::BehaviourRule::kFixed || cb.effort_levels <= 1) continue;
      a.effort_learners[g] = behaviour::Learners(
          behaviour::to_spec(cb, static_cast<std::uint32_t>(cb.effort_levels)), pop_->count(g));
    }
    a.effort.assign(n, 0);
    a.held.assign(n * kTagColumns, 0);
    a.row_ticks.assign(n * kTagColumns, 0);
    a.credit.assign(n * kTagColumns, Amount::zero());
    a.par.assign(n * kTagColumns, Amount::zero());
    a.held_since.assign(n, SimTime::zero());
    a.fresh.assign(n, 0);
  }
  // Reservation returns: a pure function of each contributor's own stream, drawn after its
  // role and first event, so the draws of fixed groups are those of the fixed script.
  for (const AgentId c : pop_->of_kind(AgentKind::kContributor)) {
    if (!adaptive(c)) continue;
    auto r = streams.rng(c);
    const auto& b = spec_->population[pop_->group(c)].as<scenario::ContributorParams>().behaviour;
    a.reservation[pop_->slot(c)] = actor::draw_amount(b.reservation_return, r);
  }
}

void Data::note_stake(AgentId c, SimTime now, const ledger::Ledger& ledger) {
  const std::uint32_t i = pop_->slot(c);
  const SimDuration dt = now - adaptive_.stake_since[i];
  adaptive_.books.stake_ticks[i] +=
      static_cast<Wide>(ledger.staked(ledger.account(c)).raw()) * static_cast<Wide>(dt.ticks());
  adaptive_.stake_since[i] = now;
}

void Data::close_period(AgentId c, SimTime now, const ledger::Ledger& ledger) {
  Adaptive& a = adaptive_;
  const std::uint32_t i = pop_->slot(c);
  const auto g = pop_->group(c);
  const auto& b = spec_->population[g].as<scenario::ContributorParams>().behaviour;
  note_stake(c, now, ledger);
  if (!a.held_since.empty()) note_rows(i, now);
  if (const SimDuration held = a.books.held(i, now); held.ticks() > 0) {
    const auto unit = static_cast<std::int64_t>(unit_);
    // Payoffs are learned relative to the outside option, which the contributor knows without
    // trying it: out earns exactly 0, in earns its net return minus its reservation return. So
    // realised-only learning never has to discover the outside option by leaving.
    double payoff = 0.0;  // tokens per day above the reservation return
    const SimDuration day = spec_->ticks(scenario::Micros{86'400'000'000});
    if (a.level[i] != 0) {
      // The effort held over the period scales every row's cost (one effort per period).
      const double effort =
          a.effort.empty() ? 1.0 : 1.0 + b.effort_cost * effort_of(b, a.effort[i]);
      payoff = a.books.tokens_per_day(i, held, b, day, unit, effort) -
               behaviour::to_tokens(a.reservation[i], unit);
      // The effort levels and datanets learn what their rows earned per row held.
      if (credited(c)) learn_stock(c, held, day);
    }
    a.learners[g].learn(c.value() - pop_->first(g), a.level[i], payoff);
  }
  if (!a.held_since.empty()) {
    // The period's rows are held from now on (with the effort and datanet they were written
    // at); the next period's credit starts from zero.
    mature_rows(i, a.effort[i], chooses_datanet(c) ? a.datanet[i] : 0U);
    for (std::size_t t = 0; t < kTagColumns; ++t) {
      a.row_ticks[std::size_t{i} * kTagColumns + t] = 0;
      a.credit[std::size_t{i} * kTagColumns + t] = Amount::zero();
      a.par[std::size_t{i} * kTagColumns + t] = Amount::zero();
    }
  }
  a.books.start(i, now);
}

std::uint32_t Data::decide_if_due(AgentId c, actor::Context& ctx) {
  Adaptive& a = adaptive_;
  const std::uint32_t i = pop_->slot(c);
  const SimTime now = ctx.now();
  if (now < a.books.next_decision[i]) return a.level[i];
  const auto g = pop_->group(c);
  const auto& b = spec_->population[g].as<scenario::ContributorParams>().behaviour;
  close_period(c, now, ctx.ledger());
  auto r = ctx.rng(c);
  const std::uint32_t choice = a.learners[g].choose(c.value() - pop_->first(g), r);
  if (choice != 0 && a.level[i] == 0) {
    ++ctx.counters()[Counter::kContributorsEntered];
    ++ctx.counters()[Counter::kContributorsActive];
    count_adversary(c, 1, ctx);  // a fixed-rule adversary of a learning group
  }
  if (choice == 0 && a.level[i] != 0) exit_market(c, ctx);
  a.level[i] = static_cast<std::uint8_t>(choice);
  // In: where the period's rows go (a second draw from its own stream, only when choosing).
  if (choice != 0 && chooses_datanet(c))
    a.datanet[i] =
        static_cast<std::uint8_t>(a.datanet_learners[g].choose(c.value() - pop_->first(g), r));
  // ...and at which effort (a further draw, only when in and choosing effort).
  if (choice != 0 && chooses_effort(c))
    a.effort[i] =
        static_cast<std::uint8_t>(a.effort_learners[g].choose(c.value() - pop_->first(g), r));
  a.books.next_decision[i] = now + std::max(block_, spec_->ticks(b.period));
  return choice;
}

void Data::exit_market(AgentId c, actor::Context& ctx) {
  kernel::Scheduler& s = ctx.scheduler();
  const std::uint32_t i = pop_->slot(c);
  note_stake(c, s.now(), ctx.ledger());
  if (credited(c)) drop_rows(i, s.now());  // its rows leave with it
  unstake_all(c, ctx);
  // The protocol drops the rows this stake backed from future models.
  s.schedule(s.now() + block_, peers_.protocol, c, code(Kind::kLeave));
  adaptive_.level[i] = 0;
  ++ctx.counters()[Counter::kContributorExits];
  --ctx.counters()[Counter::kContributorsActive];
  count_adversary(c, -1, ctx);
}

Amount Data::unstake_all(AgentId c, actor::Context& ctx) {
  ledger::Ledger& ledger = ctx.ledger();
  const auto acct = ledger.account(c);
  const Amount staked = ledger.staked(acct);
  if (staked <= Amount::zero() || ledger.request_unstake(acct, staked) != ledger::LedgerResult::kOk)
    return Amount::zero();
  ctx.move(acct.value(), actor::Place::kStaked, acct.value(), actor::Place::kUnbonding, staked);
  kernel::Scheduler& s = ctx.scheduler();
  s.schedule(s.now() + spec_->ticks(spec_->incentives.unbonding_delay), c, c, code(Kind::kUnbonded),
             0, static_cast<std::uint64_t>(staked.raw()));
  return staked;
}

void Data::on_statement(const kernel::Event& e, actor::Context& /*ctx*/) {
  // No value: what the rows of one tag earned in a split (row_credit.cpp).
  const std::uint32_t i = pop_->slot(e.target);
  if (adaptive_.level[i] == 0) return;  // out: its rows left, the credit is for nobody
  const std::uint32_t tag = e.aux & 0xFFU;
  const std::size_t k = std::size_t{i} * kTagColumns + tag / kTagSlots;
  const std::size_t d = std::size_t{i} * kTagColumns + kTagSlots + tag % kTagSlots;
  const Amount amount{static_cast<std::int64_t>(e.payload)};
  auto& to = (e.aux & kPar) != 0 ? adaptive_.par : adaptive_.credit;
  to[k] += amount;
  to[d] += amount;
}

void Data::on_contributor_reward(const kernel::Event& e, actor::Context& ctx) {
  settlement::Settlement::on_reward(e, ctx);
  if (adaptive(e.target))
    adaptive_.books.income[pop_->slot(e.target)] += Amount{static_cast<std::int64_t>(e.payload)};
  if (sybil_managed(e.target))
    sybil_report(e.target, kReportIncome, e.payload, ctx);  // to its operator
  if (adversary_learns(e.target))
    adversaries_.books.income[pop_->slot(e.target)] += Amount{static_cast<std::int64_t>(e.payload)};
}

void Data::on_unbonded(const kernel::Event& e, actor::Context& ctx) {
  // A slash cannot reach the unbonding bucket, so the whole amount is still there.
  ledger::Ledger& ledger = ctx.ledger();
  const auto acct = ledger.account(e.target);
  const Amount amount{static_cast<std::int64_t>(e.payload)};
  if (ledger.complete_unstake(acct, amount) == ledger::LedgerResult::kOk)
    ctx.move(acct.value(), actor::Place::kUnbonding, acct.value(), actor::Place::kLiquid, amount);
}

void Data::on_leave(const kernel::Event& e, actor::Context& /*ctx*/) {
  // Rows arrive before the notice (both travel one block from the contributor, sent in order):
  // every row stored so far that is the leaver's stays out of future trainings.
  left_before_[index(e.source)] = static_cast<std::uint32_t>(rows_.size());
}

}  // namespace coordsim::model::data
