#include "model/ledger/ledger.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "model/ledger/invariant.hpp"

namespace coordsim::model::ledger {
namespace {

using kernel::AgentId;

Ledger make_ledger() {
  static const std::vector<Amount> tokens{Amount{100}, Amount{50}, Amount{0}};
  static const std::vector<Amount> quotes{Amount{7}};
  return Ledger(Genesis{3, Amount{1000}, Amount{20}, tokens, quotes});
}

TEST(Ledger, GenesisEndowsAgentsAndGivesTheRestToTheTreasury) {
  const Ledger l = make_ledger();
  EXPECT_EQ(l.agent_count(), 3U);
  EXPECT_EQ(l.account_count(), 3U + kProtocolAccountCount);
  EXPECT_EQ(l.liquid(l.account(AgentId{0})), Amount{100});
  EXPECT_EQ(l.liquid(l.account(AgentId{1})), Amount{50});
  EXPECT_EQ(l.liquid(l.account(AgentId{2})), Amount{0});
  const AccountId treasury = l.account(ProtocolAccount::kTreasury);
  EXPECT_EQ(treasury.value(), 3U);  // protocol accounts follow the agents
  EXPECT_EQ(l.account(ProtocolAccount::kAttacker).value(), 6U);
  EXPECT_EQ(l.liquid(treasury), Amount{850});
  EXPECT_EQ(l.quote(l.account(AgentId{0})), Amount{7});
  EXPECT_EQ(l.quote(l.account(AgentId{1})), Amount{0});
  EXPECT_EQ(l.quote(treasury), Amount{13});
  EXPECT_FALSE(check_invariants(l, {}).has_value());
}

TEST(Ledger, GenesisRejectsBadAllocations) {
  const std::vector<Amount> too_much{Amount{600}, Amount{500}};
  EXPECT_THROW(Ledger(Genesis{2, Amount{1000}, Amount{0}, too_much, {}}), GenesisError);
  const std::vector<Amount> negative{Amount{-1}};
  EXPECT_THROW(Ledger(Genesis{2, Amount{1000}, Amount{0}, negative, {}}), GenesisError);
  EXPECT_THROW(Ledger(Genesis{2, Amount{1000}, Amount{0}, {}, negative}), GenesisError);
  const std::vector<Amount> three{Amount{1}, Amount{1}, Amount{1}};
  EXPECT_THROW(Ledger(Genesis{2, Amount{1000}, Amount{0}, three, {}}), GenesisError);
  EXPECT_THROW(Ledger(Genesis{2, Amount{-5}, Amount{0}, {}, {}}), GenesisError);
  const std::vector<Amount> exact{Amount{600}, Amount{400}};
  const Ledger l(Genesis{2, Amount{1000}, Amount{0}, exact, {}});
  EXPECT_EQ(l.liquid(l.account(ProtocolAccount::kTreasury)), Amount{0});
}

TEST(Ledger, TransferMovesLiquidOfTheChosenAsset) {
  Ledger l = make_ledger();
  const AccountId a = l.account(AgentId{0});
  const AccountId b = l.account(AgentId{2});
  EXPECT_EQ(l.transfer(a, b, Amount{30}), LedgerResult::kOk);
  EXPECT_EQ(l.liquid(a), Amount{70});
  EXPECT_EQ(l.liquid(b), Amount{30});
  EXPECT_EQ(l.transfer(a, b, Amount{5}, Asset::kQuote), LedgerResult::kOk);
  EXPECT_EQ(l.quote(a), Amount{2});
  EXPECT_EQ(l.quote(b), Amount{5});
  EXPECT_EQ(l.liquid(a), Amount{70});
  EXPECT_EQ(l.transfer(a, a, Amount{70}), LedgerResult::kOk);  // to self: allowed, no change
  EXPECT_EQ(l.liquid(a), Amount{70});
  EXPECT_EQ(l.transfer(a, b, Amount{0}), LedgerResult::kOk);
  EXPECT_EQ(l.last_operation().op, Operation::kTransfer);
}

TEST(Ledger, FailedOperationsChangeNothing) {
  Ledger l = make_ledger();
  const AccountId a = l.account(AgentId{0});
  const AccountId b = l.account(AgentId{1});
  EXPECT_EQ(l.transfer(a, b, Amount{101}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.transfer(a, b, Amount{-1}), LedgerResult::kNegativeAmount);
  EXPECT_EQ(l.transfer(a, AccountId{99}, Amount{1}), LedgerResult::kUnknownAccount);
  EXPECT_EQ(l.transfer(AccountId{99}, a, Amount{1}), LedgerResult::kUnknownAccount);
  EXPECT_EQ(l.transfer(a, b, Amount{8}, Asset::kQuote), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.stake(a, Amount{101}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.request_unstake(a, Amount{1}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.complete_unstake(a, Amount{1}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.unlock(a, Amount{1}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.claw_back(a, b, Amount{1}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.burn(a, Amount{101}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.burn(a, Amount{-3}), LedgerResult::kNegativeAmount);
  EXPECT_EQ(l.last_operation().result, LedgerResult::kNegativeAmount);
  EXPECT_EQ(l.liquid(a), Amount{100});
  EXPECT_EQ(l.liquid(b), Amount{50});
  EXPECT_EQ(l.quote(a), Amount{7});
  EXPECT_EQ(l.staked(a), Amount{0});
  EXPECT_EQ(l.burned(Asset::kToken), Amount{0});
}

TEST(Ledger, StakeUnbondAndUnstakeWalkTheBuckets) {
  Ledger l = make_ledger();
  const AccountId a = l.account(AgentId{0});
  ASSERT_EQ(l.stake(a, Amount{60}), LedgerResult::kOk);
  EXPECT_EQ(l.liquid(a), Amount{40});
  EXPECT_EQ(l.staked(a), Amount{60});
  ASSERT_EQ(l.request_unstake(a, Amount{25}), LedgerResult::kOk);
  EXPECT_EQ(l.staked(a), Amount{35});
  EXPECT_EQ(l.unbonding(a), Amount{25});
  EXPECT_EQ(l.complete_unstake(a, Amount{26}), LedgerResult::kInsufficientFunds);
  ASSERT_EQ(l.complete_unstake(a, Amount{25}), LedgerResult::kOk);
  EXPECT_EQ(l.unbonding(a), Amount{0});
  EXPECT_EQ(l.liquid(a), Amount{65});
  EXPECT_EQ(l.bucket(a, Bucket::kStaked), Amount{35});
  EXPECT_FALSE(check_invariants(l, {}).has_value());
}

TEST(Ledger, LockedRewardsBecomeLiquidOrAreClawedBack) {
  Ledger l = make_ledger();
  const AccountId settlement = l.account(ProtocolAccount::kSettlement);
  const AccountId treasury = l.account(ProtocolAccount::kTreasury);
  const AccountId a = l.account(AgentId{2});
  ASSERT_EQ(l.transfer(treasury, settlement, Amount{40}), LedgerResult::kOk);
  ASSERT_EQ(l.credit_locked(settlement, a, Amount{30}), LedgerResult::kOk);
  EXPECT_EQ(l.locked(a), Amount{30});
  EXPECT_EQ(l.liquid(a), Amount{0});
  ASSERT_EQ(l.unlock(a, Amount{10}), LedgerResult::kOk);  // part of the batch became final
  EXPECT_EQ(l.liquid(a), Amount{10});
  ASSERT_EQ(l.claw_back(a, settlement, Amount{20}), LedgerResult::kOk);  // the rest was challenged
  EXPECT_EQ(l.locked(a), Amount{0});
  EXPECT_EQ(l.liquid(settlement), Amount{30});
  ASSERT_EQ(l.lock(a, Amount{10}), LedgerResult::kOk);
  EXPECT_EQ(l.locked(a), Amount{10});
  EXPECT_FALSE(check_invariants(l, {}).has_value());
}

TEST(Ledger, SlashNeverTakesMoreThanTheStake) {
  Ledger l = make_ledger();
  const AccountId v = l.account(AgentId{1});
  const AccountId treasury = l.account(ProtocolAccount::kTreasury);
  ASSERT_EQ(l.stake(v, Amount{40}), LedgerResult::kOk);
  SlashOutcome s = l.slash(v, Amount{15}, treasury);
  EXPECT_EQ(s.result, LedgerResult::kOk);
  EXPECT_EQ(s.slashed, Amount{15});
  EXPECT_EQ(l.staked(v), Amount{25});
  EXPECT_EQ(l.liquid(treasury), Amount{865});
  s = l.slash(v, Amount{1000}, treasury);
  EXPECT_EQ(s.slashed, Amount{25});
  EXPECT_EQ(l.staked(v), Amount{0});
  EXPECT_EQ(l.liquid(v), Amount{10});  // liquid is not slashable
  EXPECT_EQ(l.liquid(treasury), Amount{890});
  s = l.slash(v, Amount{-1}, treasury);
  EXPECT_EQ(s.result, LedgerResult::kNegativeAmount);
  EXPECT_EQ(s.slashed, Amount{0});
  s = l.slash(AccountId{1234}, Amount{1}, treasury);
  EXPECT_EQ(s.result, LedgerResult::kUnknownAccount);
  EXPECT_FALSE(check_invariants(l, {}).has_value());
}

TEST(Ledger, BurnMovesToTheBurnedCounterAndKeepsConservation) {
  Ledger l = make_ledger();
  const AccountId a = l.account(AgentId{0});
  ASSERT_EQ(l.burn(a, Amount{10}), LedgerResult::kOk);
  ASSERT_EQ(l.burn(a, Amount{3}, Asset::kQuote), LedgerResult::kOk);
  EXPECT_EQ(l.liquid(a), Amount{90});
  EXPECT_EQ(l.quote(a), Amount{4});
  EXPECT_EQ(l.burned(Asset::kToken), Amount{10});
  EXPECT_EQ(l.burned(Asset::kQuote), Amount{3});
  EXPECT_EQ(l.supply(Asset::kToken), Amount{1000});  // burning does not change the supply
  EXPECT_EQ(accounted_total(l, Asset::kToken), 1000);
  EXPECT_EQ(accounted_total(l, Asset::kQuote), 20);
  EXPECT_FALSE(check_invariants(l, {}).has_value());
}

}  // namespace
}  // namespace coordsim::model::ledger

namespace coordsim::model::ledger {
namespace {

// Value in flight between actors leaves the ledger on withdraw() and comes back on deposit();
// conservation holds when the caller counts what is outside.
TEST(Ledger, WithdrawAndDepositMoveValueOutsideAndBack) {
  Ledger l = make_ledger();
  const AccountId a = l.account(kernel::AgentId{0});
  const AccountId b = l.account(kernel::AgentId{1});
  const Amount before_a = l.liquid(a);
  const Amount before_b = l.liquid(b);
  ASSERT_EQ(l.withdraw(a, Amount{40}), LedgerResult::kOk);
  EXPECT_EQ(l.liquid(a), before_a - Amount{40});
  EXPECT_TRUE(check_invariants(l, EventContext{}).has_value());          // 40 are missing...
  EXPECT_FALSE(check_invariants(l, EventContext{}, 40, 0).has_value());  // ...unless counted
  ASSERT_EQ(l.deposit(b, Amount{40}), LedgerResult::kOk);
  EXPECT_EQ(l.liquid(b), before_b + Amount{40});
  EXPECT_FALSE(check_invariants(l, EventContext{}).has_value());
  // Failures change nothing.
  EXPECT_EQ(l.withdraw(a, l.liquid(a) + Amount{1}), LedgerResult::kInsufficientFunds);
  EXPECT_EQ(l.withdraw(a, Amount{-1}), LedgerResult::kNegativeAmount);
  EXPECT_EQ(l.deposit(b, Amount{-1}), LedgerResult::kNegativeAmount);
  EXPECT_EQ(l.liquid(a), before_a - Amount{40});
  EXPECT_EQ(l.liquid(b), before_b + Amount{40});
  ASSERT_EQ(l.withdraw(a, Amount{1}, Asset::kQuote), LedgerResult::kOk);
  EXPECT_FALSE(check_invariants(l, EventContext{}, 0, 1).has_value());
}

}  // namespace
}  // namespace coordsim::model::ledger
