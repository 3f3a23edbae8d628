#include "viz/snapshot.hpp"

#include <algorithm>
#include <cmath>

#include "model/world/world.hpp"

namespace coordsim::viz {

namespace world = model::world;
using kernel::AgentId;
using kernel::SimTime;

namespace {

constexpr std::uint32_t kNoPrincipal = 0xFFFFFFFFU;

ActionView view_of(const world::ActionRecord& r, double tick_s) {
  return ActionView{static_cast<double>(r.time.ticks()) * tick_s,
                    static_cast<std::uint16_t>(r.kind),
                    static_cast<std::uint16_t>(r.reason),
                    r.actor.value(),
                    r.target.value(),
                    r.session,
                    r.amount.raw()};
}

// Copies the samples `out` does not have yet; after a seek backwards the live run has fewer rows
// than `out`, and the extra ones are dropped (the rows that come back are the same).
void fill_samples(Snapshot& out, const run::LiveRun& live) {
  const auto& times = live.sample_times();
  const auto& rows = live.samples();
  const std::size_t metrics = rows.empty() ? 0 : rows.front().size();
  out.columns.resize(metrics);
  std::size_t have = std::min(out.sample_time_s.size(), times.size());
  out.sample_time_s.resize(have);
  for (auto& c : out.columns) c.resize(have);
  for (std::size_t i = have; i < times.size(); ++i) {
    out.sample_time_s.push_back(static_cast<double>(times[i].ticks()) * out.tick_s);
    for (std::size_t m = 0; m < metrics; ++m) out.columns[m].push_back(rows[i][m]);
  }
}

void fill_agents(Snapshot& out, const world::World& w) {
  const std::uint32_t n = w.agent_count();
  const auto& ledger = w.ledger();
  const auto& pop = w.population();
  out.kind.resize(n);
  out.wealth.resize(n);
  out.flags.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const AgentId a{i};
    const auto acc = ledger.account(a);
    const auto total =
        ledger.liquid(acc).raw() + ledger.staked(acc).raw() + ledger.locked(acc).raw();
    out.kind[i] = static_cast<std::uint8_t>(pop.kind(a));
    out.wealth[i] = static_cast<float>(static_cast<double>(total) / out.unit);
    std::uint8_t f = 0;
    if (w.households().compromised_since(a) != SimTime::never()) f |= Snapshot::kCompromised;
    if (w.adversary_role(a) != model::actor::Role::kHonest) f |= Snapshot::kAdversarial;
    out.flags[i] = f;
  }
}

void fill_pinned(Snapshot& out, const run::LiveRun& live, const Request& request) {
  const auto& w = live.world();
  out.pinned.clear();
  for (const std::uint32_t id : request.pinned) {
    if (id >= w.agent_count()) continue;
    const AgentId a{id};
    const auto acc = w.ledger().account(a);
    AgentDetail d;
    d.id = id;
    d.kind = static_cast<std::uint8_t>(w.population().kind(a));
    d.role = static_cast<std::uint8_t>(w.adversary_role(a));
    d.liquid = w.ledger().liquid(acc).raw();
    d.staked = w.ledger().staked(acc).raw();
    d.locked = w.ledger().locked(acc).raw();
    d.quote = w.ledger().quote(acc).raw();
    d.rewards_final = w.settlement().rewards_final()[id].raw();
    d.compromised = w.households().compromised_since(a) != SimTime::never();
    for (std::size_t i = 0; i < live.recent_count(); ++i) {
      const auto& r = live.recent(i);
      if (r.actor == a || r.target == a) d.history.push_back(view_of(r, out.tick_s));
    }
    out.pinned.push_back(std::move(d));
  }
}

// The delegation tree of one principal: every session it granted and their sub-delegations, in
// id order (a parent always has a smaller id than its children).
void fill_sessions(Snapshot& out, const run::LiveRun& live, const Request& request) {
  const auto& w = live.world();
  out.principal = kNoPrincipal;
  out.sessions.clear();
  if (request.principal >= w.agent_count()) return;
  AgentId p{request.principal};
  // An ai agent's tree is its principal's.
  if (w.population().kind(p) == scenario::AgentKind::kAiAgent) p = w.population().principal_of(p);
  if (p.value() >= w.agent_count() || w.population().kind(p) != scenario::AgentKind::kPrincipal) {
    return;
  }
  out.principal = p.value();
  const auto& store = w.sessions_of(p);
  const SimTime now = live.now();
  const std::uint32_t domain = w.domain_of(p);
  for (std::size_t i = 0; i < store.size(); ++i) {
    const model::sessions::SessionId s{static_cast<std::uint32_t>(i)};
    if (store.principal(s) != p) continue;
    SessionView v;
    v.id = world::World::global_session(domain, s);
    const auto parent = store.parent(s);
    v.parent =
        parent == model::sessions::kNoSession ? v.id : world::World::global_session(domain, parent);
    v.delegate = store.delegate(s).value();
    v.depth = store.depth(s);
    v.headroom = store.headroom(s, now).raw();
    v.spent = store.spent_total(s).raw();
    v.calls = store.calls_made(s);
    v.expires_in_s =
        (static_cast<double>(store.valid_until(s).ticks()) - static_cast<double>(now.ticks())) *
        out.tick_s;
    v.revoked = store.revoked(s);
    v.live = store.is_live(s, now);
    out.sessions.push_back(v);
  }
}

void fill_market(Snapshot& out, const world::World& w) {
  out.has_amm = w.has_amm();
  out.has_book = w.has_book();
  out.pool_price = w.exchange().pool().spot_price();
  out.reference_price = w.exchange().reference_price();
  out.pool_token = w.exchange().pool().reserve_token().raw();
  out.pool_quote = w.exchange().pool().reserve_quote().raw();
  constexpr std::size_t kLevels = 12;
  std::array<model::market::LevelView, kLevels> levels{};
  for (const auto side : {model::market::Side::kBuy, model::market::Side::kSell}) {
    auto& into = side == model::market::Side::kBuy ? out.bids : out.asks;
    const std::size_t k = w.exchange().book().snapshot(side, levels);
    into.clear();
    for (std::size_t i = 0; i < k; ++i) {
      into.push_back(BookLevel{model::exchange::Exchange::book_price(levels[i].price),
                               levels[i].quantity.raw()});
    }
  }
}

void fill_protocol(Snapshot& out, const world::World& w) {
  out.rewards_by_role = {};
  const auto& finals = w.settlement().rewards_final();
  for (std::uint32_t i = 0; i < w.agent_count() && i < finals.size(); ++i) {
    const auto role = static_cast<std::uint8_t>(w.adversary_role(AgentId{i}));
    if (role < out.rewards_by_role.size()) out.rewards_by_role[role] += finals[i].raw();
  }
  out.validator_stake = 0;
  for (const AgentId v : w.population().of_kind(scenario::AgentKind::kValidator)) {
    out.validator_stake += w.settlement().validator_stake(w.population().slot(v)).raw();
  }
  out.batches_pending = out.batches_final = out.batches_reverted = 0;
  out.amount_pending = 0;
  for (const auto& b : w.settlement().batches()) {
    if (b.any_reverted) ++out.batches_reverted;
    if (b.final) {
      ++out.batches_final;
    } else {
      ++out.batches_pending;
      for (const auto& a : b.amount) out.amount_pending += a.raw();
    }
  }
}

}  // namespace

