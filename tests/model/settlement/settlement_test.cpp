// The settlement actor system run by a real kernel scheduler inside a minimal world (a ledger, one
// domain, the random streams, a switch from event kind to handler): the validators' pool is
// split by stake and paid exactly once its batch is final; a challenge reverts what is pending and
// sends it to the treasury; value is conserved while it travels; the checkpoint section taken
// mid-run loads back, and a damaged one is refused.
#include <gtest/gtest.h>

#include <vector>

#include "kernel/scheduler.hpp"
#include "model/settlement/settlement.hpp"
#include "support/archive_roundtrip.hpp"
#include "support/mini_world.hpp"
#include "support/settlement_handlers.hpp"

namespace coordsim::model::settlement {
namespace {

using actor::Kind;

// Two contributors (agents 0, 1) and two validators (2, 3); one tick per second and per block.
constexpr std::string_view kScenario = R"(
name: settlement-test
seed: 3
duration: 1h
tick: 1s
block_interval: 1s
settlement: {batch_blocks: 10, challenge_window: 20s}
population:
  - {name: contributors, kind: contributor, count: 2, endowment: 1000}
  - {name: validators, kind: validator, count: 2, endowment: 1000}
)";
constexpr kernel::SimDuration kBlock = test_support::MiniWorldBase::kBlock;

// The settlement in the smallest world (tests/support/mini_world.hpp), and the dispatch from kind
// to its handlers.
struct MiniWorld : test_support::MiniWorldBase {
  MiniWorld()
      : MiniWorldBase(kScenario, Amount{10'000}),
        settlement(spec.data(), pop, protocol(), treasury(), roles, kBlock) {
    roles.assign(pop.agents(), actor::Role::kHonest);
    // Validators 2 and 3 stake 300 and 100: the pool is split 3:1.
    (void)ledger.stake(ledger.account(AgentId{2}), Amount{300});
    (void)ledger.stake(ledger.account(AgentId{3}), Amount{100});
    settlement.build(ledger);
  }
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    dispatch_with(e, s, [&](Kind kind, actor::Context& ctx) {
      if (kind == Kind::kValidatorShare) return settlement.on_validator_share(e, ctx);
      // kCredit: what the treasury receives.
      if (!test_support::settlement_handles(settlement, kind, e, ctx, account(e.target)))
        FAIL() << "unexpected kind " << e.kind;
    });
  }

  std::vector<actor::Role> roles;
  Settlement settlement;
};

// A fee's validator share, sent by contributor 0 at t = 0 (arrives one block later), and the first
// batch post.
void seed(MiniWorld& w, kernel::Scheduler& s, Amount share) {
  actor::Context ctx = w.context(s, AgentId{0});
  ASSERT_TRUE(ctx.send(AgentId{0}, w.ledger.account(AgentId{0}), w.protocol(),
                       Kind::kValidatorShare, share, ledger::Asset::kToken));
  w.settlement.initial_events(
      [&](SimTime t, AgentId target, Kind kind) { s.schedule(t, target, target, code(kind)); });
}

TEST(Settlement, TheValidatorsPoolIsPaidByStakeOnceFinal) {
  MiniWorld w;
  kernel::Scheduler s(w.actors(), kBlock);
  seed(w, s, Amount{1001});
  // Posted at 10, final at 30.
  s.run_until(w, SimTime{29});
  EXPECT_EQ(w.settlement.batches().size(), 1U);
  EXPECT_EQ(w.settlement.rewards_pending()[2] + w.settlement.rewards_pending()[3], Amount{1001});
  EXPECT_EQ(w.settlement.rewards_final()[2], Amount::zero());
  s.run_until(w, SimTime{31});
  // 1001 x 3/4 = 750.75 and 250.25: largest remainder gives the odd unit to the larger one.
  EXPECT_EQ(w.settlement.rewards_final()[2], Amount{751});
  EXPECT_EQ(w.settlement.rewards_final()[3], Amount{250});
  EXPECT_EQ(w.settlement.rewards_pending()[2], Amount::zero());
  EXPECT_EQ(w.settlement.rewards_claimable()[2], Amount{751});
  EXPECT_EQ(w.domains[0].counters[actor::Counter::kBatchesFinal], 1);
  // Validator 2 withdraws; the reward arrives one block later.
  s.schedule(SimTime{32}, w.protocol(), AgentId{2}, code(Kind::kWithdraw));
  s.run_until(w, SimTime{40});
  EXPECT_EQ(w.settlement.rewards_claimable()[2], Amount::zero());
  EXPECT_EQ(w.liquid(AgentId{2}), Amount{10'000 - 300 + 751});
  w.check_conserved(s);
}

TEST(Settlement, AChallengeRevertsWhatIsPendingToTheTreasury) {
  MiniWorld w;
  kernel::Scheduler s(w.actors(), kBlock);
  seed(w, s, Amount{400});
  s.run_until(w, SimTime{12});  // the validators' 400 is in a posted batch, pending
  const Amount treasury_before = w.liquid(w.treasury());
  actor::Context ctx = w.context(s, w.protocol());
  w.settlement.revert_pending(ctx, AgentId{2});
  EXPECT_EQ(w.settlement.rewards_pending()[2], Amount::zero());
  EXPECT_EQ(w.settlement.rewards_pending()[3], Amount{100});
  s.run_until(w, SimTime{40});
  EXPECT_EQ(w.settlement.rewards_final()[2], Amount::zero());
  EXPECT_EQ(w.settlement.rewards_final()[3], Amount{100});
  EXPECT_EQ(w.liquid(w.treasury()), treasury_before + Amount{300});
  EXPECT_EQ(w.domains[0].counters[actor::Counter::kRewardsReverted], 300);
  EXPECT_EQ(w.domains[0].counters[actor::Counter::kBatchesReverted], 1);
  w.check_conserved(s);
}

// A reward accrued after a revert in the same open batch is a new reward: it becomes final with
// its batch (it used to join the reverted entry and stay pending forever). The log shows what was
// accrued before the revert, then the later accrual when the batch posts.
TEST(Settlement, ARewardAccruedAfterARevertInTheSameBatchBecomesFinal) {
  MiniWorld w;
  kernel::Scheduler s(w.actors(), kBlock);
  seed(w, s, Amount{400});
  s.run_until(w, SimTime{12});  // batch 0 posted at 10; batch 1 open, posts at 20, final at 40
  actor::Context ctx = w.context(s, w.protocol());
  w.settlement.accrue(AgentId{0}, Amount{50}, SimTime{12});
  w.settlement.revert_pending(ctx, AgentId{0});
  w.settlement.accrue(AgentId{0}, Amount{70}, SimTime{13});
  EXPECT_EQ(w.settlement.rewards_pending()[0], Amount{70});
  s.run_until(w, SimTime{45});
  EXPECT_EQ(w.settlement.rewards_pending()[0], Amount::zero());
  EXPECT_EQ(w.settlement.rewards_final()[0], Amount{70});
  EXPECT_EQ(w.domains[0].counters[actor::Counter::kRewardsReverted], 50);
  std::vector<std::int64_t> accrued;
  for (const actor::ActionRecord& r : w.domains[0].log)
    if (r.kind == actor::ActionKind::kAccrue && r.target == AgentId{0})
      accrued.push_back(r.amount.raw());
  EXPECT_EQ(accrued, (std::vector<std::int64_t>{50, 70}));
}

TEST(Settlement, TheStakeRecordFollowsAWrongFlagsSlash) {
  MiniWorld w;
  EXPECT_EQ(w.settlement.validator_stake(0), Amount{300});
  w.settlement.slash_stake_record(0, 100'000);  // 10%
  EXPECT_EQ(w.settlement.validator_stake(0), Amount{270});
  EXPECT_EQ(w.settlement.validator_stake(1), Amount{100});
}

TEST(Settlement, ItsCheckpointSectionRoundTripsAndDamageIsRefused) {
  MiniWorld a;
  kernel::Scheduler sa(a.actors(), kBlock);
  seed(a, sa, Amount{1001});
  sa.run_until(a, SimTime{15});                             // one batch posted, not final
  a.settlement.accrue(AgentId{0}, Amount{5}, SimTime{15});  // and an open one
  const std::vector<std::byte> blob =
      test_support::saved([&](auto& out) { a.settlement.save(out); });
  MiniWorld b;
  test_support::load_from(blob, [&](auto& in) { b.settlement.load(in); });
  EXPECT_EQ(b.settlement.batches().size(), 1U);
  EXPECT_EQ(b.settlement.batches()[0].amount, a.settlement.batches()[0].amount);
  EXPECT_EQ(b.settlement.rewards_pending(), a.settlement.rewards_pending());
  EXPECT_EQ(test_support::saved([&](auto& out) { b.settlement.save(out); }), blob);
  // A damaged section is refused, not trusted.
  MiniWorld c;
  EXPECT_TRUE(
      test_support::refuses(test_support::damaged(blob), [&](auto& in) { c.settlement.load(in); }));
}

}  // namespace
}  // namespace coordsim::model::settlement
