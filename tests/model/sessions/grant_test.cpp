#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace coordsim::model::sessions::testing {
namespace {

TEST(Grant, StoresTheGrantAndReturnsItsWindow) {
  SessionStore store(test_policy());
  const auto r = store.grant(kAlice, kBot, Scope::only(kTrade, {kShop, kMarket, kShop}),
                             Terms{caps(10, 200, 50, 7, 9), ticks(300), ticks(5)}, at(20));
  ASSERT_TRUE(r.ok()) << to_string(r.error);
  EXPECT_EQ(r.id, SessionId{0});
  EXPECT_EQ(r.valid_after, at(25));
  EXPECT_EQ(r.valid_until, at(325));
  EXPECT_EQ(store.size(), 1U);
  EXPECT_EQ(store.principal(r.id), kAlice);
  EXPECT_EQ(store.delegate(r.id), kBot);
  EXPECT_EQ(store.parent(r.id), kNoSession);
  EXPECT_EQ(store.depth(r.id), 0U);
  EXPECT_EQ(store.actions(r.id), kTrade);
  EXPECT_FALSE(store.any_target(r.id));
  const auto t = store.targets(r.id);  // sorted, duplicates gone
  ASSERT_EQ(t.size(), 2U);
  EXPECT_EQ(t[0], kMarket);
  EXPECT_EQ(t[1], kShop);
  EXPECT_EQ(store.caps(r.id), caps(10, 200, 50, 7, 9));
  EXPECT_EQ(store.valid_after(r.id), at(25));
  EXPECT_EQ(store.valid_until(r.id), at(325));
  EXPECT_EQ(store.created_at(r.id), at(20));
  EXPECT_FALSE(store.revoked(r.id));
  EXPECT_EQ(store.spent_total(r.id), Amount::zero());
  EXPECT_EQ(store.calls_made(r.id), 0U);

  const auto second = store.grant(kAlice, kHelper, Scope::any(kTrade), Terms{}, at(20));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.id, SessionId{1});
}

TEST(Grant, UnsetTermsTakeThePolicyDefaults) {
  const Policy p = test_policy();
  SessionStore store(p);
  const auto r = store.grant(kAlice, kBot, Scope::any(kTrade), Terms{}, at(7));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(store.caps(r.id), p.default_caps);
  EXPECT_EQ(r.valid_until, at(7) + p.default_ttl);
  EXPECT_TRUE(store.any_target(r.id));
  EXPECT_TRUE(store.targets(r.id).empty());
}

TEST(Grant, TtlOverMaximumIsRejected) {
  SessionStore store(test_policy());
  EXPECT_EQ(store.grant(kAlice, kBot, Scope::any(kTrade), Terms{{}, ticks(1001), {}}, at(0)).error,
            GrantError::kTtlExceedsMax);
  EXPECT_TRUE(
      store.grant(kAlice, kBot, Scope::any(kTrade), Terms{{}, ticks(1000), {}}, at(0)).ok());
  EXPECT_EQ(store.size(), 1U);  // a rejected grant leaves no row
}

TEST(Grant, NeverExpiringNeedsThePolicy) {
  Policy p = test_policy();
  SessionStore strict(p);
  EXPECT_EQ(strict.grant(kAlice, kBot, Scope::any(kTrade), Terms{{}, kForever, {}}, at(0)).error,
            GrantError::kNeverExpiringNotAllowed);
  p.allow_never_expiring = true;
  SessionStore lax(p);
  const auto r = lax.grant(kAlice, kBot, Scope::any(kTrade), Terms{{}, kForever, {}}, at(0));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.valid_until, SimTime::never());  // exempt from max_ttl: explicitly allowed
}

TEST(Grant, UnlimitedTotalNeedsThePolicy) {
  Policy p = test_policy();
  SessionStore strict(p);
  EXPECT_EQ(
      strict.grant(kAlice, kBot, Scope::any(kTrade), Terms{Caps::unlimited(), {}, {}}, at(0)).error,
      GrantError::kUnlimitedNotAllowed);
  // Other caps may be unlimited: the total bounds the exposure.
  EXPECT_TRUE(
      strict.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 10), {}, {}}, at(0)).ok());
  p.allow_unlimited = true;
  SessionStore lax(p);
  EXPECT_TRUE(
      lax.grant(kAlice, kBot, Scope::any(kTrade), Terms{Caps::unlimited(), {}, {}}, at(0)).ok());
}

