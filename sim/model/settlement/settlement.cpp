// The settlement layer: fees' shares accrue at execution into the open batch; every k blocks the
// batch posts; W later it is final and its rewards are paid out. A successful challenge before
// then reverts the culprit's rewards in every batch not yet final.
#include "model/settlement/settlement.hpp"

#include <algorithm>

#include "model/attribution/largest_remainder.hpp"
#include "model/sessions/reason.hpp"
#include "model/sessions/session_id.hpp"

namespace coordsim::model::settlement {

using actor::ActionKind;
using actor::Counter;
using actor::Kind;
using actor::Role;
using scenario::AgentKind;

void Settlement::on_validator_share(const kernel::Event& e, actor::Context& ctx) {
  ctx.receive(e, account(ctx));
  validator_pool_ += Amount{static_cast<std::int64_t>(e.payload)};
}

void Settlement::on_batch_post(const kernel::Event& /*e*/, actor::Context& ctx) {
  const SimTime now = ctx.now();
  ctx.scheduler().schedule(now + block_ * spec_->settlement.batch_blocks, self_, self_,
                           code(Kind::kBatchPost));
  // The validators' pool is shared by stake (largest remainder: it sums exactly).
  const auto validators = pop_->of_kind(AgentKind::kValidator);
  if (validator_pool_ > Amount::zero() && !validators.empty()) {
    // Logged before its accruals: a replay splits the same pool by its own copy of the stake
    // record (docs/output-format.md).
    ctx.record(ActionKind::kValidatorSplit, sessions::Reason::kNone, self_, self_,
               sessions::kNoSession, validator_pool_);
    stake_weights_.resize(validators.size());
    stake_payouts_.resize(validators.size());
    for (std::size_t i = 0; i < validators.size(); ++i)
      stake_weights_[i] = static_cast<std::uint64_t>(std::max<std::int64_t>(0, stake_[i].raw()));
    const Amount rest = attribution::largest_remainder(validator_pool_, stake_weights_,
                                                       stake_payouts_, split_scratch_);
    for (std::size_t i = 0; i < validators.size(); ++i) {
      if (stake_payouts_[i] > Amount::zero()) accrue(validators[i], stake_payouts_[i], now);
    }
    unpaid_ += rest;
    validator_pool_ = Amount::zero();
  }
  if (unpaid_ > Amount::zero()) {
    // What nobody earned since the last post (the payment is the next row).
    ctx.record(ActionKind::kUnpaid, sessions::Reason::kNone, self_, treasury_, sessions::kNoSession,
               unpaid_);
    (void)ctx.send(self_, account(ctx), treasury_, Kind::kCredit, unpaid_, ledger::Asset::kToken);
    unpaid_ = Amount::zero();
  }
  log_accruals(ctx);
  if (open_.payee.empty()) return;
  for (const AgentId p : open_.payee) open_entry_[index(p)] = kNoEntry;
  open_.posted = now;
  batches_.push_back(std::move(open_));
  open_ = Batch{};
  ++ctx.counters()[Counter::kBatchesPosted];
  // Logged so a reader can tell which accruals a batch holds: those since the previous post.
  ctx.record(ActionKind::kBatchPost, sessions::Reason::kNone, self_, self_, sessions::kNoSession,
             Amount{static_cast<std::int64_t>(batches_.size() - 1)});
  ctx.scheduler().schedule(now + spec_->ticks(spec_->settlement.challenge_window), self_, self_,
                           code(Kind::kBatchFinal), 0, batches_.size() - 1);
}

void Settlement::on_batch_final(const kernel::Event& e, actor::Context& ctx) {
  Batch& b = batches_[e.payload];
  actor::Counters& counters = ctx.counters();
  for (std::size_t i = 0; i < b.payee.size(); ++i) {
    if (b.reverted[i] != 0) continue;
    const AgentId who = b.payee[i];
    const Amount amount = b.amount[i];
    pending_[index(who)] -= amount;
    final_[index(who)] += amount;
    claimable_[index(who)] += amount;
    // Latency of this payee's rewards: finality minus their amount-weighted accrual time.
    const Wide mean_accrual = b.accrued_weighted[i] / amount.raw();
    counters[Counter::kLatencyTicksSum] +=
        static_cast<std::int64_t>(static_cast<Wide>(ctx.now().ticks()) - mean_accrual);
    ++counters[Counter::kLatencyCount];
    if (pop_->kind(who) != AgentKind::kContributor) continue;
    const Role role = (*role_)[index(who)];
    counters.by_role(Counter::kFinalByRole, role) += amount.raw();
    if (role == Role::kHonest) {
      counters[Counter::kRewardsFinalHonest] += amount.raw();
    } else {
      counters[Counter::kRewardsFinalAdversarial] += amount.raw();
      // Slashable value that escaped: every reward of a poisoner is revertible by a successful
      // challenge until its batch is final; this one was not reverted in time. Whether the
      // poisoner had been caught before does not matter: a catch reverts only what is pending
      // then, and rewards it earns later from rows nobody flagged escape like any other.
      if (role == Role::kPoisoner) counters[Counter::kEscaped] += amount.raw();
    }
  }
  b.final = true;
  ++counters[Counter::kBatchesFinal];
  ctx.record(ActionKind::kBatchFinal, sessions::Reason::kNone, self_, self_, sessions::kNoSession,
             Amount{static_cast<std::int64_t>(e.payload)});
  // A final batch can no longer be challenged: its entries are paid and need not be kept.
  // (Assigning `{}` would keep the capacity; swapping with empties releases it.)
  std::vector<AgentId>().swap(b.payee);
  std::vector<Amount>().swap(b.amount);
  std::vector<Wide>().swap(b.accrued_weighted);
  std::vector<std::uint8_t>().swap(b.reverted);
}

void Settlement::on_withdraw(const kernel::Event& e, actor::Context& ctx) {
  const Amount amount = claimable_[index(e.source)];
  if (amount <= Amount::zero()) return;
  claimable_[index(e.source)] = Amount::zero();
  ctx.record(ActionKind::kReward, sessions::Reason::kNone, self_, e.source, sessions::kNoSession,
             amount);
  (void)ctx.send(self_, account(ctx), e.source, Kind::kReward, amount, ledger::Asset::kToken);
}

void Settlement::on_reward(const kernel::Event& e, actor::Context& ctx) {
  ctx.receive(e, ctx.ledger().account(e.target));
}

void Settlement::log_accruals(actor::Context& ctx) {
  for (const AgentId p : unlogged_payees_) {
    ctx.record(ActionKind::kAccrue, sessions::Reason::kNone, self_, p, sessions::kNoSession,
               unlogged_[index(p)]);
    unlogged_[index(p)] = Amount::zero();
  }
  unlogged_payees_.clear();
}

void Settlement::accrue(AgentId payee, Amount amount, SimTime at) {
  if (unlogged_[index(payee)] == Amount::zero()) unlogged_payees_.push_back(payee);
  unlogged_[index(payee)] += amount;
  std::uint32_t& entry = open_entry_[index(payee)];
  if (entry == kNoEntry) {
    entry = static_cast<std::uint32_t>(open_.payee.size());
    open_.payee.push_back(payee);
    open_.amount.push_back(Amount::zero());
    open_.accrued_weighted.push_back(0);
    open_.reverted.push_back(0);
  }
  open_.amount[entry] += amount;
  open_.accrued_weighted[entry] += static_cast<Wide>(amount.raw()) * static_cast<Wide>(at.ticks());
  pending_[index(payee)] += amount;
}

void Settlement::add_unpaid(actor::Context& ctx, Amount amount) {
  ctx.counters()[Counter::kContributorPoolUnpaid] += amount.raw();
  unpaid_ += amount;
}

void Settlement::revert_pending(actor::Context& ctx, AgentId contributor) {
  log_accruals(ctx);  // the log shows every accrual before the revert that reverts it
  Amount reverted = Amount::zero();
  auto revert_in = [&](Batch& b) {
    bool any = false;
    for (std::size_t i = 0; i < b.payee.size(); ++i) {
      if (b.payee[i] != contributor || b.reverted[i] != 0) continue;
      b.reverted[i] = 1;
      reverted += b.amount[i];
      any = true;
    }
    return any;
  };
  for (Batch& b : batches_) {
    if (b.final) continue;
    if (revert_in(b) && !b.any_reverted) {
      b.any_reverted = true;
      ++ctx.counters()[Counter::kBatchesReverted];
    }
  }
  (void)revert_in(open_);
  // A reward accrued later in the same open batch is a new one, not part of the reverted entry
  // (which is never made final): without this it would stay pending forever.
  open_entry_[index(contributor)] = kNoEntry;
  if (reverted <= Amount::zero()) return;
  pending_[index(contributor)] -= reverted;
  ctx.counters()[Counter::kRewardsReverted] += reverted.raw();
  ctx.record(ActionKind::kRevert, sessions::Reason::kNone, self_, contributor, sessions::kNoSession,
             reverted);
  (void)ctx.send(self_, account(ctx), treasury_, Kind::kCredit, reverted, ledger::Asset::kToken);
}

void Settlement::on_validator_stake(const kernel::Event& e, actor::Context& ctx) {
  // Exits and entries are at least one decision period apart (>= one block), so a wrong-flag
  // slash the protocol ordered before an exit reaches the validator while its stake is still
  // the one recorded, or after the exit, when it finds nothing staked: record and balance agree.
  stake_[pop_->slot(e.source)] = Amount{static_cast<std::int64_t>(e.payload)};
  // The record, not the staked balance, is what the validators' pool is split by (the two
  // differ for a block after a decision or a wrong flag): logged so a replay can follow it.
  ctx.record(ActionKind::kStakeRecord, sessions::Reason::kNone, e.source, self_,
             sessions::kNoSession, stake_[pop_->slot(e.source)]);
}

void Settlement::slash_stake_record(std::uint32_t validator_slot, std::int64_t fraction_ppm) {
  Amount& record = stake_[validator_slot];
  record -= ledger::mul_div(record, fraction_ppm, scenario::kPpmPerOne);
}

}  // namespace coordsim::model::settlement
