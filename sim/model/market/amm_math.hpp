#pragma once
// Constant-product pricing with Uniswap v2's integer semantics (UniswapV2Library.getAmountOut /
// getAmountIn), on 128-bit integers so that 1e18-scale reserves of the published test vectors
// work unchanged; intermediate products that overflow 128 bits are computed in 256 bits.
//
//   out = floor(in * num * reserve_out / (reserve_in * den + in * num))
//   in  = floor(reserve_in * out * den / ((reserve_out - out) * num)) + 1
//
// where num/den is the share of the input that is kept after the fee (997/1000 for 0.3%).
// Uniswap's "+1" makes getAmountIn return ceil(exact) when the exact input is not an integer and
// exact + 1 when it is: never too little, at most one unit too much.
#include <cstdint>
#include <stdexcept>

#include "model/market/wide_math.hpp"

namespace coordsim::model::market {

/// Bad input to the AMM math (non-positive amount or reserve, output not below the reserve).
class AmmInputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// The part of an input that stays in the pool after the fee: num/den, 0 < num <= den.
struct Fee {
  std::int64_t num = 997;
  std::int64_t den = 1000;

  /// A fee in parts per million: 3000 ppm (0.3%) is 997000/1000000, the same ratio as 997/1000.
  /// @throws AmmInputError when ppm >= 1000000.
  [[nodiscard]] static Fee from_ppm(std::uint32_t fee_ppm) {
    if (fee_ppm >= 1'000'000) throw AmmInputError("fee must be below 1000000 ppm");
    return Fee{1'000'000 - static_cast<std::int64_t>(fee_ppm), 1'000'000};
  }
  [[nodiscard]] bool valid() const noexcept { return 0 < num && num <= den; }
};

namespace detail {
// The two formulas without the input checks, for callers that have made them already (Pool's
// noexcept previews, which report bad input as a PoolResult instead of throwing).

/// getAmountOut for amount_in > 0, reserves > 0 and a valid fee.
[[nodiscard]] inline Wide amount_out_unchecked(Wide amount_in, Wide reserve_in, Wide reserve_out,
                                               Fee fee) {
  const Wide in_with_fee = amount_in * fee.num;
  const Wide denominator = reserve_in * fee.den + in_with_fee;
  return mul_div_floor(in_with_fee, reserve_out, denominator);
}

/// getAmountIn for 0 < amount_out < reserve_out, reserve_in > 0 and a valid fee. The result must
/// fit in 127 bits (mul_div_floor throws std::overflow_error otherwise).
[[nodiscard]] inline Wide amount_in_unchecked(Wide amount_out, Wide reserve_in, Wide reserve_out,
                                              Fee fee) {
  return mul_div_floor(reserve_in, amount_out * fee.den, (reserve_out - amount_out) * fee.num) + 1;
}

}  // namespace detail

/// Uniswap v2 getAmountOut. @throws AmmInputError on amount_in <= 0 or a reserve <= 0.
[[nodiscard]] inline Wide get_amount_out(Wide amount_in, Wide reserve_in, Wide reserve_out,
                                         Fee fee = {}) {
  if (amount_in <= 0) throw AmmInputError("get_amount_out: insufficient input amount");
  if (reserve_in <= 0 || reserve_out <= 0) throw AmmInputError("get_amount_out: no liquidity");
  if (!fee.valid()) throw AmmInputError("get_amount_out: invalid fee");
  return detail::amount_out_unchecked(amount_in, reserve_in, reserve_out, fee);
}

/// Uniswap v2 getAmountIn. @throws AmmInputError on amount_out <= 0, a reserve <= 0, or
/// amount_out >= reserve_out (the pool cannot be emptied).
[[nodiscard]] inline Wide get_amount_in(Wide amount_out, Wide reserve_in, Wide reserve_out,
                                        Fee fee = {}) {
  if (amount_out <= 0) throw AmmInputError("get_amount_in: insufficient output amount");
  if (reserve_in <= 0 || reserve_out <= 0) throw AmmInputError("get_amount_in: no liquidity");
  if (amount_out >= reserve_out) throw AmmInputError("get_amount_in: output exceeds the reserve");
  if (!fee.valid()) throw AmmInputError("get_amount_in: invalid fee");
  return detail::amount_in_unchecked(amount_out, reserve_in, reserve_out, fee);
}

}  // namespace coordsim::model::market
