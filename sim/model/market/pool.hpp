#pragma once
// A constant-product pool of the native token against the quote asset, with LP shares.
//
// Reserves are 64-bit amounts, so k = token * quote always fits in 128 bits; every swap checks
// that k does not decrease (as UniswapV2Pair.swap does) and refuses the swap otherwise.
//
// LP shares: the first deposit mints floor(sqrt(token * quote)) shares; later deposits are
// proportional (the router's optimal amounts, floored) and mint
// min(token * S / reserve_token, quote * S / reserve_quote). There is no MINIMUM_LIQUIDITY: on
// chain it defends against a first depositor who donates to the pool to make one share too dear
// for anyone else; here the reserves change only through this class, so no donation path exists.
// Removing all shares returns the whole reserves.
//
// The pool does not move ledger balances; the caller moves the matching amounts between the
// trader's account and the ledger's pool account, only when the outcome is kOk.
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "model/market/amm_math.hpp"

namespace coordsim::model::market {

enum class SwapDirection : std::uint8_t { kTokenToQuote, kQuoteToToken };

enum class PoolResult : std::uint8_t {
  kOk,
  kNonPositiveAmount,   // amount in/out/shares <= 0, or an empty first deposit
  kNoLiquidity,         // a reserve is zero
  kInsufficientOutput,  // output rounds to zero or is below min_out
  kExcessiveInput,      // exact-output swap needs more than max_in
  kOverflow,            // a reserve would exceed 64 bits
  kInsufficientShares,  // removing more shares than the owner holds
  kNothingMinted,       // a deposit too small to mint a share / a withdrawal that returns nothing
  kInvariantK,  // the swap would decrease k (cannot happen with a valid fee; checked anyway)
};

[[nodiscard]] constexpr std::string_view to_string(PoolResult r) noexcept {
  constexpr std::array<std::string_view, 9> kNames{
      "OK",       "NON_POSITIVE_AMOUNT", "NO_LIQUIDITY",   "INSUFFICIENT_OUTPUT", "EXCESSIVE_INPUT",
      "OVERFLOW", "INSUFFICIENT_SHARES", "NOTHING_MINTED", "INVARIANT_K"};
  return kNames[static_cast<std::size_t>(r)];
}

struct SwapOutcome {
  PoolResult result = PoolResult::kOk;
  Amount amount_in;   // paid into the pool (asset depends on the direction)
  Amount amount_out;  // paid out of the pool
};

struct LiquidityOutcome {
  PoolResult result = PoolResult::kOk;
  Amount token;   // deposited or withdrawn
  Amount quote;   // deposited or withdrawn
  Amount shares;  // minted or burned
};

class Pool {
 public:
  /// @throws AmmInputError on an invalid fee.
  explicit Pool(Fee fee = {});

  [[nodiscard]] Fee fee() const noexcept { return fee_; }
  [[nodiscard]] Amount reserve_token() const noexcept { return reserve_token_; }
  [[nodiscard]] Amount reserve_quote() const noexcept { return reserve_quote_; }
  [[nodiscard]] Amount total_shares() const noexcept { return total_shares_; }
  [[nodiscard]] Amount shares_of(kernel::AgentId owner) const noexcept;
  [[nodiscard]] Wide k() const noexcept {
    return static_cast<Wide>(reserve_token_.raw()) * reserve_quote_.raw();
  }
  /// Reserve ratio quote/token (quote base units per token base unit); for metrics only.
  [[nodiscard]] double spot_price() const noexcept;

  /// What swap_exact_in would do, without doing it.
  [[nodiscard]] SwapOutcome preview_exact_in(SwapDirection dir, Amount amount_in) const noexcept;
  /// What swap_exact_out would do, without doing it.
  [[nodiscard]] SwapOutcome preview_exact_out(SwapDirection dir, Amount amount_out) const noexcept;

  /// Sell exactly `amount_in`; fails with kInsufficientOutput if the output is below `min_out`
  /// (or zero).
  SwapOutcome swap_exact_in(SwapDirection dir, Amount amount_in, Amount min_out = Amount{1});
  /// Buy exactly `amount_out`; fails with kExcessiveInput if that costs more than `max_in`.
  SwapOutcome swap_exact_out(SwapDirection dir, Amount amount_out, Amount max_in = Amount::max());

  /// Deposit up to the desired amounts in the current ratio; mints shares to `owner`.
  LiquidityOutcome add_liquidity(kernel::AgentId owner, Amount token_desired, Amount quote_desired);
  /// Burn `shares` of `owner` for the proportional reserves (floored).
  LiquidityOutcome remove_liquidity(kernel::AgentId owner, Amount shares);

  /// Checkpoints: reserves and shares (the fee comes from the scenario). @throws
  /// kernel::ArchiveError
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

 private:
  SwapOutcome apply(SwapDirection dir, SwapOutcome planned);

  Fee fee_;
  Amount reserve_token_;
  Amount reserve_quote_;
  Amount total_shares_;
  std::vector<Amount> shares_;  // by owner index; grows on first deposit of a new owner
};

}  // namespace coordsim::model::market
