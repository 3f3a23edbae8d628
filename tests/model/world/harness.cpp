#include "harness.hpp"

#include <cstdio>

#include <algorithm>
#include <sstream>

#include "model/ledger/invariant.hpp"

namespace coordsim::model::world::test {

using ledger::Amount;
using ledger::Asset;
using ledger::Wide;

namespace {

std::string at(SimTime t) { return "t=" + std::to_string(t.ticks()); }
std::string sid(SessionId s) { return "session " + std::to_string(s.value()); }

bool is_spend(ActionKind k) {
  return k == ActionKind::kTransfer || k == ActionKind::kSwap || k == ActionKind::kInfer ||
         k == ActionKind::kDrain || k == ActionKind::kRouterDrain;
}

sessions::Action action_of(ActionKind k) {
  switch (k) {
    case ActionKind::kSwap:
    case ActionKind::kRouterDrain:  // the router spends an approval to swap through the market
      return sessions::Action::kSwap;
    case ActionKind::kInfer:
      return sessions::Action::kInfer;
    default:
      return sessions::Action::kTransfer;  // transfers and the attacker's drains
  }
}

// The kernel's model in every_event mode: the world, then the invariant checker after each
// event, as sim/run does.
struct CheckedWorld {
  World* w;
  InvariantChecker* checker;
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    w->handle(e, s);
    checker->check(*w, s.now(), s.committed() + 1, "after an event");
  }
};

}  // namespace

scenario::Spec world_with_seed(std::string_view yaml, std::string_view name, std::uint64_t seed,
                               const std::vector<std::string>& overrides) {
  std::printf("[ seed     ] %llu\n", static_cast<unsigned long long>(seed));
  std::vector<std::string> all;
  all.reserve(overrides.size() + 1);
  all.push_back("seed=" + std::to_string(seed));
  for (const auto& o : overrides) all.push_back(o);
  return scenario::load_string(yaml, name, all);
}

scenario::Spec small_world(std::uint64_t seed, const std::vector<std::string>& overrides) {
  return world_with_seed(kSmallWorld, "world-property.yaml", seed, overrides);
}

void ActionProbe::problem(const ActionRecord& r, const std::string& what) {
  if (problems_.size() < 100) {
    problems_.push_back(at(r.time) + " " +
                        std::string(kActionNames[static_cast<std::size_t>(r.kind)]) + " by agent " +
                        std::to_string(r.actor.value()) + " through " + sid(SessionId{r.session}) +
                        ": " + what);
  }
}

