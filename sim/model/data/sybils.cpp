// Sybil operators (docs/behaviour.md, "Sybils"). An operator owns a block of
// adversaries.sybil.max_identities consecutive contributors of one group (drawn at genesis,
// build.cpp); each is its own agent with its own account, funded like any contributor, and
// stakes from it. Identity j of the block runs iff j < k; a running identity writes `copies`
// copies of an existing row per row event, and the protocol gives the n-th copy event of every
// identity of one operator the same source row, so k identities hold k copies of one content:
// the replication attack attribution rules are judged against.
//
// The operator (the block's first identity) chooses k: fixed (k = identities), or each period by
// its group's learning rule among stop (action 0) and k = 1, 2, 4, ... <= max_identities,
// learning from the period's payoff of all its identities together, tokens per day:
//   income - effort_per_row x rows - slashed - opportunity_cost(mean summed stake, period)
// and 0 for stop (no reservation return: stopping is the reference).
//
// Determinism: every handler changes only its target's state. The operator switches identities
// by kSybilSwitch events; identities report income, slashes, rows and stake-ticks by kSybilReport
// events (the operator's own are applied directly: same actor); the protocol's choice of source
// rows is its own state, drawn from its own stream at kRow.
#include <algorithm>
#include <limits>

#include "model/behaviour/from_scenario.hpp"
#include "model/data/data.hpp"

