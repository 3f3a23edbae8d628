// Scope in the running economy (docs/sessions.md, "Scope in the economy"): narrow grants cost
// honest actions and stop stolen keys from paying the attacker; the router bug takes only from
// approvals that may swap through the market, within their caps; approval injection raises the
// blast radius. Every run goes through the Harness, whose probe checks each applied action --
// router drains included -- against every link's validity, scope, targets and caps.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

constexpr SimDuration kSlice{300};

std::int64_t honest_rejected(const World& w, sessions::Reason r) {
  return w.counters()[actor::slot_of(Counter::kHonestRejected, static_cast<std::size_t>(r))];
}

TEST(Scope, EveryScopeActionAScenarioMayNameIsASessionAction) {
  for (const std::string_view name : scenario::kScopeActionNames)
    EXPECT_TRUE(sessions::action_from_string(name).has_value()) << name;
}

TEST(Scope, NarrowTargetsCostHonestActionsAndStopStolenKeysFromPayingTheAttacker) {
  std::int64_t target_rejected = 0, attempted = 0;
  for (std::uint64_t seed = 501; seed < 505; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Harness h(small_world(seed, {"population[0].scope_targets=1"}));
    EXPECT_TRUE(h.run(kSlice)) << describe(h.problems());
    target_rejected += honest_rejected(h.world(), sessions::Reason::kTargetNotAllowed);
    attempted += h.world().counters()[Counter::kHonestAttempts];
    EXPECT_GT(h.world().counters()[Counter::kCompromised], 0);
    // The attacker is never a listed counterparty: its transfers are all refused.
    EXPECT_EQ(h.world().counters()[Counter::kValueTaken], 0);
    EXPECT_GT(h.world().counters().rejected(sessions::Reason::kTargetNotAllowed),
              honest_rejected(h.world(), sessions::Reason::kTargetNotAllowed));
  }
  EXPECT_GT(target_rejected, 0);
  EXPECT_LT(target_rejected, attempted);
}

TEST(Scope, GrantsWithoutAnActionCostEveryHonestUseOfIt) {
  Harness h(small_world(511, {"population[0].scope_actions=[swap, infer, subdelegate]"}));
  EXPECT_TRUE(h.run(kSlice)) << describe(h.problems());
  // transfer_share is 0.3: about that share of the owners' actions is out of scope.
  const double share =
      static_cast<double>(honest_rejected(h.world(), sessions::Reason::kOutOfScope)) /
      static_cast<double>(h.world().counters()[Counter::kHonestAttempts]);
  EXPECT_GT(share, 0.15);
  EXPECT_LT(share, 0.45);
  // Stolen keys cannot transfer either.
  EXPECT_EQ(h.world().counters()[Counter::kValueTaken], 0);
}

TEST(Scope, DefaultGrantsRejectNoHonestActionForScope) {
  Harness h(small_world(512));
  EXPECT_TRUE(h.run(kSlice)) << describe(h.problems());
  EXPECT_GT(h.world().counters()[Counter::kHonestAttempts], 0);
  EXPECT_EQ(honest_rejected(h.world(), sessions::Reason::kOutOfScope), 0);
  EXPECT_EQ(honest_rejected(h.world(), sessions::Reason::kTargetNotAllowed), 0);
  EXPECT_EQ(h.world().counters()[Counter::kRouterBugTaken], 0);
  EXPECT_EQ(h.world().counters()[Counter::kInjectedGrants], 0);
}

// The most any approval alive during [from, to) could move: the total caps of the roots (per-link
// accounting charges every action of a tree to its root).
ledger::Wide root_caps_alive(const World& w, SimTime from, SimTime to) {
  ledger::Wide sum = 0;
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    const auto& st = w.domain(d).sessions;
    for (std::uint32_t i = 0; i < st.size(); ++i) {
      const SessionId s{i};
      if (st.parent(s) != sessions::kNoSession) continue;
      if (st.valid_until(s) <= from || st.valid_after(s) >= to) continue;
      if (st.revoked(s) && st.revoked_at(s) <= from) continue;
      sum += st.caps(s).total.raw();
    }
  }
  return sum;
}

