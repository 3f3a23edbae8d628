#include "run/tables.hpp"

#include <string>

namespace coordsim::run {

using model::world::World;
using I64 = std::vector<std::int64_t>;
using U64 = std::vector<std::uint64_t>;
using Str = std::vector<std::string>;

namespace {
io::TableColumn col(std::string name, std::string unit, std::string description,
                    io::ColumnValues values) {
  return io::TableColumn{std::move(name), std::move(unit), std::move(description),
                         std::move(values)};
}
constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

// "0 honest, 1 sybil, ...": the adversary_role column's legend, from the one names table.
std::string role_legend() {
  std::string legend;
  for (std::size_t r = 0; r < model::world::kRoleCount; ++r) {
    if (r > 0) legend += ", ";
    legend += std::to_string(r) + " " + std::string(model::world::kRoleNames[r]);
  }
  return legend;
}
}  // namespace

std::vector<io::TableColumn> agent_table(const World& w) {
  const auto& pop = w.population();
  const auto& l = w.ledger();
  const std::size_t n = pop.agents();
  U64 id(n);
  Str group(n);
  Str kind(n);
  I64 liquid(n), staked(n), unbonding(n), locked(n), quote(n), rewards(n), pending(n), claimable(n);
  U64 principal(n), compromised(n);
  I64 role(n);
  I64 custody_token(n), custody_quote(n), escrow_token(n), escrow_quote(n);
  for (std::uint32_t a = 0; a < n; ++a) {
    const kernel::AgentId ag{a};
    const auto acct = l.account(ag);
    id[a] = a;
    group[a] = w.spec().population[pop.group(ag)].name;
    kind[a] = std::string(scenario::to_string(pop.kind(ag)));
    liquid[a] = l.liquid(acct).raw();
    staked[a] = l.staked(acct).raw();
    unbonding[a] = l.unbonding(acct).raw();
    locked[a] = l.locked(acct).raw();
    quote[a] = l.quote(acct).raw();
    rewards[a] = w.settlement().rewards_final()[a].raw();
    pending[a] = w.settlement().rewards_pending()[a].raw();
    claimable[a] = w.settlement().rewards_claimable()[a].raw();
    const auto p =
        pop.kind(ag) == scenario::AgentKind::kAiAgent ? pop.principal_of(ag) : kernel::kNoAgent;
    principal[a] = p == kernel::kNoAgent ? kNever : p.value();
    compromised[a] = w.households().compromised_since(ag) == kernel::SimTime::never()
                         ? kNever
                         : w.households().compromised_since(ag).ticks();
    role[a] = static_cast<std::int64_t>(model::world::index(w.adversary_role(ag)));
    if (pop.kind(ag) == scenario::AgentKind::kMarketMaker) {
      const auto& ex = w.exchange();
      const std::size_t m = pop.slot(ag);
      using model::ledger::Asset;
      custody_token[a] = ex.maker_custody(m, Asset::kToken).raw();
      custody_quote[a] = ex.maker_custody(m, Asset::kQuote).raw();
      escrow_token[a] = ex.maker_posted(m, Asset::kToken).raw();
      escrow_quote[a] = ex.maker_posted(m, Asset::kQuote).raw();
    }
  }
  std::vector<io::TableColumn> t;
  t.push_back(col("id", "", "agent id (dense, in group order)", std::move(id)));
  t.push_back(col("group", "", "population group name", std::move(group)));
  t.push_back(col("kind", "", "agent kind", std::move(kind)));
  t.push_back(col("liquid", "base_units", "liquid token balance", std::move(liquid)));
  t.push_back(col("staked", "base_units", "staked tokens", std::move(staked)));
  t.push_back(col("unbonding", "base_units", "tokens unbonding", std::move(unbonding)));
  t.push_back(col("locked", "base_units", "tokens locked", std::move(locked)));
  t.push_back(col("quote", "base_units", "quote-asset balance", std::move(quote)));
  t.push_back(col("rewards_final", "base_units",
                  "rewards that became final (contributors, validators)", std::move(rewards)));
  t.push_back(col("rewards_pending", "base_units",
                  "rewards accrued, neither final nor reverted yet (still revertible)",
                  std::move(pending)));
  t.push_back(col("rewards_claimable", "base_units", "final rewards not yet withdrawn",
                  std::move(claimable)));
  t.push_back(col("principal", "", "funding principal of an ai agent (2^64-1: none)",
                  std::move(principal)));
  t.push_back(col("compromised_at", "ticks", "when an attacker took the agent over (2^64-1: never)",
                  std::move(compromised)));
  t.push_back(col("adversary_role", "", role_legend(), std::move(role)));
  t.push_back(col("custody_token", "base_units",
                  "a market maker's tokens held by the market (inside the pool's account)",
                  std::move(custody_token)));
  t.push_back(col("custody_quote", "base_units", "a market maker's quote held by the market",
                  std::move(custody_quote)));
  t.push_back(col("escrow_token", "base_units", "tokens escrowed by a maker's resting ask",
                  std::move(escrow_token)));
  t.push_back(col("escrow_quote", "base_units", "quote escrowed by a maker's resting bid",
                  std::move(escrow_quote)));
  return t;
}

std::vector<io::TableColumn> account_table(const World& w) {
  const auto& l = w.ledger();
  using model::ledger::ProtocolAccount;
  U64 id;
  Str name;
  I64 liquid, staked, unbonding, locked, quote;
  for (std::size_t p = 0; p < model::ledger::kProtocolAccountCount; ++p) {
    const auto acct = l.account(static_cast<ProtocolAccount>(p));
    id.push_back(acct.value());
    name.emplace_back(model::ledger::to_string(static_cast<ProtocolAccount>(p)));
    liquid.push_back(l.liquid(acct).raw());
    staked.push_back(l.staked(acct).raw());
    unbonding.push_back(l.unbonding(acct).raw());
    locked.push_back(l.locked(acct).raw());
    quote.push_back(l.quote(acct).raw());
  }
  std::vector<io::TableColumn> t;
  t.push_back(col("id", "", "ledger account id (agents first, then these)", std::move(id)));
  t.push_back(col("name", "", "protocol account", std::move(name)));
  t.push_back(col("liquid", "base_units", "liquid token balance", std::move(liquid)));
  t.push_back(col("staked", "base_units", "staked tokens", std::move(staked)));
  t.push_back(col("unbonding", "base_units", "tokens unbonding", std::move(unbonding)));
  t.push_back(col("locked", "base_units", "tokens locked", std::move(locked)));
  t.push_back(col("quote", "base_units", "quote-asset balance", std::move(quote)));
  return t;
}

std::vector<io::TableColumn> session_table(const World& w) {
  std::size_t n = 0;
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) n += w.domain(d).sessions.size();
  U64 id, principal, root_principal, delegate, parent, depth, actions, targets, created, after,
      until, revoked, calls;
  I64 cap_total, cap_action, cap_period, spent;
  for (auto* v : {&id, &principal, &root_principal, &delegate, &parent, &depth, &actions, &targets,
                  &created, &after, &until, &revoked, &calls})
    v->reserve(n);
  for (auto* v : {&cap_total, &cap_action, &cap_period, &spent}) v->reserve(n);
  // Domains in index order, sessions in creation order within each: a fixed order.
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    const auto& s = w.domain(d).sessions;
    for (std::uint32_t i = 0; i < s.size(); ++i) {
      const model::sessions::SessionId sid{i};
      id.push_back(World::global_session(d, sid));
      principal.push_back(s.principal(sid).value());
      root_principal.push_back(s.principal(s.root(sid)).value());
      delegate.push_back(s.delegate(sid).value());
      parent.push_back(s.parent(sid) == model::sessions::kNoSession
                           ? kNever
                           : World::global_session(d, s.parent(sid)));
      depth.push_back(s.depth(sid));
      actions.push_back(s.actions(sid).bits());
      targets.push_back(s.any_target(sid) ? kNever : s.targets(sid).size());
      created.push_back(s.created_at(sid).ticks());
      after.push_back(s.valid_after(sid).ticks());
      until.push_back(s.valid_until(sid).ticks());
      revoked.push_back(s.revoked(sid) ? s.revoked_at(sid).ticks() : kNever);
      calls.push_back(s.calls_made(sid));
      const auto caps = s.caps(sid);
      cap_total.push_back(caps.total.raw());
      cap_action.push_back(caps.per_action.raw());
      cap_period.push_back(caps.per_period.raw());
      spent.push_back(s.spent_total(sid).raw());
    }
  }
  std::vector<io::TableColumn> t;
  t.push_back(
      col("id", "", "session id: household domain in the top 8 bits, index below", std::move(id)));
  t.push_back(col("principal", "",
                  "granting actor: the principal for a root grant (depth 0), the sub-delegating "
                  "ai agent (the parent's delegate) otherwise",
                  std::move(principal)));
  t.push_back(col("root_principal", "",
                  "principal of the chain's root grant: whose account every action through the "
                  "session spends",
                  std::move(root_principal)));
  t.push_back(col("delegate", "", "agent the session authorises", std::move(delegate)));
  t.push_back(col("parent", "", "parent session (2^64-1: a root grant)", std::move(parent)));
  t.push_back(col("depth", "", "0 for root grants, +1 per sub-delegation", std::move(depth)));
  t.push_back(
      col("actions", "", "allowed actions as a bit set (docs/sessions.md)", std::move(actions)));
  t.push_back(col("targets", "",
                  "number of allowed targets, listed in /session_targets (2^64-1: any target)",
                  std::move(targets)));
  t.push_back(col("cap_total", "base_units", "lifetime cap", std::move(cap_total)));
  t.push_back(col("cap_per_action", "base_units", "largest single action", std::move(cap_action)));
  t.push_back(col("cap_per_period", "base_units", "cap per period window", std::move(cap_period)));
  t.push_back(col("spent", "base_units", "spent through this link", std::move(spent)));
  t.push_back(col("calls", "", "actions taken through this link", std::move(calls)));
  t.push_back(col("created", "ticks", "when granted", std::move(created)));
  t.push_back(col("valid_after", "ticks", "start of validity", std::move(after)));
  t.push_back(col("valid_until", "ticks", "expiry (2^64-1: never)", std::move(until)));
  t.push_back(
      col("revoked_at", "ticks", "revocation time (2^64-1: never revoked)", std::move(revoked)));
  return t;
}

