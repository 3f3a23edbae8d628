// What each contributor role earned, staked and lost is counted exactly: per role, the stake the
// ledger still holds is what was committed minus what was slashed; the roles' final rewards add up
// to the contributors' total; free riders stake nothing and still get paid for copies.
#include <gtest/gtest.h>

#include <array>

#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

TEST(AdversaryReturns, PerRoleStakeRewardsAndSlashesAddUp) {
  std::array<std::int64_t, kRoleCount> finals_seen{};
  for (std::uint64_t seed = 50; seed < 54; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Harness h(small_world(seed, {"adversaries.free_rider.fraction=0.2"}));
    ASSERT_TRUE(h.run(SimDuration{600})) << describe(h.problems());
    const World& w = h.world();
    const Counters c = w.counters();
    std::array<ledger::Wide, kRoleCount> staked_now{};
    std::array<std::int64_t, kRoleCount> members{};
    for (const AgentId a : w.population().of_kind(scenario::AgentKind::kContributor)) {
      const std::size_t role = index(w.adversary_role(a));
      staked_now[role] += w.ledger().staked(w.ledger().account(a)).raw();
      ++members[role];
    }
    std::int64_t finals = 0;
    std::int64_t slashed = 0;
    for (std::size_t r = 0; r < kRoleCount; ++r) {
      const auto role = static_cast<Role>(r);
      SCOPED_TRACE(std::string("role ") + std::string(kRoleNames[r]));
      // Stake never unbonds: what remains staked is what was committed minus what was slashed.
      EXPECT_EQ(staked_now[r],
                c.by_role(Counter::kStakedByRole, role) - c.by_role(Counter::kSlashedByRole, role));
      finals_seen[r] += c.by_role(Counter::kFinalByRole, role);
      finals += c.by_role(Counter::kFinalByRole, role);
      slashed += c.by_role(Counter::kSlashedByRole, role);
    }
    EXPECT_GT(members[index(Role::kFreeRider)], 0);
    EXPECT_EQ(c.by_role(Counter::kStakedByRole, Role::kFreeRider), 0);  // free riders risk nothing
    EXPECT_GT(c.by_role(Counter::kStakedByRole, Role::kHonest), 0);
    EXPECT_EQ(finals, c[Counter::kRewardsFinalHonest] + c[Counter::kRewardsFinalAdversarial]);
    EXPECT_EQ(c.by_role(Counter::kFinalByRole, Role::kHonest), c[Counter::kRewardsFinalHonest]);
    EXPECT_EQ(slashed, c[Counter::kSlashedContributors]);
  }
  // Over the seeds every role was paid something: the counts are not trivially zero.
  for (std::size_t r = 0; r < kRoleCount; ++r) EXPECT_GT(finals_seen[r], 0) << kRoleNames[r];
}

}  // namespace
}  // namespace coordsim::model::world::test
