#include "model/ledger/ledger.hpp"

#include <cassert>
#include <string>

namespace coordsim::model::ledger {
namespace {

// Endows agents from `endowments` and returns what is left of `supply` for the treasury.
Amount endow(std::vector<Amount>& column, std::span<const Amount> endowments, std::uint32_t agents,
             Amount supply, const char* asset) {
  if (supply < Amount::zero())
    throw GenesisError(std::string("genesis: negative ") + asset + " supply");
  if (endowments.size() > agents) {
    throw GenesisError(std::string("genesis: more ") + asset + " endowments than agents");
  }
  Wide total = 0;
  for (std::size_t i = 0; i < endowments.size(); ++i) {
    if (endowments[i] < Amount::zero()) {
      throw GenesisError(std::string("genesis: negative ") + asset + " endowment for agent " +
                         std::to_string(i));
    }
    column[i] = endowments[i];
    total += endowments[i].raw();
  }
  if (total > supply.raw()) {
    throw GenesisError(std::string("genesis: ") + asset + " endowments (" + to_string(total) +
                       ") exceed the supply (" + std::to_string(supply.raw()) + ")");
  }
  return Amount{supply.raw() - static_cast<std::int64_t>(total)};
}

}  // namespace

Ledger::Ledger(const Genesis& genesis)
    : agents_(genesis.agents),
      liquid_(genesis.agents + kProtocolAccountCount),
      staked_(liquid_.size()),
      unbonding_(liquid_.size()),
      locked_(liquid_.size()),
      quote_(liquid_.size()),
      token_supply_(genesis.token_supply),
      quote_supply_(genesis.quote_supply) {
  const std::size_t treasury = index(account(ProtocolAccount::kTreasury));
  liquid_[treasury] = endow(liquid_, genesis.token_endowments, agents_, token_supply_, "token");
  quote_[treasury] = endow(quote_, genesis.quote_endowments, agents_, quote_supply_, "quote");
  last_.op = Operation::kGenesis;
}

AccountId Ledger::account(kernel::AgentId agent) const noexcept {
  assert(kernel::index(agent) < agents_);
  return AccountId{agent.value()};
}

Amount Ledger::at(const std::vector<Amount>& column, AccountId a) const noexcept {
  assert(contains(a));
  return column[index(a)];
}

Amount Ledger::bucket(AccountId a, Bucket b) const noexcept {
  return at(const_cast<Ledger*>(this)->column_mut(b), a);
}

std::span<const Amount> Ledger::column(Bucket b) const noexcept {
  // One mapping from bucket to column (column_mut); reading through it changes nothing.
  return const_cast<Ledger*>(this)->column_mut(b);
}

std::vector<Amount>& Ledger::column_mut(Bucket b) noexcept {
  switch (b) {
    case Bucket::kLiquid:
      return liquid_;
    case Bucket::kStaked:
      return staked_;
    case Bucket::kUnbonding:
      return unbonding_;
    case Bucket::kLocked:
      return locked_;
  }
  return liquid_;
}

LedgerResult Ledger::record(Operation op, Asset asset, AccountId from, AccountId to, Amount amount,
                            LedgerResult result) noexcept {
  if (track_last_) last_ = OperationRecord{op, asset, result, from, to, amount};
  return result;
}

LedgerResult Ledger::move(Operation op, Asset asset, std::vector<Amount>& src, AccountId from,
                          std::vector<Amount>& dst, AccountId to, Amount amount) noexcept {
  LedgerResult r = LedgerResult::kOk;
  if (!contains(from) || !contains(to)) {
    r = LedgerResult::kUnknownAccount;
  } else if (amount < Amount::zero()) {
    r = LedgerResult::kNegativeAmount;
  } else if (src[index(from)] < amount) {
    r = LedgerResult::kInsufficientFunds;
  } else {
    // Cannot overflow: every balance is at most the supply, which fits in 64 bits.
    src[index(from)] -= amount;
    dst[index(to)] += amount;
  }
  return record(op, asset, from, to, amount, r);
}

LedgerResult Ledger::transfer(AccountId from, AccountId to, Amount amount, Asset asset) {
  auto& column = asset == Asset::kToken ? liquid_ : quote_;
  return move(Operation::kTransfer, asset, column, from, column, to, amount);
}

LedgerResult Ledger::stake(AccountId a, Amount amount) {
  return move(Operation::kStake, Asset::kToken, liquid_, a, staked_, a, amount);
}

LedgerResult Ledger::request_unstake(AccountId a, Amount amount) {
  return move(Operation::kRequestUnstake, Asset::kToken, staked_, a, unbonding_, a, amount);
}

LedgerResult Ledger::complete_unstake(AccountId a, Amount amount) {
  return move(Operation::kCompleteUnstake, Asset::kToken, unbonding_, a, liquid_, a, amount);
}

LedgerResult Ledger::lock(AccountId a, Amount amount) {
  return move(Operation::kLock, Asset::kToken, liquid_, a, locked_, a, amount);
}

LedgerResult Ledger::unlock(AccountId a, Amount amount) {
  return move(Operation::kUnlock, Asset::kToken, locked_, a, liquid_, a, amount);
}

LedgerResult Ledger::credit_locked(AccountId from, AccountId to, Amount amount) {
  return move(Operation::kCreditLocked, Asset::kToken, liquid_, from, locked_, to, amount);
}

LedgerResult Ledger::claw_back(AccountId from, AccountId to, Amount amount) {
  return move(Operation::kClawBack, Asset::kToken, locked_, from, liquid_, to, amount);
}

SlashOutcome Ledger::slash(AccountId a, Amount amount, AccountId destination) {
  Amount take = amount;
  if (contains(a) && amount >= Amount::zero()) take = min(amount, staked_[index(a)]);
  const LedgerResult r =
      move(Operation::kSlash, Asset::kToken, staked_, a, liquid_, destination, take);
  // The report shows what was asked for; `slashed` what was taken. Only when tracking: in a
  // parallel run slashes happen on several threads at once, and this one shared record would be
  // a data race (and make checkpoints differ from run to run).
  if (track_last_) last_.amount = amount;
  return {r, r == LedgerResult::kOk ? take : Amount::zero()};
}

LedgerResult Ledger::burn(AccountId a, Amount amount, Asset asset) {
  const LedgerResult r = take(asset, a, amount);
  if (r == LedgerResult::kOk) (asset == Asset::kToken ? burned_token_ : burned_quote_) += amount;
  return record(Operation::kBurn, asset, a, a, amount, r);
}

LedgerResult Ledger::take(Asset asset, AccountId a, Amount amount) noexcept {
  auto& column = asset == Asset::kToken ? liquid_ : quote_;
  if (!contains(a)) return LedgerResult::kUnknownAccount;
  if (amount < Amount::zero()) return LedgerResult::kNegativeAmount;
  if (column[index(a)] < amount) return LedgerResult::kInsufficientFunds;
  column[index(a)] -= amount;
  return LedgerResult::kOk;
}

LedgerResult Ledger::withdraw(AccountId a, Amount amount, Asset asset) {
  return record(Operation::kWithdraw, asset, a, a, amount, take(asset, a, amount));
}

LedgerResult Ledger::deposit(AccountId a, Amount amount, Asset asset) {
  auto& column = asset == Asset::kToken ? liquid_ : quote_;
  LedgerResult r = LedgerResult::kOk;
  if (!contains(a)) {
    r = LedgerResult::kUnknownAccount;
  } else if (amount < Amount::zero()) {
    r = LedgerResult::kNegativeAmount;
  } else {
    column[index(a)] += amount;  // at most the supply: cannot overflow
  }
  return record(Operation::kDeposit, asset, a, a, amount, r);
}

namespace {
constexpr std::uint32_t kLedgerTag = 0x4C454447;  // "LEDG"
}  // namespace

void Ledger::save(kernel::ArchiveWriter& out) const {
  out.tag(kLedgerTag);
  out.pod(agents_);
  for (const auto* column : {&liquid_, &staked_, &unbonding_, &locked_, &quote_}) out.vec(*column);
  out.pod(burned_token_);
  out.pod(burned_quote_);
  out.pod(token_supply_);
  out.pod(quote_supply_);
  out.pod(last_.op);
  out.pod(last_.asset);
  out.pod(last_.result);
  out.pod(last_.from);
  out.pod(last_.to);
  out.pod(last_.amount);
  out.boolean(track_last_);
}

void Ledger::load(kernel::ArchiveReader& in) {
  in.expect_tag(kLedgerTag, "ledger");
  kernel::ArchiveReader::require(in.pod<std::uint32_t>() == agents_, "ledger agent count");
  const std::size_t accounts = liquid_.size();
  for (auto* column : {&liquid_, &staked_, &unbonding_, &locked_, &quote_})
    in.vec_exact(*column, accounts, "ledger column");
  in.pod(burned_token_);
  in.pod(burned_quote_);
  in.pod(token_supply_);
  in.pod(quote_supply_);
  in.pod(last_.op);
  in.pod(last_.asset);
  in.pod(last_.result);
  in.pod(last_.from);
  in.pod(last_.to);
  in.pod(last_.amount);
  track_last_ = in.boolean();
}

}  // namespace coordsim::model::ledger