void ActionProbe::on_action(const ActionRecord& r) {
  if (!is_spend(r.kind) || r.reason != sessions::Reason::kNone) return;
  ++applied_checked_;
  // Logged session ids are global: the domain in the top 8 bits, the store's id below.
  const std::uint32_t domain = r.session >> 24U;
  if (domain >= w_->domain_count()) return problem(r, "applied without a session");
  const auto& st = w_->domain(domain).sessions;
  const SessionId s{r.session & 0xFFFFFFU};
  if (!st.contains(s)) return problem(r, "applied without a session");
  if (st.delegate(s) != r.actor) problem(r, "the actor is not the session's delegate");
  if (r.amount < Amount::zero()) problem(r, "negative amount");
  // The chain must be rooted at the principal whose money the agent spends.
  if (st.principal(st.root(s)) != w_->population().principal_of(r.actor)) {
    problem(r, "the chain's root principal is not the agent's funding principal");
  }
  if (acted_amount_.size() <= domain) {
    acted_amount_.resize(domain + 1);
    acted_calls_.resize(domain + 1);
  }
  if (acted_amount_[domain].size() <= s.value()) {
    acted_amount_[domain].resize(s.value() + 1, 0);
    acted_calls_[domain].resize(s.value() + 1, 0);
  }
  acted_amount_[domain][s.value()] += r.amount.raw();
  ++acted_calls_[domain][s.value()];
  const bool per_link = st.policy().cap_accounting == sessions::CapAccounting::kPerLink;
  const auto action = action_of(r.kind);
  for (SessionId link = s; link != sessions::kNoSession; link = st.parent(link)) {
    ++links_checked_;
    const std::string name = " (link " + std::to_string(link.value()) + ")";
    // Records arrive at the barrier after the slice: judge revocation at the action's time.
    if (st.revoked(link) && st.revoked_at(link) <= r.time) problem(r, "a link is revoked" + name);
    if (r.time < st.valid_after(link)) problem(r, "a link is not valid yet" + name);
    if (!(r.time < st.valid_until(link))) problem(r, "a link has expired" + name);
    if (st.depth(link) > st.policy().max_depth)
      problem(r, "a link is deeper than max_depth" + name);
    if (!st.actions(link).contains(action))
      problem(r, "the action is out of a link's scope" + name);
    if (!st.target_allowed(link, r.target))
      problem(r, "the target is not allowed by a link" + name);
    const auto caps = st.caps(link);
    if (r.amount > caps.per_action) problem(r, "the amount exceeds a link's per-action cap" + name);
    // The spend is already charged: the counters include it.
    if (per_link || link == s) {
      if (st.spent_total(link) > caps.total)
        problem(r, "a link is charged past its total cap" + name);
      if (st.calls_made(link) > caps.calls)
        problem(r, "a link made more calls than its cap" + name);
      if (st.spent_in_period(link, r.time) > caps.per_period)
        problem(r, "a link is past its per-period cap" + name);
    }
  }
  const SimTime since = w_->households().compromised_since(r.actor);
  if (r.kind == ActionKind::kDrain) {
    if (!(since <= r.time)) problem(r, "a drain by an agent that was not compromised");
    if (r.target != w_->attacker()) problem(r, "a drain to someone other than the attacker");
    drained_[index(r.actor)] += r.amount;
    drained_total_ += r.amount.raw();
  } else if (r.kind == ActionKind::kRouterDrain) {
    // The router-bug attacker does not need the agent's key: compromised or not.
    if (r.target != w_->market()) problem(r, "a router drain authorised for a non-market target");
    router_total_ += r.amount.raw();
  } else if (since <= r.time) {
    problem(r, "the owner's behaviour acted after the agent was compromised");
  }
}

