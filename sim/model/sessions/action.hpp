#pragma once
// What an AI agent may do through a session. A session's scope is a bit set over this enum, so the
// scope check on the authorisation path is one AND.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace coordsim::model::sessions {

enum class Action : std::uint8_t {
  kTransfer,
  kSwap,
  kLimitOrder,
  kCancel,
  kInfer,
  kPayData,
  kStake,
  kRequestUnstake,
  kUnstake,
  kContribute,
  kFlag,
  kChallenge,
  kResolve,
  kPublishDatanet,
  kRegisterModel,
  kSubdelegate,  // needed on every link of a chain to sub-delegate from its end
  kCount
};

inline constexpr std::size_t kActionCount = static_cast<std::size_t>(Action::kCount);

/// Scenario spelling of each action (snake_case), indexed by the enum value.
inline constexpr std::array<std::string_view, kActionCount> kActionNames = {
    "transfer",   "swap",      "limit_order",     "cancel",          "infer",
    "pay_data",   "stake",     "request_unstake", "unstake",         "contribute",
    "flag",       "challenge", "resolve",         "publish_datanet", "register_model",
    "subdelegate"};

[[nodiscard]] constexpr std::string_view to_string(Action a) noexcept {
  const auto i = static_cast<std::size_t>(a);
  return i < kActionCount ? kActionNames[i] : std::string_view{"?"};
}

/// The action a scenario names, or nullopt for an unknown name (the loader reports it).
[[nodiscard]] constexpr std::optional<Action> action_from_string(std::string_view name) noexcept {
  for (std::size_t i = 0; i < kActionCount; ++i) {
    if (kActionNames[i] == name) return static_cast<Action>(i);
  }
  return std::nullopt;
}

/// A set of actions as a bit mask.
class ActionSet {
 public:
  constexpr ActionSet() noexcept = default;
  constexpr ActionSet(std::initializer_list<Action> actions) noexcept {
    for (Action a : actions) bits_ |= bit(a);
  }
  [[nodiscard]] static constexpr ActionSet none() noexcept { return ActionSet{}; }
  [[nodiscard]] static constexpr ActionSet all() noexcept {
    return from_bits((std::uint32_t{1} << kActionCount) - 1U);
  }
  [[nodiscard]] static constexpr ActionSet from_bits(std::uint32_t bits) noexcept {
    ActionSet s;
    s.bits_ = bits & ((std::uint32_t{1} << kActionCount) - 1U);
    return s;
  }

  [[nodiscard]] constexpr std::uint32_t bits() const noexcept { return bits_; }
  [[nodiscard]] constexpr bool contains(Action a) const noexcept { return (bits_ & bit(a)) != 0; }
  [[nodiscard]] constexpr bool empty() const noexcept { return bits_ == 0; }
  [[nodiscard]] constexpr bool subset_of(ActionSet other) const noexcept {
    return (bits_ & ~other.bits_) == 0;
  }
  constexpr ActionSet& add(Action a) noexcept {
    bits_ |= bit(a);
    return *this;
  }
  constexpr ActionSet& remove(Action a) noexcept {
    bits_ &= ~bit(a);
    return *this;
  }

  friend constexpr bool operator==(ActionSet, ActionSet) noexcept = default;
  friend constexpr ActionSet operator&(ActionSet a, ActionSet b) noexcept {
    return from_bits(a.bits_ & b.bits_);
  }
  friend constexpr ActionSet operator|(ActionSet a, ActionSet b) noexcept {
    return from_bits(a.bits_ | b.bits_);
  }

 private:
  static constexpr std::uint32_t bit(Action a) noexcept {
    return std::uint32_t{1} << static_cast<std::uint32_t>(a);
  }
  std::uint32_t bits_ = 0;
};

static_assert(kActionCount <= 32, "ActionSet is a 32-bit mask");

}  // namespace coordsim::model::sessions
