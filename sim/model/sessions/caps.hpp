#pragma once
// The spending limits of one session. "Unlimited" is an explicit sentinel (the largest value of the
// field's type) rather than an optional, so caps stay plain integers in the store's columns and
// every comparison is one integer compare.
#include <cstdint>
#include <limits>

#include "kernel/time.hpp"
#include "model/ledger/amount.hpp"

namespace coordsim::model::sessions {

inline constexpr ledger::Amount kUnlimited = ledger::Amount::max();
inline constexpr std::uint64_t kUnlimitedCalls = std::numeric_limits<std::uint64_t>::max();
/// A ttl meaning "never expires" (valid_until = SimTime::never()); only if the policy allows it.
inline constexpr kernel::SimDuration kForever{std::numeric_limits<std::int64_t>::max()};

[[nodiscard]] constexpr bool is_unlimited(ledger::Amount cap) noexcept { return cap == kUnlimited; }

struct Caps {
  ledger::Amount per_action = kUnlimited;  // largest amount of one action
  ledger::Amount total = kUnlimited;       // lifetime total
  ledger::Amount per_period = kUnlimited;  // total within one period window
  /// Length of the period window. Windows start at valid_after and repeat every `period` ticks.
  /// 0 means the window never resets (it is the whole lifetime); a finite per_period needs > 0.
  kernel::SimDuration period{0};
  std::uint64_t calls = kUnlimitedCalls;  // number of actions

  [[nodiscard]] static constexpr Caps unlimited() noexcept { return Caps{}; }
  [[nodiscard]] static constexpr Caps with_total(ledger::Amount total) noexcept {
    Caps c;
    c.total = total;
    return c;
  }
  friend constexpr bool operator==(const Caps&, const Caps&) noexcept = default;
};

/// Whether window length `a` is at least as long as `b`, with 0 meaning "infinitely long".
[[nodiscard]] constexpr bool period_at_least(kernel::SimDuration a,
                                             kernel::SimDuration b) noexcept {
  if (a.ticks() == 0) return true;
  if (b.ticks() == 0) return false;
  return a >= b;
}

/// The caps of a child that asked for `req` under a parent with `parent`: each cap is the smaller
/// of the two (a child can never hold more than its parent). A per-period cap over a window
/// shorter than the parent's would allow more per parent window, so the child's window is the
/// longer of the two; a child that asks for no per-period cap inherits the parent's cap and window.
[[nodiscard]] constexpr Caps attenuate(const Caps& req, const Caps& parent) noexcept {
  Caps c;
  c.per_action = ledger::min(req.per_action, parent.per_action);
  c.total = ledger::min(req.total, parent.total);
  c.calls = req.calls < parent.calls ? req.calls : parent.calls;
  if (is_unlimited(req.per_period)) {
    c.per_period = parent.per_period;
    c.period = parent.period;
  } else if (is_unlimited(parent.per_period)) {
    c.per_period = req.per_period;
    c.period = req.period;
  } else {
    c.per_period = ledger::min(req.per_period, parent.per_period);
    c.period = period_at_least(req.period, parent.period) ? req.period : parent.period;
  }
  return c;
}

/// Whether `child` is within `parent` in the sense of attenuate() (every cap no larger, the window
/// no shorter when the parent has a per-period cap).
[[nodiscard]] constexpr bool caps_within(const Caps& child, const Caps& parent) noexcept {
  if (child.per_action > parent.per_action || child.total > parent.total ||
      child.per_period > parent.per_period || child.calls > parent.calls) {
    return false;
  }
  return is_unlimited(parent.per_period) || period_at_least(child.period, parent.period);
}

}  // namespace coordsim::model::sessions
