#include "model/ledger/invariant.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "ledger_test_access.hpp"

namespace coordsim::model::ledger {
namespace {

using kernel::AgentId;

Ledger make_ledger() {
  const std::vector<Amount> tokens{Amount{100}, Amount{50}};
  return Ledger(Genesis{2, Amount{1000}, Amount{500}, tokens, {}});
}

TEST(SumColumn, IsExactWhereA64BitSumWouldOverflow) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  const std::vector<Amount> column(1000, Amount{big});
  Wide naive = 0;
  for (const Amount a : column) naive += a.raw();
  const ColumnSum s = sum_column(column);
  EXPECT_EQ(s.sum, naive);
  EXPECT_EQ(s.negatives, 0U);
  EXPECT_EQ(to_string(s.sum), "9223372036854775807000");
}

TEST(SumColumn, CountsAndSubtractsNegativeBalances) {
  const std::vector<Amount> column{Amount{5}, Amount{-7},
                                   Amount{std::numeric_limits<std::int64_t>::min()}, Amount{3}};
  const ColumnSum s = sum_column(column);
  EXPECT_EQ(s.negatives, 2U);
  EXPECT_EQ(s.sum, static_cast<Wide>(5) - 7 + std::numeric_limits<std::int64_t>::min() + 3);
  EXPECT_EQ(sum_column({}).sum, 0);
}

TEST(Invariants, DetectAMintedBalanceAndNameTheContext) {
  Ledger l = make_ledger();
  const AccountId a = l.account(AgentId{0});
  const AccountId b = l.account(AgentId{1});
  ASSERT_EQ(l.transfer(a, b, Amount{10}), LedgerResult::kOk);
  LedgerTestAccess::liquid(l)[index(b)] += Amount{3};  // a bug that mints 3
  const auto v = check_invariants(l, {42, 7, "swap by agent 1"});
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->invariant, "conservation(token)");
  EXPECT_EQ(v->expected, 1000);
  EXPECT_EQ(v->actual, 1003);
  EXPECT_EQ(v->context, "t=42 event#7 swap by agent 1");
  EXPECT_EQ(v->last_operation, "transfer(token, from 0, to 1, amount 10) -> OK");
  bool names_b = false;
  for (const InvolvedBalance& ib : v->balances) {
    if (ib.account == b && ib.bucket == "liquid") {
      names_b = true;
      EXPECT_EQ(ib.amount, Amount{63});
    }
  }
  EXPECT_TRUE(names_b);
  const std::string text = v->to_string();
  EXPECT_NE(text.find("expected 1000, actual 1003"), std::string::npos) << text;
  EXPECT_NE(text.find("account 1 liquid=63"), std::string::npos) << text;
}

TEST(Invariants, DetectQuoteLossSeparately) {
  Ledger l = make_ledger();
  LedgerTestAccess::quote(l)[index(l.account(ProtocolAccount::kTreasury))] -= Amount{1};
  const auto v = check_invariants(l, {});
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->invariant, "conservation(quote)");
  EXPECT_EQ(v->expected, 500);
  EXPECT_EQ(v->actual, 499);
}

TEST(Invariants, DetectNegativeBalancesEvenWhenTheSumBalances) {
  Ledger l = make_ledger();
  const AccountId a = l.account(AgentId{0});
  const AccountId b = l.account(AgentId{1});
  LedgerTestAccess::staked(l)[index(a)] = Amount{-5};  // conservation still holds overall:
  LedgerTestAccess::staked(l)[index(b)] = Amount{5};
  const auto v = check_invariants(l, {1, 2, "stake"});
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->invariant, "non_negative");
  EXPECT_EQ(v->expected, 0);
  EXPECT_EQ(v->actual, 1);
  ASSERT_EQ(v->balances.size(), 1U);
  EXPECT_EQ(v->balances[0].account, a);
  EXPECT_EQ(v->balances[0].bucket, "staked");
  EXPECT_EQ(v->balances[0].amount, Amount{-5});
}

TEST(Invariants, EnforceThrowsATypedErrorCarryingTheReport) {
  Ledger l = make_ledger();
  EXPECT_NO_THROW(enforce_invariants(l, {}));
  LedgerTestAccess::liquid(l)[0] -= Amount{1};
  try {
    enforce_invariants(l, {5, 6, "burn"});
    FAIL() << "no exception";
  } catch (const InvariantViolationError& e) {
    EXPECT_EQ(e.violation().invariant, "conservation(token)");
    EXPECT_EQ(e.violation().actual, 999);
    EXPECT_NE(std::string(e.what()).find("t=5 event#6 burn"), std::string::npos);
  }
}

}  // namespace
}  // namespace coordsim::model::ledger
