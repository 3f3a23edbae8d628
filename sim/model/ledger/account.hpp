#pragma once
// Account identity. The account index space is the agent index space followed by the protocol
// accounts: agent i owns account i, and protocol account p is account (agents + p). One dense
// index space keeps every balance column a plain array and makes a transfer between an agent and
// the treasury the same operation as a transfer between two agents.
#include <array>
#include <cstdint>
#include <string_view>

#include "kernel/strong_type.hpp"

namespace coordsim::model::ledger {

struct AccountIdTag {};
using AccountId = kernel::StrongType<AccountIdTag, std::uint32_t>;

[[nodiscard]] constexpr std::size_t index(AccountId id) noexcept { return id.value(); }

/// The two assets: the native token (with stake buckets) and the quote asset it trades against.
enum class Asset : std::uint8_t { kToken, kQuote };

/// Token buckets of one account. The quote asset has a single (liquid) balance.
enum class Bucket : std::uint8_t { kLiquid, kStaked, kUnbonding, kLocked };

/// Protocol actors that hold balances. Their accounts come after the agents, in this order.
/// (Value in flight between two actors is in no account: the world counts it per domain until the
/// receiving event deposits it.)
enum class ProtocolAccount : std::uint8_t {
  kTreasury,    // receives whatever genesis does not endow; protocol fee share
  kPool,        // the AMM pool's reserves, and the order book's escrow beside the makers' custody
  kSettlement,  // rewards accrued but not yet final, and the validators' fee pool
  kAttacker,    // where value taken through compromised sessions ends up (blast radius)
};
inline constexpr std::size_t kProtocolAccountCount = 4;

[[nodiscard]] constexpr std::string_view to_string(Asset a) noexcept {
  return a == Asset::kToken ? "token" : "quote";
}

[[nodiscard]] constexpr std::string_view to_string(Bucket b) noexcept {
  constexpr std::array<std::string_view, 4> kNames{"liquid", "staked", "unbonding", "locked"};
  return kNames[static_cast<std::size_t>(b)];
}

[[nodiscard]] constexpr std::string_view to_string(ProtocolAccount p) noexcept {
  constexpr std::array<std::string_view, kProtocolAccountCount> kNames{"treasury", "pool",
                                                                       "settlement", "attacker"};
  return kNames[static_cast<std::size_t>(p)];
}

}  // namespace coordsim::model::ledger
