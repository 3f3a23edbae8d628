#pragma once
// Integer arithmetic for market math. Products of two 128-bit values can exceed 128 bits (the
// Uniswap test vectors multiply 1e21-scale reserves), so the product-then-divide helpers compute in
// 128 bits when the product fits and fall back to 256 bits (out of line) when it does not.
// All helpers take non-negative operands; a negative one is a programmer error (asserted).
#include <cassert>

#include "model/ledger/amount.hpp"

namespace coordsim::model::market {

using ledger::Amount;
using ledger::Wide;
__extension__ using UWide = unsigned __int128;

namespace detail {
[[nodiscard]] Wide mul_div_floor_256(Wide a, Wide b, Wide d);
[[nodiscard]] int compare_products_256(Wide a, Wide b, Wide c, Wide d);
}  // namespace detail

/// floor(a * b / d) for a, b >= 0 and d > 0. The quotient must fit in 127 bits.
[[nodiscard]] inline Wide mul_div_floor(Wide a, Wide b, Wide d) {
  assert(a >= 0 && b >= 0 && d > 0);
  Wide p = 0;
  if (!__builtin_mul_overflow(a, b, &p)) return p / d;
  return detail::mul_div_floor_256(a, b, d);
}

/// The sign of a*b - c*d (-1, 0 or 1) for non-negative operands, exact.
[[nodiscard]] inline int compare_products(Wide a, Wide b, Wide c, Wide d) {
  assert(a >= 0 && b >= 0 && c >= 0 && d >= 0);
  Wide p = 0;
  Wide q = 0;
  if (!__builtin_mul_overflow(a, b, &p) && !__builtin_mul_overflow(c, d, &q)) {
    return (p > q) - (p < q);
  }
  return detail::compare_products_256(a, b, c, d);
}

/// floor(sqrt(v)) for v >= 0 (Newton's method on integers, exact).
[[nodiscard]] Wide isqrt(Wide v);

}  // namespace coordsim::model::market
