#pragma once
// Outcome of a ledger operation. An operation that does not return kOk has changed nothing.
#include <array>
#include <cstdint>
#include <string_view>

namespace coordsim::model::ledger {

enum class LedgerResult : std::uint8_t {
  kOk,
  kInsufficientFunds,  // the source bucket holds less than the amount
  kNegativeAmount,     // amounts are never negative; direction is given by the operation
  kUnknownAccount,     // an account index outside the ledger
};

[[nodiscard]] constexpr std::string_view to_string(LedgerResult r) noexcept {
  constexpr std::array<std::string_view, 4> kNames{"OK", "INSUFFICIENT_FUNDS", "NEGATIVE_AMOUNT",
                                                   "UNKNOWN_ACCOUNT"};
  return kNames[static_cast<std::size_t>(r)];
}

/// What one ledger operation was; kept for the invariant report ("the accounts involved").
enum class Operation : std::uint8_t {
  kNone,
  kGenesis,
  kTransfer,
  kStake,
  kRequestUnstake,
  kCompleteUnstake,
  kLock,
  kUnlock,
  kCreditLocked,
  kClawBack,
  kSlash,
  kBurn,
  kWithdraw,
  kDeposit,
};

[[nodiscard]] constexpr std::string_view to_string(Operation o) noexcept {
  constexpr std::array<std::string_view, 14> kNames{
      "none",     "genesis", "transfer",      "stake",     "request_unstake", "complete_unstake",
      "lock",     "unlock",  "credit_locked", "claw_back", "slash",           "burn",
      "withdraw", "deposit"};
  return kNames[static_cast<std::size_t>(o)];
}

}  // namespace coordsim::model::ledger
