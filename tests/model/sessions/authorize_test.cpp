#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace coordsim::model::sessions::testing {
namespace {

class Authorize : public ::testing::Test {
 protected:
  SessionStore store{test_policy()};
  SessionId root(const Caps& c, const Scope& s = Scope::any(kTrade), std::int64_t ttl = 100,
                 std::int64_t delay = 0, std::uint64_t now = 0) {
    const auto r = store.grant(kAlice, kBot, s, Terms{c, ticks(ttl), ticks(delay)}, at(now));
    EXPECT_TRUE(r.ok()) << to_string(r.error);
    return r.id;
  }
  SessionId child(SessionId parent, AgentId holder, AgentId to, const std::optional<Scope>& s = {},
                  std::optional<Caps> c = {}, std::uint64_t now = 0) {
    const auto r = store.subdelegate(parent, holder, to, s, Terms{c, {}, {}}, at(now));
    EXPECT_TRUE(r.ok()) << to_string(r.error);
    return r.id;
  }
  Reason check(SessionId s, AgentId actor, Action a, AgentId target, std::int64_t amount,
               std::uint64_t now) const {
    return store.authorize(s, actor, a, target, amt(amount), at(now)).reason;
  }
  Reason spend(SessionId s, AgentId actor, std::int64_t amount, std::uint64_t now,
               Action a = Action::kSwap, AgentId target = kMarket) {
    return store.try_spend(s, actor, a, target, amt(amount), at(now), [] { return true; }).reason;
  }
};

TEST_F(Authorize, AppliedInsideEveryBound) {
  const SessionId s = root(caps(10, 100));
  const Decision d = store.authorize(s, kBot, Action::kSwap, kMarket, amt(10), at(5));
  EXPECT_TRUE(d.applied());
  EXPECT_EQ(d.reason, Reason::kNone);
  EXPECT_EQ(store.spent_total(s), Amount::zero());  // authorize charges nothing
}

TEST_F(Authorize, NotDelegate) {
  const SessionId s = root(caps(10, 100));
  EXPECT_EQ(check(s, kMallory, Action::kSwap, kMarket, 1, 5), Reason::kNotDelegate);
  EXPECT_EQ(check(s, kAlice, Action::kSwap, kMarket, 1, 5), Reason::kNotDelegate);
}

TEST_F(Authorize, ExpiredFromValidUntilOn) {
  const SessionId s = root(caps(10, 100), Scope::any(kTrade), 50, 0, 10);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 1, 59), Reason::kNone);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 1, 60), Reason::kExpired);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 1, 6000), Reason::kExpired);
}

TEST_F(Authorize, NotYetValidBeforeValidAfter) {
  const SessionId s = root(caps(10, 100), Scope::any(kTrade), 50, 20, 10);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 1, 29), Reason::kNotYetValid);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 1, 30), Reason::kNone);
}

TEST_F(Authorize, OutOfScope) {
  const SessionId s = root(caps(10, 100), Scope::any({Action::kSwap}));
  EXPECT_EQ(check(s, kBot, Action::kTransfer, kMarket, 1, 1), Reason::kOutOfScope);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 1, 1), Reason::kNone);
}

TEST_F(Authorize, TargetNotAllowed) {
  const SessionId s = root(caps(10, 100), Scope::only(kTrade, {kMarket, kShop}));
  EXPECT_EQ(check(s, kBot, Action::kSwap, kModel, 1, 1), Reason::kTargetNotAllowed);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kShop, 1, 1), Reason::kNone);
  // An action without a counterparty is not restricted by the target list.
  EXPECT_EQ(check(s, kBot, Action::kSwap, kNoAgent, 1, 1), Reason::kNone);
}

TEST_F(Authorize, CapExceededPerAction) {
  const SessionId s = root(caps(10, 100));
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 11, 1), Reason::kCapExceeded);
  EXPECT_EQ(check(s, kBot, Action::kSwap, kMarket, 10, 1), Reason::kNone);
}

TEST_F(Authorize, CapExceededTotal) {
  const SessionId s = root(caps(10, 25));
  EXPECT_EQ(spend(s, kBot, 10, 1), Reason::kNone);
  EXPECT_EQ(spend(s, kBot, 10, 2), Reason::kNone);
  EXPECT_EQ(spend(s, kBot, 6, 3), Reason::kCapExceeded);
  EXPECT_EQ(spend(s, kBot, 5, 3), Reason::kNone);
  EXPECT_EQ(spend(s, kBot, 0, 3), Reason::kNone);  // a zero-value action still fits
  EXPECT_EQ(spend(s, kBot, 1, 3), Reason::kCapExceeded);
  EXPECT_EQ(store.spent_total(s), amt(25));
}

