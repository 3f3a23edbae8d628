#include <gtest/gtest.h>

#include <vector>

#include "fixtures.hpp"

namespace coordsim::model::sessions::testing {
namespace {

// r -> a -> {a1, a2}, r -> b; plus an unrelated root u.
class Revoke : public ::testing::Test {
 protected:
  SessionStore store{test_policy()};
  SessionId r = store.grant(kAlice, kBot, Scope::any(kTrade), Terms{}, at(0)).id;
  SessionId a = store.subdelegate(r, kBot, kHelper, {}, Terms{}, at(0)).id;
  SessionId a1 = store.subdelegate(a, kHelper, kThird, {}, Terms{}, at(0)).id;
  SessionId a2 = store.subdelegate(a, kHelper, kMallory, {}, Terms{}, at(0)).id;
  SessionId b = store.subdelegate(r, kBot, kShop, {}, Terms{}, at(0)).id;
  SessionId u = store.grant(kAlice, kModel, Scope::any(kTrade), Terms{}, at(0)).id;
};

TEST_F(Revoke, IsMonotone) {
  EXPECT_TRUE(store.revoke(a, at(5)));
  EXPECT_FALSE(store.revoke(a, at(9)));
  EXPECT_TRUE(store.revoked(a));
  EXPECT_EQ(store.revoked_at(a), at(5));
  // Nothing brings it back: not time, not extension, not renewal.
  EXPECT_EQ(store.authorize(a, kHelper, Action::kSwap, kMarket, amt(1), at(6)).reason,
            Reason::kRevoked);
  EXPECT_EQ(store.extend(a, kBot, at(6), ticks(50)).error, GrantError::kRevoked);
  EXPECT_EQ(store.renew(a, kBot, at(6), ticks(50)).error, GrantError::kRevoked);
  EXPECT_TRUE(store.revoked(a));
}

TEST_F(Revoke, KillsEveryChainThroughTheLink) {
  EXPECT_EQ(store.live_sessions(at(1)), 6U);
  store.revoke(a, at(1));
  for (SessionId s : {a, a1, a2}) {
    EXPECT_FALSE(store.is_live(s, at(1)));
    EXPECT_EQ(store.chain_status(s, at(1)), Reason::kRevoked);
  }
  for (SessionId s : {r, b, u}) EXPECT_TRUE(store.is_live(s, at(1)));
  EXPECT_EQ(store.live_sessions(at(1)), 3U);
  EXPECT_FALSE(store.revoked(a1));  // implicit only
}

TEST_F(Revoke, CascadeMarksEveryDescendantOnce) {
  store.revoke(a1, at(1));
  std::vector<SessionId> seen;
  const std::size_t n = store.revoke_cascade(r, at(2), [&](SessionId s) { seen.push_back(s); });
  EXPECT_EQ(n, 4U);  // r, a, a2, b (a1 was already revoked)
  EXPECT_EQ(seen.size(), 4U);
  for (SessionId s : {r, a, a1, a2, b}) EXPECT_TRUE(store.revoked(s));
  EXPECT_FALSE(store.revoked(u));
  EXPECT_EQ(store.revoked_at(a1), at(1));
  EXPECT_EQ(store.revoked_at(b), at(2));
  EXPECT_EQ(seen.front(), r);  // pre-order
  EXPECT_EQ(store.revoke_cascade(r, at(3)), 0U);
}

TEST_F(Revoke, CascadeOfALeafOrASubtree) {
  EXPECT_EQ(store.revoke_cascade(a2, at(1)), 1U);
  EXPECT_EQ(store.revoke_cascade(a, at(1)), 2U);
  EXPECT_FALSE(store.revoked(r));
  EXPECT_FALSE(store.revoked(b));
}

TEST_F(Revoke, AnyUpstreamPrincipalMayRevoke) {
  EXPECT_TRUE(store.can_revoke(a1, kHelper));  // a1's own principal
  EXPECT_TRUE(store.can_revoke(a1, kBot));
  EXPECT_TRUE(store.can_revoke(a1, kAlice));
  EXPECT_FALSE(store.can_revoke(a1, kThird));  // the delegate itself is not upstream
  EXPECT_FALSE(store.can_revoke(b, kHelper));  // a sibling branch
}

TEST_F(Revoke, NothingIsSpentThroughARevokedChain) {
  const auto ok = [] { return true; };
  EXPECT_TRUE(store.try_spend(a1, kThird, Action::kSwap, kMarket, amt(5), at(1), ok).applied());
  store.revoke(a, at(2));
  const Amount before = store.spent_total(r);
  for (std::uint64_t t = 2; t < 50; ++t) {
    EXPECT_EQ(store.try_spend(a1, kThird, Action::kSwap, kMarket, amt(1), at(t), ok).reason,
              Reason::kRevoked);
  }
  EXPECT_EQ(store.spent_total(r), before);
  EXPECT_EQ(store.spent_total(a1), amt(5));
}

}  // namespace
}  // namespace coordsim::model::sessions::testing