namespace {
void check_domain_sessions(const sessions::SessionStore& st, SimTime now, DomainSessionMemory& m,
                           std::vector<std::string>& problems) {
  const std::size_t n = st.size();
  m.dead.resize(n, 0);
  m.spent_when_dead.resize(n);
  m.calls_when_dead.resize(n, 0);
  m.until_when_dead.resize(n);
  m.revoked.resize(n, 0);
  m.revoked_at.resize(n);
  const bool per_link = st.policy().cap_accounting == sessions::CapAccounting::kPerLink;
  auto fail = [&](SessionId s, const std::string& what) {
    if (problems.size() < 100) problems.push_back(at(now) + " " + sid(s) + ": " + what);
  };
  // Per-link accounting charges every ancestor with its descendants' spending, so a parent has
  // spent at least what its children have, together.
  std::vector<Wide> children_spent(per_link ? n : 0, 0);
  std::vector<std::uint64_t> children_calls(per_link ? n : 0, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const SessionId s{i};
    const auto caps = st.caps(s);
    const Amount spent = st.spent_total(s);
    if (spent < Amount::zero()) fail(s, "negative spending");
    if (caps.total != sessions::kUnlimited && spent > caps.total) {
      fail(s, "spent " + ledger::to_string(spent.raw()) + " past its total cap " +
                  ledger::to_string(caps.total.raw()));
    }
    if (caps.calls != sessions::kUnlimitedCalls && st.calls_made(s) > caps.calls)
      fail(s, "more calls than its cap");
    if (st.valid_after(s) < st.created_at(s)) fail(s, "valid before it was granted");
    if (!(st.valid_after(s) < st.valid_until(s))) fail(s, "an empty validity window");
    if (st.depth(s) > st.policy().max_depth) fail(s, "deeper than max_depth");

    const SessionId p = st.parent(s);
    if (p == sessions::kNoSession) {
      if (st.depth(s) != 0) fail(s, "a root grant with depth > 0");
    } else {
      if (!(p < s)) fail(s, "a parent with a larger id");
      if (st.depth(s) != st.depth(p) + 1) fail(s, "depth is not its parent's + 1");
      if (!sessions::caps_within(caps, st.caps(p))) fail(s, "caps larger than its parent's");
      if (caps.total > st.caps(p).total) fail(s, "total cap larger than its parent's");
      if (st.valid_until(s) > st.valid_until(p)) fail(s, "expires after its parent");
      if (st.valid_after(s) < st.valid_after(p)) fail(s, "valid before its parent");
      if (!st.actions(s).subset_of(st.actions(p))) fail(s, "actions beyond its parent's");
      if (!st.any_target(p)) {
        if (st.any_target(s)) fail(s, "any target under a parent with a target list");
        for (const auto t : st.targets(s)) {
          if (!st.target_allowed(p, t)) fail(s, "a target its parent does not allow");
        }
      }
      if (st.delegate(p) != st.principal(s))
        fail(s, "sub-delegated by someone other than its parent's delegate");
      // Revocation cascades: a revoked parent has no unrevoked child.
      if (st.revoked(p) && !st.revoked(s)) fail(s, "alive under a revoked parent");
      if (st.revoked(p) && st.revoked(s) && st.revoked_at(s) > st.revoked_at(p)) {
        // A child created before its parent's revocation is revoked with it, not later.
        fail(s, "revoked after its parent");
      }
      if (per_link) {
        children_spent[p.value()] += spent.raw();
        children_calls[p.value()] += st.calls_made(s);
      }
    }

    // Revocation is monotone: once seen revoked, it stays revoked, at the same time.
    if (m.revoked[i] != 0) {
      if (!st.revoked(s) || st.revoked_at(s) != m.revoked_at[i])
        fail(s, "revocation undone or moved");
    } else if (st.revoked(s)) {
      m.revoked[i] = 1;
      m.revoked_at[i] = st.revoked_at(s);
      if (st.revoked_at(s) > now) fail(s, "revoked in the future");
    }

    // Nothing is spent through a dead link once dead (extend() may legitimately revive an
    // expired-looking link by moving valid_until later, so a moved expiry starts over).
    const bool dead = st.revoked(s) || !(now < st.valid_until(s));
    if (m.dead[i] != 0 && m.until_when_dead[i] == st.valid_until(s)) {
      if (st.spent_total(s) != m.spent_when_dead[i] || st.calls_made(s) != m.calls_when_dead[i]) {
        fail(s, "spent " + ledger::to_string(st.spent_total(s).raw() - m.spent_when_dead[i].raw()) +
                    " more after it was dead (revoked or expired)");
      }
    } else if (dead) {
      m.dead[i] = 1;
      m.spent_when_dead[i] = st.spent_total(s);
      m.calls_when_dead[i] = st.calls_made(s);
      m.until_when_dead[i] = st.valid_until(s);
    }
  }
  if (per_link) {
    for (std::uint32_t i = 0; i < n; ++i) {
      const SessionId s{i};
      if (children_spent[i] > st.spent_total(s).raw())
        fail(s, "its children spent more than it was charged");
      if (children_calls[i] > st.calls_made(s))
        fail(s, "its children made more calls than it was charged");
    }
  }
}
}  // namespace

void check_sessions(const World& w, SimTime now, SessionMemory& m,
                    std::vector<std::string>& problems) {
  m.domains.resize(w.domain_count());
  for (std::uint32_t d = 0; d < w.domain_count(); ++d)
    check_domain_sessions(w.domain(d).sessions, now, m.domains[d], problems);
}