namespace coordsim::model::data {

namespace {

// Action a >= 1 runs k = 2^(a-1) identities; action 0 stops.
constexpr std::uint32_t identities_of(std::uint32_t action) noexcept {
  return action == 0 ? 0U : 1U << (action - 1U);
}
// Actions for a block of `max` identities: stop, then 1, 2, 4, ... <= max.
constexpr std::uint32_t actions_for(std::uint32_t max) noexcept {
  std::uint32_t a = 1;
  while (identities_of(a) <= max) ++a;
  return a;
}
static_assert(actions_for(1) == 2 && actions_for(8) == 5 && actions_for(9) == 5);

}  // namespace

void Data::build_sybils(actor::Streams& /*streams*/) {
  Sybils& y = sybils_;
  if (!y.managed) return;
  const auto& sy = spec_->adversaries.sybil;
  const std::size_t n = pop_->of_kind(AgentKind::kContributor).size();
  y.on.assign(n, 0);
  y.looping.assign(n, 1);  // every contributor's first kContribute is scheduled at genesis
  y.stake_since.assign(n, SimTime::zero());
  y.k.assign(n, 0);
  y.action.assign(n, 0);
  y.books.assign(n);
  y.copied.assign(n, 0);
  y.sources.assign(n, {});
  y.operators = 0;
  for (const AgentId c : pop_->of_kind(AgentKind::kContributor))
    if (role_[index(c)] == Role::kSybil && sybil_operator(c) == c) ++y.operators;
  if (sy.rule == scenario::BehaviourRule::kFixed) return;
  const auto actions = actions_for(static_cast<std::uint32_t>(sy.max_identities));
  y.learners.resize(pop_->groups());
  for (std::size_t g = 0; g < pop_->groups(); ++g) {
    const auto& group = spec_->population[g];
    if (group.kind != AgentKind::kContributor) continue;
    auto b = group.as<scenario::ContributorParams>().behaviour;  // its parameters, Sybils' rule
    b.rule = sy.rule;
    y.learners[g] = behaviour::Learners(behaviour::to_spec(b, actions), pop_->count(g));
  }
}

AgentId Data::sybil_operator(AgentId c) const noexcept {
  const auto block = static_cast<std::uint32_t>(spec_->adversaries.sybil.max_identities);
  const std::uint32_t first = pop_->first(pop_->group(c));
  return AgentId{first + (c.value() - first) / block * block};
}

bool Data::sybil_turn(AgentId c, actor::Context& ctx) {
  const AgentId op = sybil_operator(c);
  if (c == op) sybil_decide_if_due(op, ctx);
  const std::uint32_t i = pop_->slot(c);
  sybil_report_stake(c, ctx);
  if (sybils_.on[i] != 0) return true;
  // Idle: the stake backing its rows comes back (staked -> unbonding -> liquid), and the
  // protocol drops those rows from future models, as for a contributor that exits.
  kernel::Scheduler& s = ctx.scheduler();
  if (unstake_all(c, ctx) > Amount::zero())
    s.schedule(s.now() + block_, peers_.protocol, c, code(Kind::kLeave));
  // Rewards its earlier rows earned, final by now, still reach it.
  s.schedule(s.now() + block_, peers_.protocol, c, code(Kind::kWithdraw));
  if (c == op) {
    // The operator wakes for its next decision even while it runs no identity.
    s.schedule(sybils_.books.next_decision[i], c, c, code(Kind::kContribute));
  } else {
    sybils_.looping[i] = 0;  // until its operator switches it on again
  }
  return false;
}

void Data::sybil_decide_if_due(AgentId op, actor::Context& ctx) {
  Sybils& y = sybils_;
  const std::uint32_t i = pop_->slot(op);
  const SimTime now = ctx.now();
  if (now < y.books.next_decision[i]) return;
  const auto& sy = spec_->adversaries.sybil;
  std::uint32_t k = static_cast<std::uint32_t>(sy.identities);
  if (y.learners.empty()) {
    y.books.next_decision[i] = SimTime::never();  // fixed: k for ever
  } else {
    const auto g = pop_->group(op);
    const auto& b = spec_->population[g].as<scenario::ContributorParams>().behaviour;
    const std::uint32_t agent = op.value() - pop_->first(g);
    sybil_report_stake(op, ctx);  // the operator's own stake up to now
    if (const SimDuration held = y.books.held(i, now); held.ticks() > 0) {
      double payoff = 0.0;  // stop earns 0: the reference
      if (y.action[i] != 0) {
        const SimDuration day = spec_->ticks(scenario::Micros{86'400'000'000});
        payoff = y.books.tokens_per_day(i, held, b, day, static_cast<std::int64_t>(unit_));
      }
      y.learners[g].learn(agent, y.action[i], payoff);
    }
    y.books.start(i, now);
    auto r = ctx.rng(op);
    const std::uint32_t action = y.learners[g].choose(agent, r);
    y.action[i] = static_cast<std::uint8_t>(action);
    k = identities_of(action);
    y.books.next_decision[i] = now + std::max(block_, spec_->ticks(b.period));
  }
  const std::uint32_t was = y.k[i];
  ctx.counters()[Counter::kSybilIdentities] +=
      static_cast<std::int64_t>(k) - static_cast<std::int64_t>(was);
  // Identities 1.. of the block (within the group) learn of a change by an event.
  const auto g = pop_->group(op);
  const std::uint32_t end = std::min<std::uint32_t>(
      pop_->first(g) + pop_->count(g), op.value() + static_cast<std::uint32_t>(sy.max_identities));
  for (std::uint32_t j = op.value() + 1; j < end; ++j) {
    const bool want = j - op.value() < k;
    const bool had = j - op.value() < was;
    if (want != had) ctx.schedule_for(AgentId{j}, op, Kind::kSybilSwitch, want ? 1U : 0U);
  }
  y.k[i] = static_cast<std::uint8_t>(k);
  y.on[i] = k >= 1 ? 1 : 0;
}

void Data::sybil_report_stake(AgentId c, actor::Context& ctx) {
  const std::uint32_t i = pop_->slot(c);
  const SimTime now = ctx.now();
  const SimDuration dt = now - sybils_.stake_since[i];
  sybils_.stake_since[i] = now;
  if (sybils_.learners.empty()) return;  // a fixed operator learns nothing
  const ledger::Ledger& ledger = ctx.ledger();
  const Wide ticks =
      static_cast<Wide>(ledger.staked(ledger.account(c)).raw()) * static_cast<Wide>(dt.ticks());
  if (ticks <= 0) return;
  const auto cap = static_cast<Wide>(std::numeric_limits<std::uint64_t>::max());
  sybil_report(c, kReportStake, static_cast<std::uint64_t>(std::min(ticks, cap)), ctx);
}

void Data::sybil_report(AgentId c, std::uint16_t what, std::uint64_t amount, actor::Context& ctx) {
  if (sybils_.learners.empty()) return;  // a fixed operator learns nothing
  const AgentId op = sybil_operator(c);
  if (c != op) {
    ctx.schedule_for(op, c, Kind::kSybilReport, what, amount);
    return;
  }
  kernel::Event e;
  e.target = op;
  e.source = c;
  e.aux = what;
  e.payload = amount;
  on_sybil_report(e, ctx);
}

void Data::on_sybil_report(const kernel::Event& e, actor::Context& /*ctx*/) {
  Sybils& y = sybils_;
  const std::uint32_t i = pop_->slot(e.target);
  switch (e.aux) {
    case kReportIncome:
      y.books.income[i] += Amount{static_cast<std::int64_t>(e.payload)};
      break;
    case kReportSlashed:
      y.books.slashed[i] += Amount{static_cast<std::int64_t>(e.payload)};
      break;
    case kReportRow:
      ++y.books.rows[i];
      break;
    case kReportStake:
      y.books.stake_ticks[i] += static_cast<Wide>(e.payload);
      break;
    default:
      break;
  }
}

void Data::on_sybil_switch(const kernel::Event& e, actor::Context& ctx) {
  const AgentId c = e.target;
  const std::uint32_t i = pop_->slot(c);
  sybils_.on[i] = e.aux != 0 ? 1 : 0;
  if (exited_[index(c)] != 0 || e.aux == 0 || sybils_.looping[i] != 0) return;
  sybils_.looping[i] = 1;
  sybils_.stake_since[i] = ctx.now();
  ctx.scheduler().schedule(ctx.now() + block_, c, c, code(Kind::kContribute));
}

std::uint32_t Data::sybil_source(AgentId c, kernel::Rng& r) {
  auto& list = sybils_.sources[pop_->slot(sybil_operator(c))];
  const std::uint32_t n = sybils_.copied[pop_->slot(c)]++;
  if (n < list.size()) return list[n];
  list.push_back(r.below(static_cast<std::uint32_t>(rows_.size())));
  return list.back();
}

}  // namespace coordsim::model::data