TEST_F(Authorize, CapExceededPerPeriodAndTheWindowResets) {
  // 15 per window of 10 ticks, windows start at valid_after = 5: [5,15), [15,25), ...
  const SessionId s = root(caps(-1, 100, 15, 10), Scope::any(kTrade), 100, 5, 0);
  EXPECT_EQ(spend(s, kBot, 10, 6), Reason::kNone);
  EXPECT_EQ(spend(s, kBot, 6, 14), Reason::kCapExceeded);
  EXPECT_EQ(spend(s, kBot, 5, 14), Reason::kNone);
  EXPECT_EQ(store.spent_in_period(s, at(14)), amt(15));
  EXPECT_EQ(store.spent_in_period(s, at(15)), amt(0));
  EXPECT_EQ(spend(s, kBot, 15, 15), Reason::kNone);
  EXPECT_EQ(spend(s, kBot, 1, 24), Reason::kCapExceeded);
  EXPECT_EQ(spend(s, kBot, 15, 47), Reason::kNone);  // skipped windows: [45,55) is fresh
  EXPECT_EQ(spend(s, kBot, 1, 54), Reason::kCapExceeded);
  EXPECT_EQ(store.spent_total(s), amt(45));
}

TEST_F(Authorize, CapExceededCalls) {
  const SessionId s = root(caps(-1, 100, -1, 0, 2));
  EXPECT_EQ(spend(s, kBot, 0, 1), Reason::kNone);
  EXPECT_EQ(spend(s, kBot, 3, 1), Reason::kNone);
  EXPECT_EQ(spend(s, kBot, 0, 1), Reason::kCapExceeded);
  EXPECT_EQ(store.calls_made(s), 2U);
}

TEST_F(Authorize, RevokedOnThisOrAnyAncestorLink) {
  const SessionId r = root(caps(10, 100));
  const SessionId c = child(r, kBot, kHelper);
  const SessionId g = child(c, kHelper, kThird);
  EXPECT_EQ(check(g, kThird, Action::kSwap, kMarket, 1, 1), Reason::kNone);
  store.revoke(c, at(2));
  EXPECT_EQ(check(g, kThird, Action::kSwap, kMarket, 1, 3), Reason::kRevoked);
  EXPECT_EQ(check(c, kHelper, Action::kSwap, kMarket, 1, 3), Reason::kRevoked);
  EXPECT_EQ(check(r, kBot, Action::kSwap, kMarket, 1, 3), Reason::kNone);  // upstream unaffected
  EXPECT_FALSE(store.revoked(g));  // implicit: the walk sees the revoked ancestor
}

TEST_F(Authorize, DepthExceededWhenThePolicyTightens) {
  const SessionId r = root(caps(10, 100));
  const SessionId c = child(r, kBot, kHelper);
  const SessionId g = child(c, kHelper, kThird);
  Policy p = test_policy();
  p.max_depth = 1;
  store.set_policy(p);
  const Decision d = store.authorize(g, kThird, Action::kSwap, kMarket, amt(1), at(1));
  EXPECT_EQ(d.reason, Reason::kDepthExceeded);
  EXPECT_EQ(d.link, g);
  EXPECT_EQ(check(c, kHelper, Action::kSwap, kMarket, 1, 1), Reason::kNone);
}

TEST_F(Authorize, InsufficientFundsComesFromTheLedgerAndChargesNothing) {
  const SessionId s = root(caps(10, 100));
  bool called = false;
  const Decision d = store.try_spend(s, kBot, Action::kSwap, kMarket, amt(5), at(1), [&] {
    called = true;
    return false;
  });
  EXPECT_TRUE(called);
  EXPECT_EQ(d.reason, Reason::kInsufficientFunds);
  EXPECT_EQ(store.spent_total(s), Amount::zero());
  EXPECT_EQ(store.calls_made(s), 0U);
  // A session rejection never reaches the ledger.
  called = false;
  const Decision r = store.try_spend(s, kBot, Action::kSwap, kMarket, amt(50), at(1), [&] {
    called = true;
    return true;
  });
  EXPECT_EQ(r.reason, Reason::kCapExceeded);
  EXPECT_FALSE(called);
}

TEST_F(Authorize, ReasonFollowsThePriorityOrderWhateverTheLink) {
  // Root allows only swaps; child expires early; grandchild is revoked.
  const SessionId r = root(caps(10, 100), Scope::any({Action::kSwap, Action::kSubdelegate}));
  const auto c = store.subdelegate(r, kBot, kHelper, {}, Terms{{}, ticks(10), {}}, at(0)).id;
  const SessionId g = child(c, kHelper, kThird);
  store.revoke(g, at(1));
  // At t=20: g revoked (own link), c and g expired, transfer out of scope on every link.
  EXPECT_EQ(check(g, kThird, Action::kTransfer, kMarket, 1000, 20), Reason::kRevoked);
  EXPECT_EQ(check(c, kHelper, Action::kTransfer, kMarket, 1000, 20), Reason::kExpired);
  EXPECT_EQ(check(r, kBot, Action::kTransfer, kMarket, 1000, 20), Reason::kOutOfScope);
  EXPECT_EQ(check(r, kBot, Action::kSwap, kMarket, 1000, 20), Reason::kCapExceeded);
  // Ties go to the link nearest the root.
  store.revoke(r, at(21));
  const Decision d = store.authorize(g, kThird, Action::kSwap, kMarket, amt(1), at(22));
  EXPECT_EQ(d.reason, Reason::kRevoked);
  EXPECT_EQ(d.link, r);
}

