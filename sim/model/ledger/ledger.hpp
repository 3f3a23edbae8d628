#pragma once
// The ledger: every balance of every account, as one column per bucket (struct of arrays).
//
// Promises: no operation mints (every operation moves an amount from one bucket to another, or to
// the burned counter); no operation leaves a negative balance; an operation that fails returns a
// code other than kOk and has changed nothing. Because the genesis supply of each asset fits in
// 64 bits and nothing is minted, no balance can overflow.
//
// Not promised: that the pool account equals the AMM's reserves or that the order-book account
// equals the escrow of resting orders; whoever wires the market keeps those in step.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "model/ledger/account.hpp"
#include "model/ledger/amount.hpp"
#include "model/ledger/result.hpp"

namespace coordsim::model::ledger {

/// Bad genesis input (negative supply or endowment, endowments larger than the supply).
class GenesisError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// The initial allocation. Endowment i goes to agent i (a shorter span endows the rest with zero);
/// whatever the endowments leave of the supply goes to the treasury.
struct Genesis {
  std::uint32_t agents = 0;
  Amount token_supply;
  Amount quote_supply;
  std::span<const Amount> token_endowments;
  std::span<const Amount> quote_endowments;
};

/// The last operation attempted, for the invariant report.
struct OperationRecord {
  Operation op = Operation::kNone;
  Asset asset = Asset::kToken;
  LedgerResult result = LedgerResult::kOk;
  AccountId from{0};
  AccountId to{0};
  Amount amount;
};

/// Outcome of slash(): how much was actually taken (never more than the stake).
struct SlashOutcome {
  LedgerResult result = LedgerResult::kOk;
  Amount slashed;
};

class Ledger {
 public:
  /// @throws GenesisError on a negative supply or endowment, or endowments above the supply.
  explicit Ledger(const Genesis& genesis);

  [[nodiscard]] std::uint32_t agent_count() const noexcept { return agents_; }
  [[nodiscard]] std::size_t account_count() const noexcept { return liquid_.size(); }
  [[nodiscard]] bool contains(AccountId a) const noexcept { return index(a) < liquid_.size(); }
  /// The account of an agent (same index). Asserts that the agent exists.
  [[nodiscard]] AccountId account(kernel::AgentId agent) const noexcept;
  [[nodiscard]] AccountId account(ProtocolAccount p) const noexcept {
    return AccountId{agents_ + static_cast<std::uint32_t>(p)};
  }

  // Balances. The account must exist (asserted).
  [[nodiscard]] Amount liquid(AccountId a) const noexcept { return at(liquid_, a); }
  [[nodiscard]] Amount staked(AccountId a) const noexcept { return at(staked_, a); }
  [[nodiscard]] Amount unbonding(AccountId a) const noexcept { return at(unbonding_, a); }
  [[nodiscard]] Amount locked(AccountId a) const noexcept { return at(locked_, a); }
  [[nodiscard]] Amount quote(AccountId a) const noexcept { return at(quote_, a); }
  [[nodiscard]] Amount bucket(AccountId a, Bucket b) const noexcept;
  /// Spendable balance of an asset: liquid token or quote.
  [[nodiscard]] Amount balance(AccountId a, Asset asset) const noexcept {
    return asset == Asset::kToken ? liquid(a) : quote(a);
  }
  [[nodiscard]] Amount burned(Asset asset) const noexcept {
    return asset == Asset::kToken ? burned_token_ : burned_quote_;
  }
  [[nodiscard]] Amount supply(Asset asset) const noexcept {
    return asset == Asset::kToken ? token_supply_ : quote_supply_;
  }

  // Whole columns, read-only, for systems that scan all accounts and for the invariant checker.
  [[nodiscard]] std::span<const Amount> column(Bucket b) const noexcept;
  [[nodiscard]] std::span<const Amount> quote_column() const noexcept { return quote_; }

  // Operations. Amounts must be >= 0; zero is a successful no-op.
  /// liquid(from) -> liquid(to) for the token, quote(from) -> quote(to) for the quote asset.
  LedgerResult transfer(AccountId from, AccountId to, Amount amount, Asset asset = Asset::kToken);
  /// liquid -> staked.
  LedgerResult stake(AccountId a, Amount amount);
  /// staked -> unbonding (the unbonding delay is the caller's event).
  LedgerResult request_unstake(AccountId a, Amount amount);
  /// unbonding -> liquid.
  LedgerResult complete_unstake(AccountId a, Amount amount);
  /// liquid -> locked of the same account (rewards pending finality).
  LedgerResult lock(AccountId a, Amount amount);
  /// locked -> liquid of the same account (the batch became final).
  LedgerResult unlock(AccountId a, Amount amount);
  /// liquid(from) -> locked(to): pay a reward that can only be withdrawn once final.
  LedgerResult credit_locked(AccountId from, AccountId to, Amount amount);
  /// locked(from) -> liquid(to): revert a reward whose batch was successfully challenged.
  LedgerResult claw_back(AccountId from, AccountId to, Amount amount);
  /// staked(a) -> liquid(destination), at most the stake: takes min(amount, staked(a)).
  SlashOutcome slash(AccountId a, Amount amount, AccountId destination);
  /// liquid token (or quote) of `a` -> the burned counter. Burning is explicit and final.
  LedgerResult burn(AccountId a, Amount amount, Asset asset = Asset::kToken);
  /// liquid token (or quote) of `a` -> outside the ledger: value in flight between actors of a
  /// parallel run. The caller keeps the outside total and hands it to the conservation check.
  LedgerResult withdraw(AccountId a, Amount amount, Asset asset = Asset::kToken);
  /// outside the ledger -> liquid token (or quote) of `a`: the delivery of a withdrawn amount.
  LedgerResult deposit(AccountId a, Amount amount, Asset asset = Asset::kToken);

  /// Whether operations update last_operation(). Off for parallel runs: that one record would
  /// be written by every thread.
  void set_track_last_operation(bool on) noexcept { track_last_ = on; }

  [[nodiscard]] const OperationRecord& last_operation() const noexcept { return last_; }

  /// Checkpoints: every balance, the burned counters and the last-operation record. load() needs
  /// a ledger built from the same genesis (same account count) and restores it exactly.
  /// @throws kernel::ArchiveError
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

 private:
  friend struct LedgerTestAccess;  // tests corrupt state to prove the checker notices

  [[nodiscard]] Amount at(const std::vector<Amount>& column, AccountId a) const noexcept;
  [[nodiscard]] std::vector<Amount>& column_mut(Bucket b) noexcept;
  LedgerResult record(Operation op, Asset asset, AccountId from, AccountId to, Amount amount,
                      LedgerResult result) noexcept;
  /// Takes `amount` of liquid token (or quote) out of `a`, all checks included; changes nothing
  /// unless it returns kOk.
  LedgerResult take(Asset asset, AccountId a, Amount amount) noexcept;
  /// Moves `amount` from column `src` at `from` to column `dst` at `to`, all checks included.
  LedgerResult move(Operation op, Asset asset, std::vector<Amount>& src, AccountId from,
                    std::vector<Amount>& dst, AccountId to, Amount amount) noexcept;

  std::uint32_t agents_ = 0;
  std::vector<Amount> liquid_;
  std::vector<Amount> staked_;
  std::vector<Amount> unbonding_;
  std::vector<Amount> locked_;
  std::vector<Amount> quote_;
  Amount burned_token_;
  Amount burned_quote_;
  Amount token_supply_;
  Amount quote_supply_;
  OperationRecord last_;
  bool track_last_ = true;
};

}  // namespace coordsim::model::ledger
