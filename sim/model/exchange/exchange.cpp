// The market actor: the AMM pool, the limit order book, the exogenous reference price, and the
// market makers' turns, which the market runs on their behalf from their custody (so that no
// other actor ever reads or writes the pool or the book).
//
// Which venues exist is the scenario's market.type: amm, order_book or both. An ai agent's trade
// arrives as value in flight with a limit price (its last seen price moved by its slippage). On
// the AMM it is an exact-input swap whose minimum output is set by the limit; on the book an
// immediate-or-cancel order at the limit against the makers' resting quotes. With both venues the
// whole trade goes to the one with the better marginal price. What the trade bought and what it
// did not spend go back to the trader as credits carrying the price it got.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "model/exchange/exchange.hpp"
#include "model/market/arbitrage.hpp"

namespace coordsim::model::exchange {

using actor::Counter;
using actor::Kind;
using ledger::Wide;
using scenario::AgentKind;
namespace price_code = actor::price_code;

namespace {
constexpr double kPpm = 1e6;  // parts per million in one
}  // namespace

std::uint16_t Exchange::encode_price(double price, price_code::Round round) const noexcept {
  return price_code::encode(price / spec_->market.initial_price, round);
}

double Exchange::decode_fill_price(std::uint16_t aux) const noexcept {
  return price_code::decode(static_cast<std::uint16_t>(aux >> 1U)) * spec_->market.initial_price;
}

void Exchange::on_swap(const kernel::Event& e, actor::Context& ctx) {
  ctx.receive(e, ctx.ledger().account(ledger::ProtocolAccount::kPool));
  const bool buy = (e.aux & 1U) != 0;  // quote in: buying tokens
  const Amount in{static_cast<std::int64_t>(e.payload)};
  // 0: no limit (a saturated code, see price_code.hpp).
  const bool unlimited = price_code::unlimited(static_cast<std::uint16_t>(e.aux >> 1U), buy);
  const double limit = unlimited ? 0.0 : decode_fill_price(e.aux);
  // The order as the market read it: what it pays with, what it wants, its limit (book price).
  if (ctx.logging()) {
    const auto paid = buy ? ledger::Asset::kQuote : ledger::Asset::kToken;
    const auto wanted = buy ? ledger::Asset::kToken : ledger::Asset::kQuote;
    ctx.record_way(actor::ActionKind::kOrder, e.source, self_, actor::spendable(paid),
                   actor::spendable(wanted), ledger::whole_units(std::round(limit * kBookLot)));
  }
  if (has_book() && (!has_amm() || book_is_better(buy))) {
    swap_on_book(e, ctx, buy, in, limit);
  } else {
    swap_on_amm(e, ctx, buy, in, limit);
  }
}

bool Exchange::book_is_better(bool buy) const noexcept {
  const auto best = buy ? book_.best_ask() : book_.best_bid();
  if (!best) return false;
  if (pool_.reserve_token() <= Amount::zero() || pool_.reserve_quote() <= Amount::zero())
    return true;
  // The AMM's marginal price for a small trade, its fee included, against the book's touch.
  const double keep = 1.0 - static_cast<double>(spec_->market.fee.value()) / kPpm;
  const double spot = pool_.spot_price();
  return buy ? book_price(*best) < spot / keep : book_price(*best) > spot * keep;
}

void Exchange::swap_on_amm(const kernel::Event& e, actor::Context& ctx, bool buy, Amount in,
                           double limit) {
  const auto pool_account = ctx.ledger().account(ledger::ProtocolAccount::kPool);
  const auto dir =
      buy ? market::SwapDirection::kQuoteToToken : market::SwapDirection::kTokenToQuote;
  const auto in_asset = buy ? ledger::Asset::kQuote : ledger::Asset::kToken;
  const auto out_asset = buy ? ledger::Asset::kToken : ledger::Asset::kQuote;
  // The limit becomes the swap's minimum output: a buy pays at most `limit` quote per token.
  Amount min_out{1};
  if (limit > 0.0) {
    const double in_d = static_cast<double>(in.raw());
    min_out =
        ledger::max(Amount{1}, ledger::whole_units(std::ceil(buy ? in_d / limit : in_d * limit)));
  }
  const auto out = pool_.swap_exact_in(dir, in, min_out);
  if (out.result != market::PoolResult::kOk) {
    ++ctx.counters()[Counter::kFailedSwaps];
    // Refunded whole, with the pool's price so the trader can adjust its next limit.
    (void)ctx.send(self_, pool_account, e.source, Kind::kCredit, in, in_asset,
                   pool_.reserve_token() > Amount::zero()
                       ? encode_price(pool_.spot_price(), price_code::Round::kNearest)
                       : price_code::kNone);
    return;
  }
  ++ctx.counters()[Counter::kSwaps];
  ctx.counters()[Counter::kSwapVolume] += buy ? out.amount_out.raw() : in.raw();
  const auto pool_id = pool_account.value();
  ctx.move(pool_id, actor::spendable(in_asset), pool_id, actor::reserve(in_asset), in);
  ctx.move(pool_id, actor::reserve(out_asset), pool_id, actor::spendable(out_asset),
           out.amount_out);
  const double fill =
      buy ? static_cast<double>(in.raw()) / static_cast<double>(out.amount_out.raw())
          : static_cast<double>(out.amount_out.raw()) / static_cast<double>(in.raw());
  (void)ctx.send(self_, pool_account, e.source, Kind::kCredit, out.amount_out, out_asset,
                 encode_price(fill, price_code::Round::kNearest));
}

void Exchange::swap_on_book(const kernel::Event& e, actor::Context& ctx, bool buy, Amount in,
                            double limit) {
  const auto pool_account = ctx.ledger().account(ledger::ProtocolAccount::kPool);
  const auto in_asset = buy ? ledger::Asset::kQuote : ledger::Asset::kToken;
  const auto out_asset = buy ? ledger::Asset::kToken : ledger::Asset::kQuote;
  constexpr double kLot = static_cast<double>(kBookLot);
  constexpr auto kMaxPrice = std::numeric_limits<std::int64_t>::max() / kBookLot;
  // The limit in book prices, rounded toward the trader's side of the limit it asked for; no
  // limit is the widest integer price on each side.
  const double wanted = buy ? std::floor(limit * kLot) : std::ceil(limit * kLot);
  const market::Price limit_price{limit <= 0.0 ? (buy ? kMaxPrice : 1)
                                               : static_cast<std::int64_t>(std::clamp(
                                                     wanted, 1.0, static_cast<double>(kMaxPrice)))};
  // A sell brings the tokens themselves. A buy brings quote: it asks for what that quote takes
  // from the asks up to its limit, so a fill below the limit buys more, not less.
  const Amount quantity = buy ? book_.buyable(limit_price, in, Amount{kBookLot}) : in;
  fills_.clear();
  ++ctx.counters()[Counter::kBookOrders];
  if (quantity > Amount::zero()) {
    (void)book_.immediate(e.source, buy ? market::Side::kBuy : market::Side::kSell, limit_price,
                          quantity, fills_);
  }
  const Settled got = settle_fills(fills_, ctx.counters(), &ctx);
  assert(got.paid <= in);  // buyable() sized the buy within its quote; a sell pays its tokens
  std::uint16_t reply_code = price_code::kNone;
  if (got.received > Amount::zero()) {
    const double paid = static_cast<double>(got.paid.raw());
    const double received = static_cast<double>(got.received.raw());
    reply_code = encode_price(buy ? paid / received : received / paid, price_code::Round::kNearest);
  } else {
    ++ctx.counters()[Counter::kBookUnfilled];
    // The touch, rounded so that a limit at the reported price reaches it.
    const auto touch = buy ? book_.best_ask() : book_.best_bid();
    if (touch) {
      reply_code =
          encode_price(book_price(*touch), buy ? price_code::Round::kUp : price_code::Round::kDown);
    }
  }
  (void)ctx.send(self_, pool_account, e.source, Kind::kCredit, got.received, out_asset, reply_code);
  (void)ctx.send(self_, pool_account, e.source, Kind::kCredit, in - got.paid, in_asset, reply_code);
}

Exchange::Settled Exchange::settle_fills(const market::MatchOutput& fills,
                                         actor::Counters& counters, actor::Context* log) {
  const std::uint32_t pool_id =
      log != nullptr ? log->ledger().account(ledger::ProtocolAccount::kPool).value() : 0;
  // Makers' sides move between their escrow and custody (both held in the pool's account, so the
  // ledger does not change); a taker who is not a maker is paid by the caller.
  const Amount lot{kBookLot};
  Settled taker;
  for (const market::Fill& f : fills.fills) {
    const Amount cost = market::notional(f.price, f.quantity, lot);
    const bool taker_buys = f.taker_side == market::Side::kBuy;
    const AgentId buyer = taker_buys ? f.taker_owner : f.maker_owner;
    const AgentId seller = taker_buys ? f.maker_owner : f.taker_owner;
    const bool buyer_is_maker = pop_->kind(buyer) == AgentKind::kMarketMaker;
    const bool seller_is_maker = pop_->kind(seller) == AgentKind::kMarketMaker;
    // Logged as both escrows released into the pool's own bucket, then both custodies paid from
    // it, so that the bucket never dips below zero between two rows.
    if (buyer_is_maker)
      log_move(log, buyer.value(), actor::Place::kEscrowQuote, pool_id, actor::Place::kQuote, cost);
    if (seller_is_maker)
      log_move(log, seller.value(), actor::Place::kEscrowToken, pool_id, actor::Place::kLiquid,
               f.quantity);
    if (buyer_is_maker) {
      const std::uint32_t m = pop_->slot(buyer);
      posted_quote_[m] -= cost;
      custody_token_[m] += f.quantity;
      log_move(log, pool_id, actor::Place::kLiquid, buyer.value(), actor::Place::kCustodyToken,
               f.quantity);
    } else {
      taker.paid += cost;
      taker.received += f.quantity;
    }
    if (seller_is_maker) {
      const std::uint32_t m = pop_->slot(seller);
      posted_token_[m] -= f.quantity;
      custody_quote_[m] += cost;
      log_move(log, pool_id, actor::Place::kQuote, seller.value(), actor::Place::kCustodyQuote,
               cost);
    } else {
      taker.paid += f.quantity;
      taker.received += cost;
    }
    ++counters[Counter::kBookFills];
    counters[Counter::kBookVolume] += f.quantity.raw();
    if (pop_->kind(f.taker_owner) == AgentKind::kMarketMaker) ++counters[Counter::kBookMakerFills];
  }
  return taker;
}

void Exchange::requote(std::uint32_t slot, kernel::Rng& r, actor::Counters& counters,
                       actor::Context* log) {
  const AgentId maker = pop_->of_kind(AgentKind::kMarketMaker)[slot];
  const auto& mp = spec_->population[pop_->group(maker)].as<scenario::MarketMakerParams>();
  // Old quotes go (a filled one is already gone); whatever they still escrow returns to custody.
  (void)book_.cancel(maker_bid_[slot]);
  (void)book_.cancel(maker_ask_[slot]);
  maker_bid_[slot] = market::kNoOrder;
  maker_ask_[slot] = market::kNoOrder;
  custody_token_[slot] += posted_token_[slot];
  custody_quote_[slot] += posted_quote_[slot];
  log_move(log, maker.value(), actor::Place::kEscrowToken, maker.value(),
           actor::Place::kCustodyToken, posted_token_[slot]);
  log_move(log, maker.value(), actor::Place::kEscrowQuote, maker.value(),
           actor::Place::kCustodyQuote, posted_quote_[slot]);
  posted_token_[slot] = Amount::zero();
  posted_quote_[slot] = Amount::zero();

  // Quotes in integers: the reference in book prices, and half the spread rounded up, so that
  // the bid is always below the ask (spread >= 1 ppm).
  // Clamped in double first: a price so extreme that it would not fit is held at the edge.
  constexpr std::int64_t kMaxPrice = std::numeric_limits<std::int64_t>::max() / kBookLot / 2;
  const auto mid = static_cast<std::int64_t>(
      std::clamp(std::round(reference_.price() * static_cast<double>(kBookLot)), 1.0,
                 static_cast<double>(kMaxPrice)));
  const Wide two_ppm = 2 * static_cast<Wide>(scenario::kPpmPerOne);
  const auto half = static_cast<std::int64_t>(
      (static_cast<Wide>(mid) * mp.spread.value() + two_ppm - 1) / two_ppm);
  const market::Price bid{mid - half};
  const market::Price ask{mid + half};  // at most 2 kMaxPrice: notional() stays in 64 bits
  const Amount size = actor::draw_amount(mp.quote_size, r);
  const Amount lot{kBookLot};

  // A new quote may cross another maker's stale one (the reference moved since): it fills there
  // first, like any taker, and rests the rest. Its escrow has left custody before it is placed.
  const auto post = [&](market::Side side, market::Price price, Amount qty) {
    fills_.clear();
    const auto placed = book_.limit(maker, side, price, qty, fills_);
    // The maker cancelled its own quotes first, so self-trade prevention has nothing to cancel
    // (a cancelled quote's escrow would otherwise stay posted).
    assert(fills_.cancelled.empty());
    (void)settle_fills(fills_, counters, log);
    return placed.resting > Amount::zero() ? placed.id : market::kNoOrder;
  };
  if (bid.value() > 0) {
    const Wide affordable = static_cast<Wide>(custody_quote_[slot].raw()) * kBookLot / bid.value();
    const Amount qty{static_cast<std::int64_t>(std::min<Wide>(size.raw(), affordable))};
    if (qty > Amount::zero()) {
      const Amount escrow = market::notional(bid, qty, lot);
      custody_quote_[slot] -= escrow;
      posted_quote_[slot] += escrow;
      log_move(log, maker.value(), actor::Place::kCustodyQuote, maker.value(),
               actor::Place::kEscrowQuote, escrow);
      maker_bid_[slot] = post(market::Side::kBuy, bid, qty);
    }
  }
  const Amount qty = ledger::min(size, custody_token_[slot]);
  if (qty > Amount::zero()) {
    custody_token_[slot] -= qty;
    posted_token_[slot] += qty;
    log_move(log, maker.value(), actor::Place::kCustodyToken, maker.value(),
             actor::Place::kEscrowToken, qty);
    maker_ask_[slot] = post(market::Side::kSell, ask, qty);
  }
}

void Exchange::on_reference_tick(const kernel::Event& /*e*/, actor::Context& ctx) {
  (void)reference_.advance();
  ctx.scheduler().schedule(ctx.now() + spec_->ticks(spec_->market.reference.interval), self_, self_,
                           code(Kind::kReferenceTick));
}

void Exchange::on_arbitrage(const kernel::Event& e, actor::Context& ctx) {
  const std::uint32_t slot = e.aux;
  const AgentId maker = pop_->of_kind(AgentKind::kMarketMaker)[slot];
  auto r = ctx.rng(self_);
  const auto& mp = spec_->population[pop_->group(maker)].as<scenario::MarketMakerParams>();
  ctx.scheduler().schedule(ctx.now() + actor::draw_duration(*spec_, mp.arbitrage_interval, r),
                           self_, self_, code(Kind::kArbitrage), e.aux);
  if (has_amm()) arbitrage_amm(slot, ctx);
  if (has_book()) requote(slot, r, ctx.counters(), &ctx);
}

void Exchange::arbitrage_amm(std::uint32_t slot, actor::Context& ctx) {
  actor::Counters& counters = ctx.counters();
  const auto plan = market::plan_arbitrage(pool_, market::to_ratio(reference_.price()));
  const bool token_in = plan.direction == market::SwapDirection::kTokenToQuote;
  Amount& have_in = token_in ? custody_token_[slot] : custody_quote_[slot];
  Amount& have_out = token_in ? custody_quote_[slot] : custody_token_[slot];
  const Amount amount = ledger::min(plan.amount_in, have_in);
  if (amount <= Amount::zero()) return;
  const auto out = pool_.swap_exact_in(plan.direction, amount);
  if (out.result != market::PoolResult::kOk) return;
  // Custody and reserves both sit in the pool's ledger account: the swap moves value between
  // them inside the account, so the ledger does not change.
  have_in -= amount;
  have_out += out.amount_out;
  if (ctx.logging()) {
    const AgentId maker = pop_->of_kind(AgentKind::kMarketMaker)[slot];
    const std::uint32_t pool_id = ctx.ledger().account(ledger::ProtocolAccount::kPool).value();
    const auto in_asset = token_in ? ledger::Asset::kToken : ledger::Asset::kQuote;
    const auto out_asset = token_in ? ledger::Asset::kQuote : ledger::Asset::kToken;
    // Direction in the places, the reference it traded towards as the amount (book price).
    ctx.record_way(actor::ActionKind::kArbitrage, maker, self_, actor::custody(in_asset),
                   actor::custody(out_asset),
                   ledger::whole_units(std::round(reference_.price() * kBookLot)));
    ctx.move(maker.value(), actor::custody(in_asset), pool_id, actor::reserve(in_asset), amount);
    ctx.move(pool_id, actor::reserve(out_asset), maker.value(), actor::custody(out_asset),
             out.amount_out);
  }
  ++counters[Counter::kSwaps];
  counters[Counter::kSwapVolume] += token_in ? amount.raw() : out.amount_out.raw();
}

}  // namespace coordsim::model::exchange