TEST(Grant, MalformedRequestsThrow) {
  SessionStore store(test_policy());
  const Scope s = Scope::any(kTrade);
  EXPECT_THROW((void)store.grant(kAlice, kBot, s, Terms{caps(-1, 10), ticks(0), {}}, at(0)),
               InvalidGrant);
  EXPECT_THROW((void)store.grant(kAlice, kBot, s, Terms{caps(-1, 10), ticks(-5), {}}, at(0)),
               InvalidGrant);
  EXPECT_THROW((void)store.grant(kAlice, kBot, s, Terms{Caps::with_total(amt(-1)), {}, {}}, at(0)),
               InvalidGrant);
  EXPECT_THROW((void)store.grant(kAlice, kBot, s, Terms{caps(-1, 10, 5, 0), {}, {}}, at(0)),
               InvalidGrant);
  EXPECT_THROW((void)store.grant(kAlice, kBot, s, Terms{{}, {}, ticks(-1)}, at(0)), InvalidGrant);
  EXPECT_THROW((void)store.grant(kNoAgent, kBot, s, Terms{}, at(0)), InvalidGrant);
  EXPECT_THROW((void)store.grant(kAlice, kNoAgent, s, Terms{}, at(0)), InvalidGrant);
  EXPECT_EQ(store.size(), 0U);
}

TEST(Policy, InconsistentPoliciesThrow) {
  Policy p = test_policy();
  p.default_ttl = ticks(2000);
  EXPECT_THROW(SessionStore{p}, InvalidPolicy);
  p = test_policy();
  p.default_ttl = kForever;
  EXPECT_THROW(SessionStore{p}, InvalidPolicy);
  p.allow_never_expiring = true;
  EXPECT_NO_THROW(SessionStore{p});
  p = test_policy();
  p.default_caps = Caps::unlimited();
  EXPECT_THROW(SessionStore{p}, InvalidPolicy);
  p.allow_unlimited = true;
  EXPECT_NO_THROW(SessionStore{p});
  p = test_policy();
  p.default_caps = caps(-1, 10, 3, 0);
  EXPECT_THROW(SessionStore{p}, InvalidPolicy);
  p = test_policy();
  p.max_ttl = ticks(0);
  EXPECT_THROW(SessionStore{p}, InvalidPolicy);
}

TEST(Policy, AccountingModeCannotChangeMidRun) {
  SessionStore store(test_policy(CapAccounting::kPerLink));
  EXPECT_THROW(store.set_policy(test_policy(CapAccounting::kChain)), InvalidPolicy);
  Policy tighter = test_policy();
  tighter.max_ttl = ticks(50);
  tighter.default_ttl = ticks(50);
  store.set_policy(tighter);
  EXPECT_EQ(store.grant(kAlice, kBot, Scope::any(kTrade), Terms{{}, ticks(60), {}}, at(0)).error,
            GrantError::kTtlExceedsMax);
}

TEST(Action, NamesRoundTrip) {
  for (std::size_t i = 0; i < kActionCount; ++i) {
    const auto a = static_cast<Action>(i);
    ASSERT_EQ(action_from_string(to_string(a)), a) << to_string(a);
  }
  EXPECT_FALSE(action_from_string("launder").has_value());
  EXPECT_TRUE(ActionSet{Action::kSwap}.subset_of(kTrade));
  EXPECT_FALSE(ActionSet{Action::kInfer}.subset_of(kTrade));
  EXPECT_EQ((kTrade & ActionSet{Action::kSwap, Action::kInfer}), ActionSet{Action::kSwap});
  EXPECT_TRUE(ActionSet::all().contains(Action::kSubdelegate));
}

}  // namespace
}  // namespace coordsim::model::sessions::testing
