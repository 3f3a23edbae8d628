#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace coordsim::model::sessions::testing {
namespace {

class Subdelegate : public ::testing::Test {
 protected:
  SessionStore store{test_policy()};
  SessionId parent = store
                         .grant(kAlice, kBot, Scope::only(kTrade, {kMarket, kShop}),
                                Terms{caps(10, 100, 40, 20, 8), ticks(100), ticks(10)}, at(0))
                         .id;
  GrantResult sub(const std::optional<Scope>& s, const Terms& t, std::uint64_t now = 12,
                  AgentId holder = kBot) {
    return store.subdelegate(parent, holder, kHelper, s, t, at(now));
  }
};

TEST_F(Subdelegate, OnlyTheDelegateMaySubdelegate) {
  EXPECT_EQ(sub({}, Terms{}, 12, kAlice).error, GrantError::kNotDelegate);
  EXPECT_EQ(sub({}, Terms{}, 12, kMallory).error, GrantError::kNotDelegate);
  EXPECT_TRUE(sub({}, Terms{}, 12, kBot).ok());
}

TEST_F(Subdelegate, EveryLinkMustAllowSubdelegation) {
  const auto c = sub(Scope::any({Action::kSwap}), Terms{});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(store.subdelegate(c.id, kHelper, kThird, {}, Terms{}, at(12)).error,
            GrantError::kOutOfScope);
}

TEST_F(Subdelegate, InheritsScopeAndCapsWhenUnset) {
  const auto c = sub({}, Terms{});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(store.parent(c.id), parent);
  EXPECT_EQ(store.principal(c.id), kBot);
  EXPECT_EQ(store.delegate(c.id), kHelper);
  EXPECT_EQ(store.depth(c.id), 1U);
  EXPECT_EQ(store.actions(c.id), kTrade);
  EXPECT_EQ(store.caps(c.id), store.caps(parent));
  ASSERT_EQ(store.targets(c.id).size(), 2U);
  EXPECT_EQ(store.first_child(parent), c.id);
}

TEST_F(Subdelegate, ClampsScopeToTheParent) {
  const auto c = sub(Scope::only({Action::kSwap, Action::kInfer}, {kShop, kModel}), Terms{});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(store.actions(c.id), ActionSet{Action::kSwap});  // infer was never the parent's
  ASSERT_EQ(store.targets(c.id).size(), 1U);
  EXPECT_EQ(store.targets(c.id)[0], kShop);  // the model was never the parent's
  const auto any = sub(Scope::any(kTrade), Terms{});
  EXPECT_FALSE(store.any_target(any.id));  // "any" under a list is the parent's list
  EXPECT_EQ(store.targets(any.id).size(), 2U);
  const auto none = sub(Scope::only(kTrade, {kModel}), Terms{});
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(store.any_target(none.id));
  EXPECT_TRUE(store.targets(none.id).empty());
  EXPECT_EQ(store.authorize(none.id, kHelper, Action::kSwap, kModel, amt(1), at(12)).reason,
            Reason::kTargetNotAllowed);
}

TEST_F(Subdelegate, ClampsCapsAndLifetimeToTheParent) {
  const auto c = sub({}, Terms{caps(50, 30, 100, 5, 100), ticks(1000), ticks(0)});
  ASSERT_TRUE(c.ok()) << to_string(c.error);
  EXPECT_EQ(store.caps(c.id), caps(10, 30, 40, 20, 8));  // window: the longer (20)
  EXPECT_EQ(c.valid_after, at(12));
  EXPECT_EQ(c.valid_until, at(110));  // no later than the parent's
  EXPECT_EQ(store.valid_until(c.id), at(110));
  const auto longer = sub({}, Terms{caps(50, 30, 10, 50, 100), ticks(5), ticks(0)});
  EXPECT_EQ(store.caps(longer.id).period, ticks(50));
  EXPECT_EQ(longer.valid_until, at(17));
}

TEST_F(Subdelegate, DepthIsBounded) {
  SessionId s = parent;
  AgentId holder = kBot;
  for (std::uint32_t d = 1; d <= 3; ++d) {
    const AgentId next{20 + d};
    const auto c = store.subdelegate(s, holder, next, {}, Terms{}, at(12));
    ASSERT_TRUE(c.ok()) << d;
    EXPECT_EQ(store.depth(c.id), d);
    s = c.id;
    holder = next;
  }
  EXPECT_EQ(store.subdelegate(s, holder, kThird, {}, Terms{}, at(12)).error,
            GrantError::kDepthExceeded);
}

TEST_F(Subdelegate, TheParentChainMustBeValidNow) {
  EXPECT_EQ(sub({}, Terms{}, 5).error, GrantError::kNotYetValid);
  EXPECT_EQ(sub({}, Terms{}, 110).error, GrantError::kExpired);
  store.revoke(parent, at(12));
  EXPECT_EQ(sub({}, Terms{}, 12).error, GrantError::kRevoked);
}

TEST_F(Subdelegate, AChildThatCouldNeverBeValidIsRejected) {
  EXPECT_EQ(sub({}, Terms{{}, ticks(5), ticks(200)}).error, GrantError::kExpired);
}

TEST_F(Subdelegate, ThePolicyJudgesTheClampedChild) {
  // Asking for an unlimited total or no expiry under a bounded parent yields a bounded child.
  const auto c = sub({}, Terms{Caps::unlimited(), kForever, {}});
  ASSERT_TRUE(c.ok()) << to_string(c.error);
  EXPECT_EQ(store.caps(c.id).total, amt(100));
  EXPECT_EQ(c.valid_until, at(110));
}

TEST_F(Subdelegate, CallCapsDoNotBlockSubdelegation) {
  const auto c = sub({}, Terms{caps(-1, 100, -1, 0, 0), {}, {}});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(store.subdelegate(c.id, kHelper, kThird, {}, Terms{}, at(12)).ok());
}

TEST(Attenuate, EachCapIsTheSmaller) {
  const Caps parent = caps(10, 100, 40, 20, 8);
  EXPECT_EQ(attenuate(caps(5, 200, 50, 10, 9), parent), caps(5, 100, 40, 20, 8));
  EXPECT_EQ(attenuate(caps(20, 50, 30, 30, 2), parent), caps(10, 50, 30, 30, 2));
  // No per-period cap asked for: inherit the parent's cap and window.
  EXPECT_EQ(attenuate(caps(-1, -1), parent), parent);
  // A never-resetting window (0) is the longest there is.
  EXPECT_EQ(attenuate(caps(-1, -1, 30, 0), parent).period, ticks(0));
  EXPECT_EQ(attenuate(caps(-1, -1, 30, 7), caps(-1, -1)), caps(-1, -1, 30, 7));
  for (const Caps& req :
       {caps(5, 200, 50, 10, 9), caps(-1, -1), caps(1, 1, 1, 1, 1), caps(-1, -1, 30, 0)}) {
    EXPECT_TRUE(caps_within(attenuate(req, parent), parent));
  }
  EXPECT_FALSE(caps_within(caps(10, 100, 40, 10, 8), parent));
}

}  // namespace
}  // namespace coordsim::model::sessions::testing
