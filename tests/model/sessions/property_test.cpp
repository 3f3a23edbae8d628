// Random grant / sub-delegate / spend / revoke / renew / time sequences over many seeds, checked
// step by step against an independent reference model that keeps a log of every applied spend
// instead of counters, and recomputes each check from first principles. Prints the seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "kernel/rng.hpp"

namespace coordsim::model::sessions::testing {
namespace {

struct Spend {
  SimTime at;
  Amount amount;
};

struct RefSession {
  AgentId principal;
  AgentId delegate;
  int parent = -1;
  std::uint32_t depth = 0;
  ActionSet actions;
  bool any_target = true;
  std::set<AgentId> targets;
  Caps caps;
  SimTime valid_after;
  SimTime valid_until;
  bool revoked = false;
  std::vector<Spend> direct;  // spends with this session as the acting one
  std::vector<int> children;
  bool frozen = false;      // some link of its chain was revoked
  Wide frozen_through = 0;  // what had gone through it when that happened
};

class Reference {
 public:
  Reference(const Policy& p) : policy_(p) {}
  std::vector<RefSession> s;

  std::vector<int> path(int i) const {  // root .. i
    std::vector<int> p;
    for (int l = i; l >= 0; l = s[static_cast<std::size_t>(l)].parent) p.push_back(l);
    std::reverse(p.begin(), p.end());
    return p;
  }
  const RefSession& at_(int i) const { return s[static_cast<std::size_t>(i)]; }
  RefSession& at_(int i) { return s[static_cast<std::size_t>(i)]; }

  void subtree(int i, std::vector<int>& out) const {
    out.push_back(i);
    for (int c : at_(i).children) subtree(c, out);
  }
  static SimTime window_start(const RefSession& r, SimTime now) {
    if (r.caps.period.ticks() == 0) return SimTime::zero();
    const auto k = (now - r.valid_after).ticks() / r.caps.period.ticks();
    return r.valid_after + r.caps.period * k;
  }
  // Spent by the sessions `who`, all of it and within `link`'s current window.
  void sums(const std::vector<int>& who, const RefSession& link, SimTime now, Wide& total,
            Wide& in_window, Wide& calls) const {
    const SimTime w = window_start(link, now);
    for (int j : who) {
      for (const Spend& sp : at_(j).direct) {
        total += sp.amount.raw();
        calls += 1;
        if (sp.at >= w) in_window += sp.amount.raw();
      }
    }
  }
  Wide through(int i) const {
    std::vector<int> sub;
    subtree(i, sub);
    Wide t = 0, w = 0, c = 0;
    sums(sub, at_(i), SimTime::zero(), t, w, c);
    return t;
  }
  static bool over(Amount cap, Wide used_plus_amount) {
    return !is_unlimited(cap) && used_plus_amount > cap.raw();
  }

