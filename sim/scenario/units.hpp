#pragma once
// Units a person writes in a scenario, converted exactly to the integers the simulator computes
// with. Durations become microseconds, token amounts become base units (10^decimals per token),
// money-related fractions become parts per million. None of these conversions goes through a
// double: `0.1` tokens must be exactly 100000 base units, not 99999 after rounding.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kernel/strong_type.hpp"
#include "kernel/time.hpp"
#include "money/amount.hpp"

namespace coordsim::scenario {

using money::Amount;

struct MicrosTag;
struct PpmTag;
/// A span of wall-clock-like scenario time, exact in microseconds (`90s`, `1.5h`, `250ms`).
using Micros = kernel::StrongType<MicrosTag, std::int64_t>;
/// A money-related fraction in parts per million: 1'000'000 is 100 %. Exact, so that a fee split
/// of 10/20/20/50 % sums to exactly one.
using Ppm = kernel::StrongType<PpmTag, std::int64_t>;

inline constexpr std::int64_t kPpmPerOne = 1'000'000;
inline constexpr std::int64_t kMicrosPerSecond = 1'000'000;
inline constexpr std::int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
inline constexpr std::int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
inline constexpr std::int64_t kMicrosPerDay = 24 * kMicrosPerHour;
inline constexpr int kMaxDecimals = 18;

// Parsers: the value, or nullopt with `*error` (when given) saying what is wrong in a phrase that
// completes "expected ..., found `text`: <error>".

/// `90s`, `15m`, `24h`, `7d`, `250ms`, `10us`, `1.5h`; a bare `0` is zero. Never negative.
[[nodiscard]] std::optional<Micros> parse_duration(std::string_view text,
                                                   std::string* error = nullptr);
/// Whole tokens with an optional fraction (`12.5`, `1_000_000`, `1e9`) to base units; more
/// significant fractional digits than `decimals` is an error, never a silent rounding.
[[nodiscard]] std::optional<Amount> parse_tokens(std::string_view text, int decimals,
                                                 std::string* error = nullptr);
/// `0.003` or `0.3%` to parts per million, exactly; finer than 1 ppm is an error.
[[nodiscard]] std::optional<Ppm> parse_ppm(std::string_view text, std::string* error = nullptr);
/// `0.1` or `10%` as a double.
[[nodiscard]] std::optional<double> parse_fraction(std::string_view text,
                                                   std::string* error = nullptr);
/// A finite decimal number (`2.5`, `-1e-3`); NaN and infinities are rejected.
[[nodiscard]] std::optional<double> parse_number(std::string_view text,
                                                 std::string* error = nullptr);
/// A whole number in int64 (`5000`, `1_000_000`, `1e6`; `2.5` is an error).
[[nodiscard]] std::optional<std::int64_t> parse_integer(std::string_view text,
                                                        std::string* error = nullptr);
/// A whole number in uint64 (seeds).
[[nodiscard]] std::optional<std::uint64_t> parse_unsigned(std::string_view text,
                                                          std::string* error = nullptr);
/// `true` or `false` (also capitalised); YAML 1.1's yes/no/on/off are rejected as ambiguous.
[[nodiscard]] std::optional<bool> parse_bool(std::string_view text, std::string* error = nullptr);

// Canonical formatting: each parser reads back exactly what its formatter writes.

/// The largest unit that divides exactly: 5'400'000'000 us is `90m`, 0 is `0s`.
[[nodiscard]] std::string format_duration(Micros d);
/// Exact decimal, no trailing zeros: 12'500'000 at 6 decimals is `12.5`.
[[nodiscard]] std::string format_tokens(Amount a, int decimals);
/// As a percentage: 3000 ppm is `0.3%`.
[[nodiscard]] std::string format_ppm(Ppm p);
/// Shortest text that reads back to the same double.
[[nodiscard]] std::string format_number(double v);

/// `d` in seconds (for output: rates per second, times of samples; never for the event order).
[[nodiscard]] constexpr double to_seconds(Micros d) noexcept {
  return static_cast<double>(d.value()) / static_cast<double>(kMicrosPerSecond);
}
/// `d` in days (for per-day rates and the reference price's volatility).
[[nodiscard]] constexpr double to_days(Micros d) noexcept {
  return static_cast<double>(d.value()) / static_cast<double>(kMicrosPerDay);
}

/// Whole ticks nearest to `d` (halves round up); `tick` must be positive.
[[nodiscard]] kernel::SimDuration to_ticks(Micros d, Micros tick);

}  // namespace coordsim::scenario
