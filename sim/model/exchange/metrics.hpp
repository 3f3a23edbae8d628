#pragma once
// The market's metric rows: pool, reference price, order book. Declared here, assembled into the
// world's table (world/metrics.cpp).
#include <array>
#include <cstddef>
#include <limits>
#include <optional>

#include "model/actor/metric.hpp"
#include "model/exchange/exchange.hpp"

namespace coordsim::model::exchange {

namespace metric_detail {
inline double book_price_or_zero(const std::optional<market::Price>& p) {
  return p ? Exchange::book_price(*p) : 0.0;
}
inline constexpr auto kAllLevels = std::numeric_limits<std::size_t>::max();
}  // namespace metric_detail

/// The market's rows, in recorded order. `In` (world::MetricInput) has `counters` and
/// `world.exchange()`, this system read-only.
template <class In>
constexpr auto metric_rows() {
  using actor::computed;
  using actor::counted;
  using actor::Counter;
  using metric_detail::book_price_or_zero;
  using metric_detail::kAllLevels;
  namespace unit = actor::unit;
  return std::array{
      computed<In>("pool_price", unit::kPrice, "AMM spot price",
                   [](const In& m) {
                     const auto& pool = m.world.exchange().pool();
                     return pool.reserve_token() > Amount::zero() ? pool.spot_price() : 0.0;
                   }),
      computed<In>("reference_price", unit::kPrice, "exogenous reference price (GBM)",
                   [](const In& m) { return m.world.exchange().reference_price(); }),
      computed<In>("pool_token_reserve", unit::kBase, "AMM token reserve: market depth",
                   [](const In& m) { return m.world.exchange().pool().reserve_token().raw(); }),
      computed<In>("pool_quote_reserve", unit::kBase, "AMM quote reserve",
                   [](const In& m) { return m.world.exchange().pool().reserve_quote().raw(); }),
      counted<In>("swap_volume", unit::kBase, "token volume through the pool (cumulative)",
                  Counter::kSwapVolume),
      counted<In>("swaps_failed", unit::kCount,
                  "swaps the pool could not fill within their limit, refunded (cumulative)",
                  Counter::kFailedSwaps),
      computed<In>(
          "book_best_bid", unit::kPrice, "order book: best bid (0 when no bid rests)",
          [](const In& m) { return book_price_or_zero(m.world.exchange().book().best_bid()); }),
      computed<In>(
          "book_best_ask", unit::kPrice, "order book: best ask (0 when no ask rests)",
          [](const In& m) { return book_price_or_zero(m.world.exchange().book().best_ask()); }),
      computed<In>("book_bid_depth", unit::kBase, "order book: token base units bid, all levels",
                   [](const In& m) {
                     return m.world.exchange().book().depth(market::Side::kBuy, kAllLevels).raw();
                   }),
      computed<In>("book_ask_depth", unit::kBase,
                   "order book: token base units offered, all levels",
                   [](const In& m) {
                     return m.world.exchange().book().depth(market::Side::kSell, kAllLevels).raw();
                   }),
      counted<In>("book_volume", unit::kBase, "token volume filled on the order book (cumulative)",
                  Counter::kBookVolume),
      counted<In>("book_fills", unit::kCount, "fills on the order book (cumulative)",
                  Counter::kBookFills),
      counted<In>("book_maker_fills", unit::kCount,
                  "of those, a maker's new quote crossing another maker's stale one (cumulative)",
                  Counter::kBookMakerFills),
      counted<In>("book_orders", unit::kCount,
                  "ai agents' orders sent to the order book (cumulative)", Counter::kBookOrders),
      counted<In>(
          "book_orders_unfilled", unit::kCount,
          "ai agents' book orders refunded without any fill within their limit (cumulative)",
          Counter::kBookUnfilled),
  };
}

}  // namespace coordsim::model::exchange
