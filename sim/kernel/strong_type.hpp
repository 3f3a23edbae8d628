#pragma once
// A thin wrapper that turns a bare integer into a distinct type, so that an agent id cannot be
// passed where a time is expected. It costs nothing at run time: the struct is the integer.
#include <compare>
#include <cstdint>
#include <functional>

namespace coordsim::kernel {

template <class Tag, class Rep>
class StrongType {
 public:
  using rep = Rep;
  constexpr StrongType() noexcept = default;
  constexpr explicit StrongType(Rep value) noexcept : value_(value) {}

  [[nodiscard]] constexpr Rep value() const noexcept { return value_; }

  friend constexpr auto operator<=>(StrongType, StrongType) noexcept = default;

 private:
  Rep value_{};
};

}  // namespace coordsim::kernel

template <class Tag, class Rep>
struct std::hash<coordsim::kernel::StrongType<Tag, Rep>> {
  std::size_t operator()(coordsim::kernel::StrongType<Tag, Rep> v) const noexcept {
    return std::hash<Rep>{}(v.value());
  }
};
