#include "model/market/wide_math.hpp"

#include <bit>
#include <boost/multiprecision/cpp_int.hpp>
#include <stdexcept>

namespace coordsim::model::market {
namespace {

using U256 = boost::multiprecision::uint256_t;

// Through two 64-bit halves: Boost's own __int128 conversions depend on GNU extensions being on.
U256 to_u256(Wide v) {
  const auto u = static_cast<UWide>(v);
  U256 r = static_cast<std::uint64_t>(u >> 64);
  r <<= 64;
  r |= static_cast<std::uint64_t>(u);
  return r;
}

Wide from_u256(const U256& v) {
  if (v > to_u256(~static_cast<Wide>(0) ^ (static_cast<Wide>(1) << 127))) {
    throw std::overflow_error("market: a quotient does not fit in 127 bits");
  }
  const auto low = static_cast<std::uint64_t>(v & U256(~std::uint64_t{0}));
  const auto high = static_cast<std::uint64_t>(v >> 64);
  return static_cast<Wide>((static_cast<UWide>(high) << 64) | low);
}

}  // namespace

namespace detail {

Wide mul_div_floor_256(Wide a, Wide b, Wide d) {
  return from_u256(to_u256(a) * to_u256(b) / to_u256(d));
}

int compare_products_256(Wide a, Wide b, Wide c, Wide d) {
  const U256 p = to_u256(a) * to_u256(b);
  const U256 q = to_u256(c) * to_u256(d);
  return (p > q) - (p < q);
}

}  // namespace detail

Wide isqrt(Wide v) {
  assert(v >= 0);
  if (v < 2) return v;
  // Newton's method from 2^ceil(bits/2) >= sqrt(v): the iterates decrease strictly until they
  // reach floor(sqrt(v)), and never overflow.
  const auto u = static_cast<UWide>(v);
  const auto high = static_cast<std::uint64_t>(u >> 64);
  const int bits = high != 0 ? 64 + static_cast<int>(std::bit_width(high))
                             : static_cast<int>(std::bit_width(static_cast<std::uint64_t>(u)));
  Wide x = static_cast<Wide>(1) << ((bits + 1) / 2);
  while (true) {
    const Wide y = (x + v / x) / 2;
    if (y >= x) return x;
    x = y;
  }
}

}  // namespace coordsim::model::market
