// Sub-delegation never widens scope: random root scopes (action subsets, any target or a list) and
// random chains of sub-delegations that ask for random scopes -- narrower, wider, "any", disjoint
// -- under every accounting mode and depth limit, over many seeds (each printed). For every child
// made, against its parent and every other ancestor: its actions are a subset, its targets are a
// subset (a listed parent never has an "any" child), and every (action, target) the child's scope
// lets through the parent's scope lets through too, probed through authorize() itself.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "fixtures.hpp"
#include "kernel/rng.hpp"

namespace coordsim::model::sessions::testing {
namespace {

// Counterparties a scope may list, and one it never lists.
constexpr std::uint32_t kPool = 8;
constexpr AgentId kFirstTarget{200};
constexpr AgentId kOutsider{300};

bool scope_rejection(Reason r) {
  return r == Reason::kOutOfScope || r == Reason::kTargetNotAllowed;
}

Scope random_scope(kernel::Rng& r) {
  ActionSet actions = ActionSet::from_bits(static_cast<std::uint32_t>(r.next()));
  // Sub-delegation must stay possible often enough for chains to form.
  if (r.bernoulli(0.8)) actions.add(Action::kSubdelegate);
  if (r.bernoulli(0.3)) return Scope::any(actions);
  std::vector<AgentId> targets;
  const std::uint32_t n = r.below(kPool + 1);
  for (std::uint32_t i = 0; i < n; ++i)
    targets.push_back(AgentId{kFirstTarget.value() + r.below(kPool)});
  return Scope::only(actions, targets);
}

// Whether `child`'s static scope lies within `ancestor`'s.
void expect_within(const SessionStore& st, SessionId child, SessionId ancestor) {
  EXPECT_TRUE(st.actions(child).subset_of(st.actions(ancestor)))
      << "session " << child.value() << " has an action session " << ancestor.value() << " lacks";
  if (st.any_target(ancestor)) return;
  ASSERT_FALSE(st.any_target(child))
      << "session " << child.value() << " may pay anyone under a listed ancestor";
  for (const AgentId t : st.targets(child))
    EXPECT_TRUE(st.target_allowed(ancestor, t))
        << "session " << child.value() << " lists " << t.value() << ", ancestor "
        << ancestor.value() << " does not";
}

void run_seed(std::uint64_t seed, CapAccounting accounting, std::uint32_t max_depth,
              std::uint64_t& children) {
  std::uint64_t counter = 0;
  kernel::Rng r(kernel::stream_key(seed, 1), counter);
  Policy policy = test_policy(accounting);
  policy.max_depth = max_depth;
  SessionStore st(policy);
  const SimTime now = at(10);
  // Delegates 1, 2, ...: each session has its own, so the holder of a parent is known.
  std::uint32_t next_agent = 1;
  for (int root = 0; root < 4; ++root) {
    const auto g = st.grant(kAlice, AgentId{next_agent++}, random_scope(r), Terms{}, now);
    ASSERT_TRUE(g.ok());
  }
  for (int step = 0; step < 40; ++step) {
    const SessionId parent{r.below(static_cast<std::uint32_t>(st.size()))};
    const bool inherit = r.bernoulli(0.2);
    const std::optional<Scope> asked = inherit ? std::nullopt : std::optional{random_scope(r)};
    Terms terms;
    if (r.bernoulli(0.5)) terms.ttl = ticks(1 + r.below(2000));
    const auto g =
        st.subdelegate(parent, st.delegate(parent), AgentId{next_agent++}, asked, terms, now);
    if (!g.ok()) continue;
    ++children;
    for (SessionId a = parent; a != kNoSession; a = st.parent(a)) expect_within(st, g.id, a);
    EXPECT_LE(st.valid_until(g.id), st.valid_until(parent));
    // What the child's scope lets through, the parent's scope lets through.
    for (std::size_t ai = 0; ai < kActionCount; ++ai) {
      const auto action = static_cast<Action>(ai);
      if (action == Action::kSubdelegate) continue;  // not an authorize() action
      for (std::uint32_t t = 0; t <= kPool; ++t) {
        const AgentId target = t == kPool ? kOutsider : AgentId{kFirstTarget.value() + t};
        const Decision child = st.authorize(g.id, st.delegate(g.id), action, target, amt(0), now);
        if (scope_rejection(child.reason)) continue;
        const Decision up = st.authorize(parent, st.delegate(parent), action, target, amt(0), now);
        EXPECT_FALSE(scope_rejection(up.reason))
            << "child " << g.id.value() << " may " << to_string(action) << " to " << target.value()
            << ", its parent " << parent.value() << " may not";
      }
    }
  }
}

TEST(ScopeAttenuation, SubDelegationNeverWidensScopeOverManySeedsAndPolicies) {
  std::uint64_t children = 0;
  for (const CapAccounting accounting : {CapAccounting::kPerLink, CapAccounting::kChain}) {
    for (std::uint32_t max_depth = 1; max_depth <= 3; ++max_depth) {
      for (std::uint64_t seed = 1; seed <= 100; ++seed) {
        std::printf("[ seed     ] %llu accounting=%d max_depth=%u\n",
                    static_cast<unsigned long long>(seed), static_cast<int>(accounting), max_depth);
        SCOPED_TRACE("seed " + std::to_string(seed));
        run_seed(seed, accounting, max_depth, children);
        if (HasFailure()) return;
      }
    }
  }
  // The property was exercised, not vacuous: many children were made.
  EXPECT_GT(children, 5000U);
}

}  // namespace
}  // namespace coordsim::model::sessions::testing
