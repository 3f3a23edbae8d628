#include <gtest/gtest.h>

#include "fixtures.hpp"

namespace coordsim::model::sessions::testing {
namespace {

const auto kOk = [] { return true; };

TEST(Exposure, PerLinkIsTheRemainingTotalOfEachLiveRoot) {
  Policy p = test_policy();
  p.allow_unlimited = true;
  SessionStore store(p);
  const auto r =
      store.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 100), ticks(100), {}}, at(0)).id;
  const auto a = store.subdelegate(r, kBot, kHelper, {}, Terms{caps(-1, 80), {}, {}}, at(0)).id;
  (void)store.subdelegate(r, kBot, kThird, {}, Terms{caps(-1, 80), {}, {}}, at(0)).id;
  EXPECT_EQ(store.total_exposure(at(1)).bounded, Wide{100});  // not 260: children are within r
  ASSERT_TRUE(store.try_spend(a, kHelper, Action::kSwap, kMarket, amt(30), at(1), kOk).applied());
  EXPECT_EQ(store.total_exposure(at(1)).bounded, Wide{70});
  const auto u =
      store
          .grant(kAlice, kModel, Scope::any(kTrade), Terms{Caps::unlimited(), ticks(50), {}}, at(0))
          .id;
  const Exposure e = store.total_exposure(at(1));
  EXPECT_EQ(e.bounded, Wide{70});
  EXPECT_EQ(e.unlimited, 1U);
  EXPECT_EQ(store.live_sessions(at(1)), 4U);
  EXPECT_EQ(store.total_exposure(at(60)).unlimited, 0U);  // u expired
  store.revoke(r, at(61));
  EXPECT_EQ(store.total_exposure(at(61)).bounded, Wide{0});
  EXPECT_EQ(store.live_sessions(at(61)), 0U);
  (void)u;
}

TEST(Exposure, NotYetValidSessionsAreOutstandingAuthority) {
  SessionStore store(test_policy());
  (void)store.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 40), ticks(10), ticks(50)},
                    at(0));
  EXPECT_EQ(store.live_sessions(at(0)), 1U);
  EXPECT_EQ(store.total_exposure(at(0)).bounded, Wide{40});
  EXPECT_EQ(store.live_sessions(at(60)), 0U);
}

TEST(Exposure, ChainIsTheRemainingRoomOfEveryLiveSessionOnItsOwnPath) {
  SessionStore store(test_policy(CapAccounting::kChain));
  const auto r =
      store.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 100), ticks(100), {}}, at(0)).id;
  const auto a = store.subdelegate(r, kBot, kHelper, {}, Terms{caps(-1, 80), {}, {}}, at(0)).id;
  const auto b =
      store.subdelegate(r, kBot, kThird, {}, Terms{caps(-1, 30), ticks(10), {}}, at(0)).id;
  // Each session can still spend its path's room, and spending below does not reduce the room
  // above: 100 + 80 + 30 can all be taken (b and a first, then r).
  EXPECT_EQ(store.total_exposure(at(1)).bounded, Wide{210});
  ASSERT_TRUE(store.try_spend(r, kBot, Action::kSwap, kMarket, amt(25), at(1), kOk).applied());
  EXPECT_EQ(store.total_exposure(at(1)).bounded, Wide{75 + 55 + 5});
  ASSERT_TRUE(store.try_spend(b, kThird, Action::kSwap, kMarket, amt(5), at(1), kOk).applied());
  EXPECT_EQ(store.total_exposure(at(1)).bounded, Wide{75 + 55});
  EXPECT_EQ(store.total_exposure(at(20)).bounded, Wide{75 + 55});  // b expired with no room left
  store.revoke(a, at(21));
  EXPECT_EQ(store.total_exposure(at(21)).bounded, Wide{75});
  // The claim behind the definition: draining deepest first takes exactly the exposure.
  SessionStore fresh(test_policy(CapAccounting::kChain));
  const auto r2 =
      fresh.grant(kAlice, kBot, Scope::any(kTrade), Terms{caps(-1, 100), ticks(100), {}}, at(0)).id;
  const auto a2 = fresh.subdelegate(r2, kBot, kHelper, {}, Terms{caps(-1, 80), {}, {}}, at(0)).id;
  const Wide exposure = fresh.total_exposure(at(1)).bounded;
  Wide taken = 0;
  for (SessionId s : {a2, r2}) {
    const Amount h = fresh.headroom(s, at(1));
    ASSERT_TRUE(
        fresh.try_spend(s, fresh.delegate(s), Action::kSwap, kMarket, h, at(1), kOk).applied());
    taken += h.raw();
  }
  EXPECT_EQ(taken, exposure);
  EXPECT_EQ(fresh.total_exposure(at(1)).bounded, Wide{0});
}

TEST(Headroom, IsTheLargestAmountAuthorizeWouldPass) {
  SessionStore store(test_policy());
  const auto r = store
                     .grant(kAlice, kBot, Scope::any(kTrade),
                            Terms{caps(30, 100, 50, 10, 4), ticks(100), {}}, at(0))
                     .id;
  const auto c = store.subdelegate(r, kBot, kHelper, {}, Terms{caps(-1, 45), {}, {}}, at(0)).id;
  EXPECT_EQ(store.headroom(c, at(1)), amt(30));
  ASSERT_TRUE(store.try_spend(c, kHelper, Action::kSwap, kMarket, amt(30), at(1), kOk).applied());
  EXPECT_EQ(store.headroom(c, at(2)), amt(15));  // c's total
  EXPECT_EQ(store.headroom(r, at(2)), amt(20));  // r's period window
  EXPECT_EQ(store.headroom(r, at(10)), amt(30));
  for (SessionId s : {r, c}) {
    const Amount h = store.headroom(s, at(2));
    const AgentId who = store.delegate(s);
    EXPECT_TRUE(store.authorize(s, who, Action::kSwap, kMarket, h, at(2)).applied());
    EXPECT_EQ(store.authorize(s, who, Action::kSwap, kMarket, h + amt(1), at(2)).reason,
              Reason::kCapExceeded);
  }
  EXPECT_EQ(store.headroom(r, at(100)), Amount::zero());  // expired
}

}  // namespace
}  // namespace coordsim::model::sessions::testing
