#pragma once
// A price-time-priority limit order book for the token against the quote asset.
//
// - Prices are integers: quote base units per whole token (Price). Quantities are token base
//   units (Amount). The quote owed for a fill is notional(price, quantity, token_unit), floored;
//   the buyer pays exactly what the seller receives, so settlement creates no dust.
// - An incoming order matches the best opposite price first, and within a price the oldest order
//   first (FIFO); each fill is at the resting order's price. A limit order's remainder rests; an
//   immediate-or-cancel order's and a market order's remainder is dropped (reported as unfilled).
// - Self-trade (an incoming order meeting a resting order of the same owner) follows the book's
//   SelfTradePolicy: kCancelResting (default) cancels the resting order and keeps matching;
//   kCancelIncoming stops matching and drops the incoming remainder; kAllow fills it like any
//   other.
// - Fills and self-trade cancellations are appended to a caller-owned MatchOutput. Orders live in
//   a slab with a free list and price levels in sorted vectors, so in steady state (capacity
//   reached) placing, matching and cancelling allocate nothing.
// - Order ids carry a generation, so the id of a filled or cancelled order never names a later
//   order that reuses its slot. The book does not check or move balances: the caller escrows.
//
// Not promised: any order among orders at different prices other than price priority, or any
// particular id values.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/strong_type.hpp"
#include "model/ledger/amount.hpp"

namespace coordsim::model::market {

using ledger::Amount;

struct PriceTag {};
using Price = kernel::StrongType<PriceTag, std::int64_t>;  // quote base units per whole token

struct OrderIdTag {};
using OrderId = kernel::StrongType<OrderIdTag, std::uint64_t>;
inline constexpr OrderId kNoOrder{0};

enum class Side : std::uint8_t { kBuy, kSell };
enum class SelfTradePolicy : std::uint8_t { kCancelResting, kCancelIncoming, kAllow };

enum class BookResult : std::uint8_t { kOk, kInvalidPrice, kInvalidQuantity, kUnknownOrder };

[[nodiscard]] constexpr std::string_view to_string(BookResult r) noexcept {
  constexpr std::array<std::string_view, 4> kNames{"OK", "INVALID_PRICE", "INVALID_QUANTITY",
                                                   "UNKNOWN_ORDER"};
  return kNames[static_cast<std::size_t>(r)];
}

/// The quote amount for `quantity` token base units at `price` per whole token of `token_unit`
/// base units: floor(price * quantity / token_unit).
[[nodiscard]] Amount notional(Price price, Amount quantity, Amount token_unit);

struct Fill {
  OrderId taker;
  OrderId maker;
  kernel::AgentId taker_owner;
  kernel::AgentId maker_owner;
  Side taker_side = Side::kBuy;
  Price price;  // the resting (maker) order's price
  Amount quantity;
};

/// Caller-owned output, reused across calls: clear() keeps the capacity.
struct MatchOutput {
  std::vector<Fill> fills;
  std::vector<OrderId> cancelled;  // resting orders removed by self-trade prevention
  void clear() noexcept {
    fills.clear();
    cancelled.clear();
  }
};

struct PlaceOutcome {
  BookResult result = BookResult::kOk;
  OrderId id = kNoOrder;  // the incoming order's id (named in fills); it rests iff resting > 0
  Amount filled;
  Amount resting;
  Amount unfilled;  // market-order remainder, or dropped by kCancelIncoming
};

struct OrderView {
  OrderId id;
  kernel::AgentId owner;
  Side side = Side::kBuy;
  Price price;
  Amount remaining;
};

struct LevelView {
  Price price;
  Amount quantity;
  std::uint32_t orders = 0;
};

class OrderBook {
 public:
  explicit OrderBook(SelfTradePolicy policy = SelfTradePolicy::kCancelResting) : policy_(policy) {}

