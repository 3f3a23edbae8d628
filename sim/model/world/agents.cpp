// AI agents, their principals, and the key-compromise adversary: everything that spends through
// sessions. An ai agent and its principal form one household whose state these handlers share.
#include <algorithm>
#include <cmath>

#include "model/world/world.hpp"

namespace coordsim::model::world {

using scenario::AgentKind;
using sessions::Action;
using sessions::Reason;

namespace {

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

void World::grant_to(kernel::Scheduler& s, AgentId p, std::uint32_t slot) {
  const auto agents = pop_.agents_of(p);
  const AgentId agent = agents[slot];
  const SimTime now = s.now();
  auto r = rng(p);
  const auto& pp = spec_->population[pop_.group(p)].as<scenario::PrincipalParams>();
  const auto& ap = spec_->population[pop_.group(agent)].as<scenario::AiAgentParams>();
  sessions::Caps caps = here().sessions.policy().default_caps;
  caps.total = ledger::max(Amount{1}, actor::draw_amount(pp.grant_budget, r));
  caps.per_action = ledger::min(caps.per_action, caps.total);
  caps.per_period = ledger::min(caps.per_period, caps.total);
  sessions::Terms terms;
  terms.caps = caps;

  sessions::GrantResult g;
  ActionKind logged = ActionKind::kGrant;
  // With the agent group's sub-delegation probability, the previous agent of the household passes
  // an attenuated child of its own session on, instead of the principal granting afresh: chains.
  const bool chain = slot > 0 && r.bernoulli(ap.subdelegate_probability) &&
                     session_[index(agents[slot - 1])] != sessions::kNoSession &&
                     compromised_since_[index(agents[slot - 1])] == SimTime::never();
  if (chain) {
    g = here().sessions.subdelegate(session_[index(agents[slot - 1])], agents[slot - 1], agent,
                                    std::nullopt, terms, now);
    logged = ActionKind::kSubdelegate;
  }
  if (!chain || !g.ok()) {
    g = here().sessions.grant(p, agent, sessions::Scope::any(kAgentActions), terms, now);
    logged = ActionKind::kGrant;
  }
  if (!g.ok()) {
    ++here().counters[Counter::kGrantRejected];
    return;
  }
  const sessions::SessionId old = session_[index(agent)];
  if (old != sessions::kNoSession && here().sessions.is_live(old, now))
    (void)here().sessions.revoke_cascade(old, now);
  session_[index(agent)] = g.id;
  ++(logged == ActionKind::kGrant ? here().counters[Counter::kGrants]
                                  : here().counters[Counter::kSubdelegations]);
  record(logged, Reason::kNone, p, agent, g.id, caps.total);
  if (g.valid_until != SimTime::never()) {
    s.schedule(g.valid_until, p, p, code(Kind::kExpire), 0, g.id.value());
    if (here().sessions.policy().renewal == sessions::RenewalMode::kBeforeExpiry) {
      const SimTime renew_at =
          g.valid_until.ticks() >
                  static_cast<std::uint64_t>(here().sessions.policy().renew_before.ticks())
              ? SimTime{g.valid_until.ticks() -
                        static_cast<std::uint64_t>(here().sessions.policy().renew_before.ticks())}
              : now;
      s.schedule(std::max(renew_at, now + SimDuration{1}), p, p, code(Kind::kGrant), 0,
                 grant_payload(slot, g.id));
    }
  }
}

void World::on_grant(const kernel::Event& e, kernel::Scheduler& s) {
  const auto slot = static_cast<std::uint32_t>(e.payload & 0xFFFFFFFFU);
  const sessions::SessionId renews{static_cast<std::uint32_t>(e.payload >> 32U)};
  const AgentId agent = pop_.agents_of(e.target)[slot];
  // A compromised agent is cut off for good; a renewal of a session since replaced is stale.
  if (compromised_since_[index(agent)] != SimTime::never()) return;
  if (renews != sessions::kNoSession && session_[index(agent)] != renews) return;
  grant_to(s, e.target, slot);
}

void World::on_expire(const kernel::Event& e, kernel::Scheduler& s) {
  const sessions::SessionId id{static_cast<std::uint32_t>(e.payload)};
  // Extended sessions outlive their first expiry event: only count what really ended now.
  if (!here().sessions.revoked(id) && here().sessions.valid_until(id) <= s.now())
    ++here().counters[Counter::kExpirations];
}

void World::on_revoke(const kernel::Event& e, kernel::Scheduler& s) {
  const auto slot = static_cast<std::uint32_t>(e.payload);
  const AgentId agent = pop_.agents_of(e.target)[slot];
  revoke_pending_[index(agent)] = 0;
  const sessions::SessionId id = session_[index(agent)];
  if (id == sessions::kNoSession) return;
  if (here().sessions.revoke_cascade(id, s.now()) > 0) {
    ++here().counters[Counter::kRevocations];
    record(ActionKind::kRevoke, Reason::kNone, e.target, agent, id, Amount::zero());
  }
  // A false alarm costs the agent its session but not its job: the principal grants anew.
  if (compromised_since_[index(agent)] == SimTime::never()) grant_to(s, e.target, slot);
}

Reason World::spend(kernel::Scheduler& s, AgentId agent, Action action, AgentId target, Kind kind,
                    Amount amount, ledger::Asset asset, ActionKind logged,
                    std::uint16_t extra_aux) {
  const SimTime now = s.now();
  const AgentId principal = pop_.principal_of(agent);
  const sessions::SessionId id = session_[index(agent)];
  const sessions::Decision d = here().sessions.authorize(id, agent, action, target, amount, now);
  Reason reason = d.reason;
  if (d.applied()) {
    // Funds are checked after the chain, so a rejection has exactly one, deterministic reason.
    if (ledger_.balance(account(principal), asset) < amount) {
      reason = Reason::kInsufficientFunds;
    } else {
      (void)send(s, agent, account(principal), target, kind, amount, asset, extra_aux);
      here().sessions.commit_spend(id, amount, now);
      ++here().counters[Counter::kApplied];
      here().counters[Counter::kValueMoved] += amount.raw();
      if (target.value() < pop_.agents()) here().interactions.emplace_back(agent, target);
      watch_spending(s, agent, amount);
    }
  }
  if (reason != Reason::kNone) ++here().counters.rejected(reason);
  record(logged, reason, agent, target, id, amount);
  return reason;
}

void World::watch_spending(kernel::Scheduler& s, AgentId agent, Amount amount) {
  const AgentId p = pop_.principal_of(agent);
  const auto& pp = spec_->population[pop_.group(p)].as<scenario::PrincipalParams>();
  if (!pp.watch || revoke_pending_[index(agent)] != 0) return;
  const auto& ap = spec_->population[pop_.group(agent)].as<scenario::AiAgentParams>();
  // Expected spend over a window of ten actions; spending anomaly_factor times that is anomalous.
  constexpr double kWindowActions = 10.0;
  const double interval_ticks =
      scenario::nominal_mean(ap.action_interval) / static_cast<double>(spec_->tick.value());
  const auto window = SimDuration{
      std::max<std::int64_t>(1, static_cast<std::int64_t>(kWindowActions * interval_ticks))};
  if (s.now() - window_start_[index(agent)] > window) {
    window_start_[index(agent)] = s.now();
    window_spent_[index(agent)] = Amount::zero();
  }
  window_spent_[index(agent)] += amount;
  const double expected = kWindowActions * std::max(1.0, scenario::nominal_mean(ap.trade_size));
  if (static_cast<double>(window_spent_[index(agent)].raw()) <= pp.anomaly_factor * expected)
    return;
  revoke_pending_[index(agent)] = 1;
  auto r = rng(p);
  const SimDuration delay = std::max(block_, draw_duration(pp.detection_delay, r));
  s.schedule(s.now() + delay, p, agent, code(Kind::kRevoke), 0, slot_in(pop_.agents_of(p), agent));
}

void World::on_agent_act(const kernel::Event& e, kernel::Scheduler& s) {
  const AgentId a = e.target;
  auto r = rng(a);
  const auto& ap = spec_->population[pop_.group(a)].as<scenario::AiAgentParams>();
  s.schedule(s.now() + draw_duration(ap.action_interval, r), a, a, code(Kind::kAgentAct));
  // Once compromised the agent's owner has lost control of it; the attacker drives it (on_drain).
  if (compromised_since_[index(a)] != SimTime::never()) return;
  if (session_[index(a)] == sessions::kNoSession) return;

  const double u = r.uniform();
  const auto builders = pop_.of_kind(AgentKind::kModelBuilder);
  Reason reason = Reason::kNone;
  if (u < ap.inference_share && !builders.empty()) {
    const AgentId b = builders[r.below(static_cast<std::uint32_t>(builders.size()))];
    reason = spend(s, a, Action::kInfer, b, Kind::kInfer, price_[pop_.slot(b)],
                   ledger::Asset::kToken, ActionKind::kInfer);
  } else if (u < ap.inference_share + ap.transfer_share) {
    const auto neighbours = graph_.neighbours(a.value());
    const AgentId to =
        neighbours.empty()
            ? AgentId{r.below(pop_.agents())}
            : AgentId{neighbours[r.below(static_cast<std::uint32_t>(neighbours.size()))]};
    reason = spend(s, a, Action::kTransfer, to, Kind::kCredit, actor::draw_amount(ap.trade_size, r),
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
    reason = spend(
        s, a, Action::kSwap, market(), Kind::kSwap, amount,
        buy ? ledger::Asset::kQuote : ledger::Asset::kToken, ActionKind::kSwap,
        exchange_.encode_price(limit, buy ? price_code::Round::kUp : price_code::Round::kDown));
  }
  // On-demand renewal: an agent whose session ran out asks its principal for a new one.
  if ((reason == Reason::kExpired || reason == Reason::kCapExceeded) &&
      here().sessions.policy().renewal == sessions::RenewalMode::kOnDemand) {
    const AgentId p = pop_.principal_of(a);
    s.schedule(s.now() + block_, p, a, code(Kind::kGrant), 0,
               grant_payload(slot_in(pop_.agents_of(p), a), session_[index(a)]));
  }
}

void World::on_compromise(const kernel::Event& e, kernel::Scheduler& s) {
  const AgentId a = e.target;
  if (compromised_since_[index(a)] != SimTime::never()) return;
  compromised_since_[index(a)] = s.now();
  ++here().counters[Counter::kCompromised];
  s.schedule(s.now() + block_, a, a, code(Kind::kDrain));
}

void World::on_drain(const kernel::Event& e, kernel::Scheduler& s) {
  const AgentId a = e.target;
  const sessions::SessionId id = session_[index(a)];
  const Reason status =
      id == sessions::kNoSession ? Reason::kRevoked : here().sessions.chain_status(id, s.now());
  if (status != Reason::kNone && status != Reason::kNotYetValid) {
    // The attacker has lost every way in: the blast radius is closed.
    here().counters[Counter::kCompromisedTicksLive] +=
        (s.now() - compromised_since_[index(a)]).ticks();
    return;
  }
  const AgentId p = pop_.principal_of(a);
  const Amount amount =
      ledger::min(here().sessions.headroom(id, s.now()), ledger_.liquid(account(p)));
  if (amount > Amount::zero()) {
    if (spend(s, a, Action::kTransfer, attacker(), Kind::kCredit, amount, ledger::Asset::kToken,
              ActionKind::kDrain) == Reason::kNone) {
      here().counters[Counter::kValueTaken] += amount.raw();
    }
  }
  s.schedule(s.now() + block_, a, a, code(Kind::kDrain));
}

}  // namespace coordsim::model::world