void check_conservation(const World& w, SimTime now, std::vector<std::string>& problems) {
  const auto& l = w.ledger();
  auto fail = [&](const std::string& what) {
    if (problems.size() < 100) problems.push_back(at(now) + " " + what);
  };
  Wide token = l.burned(Asset::kToken).raw();
  for (const auto b : {ledger::Bucket::kLiquid, ledger::Bucket::kStaked, ledger::Bucket::kUnbonding,
                       ledger::Bucket::kLocked}) {
    for (const Amount a : l.column(b)) {
      if (a < Amount::zero()) fail("a negative " + std::string(ledger::to_string(b)) + " balance");
      token += a.raw();
    }
  }
  Wide quote = l.burned(Asset::kQuote).raw();
  for (const Amount a : l.quote_column()) {
    if (a < Amount::zero()) fail("a negative quote balance");
    quote += a.raw();
  }
  // Value sent between actors is outside the ledger until delivered.
  if (w.in_flight(Asset::kToken) < 0 || w.in_flight(Asset::kQuote) < 0)
    fail("negative value in flight");
  token += w.in_flight(Asset::kToken);
  quote += w.in_flight(Asset::kQuote);
  if (token != l.supply(Asset::kToken).raw()) {
    fail("token conservation: accounts + burned = " + ledger::to_string(token) + ", supply " +
         ledger::to_string(l.supply(Asset::kToken).raw()));
  }
  if (quote != l.supply(Asset::kQuote).raw()) {
    fail("quote conservation: accounts + burned = " + ledger::to_string(quote) + ", supply " +
         ledger::to_string(l.supply(Asset::kQuote).raw()));
  }
  if (l.supply(Asset::kToken) != w.spec().token.supply)
    fail("the token supply is not the scenario's genesis supply");
  // No mint through the back door: the attacker's account holds only what was drained, through
  // stolen keys and through the router bug.
  const Amount attacker = l.liquid(l.account(ledger::ProtocolAccount::kAttacker));
  if (attacker.raw() > w.counters()[Counter::kValueTaken] + w.counters()[Counter::kRouterBugTaken])
    fail("the attacker holds more than value_taken + router_bug_taken");
  if (w.counters()[Counter::kFeeSplitFailures] != 0)
    fail("a fee split did not sum to the fee (budget balance)");
}

void check_accounting(const World& w, const ActionProbe& probe,
                      std::vector<std::string>& problems) {
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    const auto& st = w.domain(d).sessions;
    const bool per_link = st.policy().cap_accounting == sessions::CapAccounting::kPerLink;
    const std::size_t n = st.size();
    std::vector<Wide> amount(n, 0);
    std::vector<std::uint64_t> calls(n, 0);
    // Children have larger ids than their parents: a backward pass folds each subtree upwards.
    for (std::size_t i = n; i-- > 0;) {
      const SessionId s{static_cast<std::uint32_t>(i)};
      amount[i] += probe.acted_amount(d, s);
      calls[i] += probe.acted_calls(d, s);
      const SessionId p = st.parent(s);
      if (per_link && p != sessions::kNoSession) {
        amount[p.value()] += amount[i];
        calls[p.value()] += calls[i];
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      const SessionId s{static_cast<std::uint32_t>(i)};
      if (st.spent_total(s).raw() != amount[i] || st.calls_made(s) != calls[i]) {
        if (problems.size() < 100) {
          problems.push_back(sid(s) + ": charged " + ledger::to_string(st.spent_total(s).raw()) +
                             " in " + std::to_string(st.calls_made(s)) +
                             " calls, but the applied actions charged to it total " +
                             ledger::to_string(amount[i]) + " in " + std::to_string(calls[i]) +
                             " calls");
        }
      }
    }
  }
}

