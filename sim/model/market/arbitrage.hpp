#pragma once
// The market maker's arbitrage step: how much to swap so that the pool's reserve ratio moves as
// close as possible to a target price without passing it.
//
// The pool price is the reserve ratio quote/token (quote base units per token base unit). A swap
// of x moves it monotonically (the output is a non-decreasing function of the input), so the
// largest x that does not overshoot is found by an exponential then a binary search, each step an
// exact integer evaluation of the Uniswap formula: about 2 * 63 evaluations at most.
#include <cstdint>

#include "model/market/pool.hpp"

namespace coordsim::model::market {

/// A price as an exact ratio: `quote` quote base units per `token` token base units.
struct PriceRatio {
  Wide quote = 0;
  Wide token = 1;
};

/// The nearest ratio with denominator `scale` to a positive finite double price (quote base
/// units per token base unit). @throws AmmInputError on a non-positive or non-finite price.
[[nodiscard]] PriceRatio to_ratio(double price, Wide scale = 1'000'000'000'000);

/// Which way to swap and how much; amount_in == 0 when the pool is already at the target
/// (or no swap with a non-zero output can be made without passing it).
struct ArbitragePlan {
  SwapDirection direction = SwapDirection::kQuoteToToken;
  Amount amount_in;
};

/// The largest input whose swap leaves the reserve ratio on the same side of the target as before
/// (or on it). Buying token (quote in) when the pool price is below the target, selling token when
/// above. Returns amount_in == 0 on an empty pool.
[[nodiscard]] ArbitragePlan plan_arbitrage(const Pool& pool, PriceRatio target);

}  // namespace coordsim::model::market
