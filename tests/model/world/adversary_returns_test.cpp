// What each contributor role earned, staked and lost is counted exactly: per role, the stake the
// ledger still holds is what was committed minus what was slashed; the roles' final rewards add up
// to the contributors' total; free riders stake nothing and still get paid for copies.
#include <gtest/gtest.h>

#include <array>

#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

TEST(AdversaryReturns, PerRoleStakeRewardsAndSlashesAddUp) {
  std::array<std::int64_t, 4> finals_seen{};
  for (std::uint64_t seed = 50; seed < 54; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Harness h(small_world(seed, {"adversaries.free_rider.fraction=0.2"}));
    ASSERT_TRUE(h.run(SimDuration{600})) << describe(h.problems());
    const World& w = h.world();
    const Counters c = w.counters();
    std::array<ledger::Wide, 4> staked_now{};
    std::array<std::int64_t, 4> members{};
    for (const AgentId a : w.population().of_kind(scenario::AgentKind::kContributor)) {
      const std::uint8_t role = w.adversary_role(a);
      staked_now[role] += w.ledger().staked(w.ledger().account(a)).raw();
      ++members[role];
    }
    for (std::size_t role = 0; role < 4; ++role) {
      SCOPED_TRACE("role " + std::to_string(role));
      // Stake never unbonds: what remains staked is what was committed minus what was slashed.
      EXPECT_EQ(staked_now[role], c.staked_by_role[role] - c.slashed_by_role[role]);
      finals_seen[role] += c.final_by_role[role];
    }
    EXPECT_GT(members[World::kFreeRider], 0);
    EXPECT_EQ(c.staked_by_role[World::kFreeRider], 0);  // free riders risk nothing
    EXPECT_GT(c.staked_by_role[World::kHonest], 0);
    EXPECT_EQ(c.final_by_role[0] + c.final_by_role[1] + c.final_by_role[2] + c.final_by_role[3],
              c.rewards_final_honest + c.rewards_final_adversarial);
    EXPECT_EQ(c.final_by_role[World::kHonest], c.rewards_final_honest);
    EXPECT_EQ(
        c.slashed_by_role[0] + c.slashed_by_role[1] + c.slashed_by_role[2] + c.slashed_by_role[3],
        c.slashed_contributors);
  }
  // Over the seeds every role was paid something: the counts are not trivially zero.
  for (std::size_t role = 0; role < 4; ++role) EXPECT_GT(finals_seen[role], 0) << "role " << role;
}

}  // namespace
}  // namespace coordsim::model::world::test
