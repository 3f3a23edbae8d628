#pragma once
// Where value sits, for the event log's movement rows (ActionKind::kMove): the ledger's buckets,
// the market's sub-accounts inside the pool's ledger account, value in flight between actors, and
// genesis (where every opening balance comes from). A movement names a place and an account on
// each side; the pair (account, place) is one balance that a replay can follow from genesis.
// Names are written to the output file (attribute `bucket_names` of /events): append only.
#include <array>
#include <cstdint>
#include <string_view>

#include "model/ledger/account.hpp"

namespace coordsim::model::actor {

enum class Place : std::uint8_t {
  kLiquid,        // ledger: liquid token
  kStaked,        // ledger: staked token
  kUnbonding,     // ledger: unbonding token
  kLocked,        // ledger: locked token
  kQuote,         // ledger: the quote asset
  kFlightToken,   // sent, not yet delivered; the account is the receiving actor's id
  kFlightQuote,   //
  kBurnedToken,   // out of the supply for good (account: the burning account)
  kBurnedQuote,   //
  kReserveToken,  // the AMM's reserves, inside the pool's ledger account (account: the pool's)
  kReserveQuote,  //
  kCustodyToken,  // a market maker's custody, inside the pool's ledger account (account: the maker)
  kCustodyQuote,  //
  kEscrowToken,   // escrowed by a maker's resting quote, inside the pool's account (account: maker)
  kEscrowQuote,   //
  kGenesis,       // the source of every opening balance (account 0)
  kCount
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(Place::kCount)> kPlaceNames{
    "liquid",        "staked",        "unbonding",     "locked",
    "quote",         "flight_token",  "flight_quote",  "burned_token",
    "burned_quote",  "reserve_token", "reserve_quote", "custody_token",
    "custody_quote", "escrow_token",  "escrow_quote",  "genesis"};

/// The ledger place of an asset's spendable balance.
[[nodiscard]] constexpr Place spendable(ledger::Asset a) noexcept {
  return a == ledger::Asset::kToken ? Place::kLiquid : Place::kQuote;
}
[[nodiscard]] constexpr Place flight(ledger::Asset a) noexcept {
  return a == ledger::Asset::kToken ? Place::kFlightToken : Place::kFlightQuote;
}
[[nodiscard]] constexpr Place reserve(ledger::Asset a) noexcept {
  return a == ledger::Asset::kToken ? Place::kReserveToken : Place::kReserveQuote;
}
[[nodiscard]] constexpr Place custody(ledger::Asset a) noexcept {
  return a == ledger::Asset::kToken ? Place::kCustodyToken : Place::kCustodyQuote;
}
[[nodiscard]] constexpr Place escrow(ledger::Asset a) noexcept {
  return a == ledger::Asset::kToken ? Place::kEscrowToken : Place::kEscrowQuote;
}

}  // namespace coordsim::model::actor
