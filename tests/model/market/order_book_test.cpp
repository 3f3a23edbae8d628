#include "model/market/order_book.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <functional>
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
  sell(kCarol, 103, 4);  // three ask levels and three bid levels: the archive's level sizes
  sell(kDave, 102, 6);
  const OrderId c = buy(kCarol, 99, 7);
  buy(kAlice, 97, 2);
  buy(kBob, 96, 1);
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

TEST_F(Book, BuyableIsWhatABudgetTakesFromTheAsksUpToTheLimit) {
  const Amount unit{100};  // prices per 100 base units, so that notional floors visibly
  sell(kAlice, 100, 50);   // costs 50 for all of it
  sell(kBob, 110, 100);    // costs 110 for all of it
  sell(kCarol, 130, 100);  // beyond the limit below
  // 50 buys the whole first level; 30 more buys floor(30 * 100 / 110) = 27 of the second.
  EXPECT_EQ(book.buyable(Price{120}, Amount{80}, unit), Amount{77});
  // The limit stops the walk; a budget larger than the levels takes them whole.
  EXPECT_EQ(book.buyable(Price{120}, Amount{1'000'000}, unit), Amount{150});
  EXPECT_EQ(book.buyable(Price{99}, Amount{1'000}, unit), Amount{0});
  EXPECT_EQ(book.buyable(Price{120}, Amount{0}, unit), Amount{0});
  // A buy of that quantity at the limit fills all of it and costs at most the budget.
  const PlaceOutcome p = book.immediate(kDave, Side::kBuy, Price{120}, Amount{77}, out);
  EXPECT_EQ(p.filled, Amount{77});
  Amount cost;
  for (const Fill& f : out.fills) cost += notional(f.price, f.quantity, unit);
  EXPECT_LE(cost, Amount{80});
  EXPECT_GE(cost, Amount{79});  // and leaves less than one level price unit unspent
}

TEST_F(Book, BuyableStopsWhereTheBudgetRunsOutInsideALevel) {
  // At 0.7 per unit the budget of 10 buys 14 units (cost 9) and leaves 1, which at the later
  // levels' prices would "buy" one unit each (costing 0 after flooring). But a buy of 16 would
  // take all 16 from the first level, for 11: more than the budget.
  const Amount unit{10};
  sell(kAlice, 7, 1000);
  sell(kBob, 8, 1000);
  sell(kCarol, 9, 1000);
  const Amount q = book.buyable(Price{9}, Amount{10}, unit);
  EXPECT_EQ(q, Amount{14});
  const PlaceOutcome p = book.immediate(kDave, Side::kBuy, Price{9}, q, out);
  ASSERT_EQ(out.fills.size(), 1U);
  EXPECT_EQ(p.filled, q);
  EXPECT_LE(notional(out.fills[0].price, out.fills[0].quantity, unit), Amount{10});
}

// Rewrites the payload of a sealed archive (and seals it again), for damage the checksum would
// otherwise catch before the book's own checks run.
std::vector<std::byte> reseal(const std::vector<std::byte>& blob,
                              const std::function<void(std::vector<std::byte>&)>& damage) {
  std::vector<std::byte> payload(blob.begin() + kernel::kArchiveHeaderBytes, blob.end());
  damage(payload);
  kernel::ArchiveWriter w(42);
  for (const std::byte b : payload) w.pod(b);
  return std::move(w).finish();
}

template <class T>
void put(std::vector<std::byte>& bytes, std::size_t at, T value) {
  std::memcpy(bytes.data() + at, &value, sizeof value);
}

// Payload layout of a book (order_book.cpp save()): tag, node count, then per node id(8)
// owner(4) side(1) price(8) remaining(8) prev(4) next(4) generation(4) live(1).
constexpr std::size_t kFirstNode = 4 + 8;
constexpr std::size_t kNodeBytes = 42;
constexpr std::size_t kPriceAt = 8 + 4 + 1;
constexpr std::size_t kRemainingAt = kPriceAt + 8;
constexpr std::size_t kPrevAt = kRemainingAt + 8;

TEST(OrderBookArchive, LoadRejectsEveryKindOfBrokenStructure) {
  // Three bids at one price (slots 0, 1, 2, linked 0 <-> 1 <-> 2) and an ask.
  OrderBook book;
  MatchOutput out;
  book.limit(kAlice, Side::kBuy, Price{99}, Amount{5}, out);
  book.limit(kBob, Side::kBuy, Price{99}, Amount{6}, out);
  book.limit(kCarol, Side::kBuy, Price{99}, Amount{7}, out);
  book.limit(kDave, Side::kSell, Price{101}, Amount{8}, out);
  kernel::ArchiveWriter w(42);
  book.save(w);
  const std::vector<std::byte> good = std::move(w).finish();
  {
    kernel::ArchiveReader r(good, 42);
    OrderBook ok;
    ASSERT_NO_THROW(ok.load(r));  // the untouched archive loads
  }
  const auto node = [](std::uint32_t slot, std::size_t field) {
    return kFirstNode + slot * kNodeBytes + field;
  };
  const std::vector<std::pair<const char*, std::function<void(std::vector<std::byte>&)>>> damages{
      {"a back link that skips a node",
       [&](auto& b) { put(b, node(2, kPrevAt), std::uint32_t{0}); }},
      {"a node whose price is not its level's",
       [&](auto& b) { put(b, node(1, kPriceAt), Price{98}); }},
      {"an order with nothing left", [&](auto& b) { put(b, node(1, kRemainingAt), Amount{0}); }},
      {"an order with a negative quantity",
       [&](auto& b) { put(b, node(0, kRemainingAt), Amount{-1000}); }},
      {"a node that is live but in no level",
       [&](auto& b) {
         // Unlink slot 2 from the level by ending the list at slot 1.
         put(b, node(1, kPrevAt + 4), std::uint32_t{0xFFFF'FFFFU});
       }},
  };
  for (const auto& [what, damage] : damages) {
    SCOPED_TRACE(what);
    const std::vector<std::byte> bad = reseal(good, damage);
    kernel::ArchiveReader r(bad, 42);
    OrderBook loaded;
    EXPECT_THROW(loaded.load(r), kernel::ArchiveError);
  }
}

TEST(OrderBookArchive, LoadRejectsUnsortedLevels) {
  OrderBook book;
  MatchOutput out;
  book.limit(kAlice, Side::kBuy, Price{97}, Amount{5}, out);  // slot 0, the worse bid level
  book.limit(kBob, Side::kBuy, Price{99}, Amount{6}, out);    // slot 1, the best
  kernel::ArchiveWriter w(42);
  book.save(w);
  const std::vector<std::byte> good = std::move(w).finish();
  // Swap the two nodes' prices and the two levels' prices: each node still matches its level,
  // but the bids are no longer ascending.
  const std::vector<std::byte> bad = reseal(good, [](std::vector<std::byte>& b) {
    put(b, kFirstNode + kPriceAt, Price{99});
    put(b, kFirstNode + kNodeBytes + kPriceAt, Price{97});
    const std::size_t levels = kFirstNode + 2 * kNodeBytes + 8;  // after the empty free list
    put(b, levels + 8, Price{99});
    put(b, levels + 8 + 28, Price{97});
  });
  kernel::ArchiveReader r(bad, 42);
  OrderBook loaded;
  EXPECT_THROW(loaded.load(r), kernel::ArchiveError);
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
