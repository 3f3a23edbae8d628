#pragma once
// A per-agent parameter drawn from a distribution. In a scenario a bare value means constant;
// otherwise a map names one family (see docs/scenarios.md). The parameters are stored in the
// key's base unit (token base units, microseconds, or plain numbers) so the model never converts.
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

#include "kernel/rng.hpp"

namespace coordsim::scenario {

enum class DistKind : std::uint8_t {
  kConstant,
  kUniform,
  kNormal,
  kLognormal,
  kPareto,
  kExponential
};

inline constexpr std::array<std::string_view, 6> kDistKindNames{
    "constant", "uniform", "normal", "lognormal", "pareto", "exponential"};
// For to_string and enum_from_string (enums.hpp).
constexpr std::span<const std::string_view> enum_names(DistKind) { return kDistKindNames; }

/// The meaning of `a` and `b` depends on `kind`:
///   constant: a = value                 uniform:     a = lo, b = hi
///   normal:   a = mean, b = sd          lognormal:   a = median (= e^mu), b = sigma
///   pareto:   a = scale (minimum), b = shape        exponential: a = mean
/// Samples are clamped to [min, max]; the loader sets these to the key's valid range unless the
/// scenario narrows them, so a drawn value is always valid for its key.
struct Distribution {
  DistKind kind = DistKind::kConstant;
  double a = 0.0;
  double b = 0.0;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();

  [[nodiscard]] static constexpr Distribution constant(double v) noexcept {
    return Distribution{DistKind::kConstant, v, 0.0, -std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::infinity()};
  }
  [[nodiscard]] constexpr bool is_constant() const noexcept { return kind == DistKind::kConstant; }

  friend constexpr bool operator==(const Distribution&, const Distribution&) = default;
};

/// The mean before clamping (infinite for a Pareto with shape <= 1).
[[nodiscard]] inline double nominal_mean(const Distribution& d) noexcept {
  switch (d.kind) {
    case DistKind::kConstant:
    case DistKind::kExponential:
    case DistKind::kNormal:
      return d.a;
    case DistKind::kUniform:
      return 0.5 * (d.a + d.b);
    case DistKind::kLognormal:
      return d.a * std::exp(0.5 * d.b * d.b);
    case DistKind::kPareto:
      return d.b > 1.0 ? d.b * d.a / (d.b - 1.0) : std::numeric_limits<double>::infinity();
  }
  return d.a;
}

/// One draw, clamped to [min, max]. Uses the caller's counter-based stream, so the draw is a pure
/// function of (seed, stream, counter).
[[nodiscard]] inline double sample(const Distribution& d, kernel::Rng& rng) noexcept {
  double v = d.a;
  switch (d.kind) {
    case DistKind::kConstant:
      break;
    case DistKind::kUniform:
      v = rng.uniform(d.a, d.b);
      break;
    case DistKind::kNormal:
      v = rng.normal(d.a, d.b);
      break;
    case DistKind::kLognormal:
      v = d.a * std::exp(d.b * rng.normal());
      break;
    case DistKind::kPareto:
      v = rng.pareto(d.a, d.b);
      break;
    case DistKind::kExponential:
      v = rng.exponential(d.a);
      break;
  }
  return std::fmin(std::fmax(v, d.min), d.max);
}

}  // namespace coordsim::scenario
