#pragma once
// The usefulness of a model trained on a set of rows: the ground-truth characteristic function
// v(S) that leave-one-out, Shapley and Banzhaf are computed from, and against which every rule is
// compared.
//
//   Q+(S) = sum over the UNIQUE contents held by S of max(quality, 0)
//   Q-(S) = sum over the UNIQUE contents held by S of max(-quality, 0)
//   v(S)  = v_max * (1 - exp(-Q+(S) / scale)) - poison_penalty * Q-(S)
//
// Concave and saturating in useful quality (diminishing returns: the hundredth good row helps less
// than the first), linear in harm, and a function of the set of contents only, so a copy of a
// content already held adds exactly nothing. v(empty) = 0.
//
// Marginal values are never computed as v(with) - v(without): once Q+/scale exceeds about 37 both
// are 1.0 in double precision and the difference is 0. difference() computes
//   v_max * (exp(-low/scale) - exp(-(low + d)/scale)) = v_max * exp(-low/scale) * -expm1(-d/scale)
// from the smaller sum `low` and the exact change d, accurate to a few ulps at any Q+. It
// underflows to 0 only where the true value is below the smallest double (low/scale > ~745).
#include <cmath>

#include "model/attribution/errors.hpp"

namespace coordsim::model::attribution {

/// Qualities are summed as fixed-point integers (quality * 2^32, rounded) so that Q+(S), Q-(S)
/// and hence v(S) depend only on the set S, never on the order rows were added: the marginal of a
/// copy is exactly 0.0, not 1e-17.
inline constexpr double kQualityUnit = 0x1.0p32;
/// |quality| of one row must not exceed this (keeps the fixed-point sums far from overflow).
inline constexpr double kMaxAbsQuality = 0x1.0p20;

struct Usefulness {
  double v_max = 1.0;           // value of a model trained on unlimited good data
  double scale = 1.0;           // quality at which 1 - 1/e of v_max is reached
  double poison_penalty = 1.0;  // value lost per unit of negative quality

  /// v for the given positive and negative quality sums (both >= 0, in quality units).
  [[nodiscard]] double value(double positive_quality, double negative_quality) const noexcept {
    // -expm1(-x) = 1 - exp(-x) without cancellation for small x.
    return v_max * -std::expm1(-positive_quality / scale) - poison_penalty * negative_quality;
  }

  /// v(with) - v(without) from the smaller positive sum, the change in it and the change in the
  /// negative sum: with = (low + positive_change, .) if positive_change >= 0 (else without is the
  /// larger). positive_change and negative_change are with - without, computed exactly by the
  /// caller (RowsGame subtracts fixed-point integers).
  [[nodiscard]] double difference(double low_positive, double positive_change,
                                  double negative_change) const noexcept {
    return combine(std::exp(-low_positive / scale), saturation(std::abs(positive_change)),
                   positive_change >= 0.0, negative_change);
  }

  /// 1 - exp(-change / scale) for change >= 0, without cancellation: the share of the remaining
  /// headroom that `change` more quality fills.
  [[nodiscard]] double saturation(double change) const noexcept {
    return -std::expm1(-change / scale);
  }

  /// The difference from its factors: decay = exp(-low / scale) of the smaller positive sum,
  /// fill = saturation(|positive change|), the sign of the positive change, the negative change.
  [[nodiscard]] double combine(double decay, double fill, bool gain,
                               double negative_change) const noexcept {
    const double part = v_max * decay * fill;
    return (gain ? part : -part) - poison_penalty * negative_change;
  }
};

/// @throws InvalidConfig unless v_max >= 0, scale > 0 and poison_penalty >= 0, all finite.
inline void validate(const Usefulness& u) {
  if (!std::isfinite(u.v_max) || u.v_max < 0.0)
    throw InvalidConfig("usefulness: v_max must be finite and >= 0");
  if (!std::isfinite(u.scale) || u.scale <= 0.0)
    throw InvalidConfig("usefulness: scale must be finite and > 0");
  if (!std::isfinite(u.poison_penalty) || u.poison_penalty < 0.0) {
    throw InvalidConfig("usefulness: poison_penalty must be finite and >= 0");
  }
}

}  // namespace coordsim::model::attribution