TEST_F(Authorize, PerLinkChargesEveryLinkAndAParentBoundsItsWholeSubtree) {
  const SessionId r = root(caps(-1, 100));
  const SessionId a = child(r, kBot, kHelper);
  const SessionId b = child(r, kBot, kThird);
  EXPECT_EQ(spend(a, kHelper, 60, 1), Reason::kNone);
  EXPECT_EQ(store.spent_total(r), amt(60));
  EXPECT_EQ(store.spent_total(a), amt(60));
  EXPECT_EQ(store.calls_made(r), 1U);
  EXPECT_EQ(spend(b, kThird, 50, 2), Reason::kCapExceeded);  // b's own cap (100) is fine, r's not
  const Decision d = store.authorize(b, kThird, Action::kSwap, kMarket, amt(50), at(2));
  EXPECT_EQ(d.link, r);
  EXPECT_EQ(spend(b, kThird, 40, 2), Reason::kNone);
  EXPECT_EQ(store.spent_total(r), amt(100));
  EXPECT_EQ(store.spent_total(b), amt(40));
}

TEST(AuthorizeChain, AggregateOverThePathAndSiblingsDoNotShare) {
  SessionStore store(test_policy(CapAccounting::kChain));
  const auto r =
      store.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 100), {}, {}}, at(0)).id;
  const auto a = store.subdelegate(r, kBot, kHelper, {}, Terms{caps(-1, 70), {}, {}}, at(0)).id;
  const auto b = store.subdelegate(r, kBot, kThird, {}, Terms{caps(-1, 70), {}, {}}, at(0)).id;
  auto spend = [&](SessionId s, AgentId who, std::int64_t v) {
    return store.try_spend(s, who, Action::kSwap, kMarket, amt(v), at(1), [] { return true; })
        .reason;
  };
  // The root's own spending counts against every path through it, including a's tighter cap.
  EXPECT_EQ(spend(r, kBot, 20), Reason::kNone);
  EXPECT_EQ(store.spent_total(r), amt(20));
  EXPECT_EQ(spend(a, kHelper, 51), Reason::kCapExceeded);  // 20 + 51 > min(100, 70)
  EXPECT_EQ(spend(a, kHelper, 50), Reason::kNone);
  EXPECT_EQ(store.spent_total(r), amt(20));  // only the acting session is charged
  EXPECT_EQ(store.spent_total(a), amt(50));
  // Sibling b's path is r + b: a's spending is not on it, so b can still move 50.
  EXPECT_EQ(spend(b, kThird, 50), Reason::kNone);
  EXPECT_EQ(spend(b, kThird, 1), Reason::kCapExceeded);
  // The root's own path is just r: 20 + 80 <= 100.
  EXPECT_EQ(spend(r, kBot, 80), Reason::kNone);
  EXPECT_EQ(spend(r, kBot, 1), Reason::kCapExceeded);
}

TEST(AuthorizeChain, CallsAndPeriodsAggregateToo) {
  SessionStore store(test_policy(CapAccounting::kChain));
  const auto r =
      store.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 100, 10, 5, 3), {}, {}}, at(0))
          .id;
  const auto a = store.subdelegate(r, kBot, kHelper, {}, Terms{}, at(0)).id;
  auto spend = [&](SessionId s, AgentId who, std::int64_t v, std::uint64_t t) {
    return store.try_spend(s, who, Action::kSwap, kMarket, amt(v), at(t), [] { return true; })
        .reason;
  };
  EXPECT_EQ(spend(r, kBot, 6, 1), Reason::kNone);
  EXPECT_EQ(spend(a, kHelper, 5, 2), Reason::kCapExceeded);  // 6 + 5 > 10 in window [0,5)
  EXPECT_EQ(spend(a, kHelper, 4, 2), Reason::kNone);
  EXPECT_EQ(spend(a, kHelper, 4, 6), Reason::kNone);  // new window; calls 3 of 3
  EXPECT_EQ(spend(a, kHelper, 1, 7), Reason::kCapExceeded);
  // r's own path holds only r's call (1 of 3) and r's spending in this window (none).
  EXPECT_EQ(spend(r, kBot, 10, 7), Reason::kNone);
  EXPECT_EQ(spend(r, kBot, 1, 8), Reason::kCapExceeded);
}

}  // namespace
}  // namespace coordsim::model::sessions::testing
