// The order book against a naive reference matcher (a flat list scanned for the best price,
// then the earliest arrival) over many seeds and all three self-trade policies.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "kernel/rng.hpp"
#include "model/market/order_book.hpp"

namespace coordsim::model::market {
namespace {

struct RefOrder {
  OrderId id;
  kernel::AgentId owner;
  Side side;
  std::int64_t price;
  std::int64_t remaining;
  std::uint64_t seq;
};

struct RefFill {
  OrderId maker;
  std::int64_t price;
  std::int64_t quantity;
};

class ReferenceBook {
 public:
  explicit ReferenceBook(SelfTradePolicy policy) : policy_(policy) {}

  // Returns fills and whether the remainder was dropped by kCancelIncoming; fills `cancelled`.
  std::int64_t match(kernel::AgentId owner, Side side, std::optional<std::int64_t> limit,
                     std::int64_t qty, std::vector<RefFill>& fills, std::vector<OrderId>& cancelled,
                     bool& dropped) {
    dropped = false;
    while (qty > 0) {
      std::optional<std::size_t> best;
      for (std::size_t i = 0; i < orders_.size(); ++i) {
        const RefOrder& o = orders_[i];
        if (o.side == side) continue;
        if (limit && (side == Side::kBuy ? o.price > *limit : o.price < *limit)) continue;
        if (!best) {
          best = i;
          continue;
        }
        const RefOrder& b = orders_[*best];
        const bool better = side == Side::kBuy ? o.price < b.price : o.price > b.price;
        if (better || (o.price == b.price && o.seq < b.seq)) best = i;
      }
      if (!best) break;
      RefOrder& m = orders_[*best];
      if (m.owner == owner && policy_ != SelfTradePolicy::kAllow) {
        if (policy_ == SelfTradePolicy::kCancelIncoming) {
          dropped = true;
          break;
        }
        cancelled.push_back(m.id);
        orders_.erase(orders_.begin() + static_cast<std::ptrdiff_t>(*best));
        continue;
      }
      const std::int64_t q = std::min(qty, m.remaining);
      fills.push_back({m.id, m.price, q});
      qty -= q;
      m.remaining -= q;
      if (m.remaining == 0) orders_.erase(orders_.begin() + static_cast<std::ptrdiff_t>(*best));
    }
    return qty;
  }
  void rest(OrderId id, kernel::AgentId owner, Side side, std::int64_t price, std::int64_t qty) {
    orders_.push_back({id, owner, side, price, qty, seq_++});
  }
  bool cancel(OrderId id) {
    for (std::size_t i = 0; i < orders_.size(); ++i) {
      if (orders_[i].id == id) {
        orders_.erase(orders_.begin() + static_cast<std::ptrdiff_t>(i));
        return true;
      }
    }
    return false;
  }
  std::int64_t total(Side side) const {
    std::int64_t t = 0;
    for (const RefOrder& o : orders_) t += o.side == side ? o.remaining : 0;
    return t;
  }
  std::size_t size() const { return orders_.size(); }

 private:
  SelfTradePolicy policy_;
  std::vector<RefOrder> orders_;
  std::uint64_t seq_ = 0;
};

TEST(OrderBookProperty, MatchesANaiveReferenceOverSeeds) {
  constexpr std::uint64_t kSeeds = 60;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 11), counter);
    const auto policy = static_cast<SelfTradePolicy>(seed % 3);
    OrderBook book(policy);
    ReferenceBook ref(policy);
    MatchOutput out;
    std::vector<OrderId> known;
    std::vector<RefFill> ref_fills;
    std::vector<OrderId> ref_cancelled;
    for (int step = 0; step < 1500; ++step) {
      out.clear();
      ref_fills.clear();
      ref_cancelled.clear();
      const kernel::AgentId owner{rng.below(5)};
      const Side side = rng.bernoulli(0.5) ? Side::kBuy : Side::kSell;
      const std::int64_t qty = 1 + rng.below(20);
      const std::uint32_t action = rng.below(20);
      if (action < 5 && !known.empty()) {
        const OrderId id = known[rng.below(static_cast<std::uint32_t>(known.size()))];
        const bool ref_ok = ref.cancel(id);
        ASSERT_EQ(book.cancel(id) == BookResult::kOk, ref_ok);
        continue;
      }
      const bool is_market = action < 8;
      const std::optional<std::int64_t> limit =
          is_market ? std::nullopt : std::optional<std::int64_t>(95 + rng.below(11));
      const PlaceOutcome p = is_market ? book.market(owner, side, Amount{qty}, out)
                                       : book.limit(owner, side, Price{*limit}, Amount{qty}, out);
      ASSERT_EQ(p.result, BookResult::kOk);
      bool dropped = false;
      const std::int64_t left =
          ref.match(owner, side, limit, qty, ref_fills, ref_cancelled, dropped);
      ASSERT_EQ(out.fills.size(), ref_fills.size()) << "step " << step;
      for (std::size_t i = 0; i < ref_fills.size(); ++i) {
        ASSERT_EQ(out.fills[i].maker, ref_fills[i].maker);
        ASSERT_EQ(out.fills[i].price.value(), ref_fills[i].price);
        ASSERT_EQ(out.fills[i].quantity.raw(), ref_fills[i].quantity);
        ASSERT_EQ(out.fills[i].taker, p.id);
      }
      ASSERT_EQ(out.cancelled, ref_cancelled);
      ASSERT_EQ(p.filled.raw(), qty - left);
      ASSERT_EQ(p.filled + p.resting + p.unfilled, Amount{qty});  // quantity is conserved
      if (!is_market && !dropped && left > 0) {
        ref.rest(p.id, owner, side, *limit, left);
        known.push_back(p.id);
        ASSERT_EQ(p.resting.raw(), left);
      }
      ASSERT_EQ(book.order_count(), ref.size());
      ASSERT_EQ(book.depth(Side::kBuy, 1000).raw(), ref.total(Side::kBuy));
      ASSERT_EQ(book.depth(Side::kSell, 1000).raw(), ref.total(Side::kSell));
      if (book.best_bid() && book.best_ask()) {
        // Never crossed under any policy: a crossing remainder either matches or is dropped.
        ASSERT_LT(*book.best_bid(), *book.best_ask());
      }
    }
  }
  std::printf("order book property test ran seeds 1..%llu\n",
              static_cast<unsigned long long>(kSeeds));
}

}  // namespace
}  // namespace coordsim::model::market
