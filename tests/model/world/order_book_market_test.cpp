// Agents trading on the limit order book against market makers' quotes: the quotes sit where the
// makers' spread puts them, fills settle exactly (the makers earn the spread, nothing else moves),
// limits are obeyed, and with both venues trades go to the better one.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

using ledger::Amount;
using ledger::Asset;

// One maker quoting around a constant reference price of 1.0; agents do nothing but trade.
constexpr std::string_view kBookWorld = R"(
name: book-world
seed: 1
duration: 6h
block_interval: 2s
population:
  - {name: principals, kind: principal, count: 4, endowment: 5000, agents: 2, grant_budget: 1000,
     watch: false}
  - {name: agents, kind: ai_agent, count: 8, strategy: noise, action_interval: {exponential: 2m},
     trade_size: {uniform: [1, 9]}, inference_share: 0, transfer_share: 0, slippage: 2%}
  - {name: makers, kind: market_maker, count: 1, endowment: 100000, arbitrage_interval: 1m,
     spread: 1%, quote_size: 500}
market:
  type: order_book
  initial_price: 1.0
  reference: {model: constant}
sessions:
  default_ttl: 12h
  max_ttl: 12h
  caps: {total: 1000, per_action: 100, per_period: 1000, period: 1h, calls: 100000}
invariants:
  check: every_event
)";

scenario::Spec book_world(std::uint64_t seed, const std::vector<std::string>& overrides = {}) {
  return world_with_seed(kBookWorld, "book-world.yaml", seed, overrides);
}

Counters run(Harness& h) {
  EXPECT_TRUE(h.run(SimDuration{600})) << describe(h.problems());
  return h.world().counters();
}

// The maker's whole wealth valued at the reference price 1.0 (custody and escrow, both assets).
ledger::Wide maker_wealth(const World& w) {
  return static_cast<ledger::Wide>(w.exchange().maker_custody(0, Asset::kToken).raw()) +
         w.exchange().maker_custody(0, Asset::kQuote).raw() +
         w.exchange().maker_posted(0, Asset::kToken).raw() +
         w.exchange().maker_posted(0, Asset::kQuote).raw();
}

TEST(OrderBookMarket, MakerQuotesSitAtItsSpreadAroundTheReference) {
  Harness h(book_world(1));
  (void)run(h);
  const auto& book = h.world().exchange().book();
  // Half of 1% around 1.0, in quote base units per exchange::Exchange::kBookLot token base units.
  ASSERT_TRUE(book.best_bid().has_value());
  ASSERT_TRUE(book.best_ask().has_value());
  EXPECT_EQ(book.best_bid()->value(),
            exchange::Exchange::kBookLot - exchange::Exchange::kBookLot / 200);
  EXPECT_EQ(book.best_ask()->value(),
            exchange::Exchange::kBookLot + exchange::Exchange::kBookLot / 200);
  EXPECT_EQ(book.level_count(market::Side::kBuy), 1U);
  EXPECT_EQ(book.level_count(market::Side::kSell), 1U);
}

TEST(OrderBookMarket, FillsSettleExactlyAndTheMakerEarnsTheSpread) {
  for (const std::uint64_t seed : {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{3}}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Harness h(book_world(seed));
    const ledger::Wide before = maker_wealth(h.world());
    const Counters c = run(h);
    ASSERT_GT(c[Counter::kBookFills], 50);
    // Every applied action was a trade sent to the book; at the end each of the 8 agents may
    // have one still travelling.
    EXPECT_LE(c[Counter::kBookOrders], c[Counter::kApplied]);
    EXPECT_LE(c[Counter::kApplied] - c[Counter::kBookOrders], 8);
    EXPECT_EQ(c[Counter::kSwaps], 0);
    // Every fill is at 1.005 (the maker sells) or 0.995 (it buys): it gains 0.5% of the volume.
    // The quote of a fill is floored, which costs the maker up to one base unit when it sells
    // and saves it up to one when it buys: at most one unit per fill either way.
    const ledger::Wide gain = maker_wealth(h.world()) - before;
    const ledger::Wide spread_take = static_cast<ledger::Wide>(c[Counter::kBookVolume]) / 200;
    const auto fills = static_cast<ledger::Wide>(c[Counter::kBookFills]);
    EXPECT_GT(gain, 0);
    EXPECT_LE(gain, spread_take + fills + 1);
    EXPECT_GE(gain, spread_take - fills - 1);
  }
}

