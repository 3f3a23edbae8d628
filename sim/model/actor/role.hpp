#pragma once
// Adversary roles of contributors: ground truth of the scenario, hidden from the protocol (which
// sees only rows, flags and stakes). Per-role tables are sized by kRoleCount.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace coordsim::model::actor {

enum class Role : std::uint8_t {
  kHonest,
  kSybil,      // replicates existing rows (under k identities of one operator: data/sybils.cpp)
  kPoisoner,   // contributes rows of poor quality, sometimes caught by validators
  kFreeRider,  // contributes copies and stakes nothing
  kCount
};

inline constexpr std::size_t kRoleCount = static_cast<std::size_t>(Role::kCount);

/// Names in output files and docs, in enum order (the /agents adversary_role column is the index).
inline constexpr std::array<std::string_view, kRoleCount> kRoleNames{"honest", "sybil", "poisoner",
                                                                     "free_rider"};

[[nodiscard]] constexpr std::size_t index(Role r) noexcept { return static_cast<std::size_t>(r); }

}  // namespace coordsim::model::actor
