#include "model/attribution/largest_remainder.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/attribution/errors.hpp"

namespace coordsim::model::attribution {

using ledger::Amount;
using ledger::Wide;

Amount largest_remainder(Amount pool, std::span<const std::uint64_t> weights, std::span<Amount> out,
                         LargestRemainderScratch& scratch) {
  if (pool < Amount::zero()) throw InvalidSplit("largest_remainder: negative pool");
  if (out.size() != weights.size())
    throw InvalidSplit("largest_remainder: output size differs from weights");
  if (weights.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw InvalidSplit("largest_remainder: more than 2^32 weights");
  }
  // n * 2^64 < 2^127 for n < 2^63, and pool * w < 2^63 * 2^64: no product or sum can overflow.
  Wide total = 0;
  for (const std::uint64_t w : weights) total += static_cast<Wide>(w);
  std::fill(out.begin(), out.end(), Amount::zero());
  if (total == 0) return pool;

  const Wide p = pool.raw();
  scratch.remainder.resize(weights.size());
  scratch.order.clear();
  std::int64_t paid = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Wide product = p * static_cast<Wide>(weights[i]);
    const Wide q = product / total;  // <= pool, fits in 64 bits
    scratch.remainder[i] = product % total;
    out[i] = Amount{static_cast<std::int64_t>(q)};
    paid += static_cast<std::int64_t>(q);
    if (scratch.remainder[i] != 0) scratch.order.push_back(static_cast<std::uint32_t>(i));
  }
  // R units remain; sum of remainders = R * total with each remainder < total, so more than R
  // indices have a positive remainder and a zero weight can never be chosen.
  const auto units = static_cast<std::size_t>(pool.raw() - paid);
  if (units == 0) return Amount::zero();
  const auto& rem = scratch.remainder;
  // A strict total order (remainder descending, index ascending) makes the chosen SET unique, so
  // nth_element's unspecified internal order cannot change the result.
  const auto before = [&rem](std::uint32_t a, std::uint32_t b) {
    return rem[a] != rem[b] ? rem[a] > rem[b] : a < b;
  };
  auto& order = scratch.order;
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(units - 1),
                   order.end(), before);
  for (std::size_t k = 0; k < units; ++k) out[order[k]] += Amount{1};
  return Amount::zero();
}

void quantize_weights(std::span<const double> weights, std::span<std::uint64_t> out) {
  if (out.size() != weights.size())
    throw InvalidSplit("quantize_weights: output size differs from weights");
  double largest = 0.0;
  for (const double w : weights) {
    if (!std::isfinite(w)) throw InvalidSplit("largest_remainder: weight is NaN or infinite");
    largest = std::max(largest, w);
  }
  if (largest <= 0.0) {
    std::fill(out.begin(), out.end(), std::uint64_t{0});
    return;
  }
  int exponent = 0;
  (void)std::frexp(largest, &exponent);  // largest = m * 2^exponent, m in [0.5, 1)
  const int shift = 53 - exponent;       // largest * 2^shift in [2^52, 2^53)
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double w = weights[i];
    // ldexp by a power of two is exact; llround rounds half away from zero whatever the
    // floating-point rounding mode is.
    out[i] = w > 0.0 ? static_cast<std::uint64_t>(std::llround(std::ldexp(w, shift))) : 0U;
  }
}

Amount largest_remainder(Amount pool, std::span<const double> weights, std::span<Amount> out,
                         LargestRemainderScratch& scratch) {
  scratch.quantized.resize(weights.size());
  quantize_weights(weights, scratch.quantized);
  return largest_remainder(pool, std::span<const std::uint64_t>(scratch.quantized), out, scratch);
}

Amount largest_remainder(Amount pool, std::span<const std::uint64_t> weights,
                         std::span<Amount> out) {
  LargestRemainderScratch scratch;
  return largest_remainder(pool, weights, out, scratch);
}

Amount largest_remainder(Amount pool, std::span<const double> weights, std::span<Amount> out) {
  LargestRemainderScratch scratch;
  return largest_remainder(pool, weights, out, scratch);
}

}  // namespace coordsim::model::attribution
