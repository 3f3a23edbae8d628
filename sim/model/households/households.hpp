#pragma once
// The households actor system: principals, the ai agents that spend their principals' money
// through sessions, and the key-compromise adversary that takes agents over. A principal and its
// agents always share a domain (World::build_domains), so these handlers may change the state of
// the whole household of their target; everything else they reach by sending value.
//
// Owns: per agent, its current session, when it was compromised, the last price it saw, its
// spending window and whether a revocation is queued; its handlers (kAgentAct, kCompromise,
// kDrain — the key-compromise attacker's, and with payload kRouterBug the router-bug attacker's —
// kGrant, kExpire, kRevoke, and kCredit: value arriving for any actor); its first events and its
// checkpoint section. Sessions themselves live in the domain's SessionStore. The scope of each
// grant (actions, listed targets) and its inflation by approval injection are decided here.
//
// Reads, never writes: the interaction network, the builders' list prices and price grids (fixed
// at genesis; builders::Builders::bid), the agent's own domain's copy of the builders' price
// board (builders::Builders::choose; written only by events to that domain) and the market's
// price code.
#include <cstdint>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "model/actor/context.hpp"
#include "model/actor/population.hpp"
#include "model/actor/registry.hpp"
#include "model/builders/builders.hpp"
#include "model/exchange/exchange.hpp"
#include "model/network/graph.hpp"
#include "model/sessions/session_store.hpp"
#include "scenario/spec.hpp"
#include "scenario/units.hpp"

namespace coordsim::model::households {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;

/// The protocol actors a household deals with, and how actors map to ledger accounts.
struct Peers {
  AgentId market;
  AgentId attacker;
  const exchange::Exchange* exchange = nullptr;
  const network::Graph* graph = nullptr;
  const builders::Builders* builders = nullptr;  // inference offers from their list prices
};

/// Payload of a kDrain event driven by the router bug (a key-compromise drain has payload 0).
inline constexpr std::uint64_t kRouterBug = 1;

class Households {
 public:
  /// Empty columns for `pop`'s agents. `spec`, `pop` and `peers`' targets must outlive it.
  Households(const scenario::SpecData& spec, const actor::Population& pop, Peers peers,
             SimDuration block);

  /// First events: every principal's grants, every funded agent's first act and compromise.
  /// `add(time, target, kind, aux, payload)` records one.
  template <class Add>
  void initial_events(actor::Streams& streams, SimTime end, Add&& add) const;

  // --- Handlers (households.cpp) ---
  void on_agent_act(const kernel::Event& e, actor::Context& ctx);
  void on_compromise(const kernel::Event& e, actor::Context& ctx);
  void on_drain(const kernel::Event& e, actor::Context& ctx);
  void on_grant(const kernel::Event& e, actor::Context& ctx);
  void on_expire(const kernel::Event& e, actor::Context& ctx);
  void on_revoke(const kernel::Event& e, actor::Context& ctx);
  /// Value arriving for any actor. An ai agent spends its principal's money, so what comes back
  /// to it lands with the principal (and a market reply tells it the price it got).
  void on_credit(const kernel::Event& e, actor::Context& ctx);

  // --- Read-only views ---
  [[nodiscard]] SimTime compromised_since(AgentId a) const noexcept {
    return compromised_since_[index(a)];
  }
  [[nodiscard]] sessions::SessionId session_of(AgentId a) const noexcept {
    return session_[index(a)];
  }

  // --- Checkpoint (checkpoint.cpp) ---
  void save(kernel::ArchiveWriter& out) const;
  /// `sessions_of(a)` is the store of agent a's domain (its session must be there).
  /// @throws kernel::ArchiveError for a damaged or foreign archive.
  template <class SessionsOf>
  void load(kernel::ArchiveReader& in, SessionsOf&& sessions_of);

  /// The kinds this system handles alone (actor/registry.hpp; the world's dispatch table is built
  /// from it). Kinds shared with another system are the world's dispatch exceptions
  /// (world/systems.hpp).
  using Handlers = actor::Handlers<actor::On<actor::Kind::kAgentAct, &Households::on_agent_act>,
                                   actor::On<actor::Kind::kCompromise, &Households::on_compromise>,
                                   actor::On<actor::Kind::kDrain, &Households::on_drain>,
                                   actor::On<actor::Kind::kGrant, &Households::on_grant>,
                                   actor::On<actor::Kind::kExpire, &Households::on_expire>,
                                   actor::On<actor::Kind::kRevoke, &Households::on_revoke>>;

