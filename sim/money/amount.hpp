#pragma once
// Token amounts: signed 64-bit integers in base units (1 token = 10^decimals base units, the
// scenario sets decimals; default 6). Never floating point. Sums over many accounts use Wide
// (128-bit) so that conservation checks cannot overflow. A bare integer does not convert to an
// Amount implicitly: write Amount{n}.
//
// Its own library below both the scenario layer (which parses amounts) and the model (which
// moves them), so that neither has to include the other to name money.
#include <compare>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "kernel/saturate.hpp"

namespace coordsim::money {

// __extension__: GCC and Clang support 128-bit integers, ISO C++ does not name them (-Wpedantic).
__extension__ using Wide = __int128;  // for sums and products of amounts

class Amount {
 public:
  constexpr Amount() noexcept = default;
  constexpr explicit Amount(std::int64_t base_units) noexcept : v_(base_units) {}

  [[nodiscard]] constexpr std::int64_t raw() const noexcept { return v_; }
  [[nodiscard]] static constexpr Amount zero() noexcept { return Amount{0}; }
  [[nodiscard]] static constexpr Amount max() noexcept {
    return Amount{std::numeric_limits<std::int64_t>::max()};
  }

  friend constexpr auto operator<=>(Amount, Amount) noexcept = default;
  friend constexpr Amount operator+(Amount a, Amount b) noexcept { return Amount{a.v_ + b.v_}; }
  friend constexpr Amount operator-(Amount a, Amount b) noexcept { return Amount{a.v_ - b.v_}; }
  constexpr Amount operator-() const noexcept { return Amount{-v_}; }
  constexpr Amount& operator+=(Amount o) noexcept {
    v_ += o.v_;
    return *this;
  }
  constexpr Amount& operator-=(Amount o) noexcept {
    v_ -= o.v_;
    return *this;
  }

 private:
  std::int64_t v_ = 0;
};

/// floor(a * num / den) computed in 128 bits; den must be positive. For fee splits and prices.
[[nodiscard]] constexpr Amount mul_div(Amount a, std::int64_t num, std::int64_t den) {
  if (den <= 0) throw std::invalid_argument("mul_div: denominator must be positive");
  const Wide p = static_cast<Wide>(a.raw()) * num;
  Wide q = p / den;
  if ((p % den != 0) && (p < 0)) --q;  // floor, not truncation, for negative products
  if (q > std::numeric_limits<std::int64_t>::max() ||
      q < std::numeric_limits<std::int64_t>::min()) {
    throw std::overflow_error("mul_div: result does not fit in 64 bits");
  }
  return Amount{static_cast<std::int64_t>(q)};
}

[[nodiscard]] constexpr Amount min(Amount a, Amount b) noexcept { return a < b ? a : b; }
[[nodiscard]] constexpr Amount max(Amount a, Amount b) noexcept { return a < b ? b : a; }

/// Whole base units of a double drawn in base units (an endowment, a trade size): the fraction
/// is dropped, a negative or NaN draw is zero, and a draw past 9e18 saturates there.
[[nodiscard]] constexpr Amount whole_units(double base_units) noexcept {
  return Amount{kernel::saturate_int64(base_units, 0)};
}

/// Decimal text of a 128-bit integer (std::to_string has no overload for it).
[[nodiscard]] inline std::string to_string(Wide v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  std::string digits;
  while (v != 0) {
    const Wide r = v % 10;  // truncates toward zero, so r is negative when v is
    digits.push_back(static_cast<char>('0' + static_cast<int>(negative ? -r : r)));
    v /= 10;
  }
  if (negative) digits.push_back('-');
  return {digits.rbegin(), digits.rend()};
}

}  // namespace coordsim::money
