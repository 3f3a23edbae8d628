#include "model/market/order_book.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "kernel/archive.hpp"

namespace coordsim::model::market {
namespace {

using kernel::AgentId;

constexpr AgentId kAlice{1};
constexpr AgentId kBob{2};
constexpr AgentId kCarol{3};
constexpr AgentId kDave{4};

struct Book : ::testing::Test {
  OrderBook book;
  MatchOutput out;
  OrderId sell(AgentId who, std::int64_t price, std::int64_t qty) {
    const PlaceOutcome p = book.limit(who, Side::kSell, Price{price}, Amount{qty}, out);
    EXPECT_EQ(p.result, BookResult::kOk);
    return p.id;
  }
  OrderId buy(AgentId who, std::int64_t price, std::int64_t qty) {
    const PlaceOutcome p = book.limit(who, Side::kBuy, Price{price}, Amount{qty}, out);
    EXPECT_EQ(p.result, BookResult::kOk);
    return p.id;
  }
};

TEST_F(Book, NonCrossingOrdersRestAndSetTheTouch) {
  const OrderId b = buy(kAlice, 99, 10);
  const OrderId s = sell(kBob, 101, 5);
  EXPECT_TRUE(out.fills.empty());
  EXPECT_EQ(book.best_bid(), Price{99});
  EXPECT_EQ(book.best_ask(), Price{101});
  EXPECT_EQ(book.order_count(), 2U);
  ASSERT_TRUE(book.find(b).has_value());
  EXPECT_EQ(book.find(b)->remaining, Amount{10});
  EXPECT_EQ(book.find(s)->owner, kBob);
}

TEST_F(Book, PricePriorityBeatsTimePriority) {
  const OrderId older = sell(kAlice, 101, 10);  // arrived first, worse price
  const OrderId better = sell(kBob, 100, 5);
  const PlaceOutcome p = book.limit(kCarol, Side::kBuy, Price{101}, Amount{12}, out);
  EXPECT_EQ(p.filled, Amount{12});
  EXPECT_EQ(p.resting, Amount{0});
  ASSERT_EQ(out.fills.size(), 2U);
  EXPECT_EQ(out.fills[0].maker, better);
  EXPECT_EQ(out.fills[0].price, Price{100});  // at the resting order's price
  EXPECT_EQ(out.fills[0].quantity, Amount{5});
  EXPECT_EQ(out.fills[1].maker, older);
  EXPECT_EQ(out.fills[1].price, Price{101});
  EXPECT_EQ(out.fills[1].quantity, Amount{7});
  EXPECT_EQ(out.fills[1].taker, p.id);
  EXPECT_EQ(out.fills[1].taker_owner, kCarol);
  EXPECT_EQ(out.fills[1].maker_owner, kAlice);
  EXPECT_EQ(book.find(older)->remaining, Amount{3});
  EXPECT_FALSE(book.find(better).has_value());  // fully filled: gone
  EXPECT_FALSE(book.find(p.id).has_value());    // the taker did not rest
}

TEST_F(Book, FifoWithinALevelAndPartialFillOfSeveralRestingOrders) {
  const OrderId s1 = sell(kAlice, 100, 4);
  const OrderId s2 = sell(kBob, 100, 6);
  const OrderId s3 = sell(kCarol, 100, 5);
  const PlaceOutcome p = book.limit(kDave, Side::kBuy, Price{100}, Amount{8}, out);
  ASSERT_EQ(out.fills.size(), 2U);
  EXPECT_EQ(out.fills[0].maker, s1);
  EXPECT_EQ(out.fills[0].quantity, Amount{4});
  EXPECT_EQ(out.fills[1].maker, s2);
  EXPECT_EQ(out.fills[1].quantity, Amount{4});
  EXPECT_EQ(p.filled, Amount{8});
  EXPECT_EQ(book.find(s2)->remaining, Amount{2});
  EXPECT_EQ(book.find(s3)->remaining, Amount{5});
  EXPECT_EQ(book.depth(Side::kSell, 1), Amount{7});
  std::array<LevelView, 4> levels{};
  ASSERT_EQ(book.snapshot(Side::kSell, levels), 1U);
  EXPECT_EQ(levels[0].orders, 2U);
  EXPECT_EQ(levels[0].quantity, Amount{7});
}

TEST_F(Book, LimitRemainderRestsAtItsOwnPrice) {
  sell(kAlice, 100, 5);
  const PlaceOutcome p = book.limit(kBob, Side::kBuy, Price{102}, Amount{20}, out);
  EXPECT_EQ(p.filled, Amount{5});
  EXPECT_EQ(p.resting, Amount{15});
  EXPECT_EQ(book.best_bid(), Price{102});
  EXPECT_FALSE(book.best_ask().has_value());
  EXPECT_EQ(book.find(p.id)->remaining, Amount{15});
  // A later seller at 101 trades at the resting buyer's 102.
  out.clear();
  const PlaceOutcome s = book.limit(kCarol, Side::kSell, Price{101}, Amount{4}, out);
  ASSERT_EQ(out.fills.size(), 1U);
  EXPECT_EQ(out.fills[0].price, Price{102});
  EXPECT_EQ(out.fills[0].taker_side, Side::kSell);
  EXPECT_EQ(s.resting, Amount{0});
}

TEST_F(Book, MarketOrderWalksTheBookAndDropsTheRemainder) {
  sell(kAlice, 100, 3);
  sell(kBob, 105, 4);
  sell(kCarol, 110, 2);
  const PlaceOutcome p = book.market(kDave, Side::kBuy, Amount{12}, out);
  EXPECT_EQ(p.filled, Amount{9});
  EXPECT_EQ(p.unfilled, Amount{3});
  EXPECT_EQ(p.resting, Amount{0});
  ASSERT_EQ(out.fills.size(), 3U);
  EXPECT_EQ(out.fills[2].price, Price{110});
  EXPECT_EQ(book.order_count(), 0U);
  EXPECT_EQ(book.level_count(Side::kSell), 0U);
  EXPECT_FALSE(book.best_bid().has_value());  // a market order never rests
}

TEST_F(Book, ImmediateOrCancelFillsUpToItsLimitAndNeverRests) {
  const OrderId near = sell(kAlice, 100, 4);
  sell(kBob, 102, 10);  // beyond the limit: untouched
  const PlaceOutcome p = book.immediate(kCarol, Side::kBuy, Price{101}, Amount{9}, out);
  EXPECT_EQ(p.result, BookResult::kOk);
  EXPECT_EQ(p.filled, Amount{4});
  EXPECT_EQ(p.resting, Amount{0});
  EXPECT_EQ(p.unfilled, Amount{5});
  ASSERT_EQ(out.fills.size(), 1U);
  EXPECT_EQ(out.fills[0].maker, near);
  EXPECT_EQ(out.fills[0].price, Price{100});
  EXPECT_FALSE(book.find(p.id).has_value());
  EXPECT_EQ(book.best_bid(), std::nullopt);  // the remainder did not rest
  EXPECT_EQ(book.best_ask(), Price{102});
  EXPECT_EQ(book.order_count(), 1U);
}

TEST_F(Book, SavedBookLoadsIdenticallyAndKeepsOrderIdsValid) {
  const OrderId a = sell(kAlice, 101, 10);
  const OrderId b = sell(kBob, 101, 5);
  const OrderId c = buy(kCarol, 99, 7);
  const OrderId gone = buy(kDave, 98, 3);
  ASSERT_EQ(book.cancel(gone), BookResult::kOk);  // leaves a free slot with a bumped generation
  kernel::ArchiveWriter w(42);
  book.save(w);
  const std::vector<std::byte> blob = std::move(w).finish();

  kernel::ArchiveReader r(blob, 42);
  OrderBook loaded;
  loaded.load(r);
  r.finish();
  for (const Side side : {Side::kBuy, Side::kSell}) {
    const auto want = book.orders(side);
    const auto got = loaded.orders(side);
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got[i].id, want[i].id);
      EXPECT_EQ(got[i].owner, want[i].owner);
      EXPECT_EQ(got[i].price, want[i].price);
      EXPECT_EQ(got[i].remaining, want[i].remaining);
    }
  }
  EXPECT_FALSE(loaded.find(gone).has_value());
  EXPECT_EQ(loaded.cancel(c), BookResult::kOk);
  EXPECT_EQ(book.cancel(c), BookResult::kOk);
  // Both books continue identically: the same fills, the same new ids.
  MatchOutput a_out;
  MatchOutput b_out;
  const auto p1 = book.limit(kDave, Side::kBuy, Price{101}, Amount{12}, a_out);
  const auto p2 = loaded.limit(kDave, Side::kBuy, Price{101}, Amount{12}, b_out);
  EXPECT_EQ(p1.id, p2.id);
  ASSERT_EQ(b_out.fills.size(), 2U);
  EXPECT_EQ(b_out.fills[0].maker, a);
  EXPECT_EQ(b_out.fills[1].maker, b);
  EXPECT_EQ(b_out.fills[1].quantity, Amount{2});
  EXPECT_EQ(loaded.find(b)->remaining, Amount{3});
}

