#pragma once
// Doubles drawn from distributions become integer counts (token base units, ticks). A double
// above INT64_MAX does not convert (undefined behaviour), so every such conversion saturates at
// one bound, written once here.
#include <cstdint>

namespace coordsim::kernel {

/// The largest round double below INT64_MAX (about 9.22e18); every double up to it converts.
inline constexpr double kSaturateMax = 9.0e18;

/// The whole part of `v` (toward zero), clamped to [lo, kSaturateMax]; NaN gives `lo`.
[[nodiscard]] constexpr std::int64_t saturate_int64(double v, std::int64_t lo) noexcept {
  if (!(v > static_cast<double>(lo))) return lo;
  return static_cast<std::int64_t>(v < kSaturateMax ? v : kSaturateMax);
}

}  // namespace coordsim::kernel
