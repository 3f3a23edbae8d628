// AI agents, their principals, and the key-compromise adversary: everything that spends through
// sessions. An ai agent and its principal form one household whose state these handlers share.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "model/households/households.hpp"

namespace coordsim::model::households {

using actor::ActionKind;
using actor::Counter;
using actor::Kind;
using scenario::AgentKind;
namespace price_code = actor::price_code;
using sessions::Action;
using sessions::Reason;

namespace {

// Every action an ai agent takes: what an injected (inflated) grant allows.
const sessions::ActionSet kAgentActions{Action::kTransfer, Action::kSwap, Action::kInfer,
                                        Action::kSubdelegate};

std::uint32_t slot_in(std::span<const AgentId> agents, AgentId a) {
  return static_cast<std::uint32_t>(std::find(agents.begin(), agents.end(), a) - agents.begin());
}

// Payload of a grant event: the slot, and the session it renews (so a stale renewal is ignored).
std::uint64_t grant_payload(std::uint32_t slot, sessions::SessionId renews) {
  return static_cast<std::uint64_t>(slot) | (static_cast<std::uint64_t>(renews.value()) << 32U);
}

}  // namespace

ledger::AccountId Households::account(actor::Context& ctx, AgentId a) const noexcept {
  return actor::account_of(ctx.ledger(), pop_->agents(), a);
}

void Households::on_credit(const kernel::Event& e, actor::Context& ctx) {
  AgentId owner = e.target;
  if (e.target.value() < pop_->agents() && pop_->kind(e.target) == AgentKind::kAiAgent) {
    const AgentId p = pop_->principal_of(e.target);
    if (p != kernel::kNoAgent) owner = p;
    if (e.source == peers_.market && (e.aux >> 1U) != 0)
      last_price_seen_[index(e.target)] = peers_.exchange->decode_fill_price(e.aux);
  }
  ctx.receive(e, account(ctx, owner));
}

void Households::grant_to(actor::Context& ctx, AgentId p, std::uint32_t slot) {
  const auto agents = pop_->agents_of(p);
  const AgentId agent = agents[slot];
  const SimTime now = ctx.now();
  auto r = ctx.rng(p);
  const auto& pp = spec_->population[pop_->group(p)].as<scenario::PrincipalParams>();
  const auto& ap = spec_->population[pop_->group(agent)].as<scenario::AiAgentParams>();
  sessions::Caps caps = ctx.domain().sessions.policy().default_caps;
  // The drawn budget never widens the policy: sessions.caps.total bounds every grant.
  caps.total =
      ledger::min(caps.total, ledger::max(Amount{1}, actor::draw_amount(pp.grant_budget, r)));
  caps.per_action = ledger::min(caps.per_action, caps.total);
  caps.per_period = ledger::min(caps.per_period, caps.total);
  sessions::Terms terms;
  terms.caps = caps;
  const sessions::Policy& policy = ctx.domain().sessions.policy();
  // Approval injection: the attacker talks the principal into more than the work needs: every
  // agent action, any target, and a longer life (the policy's max_ttl still bounds it).
  const auto& injection = spec_->adversaries.approval_injection;
  const bool injected = injection.fraction > 0.0 && r.bernoulli(injection.fraction);
  std::optional<sessions::Scope> requested;  // a child inherits its parent's scope unless injected
  if (injected) {
    requested = sessions::Scope::any(kAgentActions);
  }
  if (injected && policy.default_ttl != sessions::kForever) {
    const double ttl = static_cast<double>(policy.default_ttl.ticks()) * injection.factor;
    const double most = static_cast<double>(policy.max_ttl.ticks());
    terms.ttl = SimDuration{static_cast<std::int64_t>(std::min(ttl, most))};
  }

  sessions::GrantResult g;
  ActionKind logged = ActionKind::kGrant;
  // With the agent group's sub-delegation probability, the previous agent of the household passes
  // an attenuated child of its own session on, instead of the principal granting afresh: chains.
  const bool chain = slot > 0 && r.bernoulli(ap.subdelegate_probability) &&
                     session_[index(agents[slot - 1])] != sessions::kNoSession &&
                     compromised_since_[index(agents[slot - 1])] == SimTime::never();
  if (chain) {
    // The child is clamped to its parent: injection cannot widen a chain (attenuation).
    g = ctx.domain().sessions.subdelegate(session_[index(agents[slot - 1])], agents[slot - 1],
                                          agent, requested, terms, now);
    logged = ActionKind::kSubdelegate;
  }
  if (!chain || !g.ok()) {
    g = ctx.domain().sessions.grant(p, agent, injected ? *requested : scope_for(p, agent, r), terms,
                                    now);
    logged = ActionKind::kGrant;
  }
  if (!g.ok()) {
    ++ctx.domain().counters[Counter::kGrantRejected];
    return;
  }
  if (injected) ++ctx.domain().counters[Counter::kInjectedGrants];
  const sessions::SessionId old = session_[index(agent)];
  if (old != sessions::kNoSession && ctx.domain().sessions.is_live(old, now)) {
    const auto revoked = ctx.domain().sessions.revoke_cascade(old, now);
    ctx.record(ActionKind::kReplace, Reason::kNone, p, agent, old,
               Amount{static_cast<std::int64_t>(revoked)});
  }
  session_[index(agent)] = g.id;
  ++(logged == ActionKind::kGrant ? ctx.domain().counters[Counter::kGrants]
                                  : ctx.domain().counters[Counter::kSubdelegations]);
  // The granter as the store has it: the principal of a root grant, the parent's holder for a
  // sub-delegation (docs/sessions.md), as /sessions writes it and verify replays it.
  if (ctx.logging()) log_terms(ctx, logged, ctx.domain().sessions.principal(g.id), agent, g.id);
  if (g.valid_until != SimTime::never()) {
    ctx.scheduler().schedule(g.valid_until, p, p, code(Kind::kExpire), 0, g.id.value());
    if (ctx.domain().sessions.policy().renewal == sessions::RenewalMode::kBeforeExpiry) {
      const SimTime renew_at =
          g.valid_until.ticks() >
                  static_cast<std::uint64_t>(ctx.domain().sessions.policy().renew_before.ticks())
              ? SimTime{g.valid_until.ticks() -
                        static_cast<std::uint64_t>(
                            ctx.domain().sessions.policy().renew_before.ticks())}
              : now;
      ctx.scheduler().schedule(std::max(renew_at, now + SimDuration{1}), p, p, code(Kind::kGrant),
                               0, grant_payload(slot, g.id));
    }
  }
}

sessions::Scope Households::scope_for(AgentId p, AgentId agent, kernel::Rng& r) const {
  const sessions::ActionSet actions = group_actions_[pop_->group(p)];
  const auto k = spec_->population[pop_->group(p)].as<scenario::PrincipalParams>().scope_targets;
  if (k == 0) return sessions::Scope::any(actions);
  // A narrow grant lists the counterparties the principal expects the work to need: k draws from
  // the same candidates the agent picks from (on_agent_act), so an honest agent that later picks
  // another one is rejected TARGET_NOT_ALLOWED: the cost of safety.
  std::vector<AgentId> targets;
  if (actions.contains(Action::kSwap)) targets.push_back(peers_.market);
  const auto builders = pop_->of_kind(AgentKind::kModelBuilder);
  if (actions.contains(Action::kInfer) && !builders.empty()) {
    for (std::int64_t i = 0; i < k; ++i)
      targets.push_back(builders[r.below(static_cast<std::uint32_t>(builders.size()))]);
  }
  if (actions.contains(Action::kTransfer)) {
    const auto neighbours = peers_.graph->neighbours(agent.value());
    for (std::int64_t i = 0; i < k; ++i) {
      targets.push_back(
          neighbours.empty()
              ? AgentId{r.below(pop_->agents())}
              : AgentId{neighbours[r.below(static_cast<std::uint32_t>(neighbours.size()))]});
    }
  }
  return sessions::Scope::only(actions, std::move(targets));
}

void Households::log_terms(actor::Context& ctx, ActionKind logged, AgentId granter, AgentId agent,
                           sessions::SessionId id) const {
  // The terms as stored (after attenuation under a parent), so that a replay can check every
  // later decision against them.
  const auto& store = ctx.domain().sessions;
  const sessions::Caps caps = store.caps(id);
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  const auto term = [&](ActionKind kind, std::int64_t value) {
    ctx.record(kind, Reason::kNone, granter, agent, id, Amount{value});
  };
  term(logged, caps.total.raw());
  term(ActionKind::kCapPerAction, caps.per_action.raw());
  term(ActionKind::kCapPerPeriod, caps.per_period.raw());
  term(ActionKind::kCapPeriod, caps.period.ticks());
  term(ActionKind::kCapCalls, caps.calls > static_cast<std::uint64_t>(kMax)
                                  ? kMax
                                  : static_cast<std::int64_t>(caps.calls));
  // Period windows start at valid_after: logged only when it is not the grant's own time.
  if (store.valid_after(id) != ctx.now())
    term(ActionKind::kValidAfter, static_cast<std::int64_t>(store.valid_after(id).ticks()));
  const SimTime until = store.valid_until(id);
  term(ActionKind::kValidUntil,
       until == SimTime::never() ? kMax : static_cast<std::int64_t>(until.ticks()));
  const sessions::SessionId parent = store.parent(id);
  if (parent != sessions::kNoSession) {
    term(ActionKind::kParent,
         static_cast<std::int64_t>(actor::global_session(ctx.domain_index(), parent)));
  }
}

void Households::on_grant(const kernel::Event& e, actor::Context& ctx) {
  const auto slot = static_cast<std::uint32_t>(e.payload & 0xFFFFFFFFU);
  const sessions::SessionId renews{static_cast<std::uint32_t>(e.payload >> 32U)};
  const AgentId agent = pop_->agents_of(e.target)[slot];
  // A compromised agent is cut off for good; a renewal of a session since replaced is stale.
  if (compromised_since_[index(agent)] != SimTime::never()) return;
  if (renews != sessions::kNoSession && session_[index(agent)] != renews) return;
  grant_to(ctx, e.target, slot);
}

void Households::on_expire(const kernel::Event& e, actor::Context& ctx) {
  const sessions::SessionId id{static_cast<std::uint32_t>(e.payload)};
  // Extended sessions outlive their first expiry event: only count what really ended now.
  if (!ctx.domain().sessions.revoked(id) && ctx.domain().sessions.valid_until(id) <= ctx.now()) {
    ++ctx.domain().counters[Counter::kExpirations];
    ctx.record(ActionKind::kExpire, Reason::kNone, e.target, ctx.domain().sessions.delegate(id), id,
               Amount::zero());
  }
}

void Households::on_revoke(const kernel::Event& e, actor::Context& ctx) {
  const auto slot = static_cast<std::uint32_t>(e.payload);
  const AgentId agent = pop_->agents_of(e.target)[slot];
  revoke_pending_[index(agent)] = 0;
  const sessions::SessionId id = session_[index(agent)];
  if (id == sessions::kNoSession) return;
  if (ctx.domain().sessions.revoke_cascade(id, ctx.now()) > 0) {
    ++ctx.domain().counters[Counter::kRevocations];
    ctx.record(ActionKind::kRevoke, Reason::kNone, e.target, agent, id, Amount::zero());
  }
  // A false alarm costs the agent its session but not its job: the principal grants anew.
  if (compromised_since_[index(agent)] == SimTime::never()) grant_to(ctx, e.target, slot);
}

Reason Households::spend(actor::Context& ctx, AgentId agent, Action action, AgentId target,
                         Kind kind, Amount amount, ledger::Asset asset, ActionKind logged,
                         std::uint16_t extra_aux, AgentId payee) {
  const SimTime now = ctx.now();
  const AgentId principal = pop_->principal_of(agent);
  const sessions::SessionId id = session_[index(agent)];
  const sessions::Decision d =
      ctx.domain().sessions.authorize(id, agent, action, target, amount, now);
  Reason reason = d.reason;
  if (d.applied()) {
    // Funds are checked after the chain, so a rejection has exactly one, deterministic reason.
    if (ctx.ledger().balance(account(ctx, principal), asset) < amount) {
      reason = Reason::kInsufficientFunds;
    } else {
      // The value goes to the target the chain allowed, or (the router bug) elsewhere.
      (void)ctx.send(agent, account(ctx, principal), payee == kernel::kNoAgent ? target : payee,
                     kind, amount, asset, extra_aux);
      ctx.domain().sessions.commit_spend(id, amount, now);
      ++ctx.domain().counters[Counter::kApplied];
      ctx.domain().counters[Counter::kValueMoved] += amount.raw();
      if (target.value() < pop_->agents()) ctx.domain().interactions.emplace_back(agent, target);
      watch_spending(ctx, agent, amount);
    }
  }
  if (reason != Reason::kNone) ++ctx.domain().counters.rejected(reason);
  // The paying bucket goes with the row: a verifier re-derives a funds rejection from it.
  ctx.record(logged, reason, agent, target, id, amount,
             asset == ledger::Asset::kQuote ? actor::Place::kQuote : actor::Place::kLiquid);
  return reason;
}

void Households::watch_spending(actor::Context& ctx, AgentId agent, Amount amount) {
  const AgentId p = pop_->principal_of(agent);
  const auto& pp = spec_->population[pop_->group(p)].as<scenario::PrincipalParams>();
  if (!pp.watch || revoke_pending_[index(agent)] != 0) return;
  const auto& ap = spec_->population[pop_->group(agent)].as<scenario::AiAgentParams>();
  // Expected spend over a window of ten actions; spending anomaly_factor times that is anomalous.
  constexpr double kWindowActions = 10.0;
  const double interval_ticks =
      scenario::nominal_mean(ap.action_interval) / static_cast<double>(spec_->tick.value());
  const auto window = SimDuration{
      std::max<std::int64_t>(1, static_cast<std::int64_t>(kWindowActions * interval_ticks))};
  if (ctx.now() - window_start_[index(agent)] > window) {
    window_start_[index(agent)] = ctx.now();
    window_spent_[index(agent)] = Amount::zero();
  }
  window_spent_[index(agent)] += amount;
  const double expected = kWindowActions * std::max(1.0, scenario::nominal_mean(ap.trade_size));
  if (static_cast<double>(window_spent_[index(agent)].raw()) <= pp.anomaly_factor * expected)
    return;
  revoke_pending_[index(agent)] = 1;
  auto r = ctx.rng(p);
  const SimDuration delay = std::max(block_, actor::draw_duration(*spec_, pp.detection_delay, r));
  ctx.scheduler().schedule(ctx.now() + delay, p, agent, code(Kind::kRevoke), 0,
                           slot_in(pop_->agents_of(p), agent));
}

void Households::on_agent_act(const kernel::Event& e, actor::Context& ctx) {
  const AgentId a = e.target;
  auto r = ctx.rng(a);
  const auto& ap = spec_->population[pop_->group(a)].as<scenario::AiAgentParams>();
  ctx.scheduler().schedule(ctx.now() + actor::draw_duration(*spec_, ap.action_interval, r), a, a,
                           code(Kind::kAgentAct));
  // Once compromised the agent's owner has lost control of it; the attacker drives it (on_drain).
  if (compromised_since_[index(a)] != SimTime::never()) return;
  if (session_[index(a)] == sessions::kNoSession) return;

  const double u = r.uniform();
  const auto builders = pop_->of_kind(AgentKind::kModelBuilder);
  Reason reason = Reason::kNone;
  if (u < ap.inference_share && !builders.empty()) {
    // Uniformly among all builders (inference_sample 0, today), or the cheapest of k drawn among
    // those the agent's domain's copy of the public price board shows serving.
    AgentId b = kernel::kNoAgent;
    if (ap.inference_sample == 0) {
      b = builders[r.below(static_cast<std::uint32_t>(builders.size()))];
    } else {
      const auto chosen = peers_.builders->choose(ctx.domain_index(), ap.inference_sample, r);
      if (!chosen) return;  // no builder serves
      b = *chosen;
    }
    // The offer comes from the builder's public list price and grid and the agent's demand
    // (builders::Builders::bid); none when the agent values the inference below every price.
    const auto offer = peers_.builders->bid(b, ap, r);
    if (!offer) return;
    reason = spend(ctx, a, Action::kInfer, b, Kind::kInfer, *offer, ledger::Asset::kToken,
                   ActionKind::kInfer);
  } else if (u < ap.inference_share + ap.transfer_share) {
    const auto neighbours = peers_.graph->neighbours(a.value());
    const AgentId to =
        neighbours.empty()
            ? AgentId{r.below(pop_->agents())}
            : AgentId{neighbours[r.below(static_cast<std::uint32_t>(neighbours.size()))]};
    reason =
        spend(ctx, a, Action::kTransfer, to, Kind::kCredit, actor::draw_amount(ap.trade_size, r),
              ledger::Asset::kToken, ActionKind::kTransfer);
  } else {
    // Which way to trade: noise traders flip a coin; momentum traders follow the last move they
    // saw; task runners buy the tokens their tasks will need.
    bool buy = true;
    switch (ap.strategy) {
      case scenario::Strategy::kNoise:
        buy = r.bernoulli(0.5);
        break;
      case scenario::Strategy::kMomentum:
        buy = last_price_seen_[index(a)] >= spec_->market.initial_price;
        break;
      case scenario::Strategy::kTaskRunner:
        buy = true;
        break;
    }
    const Amount size = actor::draw_amount(ap.trade_size, r);
    const double seen = last_price_seen_[index(a)];
    const Amount amount =
        buy ? Amount{static_cast<std::int64_t>(std::floor(static_cast<double>(size.raw()) * seen))}
            : size;
    // The limit price travels with the order: the market fills it no worse than this.
    const double slip = static_cast<double>(ap.slippage.value()) / 1e6;
    const double limit = seen * (buy ? 1.0 + slip : 1.0 - slip);
    reason = spend(ctx, a, Action::kSwap, peers_.market, Kind::kSwap, amount,
                   buy ? ledger::Asset::kQuote : ledger::Asset::kToken, ActionKind::kSwap,
                   peers_.exchange->encode_price(
                       limit, buy ? price_code::Round::kUp : price_code::Round::kDown));
  }
  // The cost of safety: what the owners' own agents tried and their grants did not allow.
  ++ctx.domain().counters[Counter::kHonestAttempts];
  if (reason != Reason::kNone)
    ++ctx.domain()
          .counters[actor::slot_of(Counter::kHonestRejected, static_cast<std::size_t>(reason))];
  // On-demand renewal: an agent whose session ran out asks its principal for a new one.
  if ((reason == Reason::kExpired || reason == Reason::kCapExceeded) &&
      ctx.domain().sessions.policy().renewal == sessions::RenewalMode::kOnDemand) {
    const AgentId p = pop_->principal_of(a);
    ctx.scheduler().schedule(ctx.now() + block_, p, a, code(Kind::kGrant), 0,
                             grant_payload(slot_in(pop_->agents_of(p), a), session_[index(a)]));
  }
}

void Households::on_compromise(const kernel::Event& e, actor::Context& ctx) {
  const AgentId a = e.target;
  if (compromised_since_[index(a)] != SimTime::never()) return;
  compromised_since_[index(a)] = ctx.now();
  ++ctx.domain().counters[Counter::kCompromised];
  ctx.scheduler().schedule(ctx.now() + block_, a, a, code(Kind::kDrain));
}

void Households::on_drain(const kernel::Event& e, actor::Context& ctx) {
  if (e.payload == kRouterBug) return on_router_drain(e, ctx);
  const AgentId a = e.target;
  const sessions::SessionId id = session_[index(a)];
  const Reason status = id == sessions::kNoSession
                            ? Reason::kRevoked
                            : ctx.domain().sessions.chain_status(id, ctx.now());
  if (status != Reason::kNone && status != Reason::kNotYetValid) {
    // The attacker has lost every way in: the blast radius is closed.
    ctx.domain().counters[Counter::kCompromisedTicksLive] +=
        (ctx.now() - compromised_since_[index(a)]).ticks();
    return;
  }
  const AgentId p = pop_->principal_of(a);
  const Amount amount = ledger::min(ctx.domain().sessions.headroom(id, ctx.now()),
                                    ctx.ledger().liquid(account(ctx, p)));
  if (amount > Amount::zero()) {
    if (spend(ctx, a, Action::kTransfer, peers_.attacker, Kind::kCredit, amount,
              ledger::Asset::kToken, ActionKind::kDrain) == Reason::kNone) {
      ctx.domain().counters[Counter::kValueTaken] += amount.raw();
    }
  }
  ctx.scheduler().schedule(ctx.now() + block_, a, a, code(Kind::kDrain));
}

void Households::on_router_drain(const kernel::Event& e, actor::Context& ctx) {
  // A bug in the shared spender: whoever finds it can make the router spend any approval it is
  // allowed to use, i.e. any session whose whole chain may swap through the market, up to that
  // chain's remaining caps, until the router is patched. Who holds the agent's key is irrelevant.
  const auto& bug = spec_->adversaries.router_bug;
  const SimTime patched{
      static_cast<std::uint64_t>((spec_->ticks(bug.at) + spec_->ticks(bug.duration)).ticks())};
  if (ctx.now() >= patched) return;
  const AgentId a = e.target;
  const sessions::SessionId id = session_[index(a)];
  if (id != sessions::kNoSession &&
      ctx.domain().sessions.chain_status(id, ctx.now()) == Reason::kNone) {
    const Amount amount = ledger::min(ctx.domain().sessions.headroom(id, ctx.now()),
                                      ctx.ledger().liquid(account(ctx, pop_->principal_of(a))));
    // Authorised as the swap the approval allows (expiry, scope, targets and caps all apply);
    // paid to the attacker.
    if (amount > Amount::zero() &&
        spend(ctx, a, Action::kSwap, peers_.market, Kind::kCredit, amount, ledger::Asset::kToken,
              ActionKind::kRouterDrain, 0, peers_.attacker) == Reason::kNone) {
      ctx.domain().counters[Counter::kRouterBugTaken] += amount.raw();
    }
  }
  ctx.scheduler().schedule(ctx.now() + block_, a, a, code(Kind::kDrain), 0, kRouterBug);
}

}  // namespace coordsim::model::households
