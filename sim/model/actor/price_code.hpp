#pragma once
// A price travelling in an event's 15 spare aux bits: the logarithm of its ratio to the initial
// price, from 1/64x to 64x in 32,766 steps (about 0.025% apart). Code 0 carries no price. A limit
// outside the range saturates, and a saturated limit is no limit: the top code of a buy, the
// bottom code of a sell. Limits are rounded away from the touch (a buy's up, a sell's down), so
// that an agent told the touch price can always reach it.
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace coordsim::model::actor::price_code {

inline constexpr std::uint16_t kNone = 0;
inline constexpr std::uint16_t kLowest = 1;
inline constexpr std::uint16_t kHighest = 0x7FFF;
inline constexpr double kSpan = 4.158883083359671856;  // ln 64: the range is [1/64, 64]
inline constexpr double kStepsPerLog = (kHighest - kLowest) / (2.0 * kSpan);

enum class Round : std::uint8_t { kNearest, kUp, kDown };

/// The code of `ratio` (a price over the initial price); kNone for a ratio that is not positive.
[[nodiscard]] inline std::uint16_t encode(double ratio, Round round) noexcept {
  if (!(ratio > 0.0) || !std::isfinite(ratio)) return kNone;
  const double x = (std::log(ratio) + kSpan) * kStepsPerLog + kLowest;
  const double r = round == Round::kUp     ? std::ceil(x)
                   : round == Round::kDown ? std::floor(x)
                                           : std::round(x);
  return static_cast<std::uint16_t>(std::clamp(r, double{kLowest}, double{kHighest}));
}

/// The ratio a code stands for; 0 for kNone.
[[nodiscard]] inline double decode(std::uint16_t code) noexcept {
  if (code == kNone) return 0.0;
  return std::exp((static_cast<double>(code) - kLowest) / kStepsPerLog - kSpan);
}

/// Whether a trade's limit code means "any price" for its side.
[[nodiscard]] inline bool unlimited(std::uint16_t code, bool buy) noexcept {
  return code == kNone || (buy ? code == kHighest : code == kLowest);
}

}  // namespace coordsim::model::actor::price_code
