#include "model/market/order_book.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

#include "model/market/wide_math.hpp"

namespace coordsim::model::market {
namespace {

constexpr Side opposite(Side s) noexcept { return s == Side::kBuy ? Side::kSell : Side::kBuy; }

// Whether a resting level at `level` is acceptable to an incoming order of `side` with `limit`.
bool crosses(Side side, std::optional<Price> limit, Price level) noexcept {
  if (!limit) return true;
  return side == Side::kBuy ? level <= *limit : level >= *limit;
}

}  // namespace

Amount notional(Price price, Amount quantity, Amount token_unit) {
  assert(price.value() >= 0 && quantity >= Amount::zero() && token_unit > Amount::zero());
  return Amount{
      static_cast<std::int64_t>(mul_div_floor(price.value(), quantity.raw(), token_unit.raw()))};
}

std::uint32_t OrderBook::slot_of(OrderId id) const noexcept {
  const auto slot = static_cast<std::uint32_t>(id.value() & 0xFFFF'FFFFULL);
  const auto generation = static_cast<std::uint32_t>(id.value() >> 32);
  if (slot >= nodes_.size()) return kNil;
  const Node& n = nodes_[slot];
  return n.live && n.generation == generation ? slot : kNil;
}

std::uint32_t OrderBook::allocate(kernel::AgentId owner, Side side, Price price, Amount quantity) {
  std::uint32_t slot = 0;
  if (free_.empty()) {
    slot = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{});
    nodes_.back().generation = 1;  // generation 0 never occurs, so kNoOrder (0) is never an id
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  Node& n = nodes_[slot];
  n.id = OrderId{(static_cast<std::uint64_t>(n.generation) << 32) | slot};
  n.owner = owner;
  n.side = side;
  n.price = price;
  n.remaining = quantity;
  n.prev = kNil;
  n.next = kNil;
  n.live = false;
  return slot;
}

void OrderBook::release(std::uint32_t slot) noexcept {
  Node& n = nodes_[slot];
  n.live = false;
  if (++n.generation == 0) n.generation = 1;
  free_.push_back(slot);
}

std::optional<std::size_t> OrderBook::level_index(Side side, Price price) const noexcept {
  const auto& ls = levels(side);
  // Bids ascending, asks descending: `before(a, b)` is the sort order of the side.
  const auto it = std::lower_bound(ls.begin(), ls.end(), price, [side](const Level& l, Price p) {
    return side == Side::kBuy ? l.price < p : l.price > p;
  });
  if (it == ls.end() || it->price != price) return std::nullopt;
  return static_cast<std::size_t>(it - ls.begin());
}

void OrderBook::rest(std::uint32_t slot) {
  Node& n = nodes_[slot];
  auto& ls = levels(n.side);
  const Side side = n.side;
  auto it = std::lower_bound(ls.begin(), ls.end(), n.price, [side](const Level& l, Price p) {
    return side == Side::kBuy ? l.price < p : l.price > p;
  });
  if (it == ls.end() || it->price != n.price)
    it = ls.insert(it, Level{n.price, Amount{}, kNil, kNil, 0});
  Level& l = *it;
  n.prev = l.tail;
  n.next = kNil;
  if (l.tail == kNil) {
    l.head = slot;
  } else {
    nodes_[l.tail].next = slot;
  }
  l.tail = slot;
  l.quantity += n.remaining;
  ++l.orders;
  n.live = true;
  ++live_orders_;
}

void OrderBook::unlink(std::uint32_t slot, std::size_t index) noexcept {
  Node& n = nodes_[slot];
  Level& l = levels(n.side)[index];
  if (n.prev == kNil) {
    l.head = n.next;
  } else {
    nodes_[n.prev].next = n.next;
  }
  if (n.next == kNil) {
    l.tail = n.prev;
  } else {
    nodes_[n.next].prev = n.prev;
  }
  l.quantity -= n.remaining;
  --l.orders;
  n.live = false;
  --live_orders_;
}

PlaceOutcome OrderBook::place(kernel::AgentId owner, Side side, std::optional<Price> limit,
                              Amount quantity, bool rest_remainder, MatchOutput& out) {
  if (quantity <= Amount::zero()) return {BookResult::kInvalidQuantity, kNoOrder, {}, {}, {}};
  if (limit && limit->value() <= 0) return {BookResult::kInvalidPrice, kNoOrder, {}, {}, {}};
  const std::uint32_t taker = allocate(owner, side, limit.value_or(Price{0}), quantity);
  const OrderId taker_id = nodes_[taker].id;
  auto& book = levels(opposite(side));
  Amount remaining = quantity;
  bool dropped = false;  // kCancelIncoming met a self-trade
  while (remaining > Amount::zero() && !book.empty() && !dropped) {
    const std::size_t li = book.size() - 1;
    if (!crosses(side, limit, book[li].price)) break;
    std::uint32_t slot = book[li].head;
    while (slot != kNil && remaining > Amount::zero()) {
      Node& maker = nodes_[slot];
      const std::uint32_t next = maker.next;
      if (maker.owner == owner && policy_ != SelfTradePolicy::kAllow) {
        if (policy_ == SelfTradePolicy::kCancelIncoming) {
          dropped = true;
          break;
        }
        out.cancelled.push_back(maker.id);
        unlink(slot, li);
        release(slot);
      } else {
        const Amount q = min(remaining, maker.remaining);
        out.fills.push_back(Fill{taker_id, maker.id, owner, maker.owner, side, maker.price, q});
        maker.remaining -= q;
        book[li].quantity -= q;
        remaining -= q;
        if (maker.remaining == Amount::zero()) {
          unlink(slot, li);
          release(slot);
        }
      }
      slot = next;
    }
    if (book[li].orders == 0) book.pop_back();
  }
  PlaceOutcome outcome{BookResult::kOk, taker_id, quantity - remaining, {}, {}};
  if (rest_remainder && !dropped && remaining > Amount::zero()) {
    nodes_[taker].remaining = remaining;
    rest(taker);
    outcome.resting = remaining;
  } else {
    outcome.unfilled = remaining;
    release(taker);
  }
  return outcome;
}

PlaceOutcome OrderBook::limit(kernel::AgentId owner, Side side, Price limit, Amount quantity,
                              MatchOutput& out) {
  return place(owner, side, limit, quantity, true, out);
}

PlaceOutcome OrderBook::immediate(kernel::AgentId owner, Side side, Price limit, Amount quantity,
                                  MatchOutput& out) {
  return place(owner, side, limit, quantity, false, out);
}

PlaceOutcome OrderBook::market(kernel::AgentId owner, Side side, Amount quantity,
                               MatchOutput& out) {
  return place(owner, side, std::nullopt, quantity, false, out);
}

BookResult OrderBook::cancel(OrderId id) {
  const std::uint32_t slot = slot_of(id);
  if (slot == kNil) return BookResult::kUnknownOrder;
  const Node& n = nodes_[slot];
  const auto li = level_index(n.side, n.price);
  assert(li.has_value());
  auto& ls = levels(n.side);
  unlink(slot, *li);
  if (ls[*li].orders == 0) ls.erase(ls.begin() + static_cast<std::ptrdiff_t>(*li));
  release(slot);
  return BookResult::kOk;
}

Amount OrderBook::buyable(Price limit, Amount budget, Amount token_unit) const {
  Amount quantity;
  for (auto it = asks_.rbegin(); it != asks_.rend() && it->price <= limit; ++it) {
    // As much of the level as the budget pays for at its price; fills per order are floored
    // separately, so their sum never costs more than this level-wide notional.
    const Amount afford{static_cast<std::int64_t>(
        std::min<Wide>(mul_div_floor(budget.raw(), token_unit.raw(), it->price.value()),
                       static_cast<Wide>(std::numeric_limits<std::int64_t>::max())))};
    if (afford < it->quantity) {
      // The budget runs out inside this level. Its leftover must not buy at a later level: the
      // matcher would take those units from this level first, where they can cost more than it.
      return quantity + afford;
    }
    quantity += it->quantity;
    budget -= notional(it->price, it->quantity, token_unit);
  }
  return quantity;
}

std::optional<Price> OrderBook::best_bid() const noexcept {
  if (bids_.empty()) return std::nullopt;
  return bids_.back().price;
}

std::optional<Price> OrderBook::best_ask() const noexcept {
  if (asks_.empty()) return std::nullopt;
  return asks_.back().price;
}

std::optional<OrderView> OrderBook::find(OrderId id) const noexcept {
  const std::uint32_t slot = slot_of(id);
  if (slot == kNil) return std::nullopt;
  const Node& n = nodes_[slot];
  return OrderView{n.id, n.owner, n.side, n.price, n.remaining};
}

Amount OrderBook::depth(Side side, std::size_t max_levels) const noexcept {
  const auto& ls = levels(side);
  Amount total;
  for (std::size_t i = 0; i < max_levels && i < ls.size(); ++i)
    total += ls[ls.size() - 1 - i].quantity;
  return total;
}

std::size_t OrderBook::snapshot(Side side, std::span<LevelView> out) const noexcept {
  const auto& ls = levels(side);
  std::size_t n = 0;
  for (; n < out.size() && n < ls.size(); ++n) {
    const Level& l = ls[ls.size() - 1 - n];
    out[n] = LevelView{l.price, l.quantity, l.orders};
  }
  return n;
}

std::vector<OrderView> OrderBook::orders(Side side) const {
  std::vector<OrderView> result;
  const auto& ls = levels(side);
  for (auto it = ls.rbegin(); it != ls.rend(); ++it) {
    for (std::uint32_t s = it->head; s != kNil; s = nodes_[s].next) {
      const Node& n = nodes_[s];
      result.push_back(OrderView{n.id, n.owner, n.side, n.price, n.remaining});
    }
  }
  return result;
}

namespace {
constexpr std::uint32_t kBookTag = 0x424F4F4B;  // "BOOK"
}  // namespace

// Nodes and levels have padding, so they are written field by field.
void OrderBook::save(kernel::ArchiveWriter& out) const {
  out.tag(kBookTag);
  out.pod(static_cast<std::uint64_t>(nodes_.size()));
  for (const Node& n : nodes_) {
    out.pod(n.id);
    out.pod(n.owner);
    out.pod(static_cast<std::uint8_t>(n.side));
    out.pod(n.price);
    out.pod(n.remaining);
    out.pod(n.prev);
    out.pod(n.next);
    out.pod(n.generation);
    out.boolean(n.live);
  }
  out.vec(free_);
  for (const Side side : {Side::kBuy, Side::kSell}) {
    const auto& ls = levels(side);
    out.pod(static_cast<std::uint64_t>(ls.size()));
    for (const Level& l : ls) {
      out.pod(l.price);
      out.pod(l.quantity);
      out.pod(l.head);
      out.pod(l.tail);
      out.pod(l.orders);
    }
  }
  out.pod(static_cast<std::uint64_t>(live_orders_));
}

void OrderBook::load(kernel::ArchiveReader& in) {
  using kernel::ArchiveReader;
  // A checkpoint is checksummed, but a crafted or buggy one must still not yield a book whose
  // links loop or whose quantities are negative: every structural promise is checked here.
  in.expect_tag(kBookTag, "order book");
  std::uint64_t count = 0;
  in.pod(count);
  constexpr std::size_t kNodeBytes = 8 + 4 + 1 + 8 + 8 + 4 + 4 + 4 + 1;
  constexpr std::size_t kLevelBytes = 8 + 8 + 4 + 4 + 4;
  ArchiveReader::require(count <= in.remaining() / kNodeBytes && count < kNil, "order book size");
  nodes_.assign(count, Node{});
  for (std::uint32_t slot = 0; slot < count; ++slot) {
    Node& n = nodes_[slot];
    std::uint8_t side = 0;
    in.pod(n.id);
    in.pod(n.owner);
    in.pod(side);
    in.pod(n.price);
    in.pod(n.remaining);
    in.pod(n.prev);
    in.pod(n.next);
    in.pod(n.generation);
    n.live = in.boolean();
    ArchiveReader::require(side <= 1 && n.generation != 0, "order book node");
    n.side = static_cast<Side>(side);
  }
  in.vec(free_);
  std::vector<std::uint8_t> seen(count, 0);  // 1: on the free list, 2: linked in a level
  for (const std::uint32_t f : free_) {
    ArchiveReader::require(f < count && seen[f] == 0 && !nodes_[f].live, "order book free list");
    seen[f] = 1;
  }
  std::size_t linked = 0;
  for (const Side side : {Side::kBuy, Side::kSell}) {
    auto& ls = levels(side);
    std::uint64_t size = 0;
    in.pod(size);
    ArchiveReader::require(size <= in.remaining() / kLevelBytes, "order book levels");
    ls.assign(size, Level{});
    for (std::size_t li = 0; li < ls.size(); ++li) {
      Level& l = ls[li];
      in.pod(l.price);
      in.pod(l.quantity);
      in.pod(l.head);
      in.pod(l.tail);
      in.pod(l.orders);
      // Sorted with the best level at the back: bids ascending, asks descending, all distinct.
      const bool ordered =
          li == 0 || (side == Side::kBuy ? ls[li - 1].price < l.price : ls[li - 1].price > l.price);
      ArchiveReader::require(l.price.value() > 0 && ordered && l.orders > 0, "order book level");
      // Walk the level's list: doubly linked, on live unvisited nodes of this side and price,
      // each with something left, ending at `tail` after exactly `orders` nodes.
      std::uint32_t at = l.head;
      std::uint32_t prev = kNil;
      std::uint32_t walked = 0;
      Amount quantity;
      while (at != kNil) {
        ArchiveReader::require(at < count && walked < l.orders, "order book level");
        const Node& n = nodes_[at];
        ArchiveReader::require(seen[at] == 0 && n.live && n.side == side && n.price == l.price &&
                                   n.remaining > Amount::zero() && n.prev == prev &&
                                   n.id.value() == ((std::uint64_t{n.generation} << 32) | at),
                               "order book order");
        seen[at] = 2;
        quantity += n.remaining;
        prev = at;
        at = n.next;
        ++walked;
      }
      ArchiveReader::require(walked == l.orders && prev == l.tail && quantity == l.quantity,
                             "order book level");
      linked += walked;
    }
  }
  // Every node is exactly one of: linked (live) or on the free list (not live).
  for (std::uint32_t slot = 0; slot < count; ++slot) {
    ArchiveReader::require(seen[slot] != 0 && nodes_[slot].live == (seen[slot] == 2),
                           "order book node");
  }
  std::uint64_t live = 0;
  in.pod(live);
  ArchiveReader::require(live == linked, "order book order count");
  live_orders_ = linked;
}

}  // namespace coordsim::model::market