  Decision authorize(int i, AgentId actor, Action action, AgentId target, Amount amount,
                     SimTime now) const {
    if (at_(i).delegate != actor)
      return Decision{Reason::kNotDelegate, SessionId{static_cast<std::uint32_t>(i)}};
    const bool per_link = policy_.cap_accounting == CapAccounting::kPerLink;
    Decision best{Reason::kCount, kNoSession};
    const auto p = path(i);
    // Visit root first; on a tie keep the earlier (rootward) link.
    for (int l : p) {
      const RefSession& r = at_(l);
      std::vector<Reason> fails;
      if (r.revoked) fails.push_back(Reason::kRevoked);
      if (now >= r.valid_until) fails.push_back(Reason::kExpired);
      if (r.depth > policy_.max_depth) fails.push_back(Reason::kDepthExceeded);
      if (now < r.valid_after) fails.push_back(Reason::kNotYetValid);
      if (!r.actions.contains(action)) fails.push_back(Reason::kOutOfScope);
      if (!r.any_target && target != kNoAgent && r.targets.count(target) == 0) {
        fails.push_back(Reason::kTargetNotAllowed);
      }
      if (amount > r.caps.per_action) fails.push_back(Reason::kCapExceeded);
      if (per_link && now >= r.valid_after) {
        std::vector<int> sub;
        subtree(l, sub);
        Wide t = 0, w = 0, c = 0;
        sums(sub, r, now, t, w, c);
        if (over(r.caps.total, t + amount.raw()) || over(r.caps.per_period, w + amount.raw()) ||
            (r.caps.calls != kUnlimitedCalls && c + 1 > static_cast<Wide>(r.caps.calls))) {
          fails.push_back(Reason::kCapExceeded);
        }
      }
      for (Reason f : fails) {
        if (f < best.reason) best = Decision{f, SessionId{static_cast<std::uint32_t>(l)}};
      }
    }
    if (!per_link && Reason::kCapExceeded < best.reason) {
      Amount min_total = kUnlimited, min_period = kUnlimited;
      std::uint64_t min_calls = kUnlimitedCalls;
      Wide t = 0, w = 0, c = 0;
      for (int l : p) {
        const RefSession& r = at_(l);
        min_total = std::min(min_total, r.caps.total);
        min_period = std::min(min_period, r.caps.per_period);
        min_calls = std::min(min_calls, r.caps.calls);
        Wide tt = 0, ww = 0, cc = 0;
        sums({l}, r, now, tt, ww, cc);
        t += tt;
        w += ww;
        c += cc;
      }
      if (over(min_total, t + amount.raw()) || over(min_period, w + amount.raw()) ||
          (min_calls != kUnlimitedCalls && c + 1 > static_cast<Wide>(min_calls))) {
        best = Decision{Reason::kCapExceeded, SessionId{static_cast<std::uint32_t>(i)}};
      }
    }
    return best.reason == Reason::kCount ? Decision{} : best;
  }

  bool chain_revoked(int i) const {
    for (int l : path(i)) {
      if (at_(l).revoked) return true;
    }
    return false;
  }
  bool live(int i, SimTime now) const {
    for (int l : path(i)) {
      const RefSession& r = at_(l);
      if (r.revoked || now >= r.valid_until || r.depth > policy_.max_depth) return false;
    }
    return true;
  }
  void freeze_new() {  // snapshot sessions whose chain just became revoked
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (!s[i].frozen && chain_revoked(static_cast<int>(i))) {
        s[i].frozen = true;
        s[i].frozen_through = through(static_cast<int>(i));
      }
    }
  }

