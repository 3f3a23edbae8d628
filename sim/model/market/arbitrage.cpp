#include "model/market/arbitrage.hpp"

#include <cmath>
#include <limits>

namespace coordsim::model::market {
namespace {

constexpr Wide kMaxAmount = std::numeric_limits<std::int64_t>::max();

// Whether swapping `in` leaves the reserve ratio on the starting side of (or on) the target.
bool within_target(const Pool& pool, SwapDirection dir, Wide in, PriceRatio target) {
  const SwapOutcome s = pool.preview_exact_in(dir, Amount{static_cast<std::int64_t>(in)});
  if (s.result != PoolResult::kOk && s.result != PoolResult::kInsufficientOutput) return false;
  const Wide out = s.result == PoolResult::kOk ? s.amount_out.raw() : 0;
  const Wide rt = pool.reserve_token().raw();
  const Wide rq = pool.reserve_quote().raw();
  if (dir == SwapDirection::kQuoteToToken) {  // price rises: (rq + in) / (rt - out) <= target
    return compare_products(rq + in, target.token, target.quote, rt - out) <= 0;
  }
  // price falls: (rq - out) / (rt + in) >= target
  return compare_products(rq - out, target.token, target.quote, rt + in) >= 0;
}

}  // namespace

PriceRatio to_ratio(double price, Wide scale) {
  if (!(price > 0.0) || !std::isfinite(price) || scale <= 0) {
    throw AmmInputError("to_ratio: the price must be positive and finite");
  }
  const double q = std::round(price * static_cast<double>(scale));
  if (q >= 1.0e37) throw AmmInputError("to_ratio: price too large for the scale");
  return {q < 1.0 ? 1 : static_cast<Wide>(q), scale};
}

ArbitragePlan plan_arbitrage(const Pool& pool, PriceRatio target) {
  const Wide rt = pool.reserve_token().raw();
  const Wide rq = pool.reserve_quote().raw();
  if (rt <= 0 || rq <= 0 || target.quote <= 0 || target.token <= 0) return {};
  const int side = compare_products(rq, target.token, target.quote, rt);  // sign(pool - target)
  if (side == 0) return {};
  const SwapDirection dir = side < 0 ? SwapDirection::kQuoteToToken : SwapDirection::kTokenToQuote;
  const Wide limit = kMaxAmount - (dir == SwapDirection::kQuoteToToken ? rq : rt);
  // Exponential search for an input that overshoots, then binary search below it.
  Wide good = 0;
  Wide bad = 1;
  while (bad <= limit && within_target(pool, dir, bad, target)) {
    good = bad;
    bad *= 2;
  }
  if (bad > limit) {
    if (within_target(pool, dir, limit, target)) {
      good = limit;
      bad = limit + 1;
    } else {
      bad = limit;
    }
  }
  while (bad - good > 1) {
    const Wide mid = good + (bad - good) / 2;
    (within_target(pool, dir, mid, target) ? good : bad) = mid;
  }
  // The pool refuses a swap whose output rounds to zero; such a move is not a plan.
  const Amount amount{static_cast<std::int64_t>(good)};
  if (good == 0 || pool.preview_exact_in(dir, amount).result != PoolResult::kOk) return {dir, {}};
  return {dir, amount};
}

}  // namespace coordsim::model::market
