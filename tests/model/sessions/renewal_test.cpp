#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace coordsim::model::sessions::testing {
namespace {

const auto kOk = [] { return true; };

TEST(Extend, MovesExpiryLaterAndKeepsCountersAndChildren) {
  SessionStore store(test_policy());
  const auto r =
      store.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 100), ticks(100), {}}, at(0));
  const auto c = store.subdelegate(r.id, kBot, kHelper, {}, Terms{}, at(0));
  ASSERT_TRUE(store.try_spend(r.id, kBot, Action::kSwap, kMarket, amt(30), at(5), kOk).applied());
  const auto e = store.extend(r.id, kAlice, at(90), ticks(500));
  ASSERT_TRUE(e.ok()) << to_string(e.error);
  EXPECT_EQ(e.id, r.id);
  EXPECT_EQ(e.valid_until, at(590));
  EXPECT_EQ(store.valid_until(r.id), at(590));
  EXPECT_EQ(store.spent_total(r.id), amt(30));  // same budget
  EXPECT_EQ(store.valid_until(c.id), at(100));  // children keep their own expiry
  EXPECT_TRUE(store.authorize(r.id, kBot, Action::kSwap, kMarket, amt(70), at(300)).applied());
  EXPECT_EQ(store.authorize(r.id, kBot, Action::kSwap, kMarket, amt(71), at(300)).reason,
            Reason::kCapExceeded);
  // A child may be extended up to its parent's expiry, and no further.
  const auto ce = store.extend(c.id, kBot, at(50), ticks(1000));
  ASSERT_TRUE(ce.ok());
  EXPECT_EQ(ce.valid_until, at(590));
  // Never shortens.
  EXPECT_EQ(store.extend(r.id, kAlice, at(91), ticks(10)).valid_until, at(590));
}

TEST(Extend, RefusesWhatIsNotAllowed) {
  Policy p = test_policy();
  SessionStore store(p);
  const auto r = store.grant(kAlice, kBot, Scope::any(kTrade), Terms{}, at(0));
  EXPECT_EQ(store.extend(r.id, kBot, at(10), ticks(50)).error, GrantError::kNotPrincipal);
  EXPECT_EQ(store.extend(r.id, kAlice, at(10), ticks(1001)).error, GrantError::kTtlExceedsMax);
  EXPECT_EQ(store.extend(r.id, kAlice, at(10), kForever).error,
            GrantError::kNeverExpiringNotAllowed);
  EXPECT_EQ(store.extend(r.id, kAlice, at(100), ticks(50)).error, GrantError::kExpired);  // final
  p.renewal = RenewalMode::kNever;
  store.set_policy(p);
  EXPECT_EQ(store.extend(r.id, kAlice, at(10), ticks(50)).error, GrantError::kRenewalDisabled);
  EXPECT_EQ(store.renew(r.id, kAlice, at(10), ticks(50)).error, GrantError::kRenewalDisabled);
}

TEST(Renew, ReplacesTheSessionWithAFreshBudget) {
  SessionStore store(test_policy());
  const auto r = store.grant(kAlice, kBot, Scope::only(kTrade, {kMarket}),
                             Terms{caps(10, 20), ticks(100), {}}, at(0));
  const auto c = store.subdelegate(r.id, kBot, kHelper, {}, Terms{}, at(0));
  ASSERT_TRUE(store.try_spend(r.id, kBot, Action::kSwap, kMarket, amt(10), at(1), kOk).applied());
  ASSERT_TRUE(store.try_spend(r.id, kBot, Action::kSwap, kMarket, amt(10), at(2), kOk).applied());
  EXPECT_EQ(store.headroom(r.id, at(3)), Amount::zero());
  const auto n = store.renew(r.id, kAlice, at(150), ticks(200));  // after expiry: allowed
  ASSERT_TRUE(n.ok()) << to_string(n.error);
  EXPECT_NE(n.id, r.id);
  EXPECT_EQ(n.valid_after, at(150));
  EXPECT_EQ(n.valid_until, at(350));
  EXPECT_EQ(store.principal(n.id), kAlice);
  EXPECT_EQ(store.delegate(n.id), kBot);
  EXPECT_EQ(store.caps(n.id), store.caps(r.id));
  EXPECT_EQ(store.actions(n.id), store.actions(r.id));
  ASSERT_EQ(store.targets(n.id).size(), 1U);
  EXPECT_EQ(store.spent_total(n.id), Amount::zero());
  EXPECT_TRUE(store.revoked(r.id));  // replaced, with everything under it
  EXPECT_TRUE(store.revoked(c.id));
  EXPECT_EQ(store.first_child(n.id), kNoSession);
  EXPECT_TRUE(store.authorize(n.id, kBot, Action::kSwap, kMarket, amt(10), at(151)).applied());
  EXPECT_EQ(store.renew(n.id, kBot, at(160), {}).error, GrantError::kNotPrincipal);
}

TEST(Renew, AChildIsRenewedUnderItsParentAndStaysWithinIt) {
  SessionStore store(test_policy());
  const auto r =
      store.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 100), ticks(300), {}}, at(0));
  const auto c =
      store.subdelegate(r.id, kBot, kHelper, {}, Terms{caps(-1, 40), ticks(50), {}}, at(0));
  const auto n = store.renew(c.id, kBot, at(60), ticks(1000));
  ASSERT_TRUE(n.ok()) << to_string(n.error);
  EXPECT_EQ(store.parent(n.id), r.id);
  EXPECT_EQ(store.depth(n.id), 1U);
  EXPECT_EQ(n.valid_until, at(300));
  EXPECT_EQ(store.caps(n.id).total, amt(40));
  // Once the parent is gone, the child cannot be renewed: renewal cannot outlive its source.
  store.revoke(r.id, at(70));
  EXPECT_EQ(store.renew(n.id, kBot, at(71), {}).error, GrantError::kRevoked);
  EXPECT_FALSE(store.revoked(n.id));  // a refused renewal leaves the old session as it was
}

}  // namespace
}  // namespace coordsim::model::sessions::testing