 private:
  Policy policy_;
};

struct Gen {
  std::uint64_t key;
  std::uint64_t counter = 0;
  kernel::Rng rng() { return kernel::Rng(key, counter); }
  std::uint32_t below(std::uint32_t n) { return rng().below(n); }
  bool chance(double p) { return rng().bernoulli(p); }
};

ActionSet random_actions(Gen& g) {
  // Mostly trade actions plus sub-delegation, so that chains form and spends succeed.
  ActionSet a;
  for (Action x :
       {Action::kSwap, Action::kTransfer, Action::kInfer, Action::kSubdelegate, Action::kStake}) {
    if (g.chance(0.7)) a.add(x);
  }
  return a;
}

Scope random_scope(Gen& g) {
  Scope sc = Scope::any(random_actions(g));
  if (g.chance(0.5)) {
    sc.any_target = false;
    for (std::uint32_t t = 100; t < 106; ++t) {
      if (g.chance(0.5)) sc.targets.push_back(AgentId{t});
    }
  }
  return sc;
}

Amount random_cap(Gen& g, double unlimited, std::uint32_t range) {
  return g.chance(unlimited) ? kUnlimited : amt(g.below(range));
}

Caps random_caps(Gen& g) {
  Caps c;
  c.per_action = random_cap(g, 0.4, 60);
  c.total = random_cap(g, 0.15, 400);
  if (g.chance(0.5)) {
    c.per_period = amt(g.below(150));
    c.period = ticks(1 + g.below(60));
  }
  c.calls = g.chance(0.6) ? kUnlimitedCalls : g.below(30);
  return c;
}

std::optional<SimDuration> random_ttl(Gen& g) {
  if (g.chance(0.2)) return std::nullopt;
  if (g.chance(0.05)) return kForever;
  return ticks(1 + g.below(300));
}

AgentId random_agent(Gen& g) { return AgentId{10 + g.below(8)}; }

void check_static_invariants(const SessionStore& store, const Reference& ref, const Policy& policy,
                             SimTime now, std::uint64_t seed) {
  const bool per_link = policy.cap_accounting == CapAccounting::kPerLink;
  for (std::uint32_t n = 0; n < store.size(); ++n) {
    const SessionId id{n};
    const int i = static_cast<int>(n);
    const RefSession& r = ref.at_(i);
    // Attenuation: a child is within its parent.
    if (r.parent >= 0) {
      const RefSession& p = ref.at_(r.parent);
      ASSERT_EQ(store.parent(id), SessionId{static_cast<std::uint32_t>(r.parent)}) << seed;
      ASSERT_TRUE(r.actions.subset_of(p.actions)) << seed;
      if (!p.any_target) {
        ASSERT_FALSE(r.any_target) << seed;
        for (AgentId t : r.targets) ASSERT_EQ(p.targets.count(t), 1U) << seed;
      }
      ASSERT_TRUE(caps_within(r.caps, p.caps)) << seed;
      ASSERT_LE(r.valid_until, p.valid_until) << seed;
      ASSERT_GE(r.valid_after, p.valid_after) << seed;
      ASSERT_EQ(r.depth, p.depth + 1) << seed;
      ASSERT_LE(r.depth, policy.max_depth) << seed;
    }
    // Caps hold on every link, from the spend log.
    if (per_link) {
      std::vector<int> sub;
      ref.subtree(i, sub);
      Wide t = 0, w = 0, c = 0;
      ref.sums(sub, r, now >= r.valid_after ? now : r.valid_after, t, w, c);
      ASSERT_EQ(Wide{store.spent_total(id).raw()}, t) << seed;
      ASSERT_EQ(static_cast<Wide>(store.calls_made(id)), c) << seed;
      if (!is_unlimited(r.caps.total)) {
        ASSERT_LE(t, r.caps.total.raw()) << seed;
      }
      if (!is_unlimited(r.caps.per_period) && now >= r.valid_after) {
        ASSERT_LE(w, r.caps.per_period.raw()) << seed;
        ASSERT_EQ(Wide{store.spent_in_period(id, now).raw()}, w) << seed;
      }
      if (r.caps.calls != kUnlimitedCalls) {
        ASSERT_LE(c, static_cast<Wide>(r.caps.calls)) << seed;
      }
    } else {
      // The path aggregate may exceed a link's cap that was granted after the rootward links
      // spent (that link simply has no room); the cap property is checked when a spend applies.
      Wide own_t = 0, own_w = 0, own_c = 0;
      ref.sums({i}, r, SimTime::zero(), own_t, own_w, own_c);
      ASSERT_EQ(Wide{store.spent_total(id).raw()}, own_t) << seed;
      ASSERT_EQ(static_cast<Wide>(store.calls_made(id)), own_c) << seed;
    }
    // After revocation nothing more went through the chain.
    if (r.frozen) {
      ASSERT_EQ(ref.through(i), r.frozen_through) << seed;
    }
    ASSERT_EQ(store.is_live(id, now), ref.live(i, now)) << seed;
  }
}

Exposure reference_exposure(const Reference& ref, const Policy& policy, SimTime now) {
  Exposure e;
  for (std::size_t n = 0; n < ref.s.size(); ++n) {
    const int i = static_cast<int>(n);
    if (!ref.live(i, now)) continue;
    if (policy.cap_accounting == CapAccounting::kPerLink) {
      if (ref.s[n].parent >= 0) continue;
      if (is_unlimited(ref.s[n].caps.total)) {
        ++e.unlimited;
      } else {
        e.bounded += std::max(Wide{0}, ref.s[n].caps.total.raw() - ref.through(i));
      }
      continue;
    }
    Amount m = kUnlimited;
    Wide t = 0;
    for (int l : ref.path(i)) {
      m = std::min(m, ref.at_(l).caps.total);
      Wide tt = 0, ww = 0, cc = 0;
      ref.sums({l}, ref.at_(l), SimTime::zero(), tt, ww, cc);
      t += tt;
    }
    if (is_unlimited(m)) {
      ++e.unlimited;
    } else {
      e.bounded += std::max(Wide{0}, m.raw() - t);
    }
  }
  return e;
}

/// What the random sequences exercised, so that a run shows the properties were not vacuous.
struct Tally {
  std::array<std::uint64_t, kReasonCount> reasons{};
  std::uint64_t grants = 0;
  std::uint64_t subdelegations = 0;
  std::uint64_t max_depth_seen = 0;
  Wide drained = 0;
};

void run_seed(std::uint64_t seed, CapAccounting accounting, Tally& tally) {
  Gen g{kernel::stream_key(seed, 4711)};
  Policy policy = test_policy(accounting);
  policy.max_ttl = ticks(200);
  policy.default_ttl = ticks(80);
  policy.max_depth = 1 + g.below(4);
  policy.allow_unlimited = g.chance(0.5);
  policy.allow_never_expiring = g.chance(0.3);
  policy.default_caps = caps(40, 200);
  SessionStore store(policy);
  Reference ref(policy);
  SimTime now = at(0);
  std::uint64_t applied = 0;

  for (int step = 0; step < 300; ++step) {
    const std::uint32_t op = g.below(100);
    const bool any = store.size() > 0;
    if (op < 10 || !any) {  // root grant
      const AgentId principal{g.below(3)};
      const AgentId delegate = random_agent(g);
      const Scope sc = random_scope(g);
      const Terms t{g.chance(0.2) ? std::optional<Caps>{} : random_caps(g), random_ttl(g),
                    ticks(g.chance(0.7) ? 0 : g.below(30))};
      const GrantResult res = store.grant(principal, delegate, sc, t, now);
      // Expected policy decision.
      const Caps c = t.caps.value_or(policy.default_caps);
      const SimDuration ttl = t.ttl.value_or(policy.default_ttl);
      GrantError expect = GrantError::kNone;
      if (ttl == kForever) {
        if (!policy.allow_never_expiring) expect = GrantError::kNeverExpiringNotAllowed;
      } else if (ttl > policy.max_ttl) {
        expect = GrantError::kTtlExceedsMax;
      }
      if (expect == GrantError::kNone && is_unlimited(c.total) && !policy.allow_unlimited) {
        expect = GrantError::kUnlimitedNotAllowed;
      }
      ASSERT_EQ(res.error, expect) << "seed " << seed << " step " << step;
      if (!res.ok()) continue;
      RefSession r;
      r.principal = principal;
      r.delegate = delegate;
      r.actions = sc.actions;
      r.any_target = sc.any_target;
      r.targets.insert(sc.targets.begin(), sc.targets.end());
      r.caps = c;
      r.valid_after = now + t.start_delay;
      r.valid_until = ttl == kForever ? SimTime::never() : r.valid_after + ttl;
      ASSERT_EQ(res.valid_after, r.valid_after) << seed;
      ASSERT_EQ(res.valid_until, r.valid_until) << seed;
      ASSERT_EQ(store.actions(res.id), r.actions) << seed;
      ++tally.grants;
      ref.s.push_back(r);
    } else if (op < 25) {  // sub-delegation
      const int p = static_cast<int>(g.below(static_cast<std::uint32_t>(store.size())));
      const SessionId ps{static_cast<std::uint32_t>(p)};
      const AgentId holder = g.chance(0.85) ? ref.at_(p).delegate : random_agent(g);
      const std::optional<Scope> sc = g.chance(0.3) ? std::optional<Scope>{} : random_scope(g);
      const Terms t{g.chance(0.3) ? std::optional<Caps>{} : random_caps(g), random_ttl(g),
                    ticks(0)};
      const GrantResult res = store.subdelegate(ps, holder, random_agent(g), sc, t, now);
      const Decision can =
          ref.authorize(p, holder, Action::kSubdelegate, kNoAgent, Amount::zero(), now);
      const bool chain_ok = can.applied() || can.reason == Reason::kCapExceeded;
      if (!res.ok()) {
        // A refusal names a real obstacle.
        const bool depth = ref.at_(p).depth + 1 > policy.max_depth;
        ASSERT_TRUE(!chain_ok || depth || res.error == GrantError::kExpired ||
                    res.error == GrantError::kTtlExceedsMax ||
                    res.error == GrantError::kNeverExpiringNotAllowed ||
                    res.error == GrantError::kUnlimitedNotAllowed)
            << "seed " << seed << " step " << step << " " << to_string(res.error);
        continue;
      }
      ASSERT_TRUE(chain_ok) << "seed " << seed << " step " << step;
      ++tally.subdelegations;
      tally.max_depth_seen = std::max<std::uint64_t>(tally.max_depth_seen, store.depth(res.id));
      const RefSession& parent = ref.at_(p);
      RefSession r;
      r.principal = holder;
      r.delegate = store.delegate(res.id);
      r.parent = p;
      r.depth = parent.depth + 1;
      r.actions = store.actions(res.id);
      r.any_target = store.any_target(res.id);
      for (AgentId a : store.targets(res.id)) r.targets.insert(a);
      r.caps = store.caps(res.id);
      r.valid_after = res.valid_after;
      r.valid_until = res.valid_until;
      // Clamped exactly to the intersection of the request and the parent.
      const Scope want = sc.value_or(Scope::any(parent.actions));
      ASSERT_EQ(r.actions, want.actions & parent.actions) << seed;
      const Caps req = t.caps.value_or(parent.caps);
      ASSERT_EQ(r.caps.total, std::min(req.total, parent.caps.total)) << seed;
      ASSERT_EQ(r.caps.per_action, std::min(req.per_action, parent.caps.per_action)) << seed;
      ASSERT_EQ(r.caps.calls, std::min(req.calls, parent.caps.calls)) << seed;
      for (AgentId a : r.targets) {
        ASSERT_TRUE(want.any_target || std::count(want.targets.begin(), want.targets.end(), a) > 0)
            << seed;
      }
      ref.s.push_back(r);
      ref.at_(p).children.push_back(static_cast<int>(ref.s.size()) - 1);
    } else if (op < 80) {  // an action
      // Favour recent sessions (deeper chains) and the rightful actor.
      const auto n = static_cast<std::uint32_t>(store.size());
      const std::uint32_t pick =
          g.chance(0.5) ? n - 1 - g.below(std::min<std::uint32_t>(n, 5)) : g.below(n);
      const int i = static_cast<int>(pick);
      const SessionId s{pick};
      const AgentId actor = g.chance(0.92) ? ref.at_(i).delegate : random_agent(g);
      const Action action =
          g.chance(0.8) ? Action::kSwap : static_cast<Action>(g.below(kActionCount));
      const AgentId target = g.chance(0.2) ? kNoAgent : AgentId{100 + g.below(6)};
      const Amount amount = amt(g.chance(0.1) ? g.below(300) : g.below(40));
      const bool funded = g.chance(0.93);
      const Decision expect = ref.authorize(i, actor, action, target, amount, now);
      const Decision pre = store.authorize(s, actor, action, target, amount, now);
      ASSERT_EQ(pre, expect) << "seed " << seed << " step " << step << " store "
                             << to_string(pre.reason) << " ref " << to_string(expect.reason);
      if (pre.applied() && store.parent(s) != kNoSession) {
        // A child's authority never exceeds its parent's.
        const SessionId p = store.parent(s);
        ASSERT_TRUE(store.authorize(p, store.delegate(p), action, target, amount, now).applied())
            << "seed " << seed << " step " << step;
      }
      const Decision d =
          store.try_spend(s, actor, action, target, amount, now, [&] { return funded; });
      ++tally.reasons[static_cast<std::size_t>(d.reason)];
      if (pre.applied()) {
        ASSERT_EQ(d.reason, funded ? Reason::kNone : Reason::kInsufficientFunds) << seed;
      } else {
        ASSERT_EQ(d, pre) << seed;
      }
      if (d.applied()) {
        // Never outside a valid chain.
        for (int l : ref.path(i)) {
          const RefSession& r = ref.at_(l);
          ASSERT_FALSE(r.revoked) << seed;
          ASSERT_TRUE(r.valid_after <= now && now < r.valid_until) << seed;
          ASSERT_TRUE(r.actions.contains(action)) << seed;
          ASSERT_LE(r.depth, policy.max_depth) << seed;
        }
        ref.at_(i).direct.push_back(Spend{now, amount});
        ++applied;
        if (policy.cap_accounting == CapAccounting::kChain) {
          // After the spend the chain's aggregate is still within its tightest caps.
          Amount min_total = kUnlimited, min_period = kUnlimited;
          std::uint64_t min_calls = kUnlimitedCalls;
          Wide t = 0, w = 0, c = 0;
          for (int l : ref.path(i)) {
            const RefSession& r = ref.at_(l);
            ref.sums({l}, r, now, t, w, c);
            min_total = std::min(min_total, r.caps.total);
            min_period = std::min(min_period, r.caps.per_period);
            min_calls = std::min(min_calls, r.caps.calls);
          }
          if (!is_unlimited(min_total)) {
            ASSERT_LE(t, min_total.raw()) << seed;
          }
          if (!is_unlimited(min_period)) {
            ASSERT_LE(w, min_period.raw()) << seed;
          }
          if (min_calls != kUnlimitedCalls) {
            ASSERT_LE(c, static_cast<Wide>(min_calls)) << seed;
          }
        }
      }
    } else if (op < 86) {  // revocation
      const std::uint32_t pick = g.below(static_cast<std::uint32_t>(store.size()));
      if (g.chance(0.5)) {
        const bool fresh = store.revoke(SessionId{pick}, now);
        ASSERT_EQ(fresh, !ref.s[pick].revoked) << seed;
        ref.s[pick].revoked = true;
      } else {
        std::vector<int> sub;
        ref.subtree(static_cast<int>(pick), sub);
        std::size_t fresh = 0;
        for (int j : sub) {
          fresh += ref.at_(j).revoked ? 0U : 1U;
          ref.at_(j).revoked = true;
        }
        ASSERT_EQ(store.revoke_cascade(SessionId{pick}, now), fresh) << seed;
      }
      ref.freeze_new();
    } else if (op < 92) {  // renewal
      const std::uint32_t pick = g.below(static_cast<std::uint32_t>(store.size()));
      const SessionId s{pick};
      const int i = static_cast<int>(pick);
      const AgentId who = g.chance(0.9) ? ref.at_(i).principal : random_agent(g);
      const std::optional<SimDuration> ttl = random_ttl(g);
      if (g.chance(0.5)) {
        const SimTime before = ref.at_(i).valid_until;
        const GrantResult res = store.extend(s, who, now, ttl);
        if (res.ok()) {
          ASSERT_EQ(who, ref.at_(i).principal) << seed;
          ASSERT_TRUE(ref.live(i, now)) << seed;  // never revives a dead chain
          ASSERT_GE(res.valid_until, before) << seed;
          if (ref.at_(i).parent >= 0) {
            ASSERT_LE(res.valid_until, ref.at_(ref.at_(i).parent).valid_until) << seed;
          }
          ref.at_(i).valid_until = res.valid_until;
        } else {
          ASSERT_EQ(store.valid_until(s), before) << seed;
        }
      } else {
        const GrantResult res = store.renew(s, who, now, ttl);
        if (!res.ok()) continue;
        ASSERT_EQ(who, ref.at_(i).principal) << seed;
        ASSERT_FALSE(ref.at_(i).revoked) << seed;
        RefSession r = ref.at_(i);
        r.direct.clear();
        r.children.clear();
        r.frozen = false;
        r.revoked = false;
        r.frozen_through = 0;
        r.valid_after = res.valid_after;
        r.valid_until = res.valid_until;
        ASSERT_EQ(store.caps(res.id), r.caps) << seed;
        ASSERT_EQ(store.actions(res.id), r.actions) << seed;
        ASSERT_EQ(res.valid_after, now) << seed;
        ref.s.push_back(r);
        if (r.parent >= 0) ref.at_(r.parent).children.push_back(static_cast<int>(ref.s.size()) - 1);
        std::vector<int> sub;
        ref.subtree(i, sub);
        for (int j : sub) ref.at_(j).revoked = true;
        ref.freeze_new();
      }
    } else {  // time passes
      now = now + ticks(1 + g.below(25));
    }
    check_static_invariants(store, ref, policy, now, seed);
    if (::testing::Test::HasFatalFailure()) return;
    if (step % 10 == 0) {
      std::size_t live = 0;
      for (std::size_t n = 0; n < ref.s.size(); ++n)
        live += ref.live(static_cast<int>(n), now) ? 1U : 0U;
      ASSERT_EQ(store.live_sessions(now), live) << seed;
      const Exposure e = store.total_exposure(now);
      const Exposure x = reference_exposure(ref, policy, now);
      ASSERT_EQ(e.bounded, x.bounded) << seed;
      ASSERT_EQ(e.unlimited, x.unlimited) << seed;
    }
  }

  // Exposure bounds what can still be taken: drain every live session as fast as the caps let
  // (at this instant, then as time runs on) and compare.
  const Exposure before = store.total_exposure(now);
  Wide drained = 0;
  for (int round = 0; round < 40; ++round) {
    for (std::uint32_t n = 0; n < store.size(); ++n) {
      const SessionId s{n};
      if (store.actions(s).empty()) continue;
      // The first allowed action (the set is not empty, so the scan stops inside the enum).
      Action a = static_cast<Action>(0);
      while (!store.actions(s).contains(a)) a = static_cast<Action>(static_cast<int>(a) + 1);
      for (int k = 0; k < 50; ++k) {
        const Amount h = store.headroom(s, now);
        if (h == Amount::zero() || is_unlimited(h)) break;
        const Decision d =
            store.try_spend(s, store.delegate(s), a, kNoAgent, h, now, [] { return true; });
        ASSERT_TRUE(d.applied()) << "seed " << seed
                                 << " headroom not spendable: " << to_string(d.reason);
        drained += h.raw();
      }
    }
    now = now + ticks(7);
  }
  if (before.unlimited == 0) {
    ASSERT_LE(drained, before.bounded) << "seed " << seed;
  }
  tally.drained += drained;
  (void)applied;
}

void run_seeds(std::uint64_t first, std::uint64_t last, CapAccounting accounting) {
  Tally tally;
  for (std::uint64_t seed = first; seed <= last; ++seed) {
    SCOPED_TRACE(::testing::Message() << "seed " << seed);
    std::printf("%s seed %llu\n", accounting == CapAccounting::kPerLink ? "per_link" : "chain",
                static_cast<unsigned long long>(seed));
    run_seed(seed, accounting, tally);
    if (::testing::Test::HasFatalFailure()) return;
  }
  std::printf(
      "grants %llu, sub-delegations %llu (max depth %llu), drained %lld; actions by outcome:",
      static_cast<unsigned long long>(tally.grants),
      static_cast<unsigned long long>(tally.subdelegations),
      static_cast<unsigned long long>(tally.max_depth_seen), static_cast<long long>(tally.drained));
  for (std::size_t r = 0; r < kReasonCount; ++r) {
    std::printf(" %s=%llu", std::string(to_string(static_cast<Reason>(r))).c_str(),
                static_cast<unsigned long long>(tally.reasons[r]));
  }
  std::printf("\n");
  // Every outcome the sequences can produce was produced (DEPTH_EXCEEDED needs a policy change,
  // covered by a unit test), so none of the properties above held vacuously.
  for (Reason r : {Reason::kNone, Reason::kNotDelegate, Reason::kRevoked, Reason::kExpired,
                   Reason::kNotYetValid, Reason::kOutOfScope, Reason::kTargetNotAllowed,
                   Reason::kCapExceeded, Reason::kInsufficientFunds}) {
    EXPECT_GT(tally.reasons[static_cast<std::size_t>(r)], 0U) << to_string(r);
  }
  EXPECT_GE(tally.max_depth_seen, 3U);
}

TEST(SessionProperties, PerLinkRandomSequences) { run_seeds(1, 150, CapAccounting::kPerLink); }

TEST(SessionProperties, ChainRandomSequences) { run_seeds(1001, 1150, CapAccounting::kChain); }

}  // namespace
}  // namespace coordsim::model::sessions::testing