  /// Limit order: match up to `limit`, rest the remainder. Price and quantity must be positive.
  PlaceOutcome limit(kernel::AgentId owner, Side side, Price limit, Amount quantity,
                     MatchOutput& out);
  /// Immediate-or-cancel limit order: match up to `limit`, drop the remainder (it never rests).
  PlaceOutcome immediate(kernel::AgentId owner, Side side, Price limit, Amount quantity,
                         MatchOutput& out);
  /// Market order: match at any price, drop the remainder.
  PlaceOutcome market(kernel::AgentId owner, Side side, Amount quantity, MatchOutput& out);
  /// Remove a resting order. kUnknownOrder if it is not resting (filled, cancelled, never was).
  BookResult cancel(OrderId id);

  [[nodiscard]] std::optional<Price> best_bid() const noexcept;
  [[nodiscard]] std::optional<Price> best_ask() const noexcept;
  [[nodiscard]] std::optional<OrderView> find(OrderId id) const noexcept;
  [[nodiscard]] std::size_t order_count() const noexcept { return live_orders_; }
  [[nodiscard]] std::size_t level_count(Side side) const noexcept { return levels(side).size(); }
  /// The token quantity a buyer with `budget` quote can take from the asks priced at most `limit`,
  /// best first, paying notional(level price, quantity, token_unit) per level: a buy of exactly
  /// this quantity at `limit` fills it all and costs at most `budget`.
  [[nodiscard]] Amount buyable(Price limit, Amount budget, Amount token_unit) const;
  /// Total resting quantity in the best `max_levels` levels of one side.
  [[nodiscard]] Amount depth(Side side, std::size_t max_levels) const noexcept;
  /// The levels of one side, best first, written into `out`; returns how many were written.
  std::size_t snapshot(Side side, std::span<LevelView> out) const noexcept;
  /// The resting orders of one side, best price first, FIFO within a price (for tests and views).
  [[nodiscard]] std::vector<OrderView> orders(Side side) const;

  /// Checkpoints: every order slot (so that ids stay valid across a resume), the free list and
  /// both sides' levels; the self-trade policy comes from the caller. @throws kernel::ArchiveError
  /// from load() for an archive whose links do not form a book.
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

 private:
  static constexpr std::uint32_t kNil = 0xFFFF'FFFFU;

  struct Node {
    OrderId id;
    kernel::AgentId owner;
    Side side = Side::kBuy;
    Price price;
    Amount remaining;
    std::uint32_t prev = kNil;
    std::uint32_t next = kNil;
    std::uint32_t generation = 0;
    bool live = false;
  };
  struct Level {
    Price price;
    Amount quantity;
    std::uint32_t head = kNil;
    std::uint32_t tail = kNil;
    std::uint32_t orders = 0;
  };

  PlaceOutcome place(kernel::AgentId owner, Side side, std::optional<Price> limit, Amount quantity,
                     bool rest_remainder, MatchOutput& out);
  [[nodiscard]] std::vector<Level>& levels(Side side) noexcept {
    return side == Side::kBuy ? bids_ : asks_;
  }
  [[nodiscard]] const std::vector<Level>& levels(Side side) const noexcept {
    return side == Side::kBuy ? bids_ : asks_;
  }
  [[nodiscard]] std::uint32_t slot_of(OrderId id) const noexcept;
  std::uint32_t allocate(kernel::AgentId owner, Side side, Price price, Amount quantity);
  void release(std::uint32_t slot) noexcept;
  void rest(std::uint32_t slot);
  /// Unlinks a resting order from its level (the level at `level_index` of its side).
  void unlink(std::uint32_t slot, std::size_t level_index) noexcept;
  [[nodiscard]] std::optional<std::size_t> level_index(Side side, Price price) const noexcept;

  SelfTradePolicy policy_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_;
  // Sorted so the best level is at the back: bids ascending, asks descending. Taking the best
  // level is then pop_back, and new levels near the touch are inserted near the end.
  std::vector<Level> bids_;
  std::vector<Level> asks_;
  std::size_t live_orders_ = 0;
};

}  // namespace coordsim::model::market
