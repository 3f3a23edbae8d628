#pragma once
// A metric row as an actor system declares it: name, unit, description, and how its value is
// computed from one sample's input. Each system declares its rows in its own folder
// (<system>/metrics.hpp) as a function template over the input type `In`, so it does not depend
// on the world that assembles them; the world's table (world/metrics.cpp) is the concatenation
// of the systems' rows and its own, in a fixed order, and `In` is its MetricInput. Names, units
// and descriptions are part of the output format (docs/output-format.md).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <variant>

#include "model/actor/counters.hpp"
#include "model/ledger/amount.hpp"

namespace coordsim::model::actor {

/// The units metric rows use.
namespace unit {
inline constexpr std::string_view kBase = "base_units";
inline constexpr std::string_view kCount = "count";
inline constexpr std::string_view kShare = "fraction";
inline constexpr std::string_view kSeconds = "s";
inline constexpr std::string_view kPrice = "quote_per_token";
}  // namespace unit

using MetricValue = std::variant<std::int64_t, double>;

/// One metric. Its value is a counter's total when `counter` is set, else `integer(input)` or
/// `real(input)`, whichever is set; the type of the column follows. `In` has `counters`: every
/// domain's, summed.
template <class In>
struct MetricRow {
  std::string_view name;
  std::string_view unit;
  std::string_view description;
  Counter counter = Counter::kCount;
  std::int64_t (*integer)(const In&) = nullptr;
  double (*real)(const In&) = nullptr;

  [[nodiscard]] constexpr bool is_integer() const noexcept { return real == nullptr; }
  [[nodiscard]] MetricValue value(const In& in) const {
    if (counter != Counter::kCount) return in.counters[counter];
    if (integer != nullptr) return integer(in);
    return real(in);
  }
};

// The three ways a row computes its value.
template <class In>
constexpr MetricRow<In> counted(std::string_view name, std::string_view unit, std::string_view what,
                                Counter counter) {
  return MetricRow<In>{name, unit, what, counter, nullptr, nullptr};
}
template <class In>
constexpr MetricRow<In> computed(std::string_view name, std::string_view unit,
                                 std::string_view what, std::int64_t (*f)(const In&)) {
  return MetricRow<In>{name, unit, what, Counter::kCount, f, nullptr};
}
template <class In>
constexpr MetricRow<In> computed(std::string_view name, std::string_view unit,
                                 std::string_view what, double (*f)(const In&)) {
  return MetricRow<In>{name, unit, what, Counter::kCount, nullptr, f};
}

/// Tables of rows end to end, in argument order.
template <class T, std::size_t... N>
constexpr std::array<T, (N + ...)> concat(const std::array<T, N>&... parts) {
  std::array<T, (N + ...)> out{};
  std::size_t i = 0;
  const auto append = [&](const auto& part) {
    for (const T& row : part) out[i++] = row;
  };
  (append(parts), ...);
  return out;
}

// Conversions rows share.
/// A 128-bit sum as a column value, saturating at INT64_MAX.
[[nodiscard]] constexpr std::int64_t narrow(ledger::Wide v) noexcept {
  constexpr ledger::Wide kMax = std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::min(v, kMax));
}
[[nodiscard]] constexpr std::int64_t as_int(std::uint64_t v) noexcept {
  return static_cast<std::int64_t>(v);
}
/// num / den, or 0 when there is nothing to divide by.
[[nodiscard]] constexpr double ratio(double num, double den) noexcept {
  return den > 0 ? num / den : 0.0;
}

}  // namespace coordsim::model::actor