void check_blast_radius(const World& w, const ActionProbe& probe,
                        std::vector<std::string>& problems) {
  auto fail = [&](const std::string& what) {
    if (problems.size() < 100) problems.push_back(what);
  };
  // Each agent's sessions that were alive at its compromise: the caps the attacker inherits.
  std::vector<Wide> bound(w.agent_count(), 0);
  std::vector<std::uint8_t> unbounded(w.agent_count(), 0);
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    const auto& st = w.domain(d).sessions;
    for (std::uint32_t i = 0; i < st.size(); ++i) {
      const SessionId s{i};
      const kernel::AgentId a = st.delegate(s);
      if (a.value() >= w.agent_count()) continue;
      const SimTime since = w.households().compromised_since(a);
      if (since == SimTime::never()) continue;
      if (!(since < st.valid_until(s))) continue;                // expired before
      if (st.revoked(s) && st.revoked_at(s) <= since) continue;  // revoked before
      if (st.caps(s).total == sessions::kUnlimited) {
        unbounded[a.value()] = 1;
      } else {
        bound[a.value()] += st.caps(s).total.raw();
      }
    }
  }
  Wide total_bound = 0;
  for (std::uint32_t a = 0; a < w.agent_count(); ++a) {
    const kernel::AgentId id{a};
    const Amount took = probe.drained(id);
    if (w.households().compromised_since(id) == SimTime::never()) {
      if (took > Amount::zero())
        fail("agent " + std::to_string(a) + " drained without being compromised");
      continue;
    }
    total_bound += bound[a];
    if (unbounded[a] == 0 && took.raw() > bound[a]) {
      fail("agent " + std::to_string(a) + " drained " + ledger::to_string(took.raw()) +
           " > the sum of its compromised sessions' total caps " + ledger::to_string(bound[a]));
    }
  }
  const std::int64_t taken = w.counters()[Counter::kValueTaken];
  if (probe.drained_total() != taken) {
    fail("value_taken " + std::to_string(taken) + " != the drains recorded " +
         ledger::to_string(probe.drained_total()));
  }
  if (taken > total_bound) {
    fail("value_taken " + std::to_string(taken) + " > the compromised chains' caps " +
         ledger::to_string(total_bound));
  }
  const std::int64_t router = w.counters()[Counter::kRouterBugTaken];
  if (probe.router_total() != router) {
    fail("router_bug_taken " + std::to_string(router) + " != the router drains recorded " +
         ledger::to_string(probe.router_total()));
  }
}

Harness::Harness(const scenario::Spec& spec)
    : world_(std::make_unique<World>(spec)),
      probe_(std::make_unique<ActionProbe>(*world_)),
      scheduler_(std::make_unique<kernel::Scheduler>(world_->actor_count(), world_->block())) {
  world_->set_action_sink(probe_.get());
  world_->seed_events(*scheduler_);
}

bool Harness::run(SimDuration slice) {
  World& w = *world_;
  const bool every_event = w.spec().invariants.check == scenario::InvariantCheck::kEveryEvent;
  CheckedWorld checked{&w, &checker_};
  SimTime t = SimTime::zero();
  try {
    checker_.check(w, t, 0, "start");
    while (t < w.end()) {
      const SimTime next = std::min(t + slice, w.end());
      if (every_event) {
        scheduler_->run_until(checked, next);
      } else {
        scheduler_->run_until(w, next);
      }
      // Logged actions and interactions reach the sinks at barriers, as in sim/run.
      w.at_barrier();
      t = next;
      checker_.check(w, t, scheduler_->committed(), "slice");
      check_conservation(w, t, problems_);
      check_sessions(w, t, memory_, problems_);
      if (!problems_.empty()) break;
    }
  } catch (const ledger::InvariantViolationError& e) {
    problems_.push_back(std::string("InvariantChecker: ") + e.what());
  }
  for (const auto& p : probe_->problems()) problems_.push_back(p);
  check_accounting(w, *probe_, problems_);
  check_blast_radius(w, *probe_, problems_);
  return problems_.empty();
}

std::string describe(const std::vector<std::string>& problems, std::size_t limit) {
  std::ostringstream out;
  out << problems.size() << " problem(s)";
  for (std::size_t i = 0; i < problems.size() && i < limit; ++i) out << "\n  " << problems[i];
  return out.str();
}

}  // namespace coordsim::model::world::test