TEST(OrderBookMarket, ABuyBelowItsLimitSpendsItsQuoteInsteadOfBuyingLess) {
  // Task runners only buy, with a 10% slippage, from an ask at 1.005: each order should buy as
  // many tokens as its quote pays for at the ask (what was refunded is at most a few base units
  // per order), not the fewer tokens its quote would pay for at its limit.
  Harness h(book_world(7, {"population[1].strategy=task_runner", "population[1].slippage=10%"}));
  const ledger::Wide quote_before =
      static_cast<ledger::Wide>(h.world().exchange().maker_custody(0, Asset::kQuote).raw() +
                                h.world().exchange().maker_posted(0, Asset::kQuote).raw());
  const Counters c = run(h);
  ASSERT_GT(c[Counter::kBookOrders], 100);
  EXPECT_EQ(c[Counter::kBookUnfilled], 0);
  const ledger::Wide paid = h.world().exchange().maker_custody(0, Asset::kQuote).raw() +
                            h.world().exchange().maker_posted(0, Asset::kQuote).raw() -
                            quote_before;
  const ledger::Wide sent = c[Counter::kValueMoved];  // every applied action was a buy, in quote
  // sent - paid = refunds + orders still travelling (at most in_flight); the refunds alone must
  // be tiny.
  const ledger::Wide refunded_at_least = sent - paid - h.world().in_flight(Asset::kQuote);
  EXPECT_LE(refunded_at_least, 3 * static_cast<ledger::Wide>(c[Counter::kBookOrders]));
  EXPECT_GT(paid, sent * 9 / 10);
}

TEST(OrderBookMarket, AMakersNewQuoteFillsAgainstAnotherMakersStaleOne) {
  // Two makers and a reference price that jumps between their turns: a maker requoting around the
  // new price crosses the other's stale quote. Escrow, custody and the book stay consistent
  // (every invariant after every event), and the crossing fills are counted.
  Harness h(book_world(
      8, {"population[2].count=2", "market.reference.model=gbm", "market.reference.volatility=3",
          "market.reference.interval=1m", "population[2].arbitrage_interval={exponential: 3m}"}));
  const Counters c = run(h);
  EXPECT_GT(c[Counter::kBookMakerFills], 0);
  EXPECT_GT(c[Counter::kBookFills], c[Counter::kBookMakerFills]);
}

TEST(OrderBookMarket, ALimitTighterThanTheQuotesIsRefundedUnfilled) {
  // Slippage 0: an agent's first limit is the initial price 1.0, inside the maker's quotes, so it
  // cannot fill; the refund tells it the touch, and its next order at that price can.
  Harness tight(book_world(4, {"population[1].slippage=0"}));
  const Counters t = run(tight);
  EXPECT_GT(t[Counter::kBookUnfilled], 0);
  EXPECT_GT(t[Counter::kBookFills], 0);
  // 2% slippage reaches past the 0.5% half-spread, the maker quotes from genesis on, and its
  // 500-token quotes are deep enough for 9-token trades: nothing comes back unfilled.
  Harness loose(book_world(4));
  const Counters l = run(loose);
  EXPECT_EQ(l[Counter::kBookUnfilled], 0);
  EXPECT_GT(l[Counter::kBookFills], 0);
}

TEST(OrderBookMarket, TheAmmRefusesSwapsThatWouldFillPastTheLimit) {
  // On the AMM the 0.3% fee alone makes every fill worse than the last price seen: with no
  // slippage allowed, swaps fail; with 5% they go through.
  const std::vector<std::string> amm{"market.type=amm", "market.pool_tokens=100000",
                                     "population[2].liquidity=50000"};
  auto with = [&](std::string_view slippage) {
    auto sets = amm;
    sets.emplace_back("population[1].slippage=").append(slippage);
    Harness h(book_world(5, sets));
    return run(h);
  };
  const Counters none = with("0");
  const Counters some = with("5%");
  EXPECT_GT(none[Counter::kFailedSwaps], some[Counter::kFailedSwaps]);
  EXPECT_GT(some[Counter::kSwaps], none[Counter::kSwaps]);
  EXPECT_EQ(some[Counter::kBookOrders], 0);  // no book without market.type order_book or both
}

TEST(OrderBookMarket, WithBothVenuesTradesGoWhereThePriceIsBetter) {
  // The AMM charges 0.3%; a maker quoting 0.2% wide (0.1% each side) beats it, one quoting 2%
  // wide (1% each side) does not.
  auto book_orders = [](std::string_view spread) {
    std::vector<std::string> sets{"market.type=both", "market.pool_tokens=100000",
                                  "population[2].liquidity=50000"};
    sets.emplace_back("population[2].spread=").append(spread);
    Harness h(book_world(6, sets));
    const Counters c = run(h);
    return c[Counter::kBookOrders];
  };
  const std::int64_t tight = book_orders("0.2%");
  const std::int64_t wide = book_orders("2%");
  EXPECT_GT(tight, 0);
  EXPECT_GT(tight, 4 * wide);
}

}  // namespace
}  // namespace coordsim::model::world::test
