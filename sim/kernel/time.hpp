#pragma once
// Simulated time is an integer count of ticks; the scenario says how long a tick is.
// Integers, not doubles, so that `a + b` is exact and the event order can never depend on rounding.
#include <compare>
#include <cstdint>
#include <limits>

namespace coordsim::kernel {

/// A span of simulated time in ticks.
class SimDuration {
 public:
  constexpr SimDuration() noexcept = default;
  constexpr explicit SimDuration(std::int64_t ticks) noexcept : ticks_(ticks) {}
  [[nodiscard]] constexpr std::int64_t ticks() const noexcept { return ticks_; }

  friend constexpr auto operator<=>(SimDuration, SimDuration) noexcept = default;
  friend constexpr SimDuration operator+(SimDuration a, SimDuration b) noexcept {
    return SimDuration{a.ticks_ + b.ticks_};
  }
  friend constexpr SimDuration operator-(SimDuration a, SimDuration b) noexcept {
    return SimDuration{a.ticks_ - b.ticks_};
  }
  friend constexpr SimDuration operator*(SimDuration a, std::int64_t k) noexcept {
    return SimDuration{a.ticks_ * k};
  }

 private:
  std::int64_t ticks_ = 0;
};

/// A point in simulated time: ticks since the start of the run.
class SimTime {
 public:
  constexpr SimTime() noexcept = default;
  constexpr explicit SimTime(std::uint64_t ticks) noexcept : ticks_(ticks) {}
  [[nodiscard]] constexpr std::uint64_t ticks() const noexcept { return ticks_; }

  static constexpr SimTime zero() noexcept { return SimTime{0}; }
  static constexpr SimTime never() noexcept {
    return SimTime{std::numeric_limits<std::uint64_t>::max()};
  }

  friend constexpr auto operator<=>(SimTime, SimTime) noexcept = default;
  /// Saturates at never(): an event scheduled beyond the end of time simply never happens.
  friend constexpr SimTime operator+(SimTime t, SimDuration d) noexcept {
    const auto step = static_cast<std::uint64_t>(d.ticks());
    return step > never().ticks_ - t.ticks_ ? never() : SimTime{t.ticks_ + step};
  }
  friend constexpr SimDuration operator-(SimTime a, SimTime b) noexcept {
    return SimDuration{static_cast<std::int64_t>(a.ticks_ - b.ticks_)};
  }

 private:
  std::uint64_t ticks_ = 0;
};

}  // namespace coordsim::kernel