std::vector<io::TableColumn> session_target_table(const World& w) {
  // Sessions in /sessions order, each one's targets sorted: a fixed order. A child that keeps
  // its parent's list shares it in the store and is listed again here, under its own id.
  U64 session, target;
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    const auto& s = w.domain(d).sessions;
    for (std::uint32_t i = 0; i < s.size(); ++i) {
      const model::sessions::SessionId sid{i};
      if (s.any_target(sid)) continue;
      for (const kernel::AgentId a : s.targets(sid)) {
        session.push_back(World::global_session(d, sid));
        target.push_back(a.value());
      }
    }
  }
  std::vector<io::TableColumn> t;
  t.push_back(col("session", "", "session id (as /sessions id)", std::move(session)));
  t.push_back(col("target", "",
                  "an allowed target: agent id, or a protocol actor (market = agents, as the event "
                  "log's actor ids)",
                  std::move(target)));
  return t;
}

std::vector<io::TableColumn> graph_table(const World& w) {
  const auto& g = w.graph();
  U64 u;
  U64 v;
  for (std::uint32_t a = 0; a < g.node_count(); ++a) {
    for (const auto b : g.neighbours(a)) {
      if (a < b) {
        u.push_back(a);
        v.push_back(b);
      }
    }
  }
  std::vector<io::TableColumn> t;
  t.push_back(col("u", "", "agent id at one end of an undirected edge", std::move(u)));
  t.push_back(col("v", "", "agent id at the other end (u < v)", std::move(v)));
  return t;
}

std::vector<io::TableColumn> invariant_table(const model::world::InvariantChecker& c,
                                             const scenario::SpecData& spec) {
  Str name;
  Str when;
  U64 checks;
  Str result;
  const auto& on = spec.invariants;
  for (const auto n : model::world::InvariantChecker::kNames) {
    const bool enabled = n == "authorisation"    ? on.authorisation
                         : n == "budget_balance" ? on.budget_balance
                                                 : on.conservation;  // the ledger family
    name.emplace_back(n);
    when.emplace_back(!enabled ? "off"
                      : spec.invariants.check == scenario::InvariantCheck::kEveryEvent
                          ? "every_event"
                          : "every_sample");
    checks.push_back(enabled ? c.checks() : 0);
    // A broken invariant stops the run before this table is written, so a file that has it held.
    result.emplace_back(enabled ? "held" : "not checked");
  }
  std::vector<io::TableColumn> t;
  t.push_back(col("name", "", "invariant (docs/model.md)", std::move(name)));
  t.push_back(col("when", "", "how often it was checked", std::move(when)));
  t.push_back(col("checks", "", "number of checks", std::move(checks)));
  t.push_back(col("result", "", "held: never broken during the run", std::move(result)));
  return t;
}

}  // namespace coordsim::run