TEST(OrderBookArchive, LoadRejectsALevelWhoseListDoesNotHoldItsOrders) {
  // A well-sealed archive (the checksum cannot catch it) of a book with no order nodes but a bid
  // level that claims one order: only the book's own link checks can refuse it.
  kernel::ArchiveWriter w(42);
  w.tag(0x424F4F4B);                    // "BOOK"
  w.pod(std::uint64_t{0});              // nodes
  w.vec(std::vector<std::uint32_t>{});  // free list
  w.pod(std::uint64_t{1});              // bid levels
  w.pod(Price{100});
  w.pod(Amount{5});
  w.pod(std::uint32_t{0xFFFF'FFFFU});  // head: none
  w.pod(std::uint32_t{0xFFFF'FFFFU});  // tail: none
  w.pod(std::uint32_t{1});             // orders: one, yet the list is empty
  w.pod(std::uint64_t{0});             // ask levels
  w.pod(std::uint64_t{1});             // live orders
  const std::vector<std::byte> blob = std::move(w).finish();
  kernel::ArchiveReader r(blob, 42);
  OrderBook loaded;
  EXPECT_THROW(loaded.load(r), kernel::ArchiveError);
}

TEST_F(Book, CancelRemovesAndStaleIdsAreUnknown) {
  const OrderId s1 = sell(kAlice, 100, 4);
  const OrderId s2 = sell(kBob, 100, 6);
  const OrderId s3 = sell(kCarol, 100, 5);
  EXPECT_EQ(book.cancel(s2), BookResult::kOk);
  EXPECT_EQ(book.cancel(s2), BookResult::kUnknownOrder);
  EXPECT_EQ(book.depth(Side::kSell, 1), Amount{9});
  book.limit(kDave, Side::kBuy, Price{100}, Amount{6}, out);
  ASSERT_EQ(out.fills.size(), 2U);
  EXPECT_EQ(out.fills[0].maker, s1);
  EXPECT_EQ(out.fills[1].maker, s3);  // s2 skipped: cancelled
  EXPECT_EQ(out.fills[1].quantity, Amount{2});
  // s1's slot is reused by the next order, but s1's id does not name it.
  const OrderId s4 = sell(kAlice, 120, 1);
  EXPECT_NE(s4, s1);
  EXPECT_EQ(book.cancel(s1), BookResult::kUnknownOrder);
  EXPECT_EQ(book.cancel(kNoOrder), BookResult::kUnknownOrder);
  EXPECT_EQ(book.cancel(s3), BookResult::kOk);
  EXPECT_EQ(book.cancel(s4), BookResult::kOk);
  EXPECT_EQ(book.order_count(), 0U);
  EXPECT_EQ(book.level_count(Side::kSell), 0U);
}

TEST_F(Book, InvalidOrdersAreRejected) {
  EXPECT_EQ(book.limit(kAlice, Side::kBuy, Price{0}, Amount{1}, out).result,
            BookResult::kInvalidPrice);
  EXPECT_EQ(book.limit(kAlice, Side::kBuy, Price{5}, Amount{0}, out).result,
            BookResult::kInvalidQuantity);
  EXPECT_EQ(book.market(kAlice, Side::kSell, Amount{-1}, out).result, BookResult::kInvalidQuantity);
  EXPECT_EQ(book.order_count(), 0U);
}

TEST(OrderBookSelfTrade, CancelRestingSkipsAndCancelsTheOwnersOrders) {
  OrderBook book(SelfTradePolicy::kCancelResting);
  MatchOutput out;
  const OrderId own = book.limit(kAlice, Side::kSell, Price{100}, Amount{5}, out).id;
  const OrderId other = book.limit(kBob, Side::kSell, Price{100}, Amount{5}, out).id;
  const PlaceOutcome p = book.limit(kAlice, Side::kBuy, Price{100}, Amount{7}, out);
  ASSERT_EQ(out.cancelled.size(), 1U);
  EXPECT_EQ(out.cancelled[0], own);
  ASSERT_EQ(out.fills.size(), 1U);
  EXPECT_EQ(out.fills[0].maker, other);
  EXPECT_EQ(p.filled, Amount{5});
  EXPECT_EQ(p.resting, Amount{2});
  EXPECT_FALSE(book.find(own).has_value());
}

TEST(OrderBookSelfTrade, CancelIncomingDropsTheRemainder) {
  OrderBook book(SelfTradePolicy::kCancelIncoming);
  MatchOutput out;
  const OrderId other = book.limit(kBob, Side::kSell, Price{99}, Amount{2}, out).id;
  const OrderId own = book.limit(kAlice, Side::kSell, Price{100}, Amount{5}, out).id;
  const PlaceOutcome p = book.limit(kAlice, Side::kBuy, Price{100}, Amount{7}, out);
  ASSERT_EQ(out.fills.size(), 1U);
  EXPECT_EQ(out.fills[0].maker, other);
  EXPECT_EQ(p.filled, Amount{2});
  EXPECT_EQ(p.unfilled, Amount{5});
  EXPECT_EQ(p.resting, Amount{0});
  EXPECT_TRUE(out.cancelled.empty());
  EXPECT_EQ(book.find(own)->remaining, Amount{5});  // the resting order is untouched
  EXPECT_FALSE(book.best_bid().has_value());
}

TEST(OrderBookSelfTrade, AllowFillsAgainstItself) {
  OrderBook book(SelfTradePolicy::kAllow);
  MatchOutput out;
  book.limit(kAlice, Side::kSell, Price{100}, Amount{5}, out);
  const PlaceOutcome p = book.limit(kAlice, Side::kBuy, Price{100}, Amount{5}, out);
  ASSERT_EQ(out.fills.size(), 1U);
  EXPECT_EQ(out.fills[0].maker_owner, out.fills[0].taker_owner);
  EXPECT_EQ(p.filled, Amount{5});
}

TEST(Notional, FloorsPriceTimesQuantityOverTheTokenUnit) {
  // 1.5 tokens (6 decimals) at 2'000'000 quote units per token = 3'000'000.
  EXPECT_EQ(notional(Price{2'000'000}, Amount{1'500'000}, Amount{1'000'000}), Amount{3'000'000});
  EXPECT_EQ(notional(Price{3}, Amount{1}, Amount{2}), Amount{1});  // 1.5 floored
}

}  // namespace
}  // namespace coordsim::model::market