 private:
  void grant_to(actor::Context& ctx, AgentId principal, std::uint32_t slot);
  /// The scope principal `p`'s group grants `agent` (drawing its listed targets from `r`).
  [[nodiscard]] sessions::Scope scope_for(AgentId p, AgentId agent, kernel::Rng& r) const;
  /// One block of the router bug against agent `e.target`'s approval (kDrain, payload kRouterBug).
  void on_router_drain(const kernel::Event& e, actor::Context& ctx);
  /// Logs a new session's terms: the grant or subdelegate row (its total cap), one row per other
  /// cap, its valid_until and, for a sub-delegation, its parent.
  void log_terms(actor::Context& ctx, actor::ActionKind logged, AgentId granter, AgentId agent,
                 sessions::SessionId id) const;
  /// Authorises through the agent's session chain, moves the money, charges the chain.
  sessions::Reason spend(actor::Context& ctx, AgentId agent, sessions::Action action,
                         AgentId target, actor::Kind kind, Amount amount, ledger::Asset asset,
                         actor::ActionKind logged, std::uint16_t extra_aux = 0,
                         AgentId payee = kernel::kNoAgent);
  void watch_spending(actor::Context& ctx, AgentId agent, Amount amount);
  void load_columns(kernel::ArchiveReader& in);
  [[nodiscard]] ledger::AccountId account(actor::Context& ctx, AgentId a) const noexcept;

  const scenario::SpecData* spec_;
  const actor::Population* pop_;
  Peers peers_;
  SimDuration block_;
  std::vector<sessions::ActionSet> group_actions_;  // per group: a principal group's scope_actions
  // Per agent (unused entries for other kinds).
  std::vector<sessions::SessionId> session_;
  std::vector<SimTime> compromised_since_;
  std::vector<double> last_price_seen_;
  std::vector<Amount> window_spent_;
  std::vector<SimTime> window_start_;
  std::vector<std::uint8_t> revoke_pending_;  // its principal has a revoke queued
};

template <class Add>
void Households::initial_events(actor::Streams& streams, SimTime end, Add&& add) const {
  using scenario::AgentKind;
  const SimTime zero = SimTime::zero();
  for (const AgentId p : pop_->of_kind(AgentKind::kPrincipal)) {
    const auto agents = pop_->agents_of(p);
    // Payload: the slot, and in the high word the session being renewed (none at the start).
    const std::uint64_t none = static_cast<std::uint64_t>(sessions::kNoSession.value()) << 32U;
    for (std::uint32_t slot = 0; slot < agents.size(); ++slot)
      add(zero, p, actor::Kind::kGrant, std::uint16_t{0}, none | slot);
  }
  const double per_day = spec_->adversaries.key_compromise.rate;
  const SimTime compromise_start{
      static_cast<std::uint64_t>(spec_->ticks(spec_->adversaries.key_compromise.start).ticks())};
  const double ticks_per_day =
      static_cast<double>(scenario::kMicrosPerDay) / static_cast<double>(spec_->tick.value());
  const auto& bug = spec_->adversaries.router_bug;
  const SimTime bug_at{static_cast<std::uint64_t>(spec_->ticks(bug.at).ticks())};
  const bool router_bug = spec_->ticks(bug.duration).ticks() > 0 && bug_at < end;
  for (const AgentId a : pop_->of_kind(AgentKind::kAiAgent)) {
    if (pop_->principal_of(a) == kernel::kNoAgent) continue;
    // The router bug reaches every funded agent's approval, from the moment it appears.
    if (router_bug) add(bug_at, a, actor::Kind::kDrain, std::uint16_t{0}, kRouterBug);
    auto r = streams.rng(a);
    const auto& params = spec_->population[pop_->group(a)].as<scenario::AiAgentParams>();
    add(zero + block_ + actor::draw_duration(*spec_, params.action_interval, r), a,
        actor::Kind::kAgentAct, std::uint16_t{0}, std::uint64_t{0});
    if (per_day > 0.0) {
      const double wait = r.exponential(ticks_per_day / per_day);
      if (wait < static_cast<double>(end.ticks())) {
        add(compromise_start + SimDuration{static_cast<std::int64_t>(wait)}, a,
            actor::Kind::kCompromise, std::uint16_t{0}, std::uint64_t{0});
      }
    }
  }
}

template <class SessionsOf>
void Households::load(kernel::ArchiveReader& in, SessionsOf&& sessions_of) {
  load_columns(in);
  for (std::size_t a = 0; a < session_.size(); ++a) {
    const sessions::SessionId id = session_[a];
    kernel::ArchiveReader::require(
        id == sessions::kNoSession ||
            sessions_of(AgentId{static_cast<std::uint32_t>(a)}).contains(id),
        "agent session");
  }
}

}  // namespace coordsim::model::households