TEST(RouterBug, TakesOnlyFromApprovalsThatMaySwapWithinTheirCaps) {
  const std::vector<std::string> bug{"adversaries.router_bug.at=2h",
                                     "adversaries.router_bug.duration=30m",
                                     "adversaries.key_compromise.rate=0"};
  for (std::uint64_t seed = 601; seed < 604; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Harness h(small_world(seed, bug));
    EXPECT_TRUE(h.run(kSlice)) << describe(h.problems());
    const std::int64_t taken = h.world().counters()[Counter::kRouterBugTaken];
    EXPECT_GT(taken, 0);
    EXPECT_EQ(h.probe().router_total(), taken);
    EXPECT_LE(taken, root_caps_alive(h.world(), SimTime{7200}, SimTime{9000}));

    // The same economy whose grants do not allow swaps: immune, at the cost of honest swaps.
    auto narrow = bug;
    narrow.emplace_back("population[0].scope_actions=[transfer, infer, subdelegate]");
    Harness n(small_world(seed, narrow));
    EXPECT_TRUE(n.run(kSlice)) << describe(n.problems());
    EXPECT_EQ(n.world().counters()[Counter::kRouterBugTaken], 0);
    EXPECT_GT(honest_rejected(n.world(), sessions::Reason::kOutOfScope), 0);
  }
}

TEST(RouterBug, TakesLessWhenPatchedSooner) {
  // One block of bug against thirty minutes of it, on the same seed: per-action and per-period
  // caps make the attacker come back block after block, so the window's length matters.
  const auto taken = [](const char* duration) {
    Harness h(small_world(611, {"adversaries.router_bug.at=2h",
                                std::string("adversaries.router_bug.duration=") + duration,
                                "adversaries.key_compromise.rate=0"}));
    EXPECT_TRUE(h.run(kSlice)) << describe(h.problems());
    return h.world().counters()[Counter::kRouterBugTaken];
  };
  const std::int64_t one_block = taken("2s");
  EXPECT_GT(one_block, 0);
  EXPECT_LT(one_block, taken("30m"));
}

TEST(ApprovalInjection, RaisesTheBlastRadiusOfStolenKeysOverSeeds) {
  // Narrow grants (one listed counterparty per kind) and stolen keys; with and without a third of
  // the grants inflated. Paired by seed: the mean difference must exceed three standard errors.
  const std::vector<std::string> base{"population[0].scope_targets=1",
                                      "adversaries.approval_injection.factor=4",
                                      "invariants.check=every_sample"};
  std::vector<double> diff;
  std::int64_t injected = 0;
  for (std::uint64_t seed = 701; seed < 709; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    auto with = base;
    with.emplace_back("adversaries.approval_injection.fraction=0.33");
    Harness a(small_world(seed, base));
    Harness b(small_world(seed, with));
    EXPECT_TRUE(a.run(kSlice)) << describe(a.problems());
    EXPECT_TRUE(b.run(kSlice)) << describe(b.problems());
    injected += b.world().counters()[Counter::kInjectedGrants];
    const auto taken_a = a.world().counters()[Counter::kValueTaken];
    const auto taken_b = b.world().counters()[Counter::kValueTaken];
    std::printf("seed %llu value_taken without %lld with %lld\n",
                static_cast<unsigned long long>(seed), static_cast<long long>(taken_a),
                static_cast<long long>(taken_b));
    diff.push_back(static_cast<double>(taken_b - taken_a));
  }
  EXPECT_GT(injected, 0);
  double mean = 0.0;
  for (const double d : diff) mean += d;
  mean /= static_cast<double>(diff.size());
  double ss = 0.0;
  for (const double d : diff) ss += (d - mean) * (d - mean);
  const double se = std::sqrt(ss / static_cast<double>(diff.size() - 1)) /
                    std::sqrt(static_cast<double>(diff.size()));
  std::printf("mean difference %.0f, standard error %.0f\n", mean, se);
  EXPECT_GT(mean, 0.0);
  EXPECT_GT(mean, 3.0 * se);
}

}  // namespace
}  // namespace coordsim::model::world::test