void fill(Snapshot& out, const run::LiveRun& live, const Request& request) {
  const auto& w = live.world();
  out.tick_s = live.tick_seconds();
  out.unit = std::pow(10.0, w.spec().token.decimals);
  out.now_s = static_cast<double>(live.now().ticks()) * out.tick_s;
  out.end_s = static_cast<double>(live.end().ticks()) * out.tick_s;
  out.finished = live.finished();
  out.events = live.events();
  out.seed = w.spec().seed;
  out.scenario = w.spec().name;
  fill_samples(out, live);
  fill_agents(out, w);
  out.recent.clear();
  for (std::size_t i = 0; i < live.recent_count(); ++i) {
    out.recent.push_back(view_of(live.recent(i), out.tick_s));
  }
  fill_pinned(out, live, request);
  fill_sessions(out, live, request);
  fill_market(out, w);
  fill_protocol(out, w);
}

void TripleBuffer::publish() noexcept {
  back_ = middle_.exchange(back_ | kFresh, std::memory_order_acq_rel) & ~kFresh;
}

bool TripleBuffer::take() noexcept {
  if ((middle_.load(std::memory_order_acquire) & kFresh) == 0) return false;
  front_ = middle_.exchange(front_, std::memory_order_acq_rel) & ~kFresh;
  return true;
}

}  // namespace coordsim::viz
