// The settlement layer: fees' shares accrue at execution into the open batch; every k blocks the
// batch posts; W later it is final and its rewards are paid out. A successful challenge before
// then reverts the culprit's rewards in every batch not yet final.
#include <algorithm>

#include "model/attribution/largest_remainder.hpp"
#include "model/world/world.hpp"

namespace coordsim::model::world {

using scenario::AgentKind;

void World::on_contributor_share(const kernel::Event& e) {
  receive(e, ledger_.account(ledger::ProtocolAccount::kSettlement));
  const Amount pool{static_cast<std::int64_t>(e.payload)};
  const std::uint32_t slot = pop_.slot(e.source);
  Model& m = models_[slot];
  if (!m.trained || m.weights.contributors.empty()) {
    // What no contributor can earn (no model yet) belongs to the treasury.
    unallocated_ += pool;
    here().counters[Counter::kContributorPoolUnpaid] += pool.raw();
    return;
  }
  if (!m.served) {
    m.served = true;
    for (const std::uint32_t row : m.rows) rows_.used[row] = 1;
  }
  if (pool == Amount::zero()) return;  // an unpaid inference (on_infer): nothing to accrue
  // The model's weights are fixed until it retrains, and a split of a sum equals the sum of the
  // splits up to rounding: so fees accrue per model and are split once, when the batch posts (or
  // the model retrains), instead of once per inference. Same payees, same exact budget balance,
  // a fraction of the work.
  if (m.pool == Amount::zero()) active_models_.push_back(slot);
  m.pool += pool;
  m.pool_time_weighted += static_cast<Wide>(pool.raw()) * static_cast<Wide>(e.time.ticks());
}

void World::split_model_pool(std::uint32_t slot) {
  Model& m = models_[slot];
  if (m.pool <= Amount::zero()) return;
  const Amount pool = m.pool;
  const SimTime accrued{static_cast<std::uint64_t>(m.pool_time_weighted / pool.raw())};
  m.pool = Amount::zero();
  m.pool_time_weighted = 0;
  const Amount unallocated = attribution::split(pool, workspace_, m.weights);
  Amount paid = Amount::zero();
  for (std::size_t i = 0; i < m.weights.contributors.size(); ++i) {
    const Amount amount = m.weights.payouts[i];
    if (amount <= Amount::zero()) continue;
    accrue(m.weights.contributors[i], amount, accrued);
    paid += amount;
  }
  ++here().counters[Counter::kFeeSplits];
  if (paid + unallocated != pool) ++here().counters[Counter::kFeeSplitFailures];
  here().counters[Counter::kContributorPoolUnpaid] += unallocated.raw();
  unallocated_ += unallocated;
}

void World::on_validator_share(const kernel::Event& e) {
  receive(e, ledger_.account(ledger::ProtocolAccount::kSettlement));
  validator_pool_ += Amount{static_cast<std::int64_t>(e.payload)};
}

void World::on_batch_post(const kernel::Event& /*e*/, kernel::Scheduler& s) {
  const SimTime now = s.now();
  s.schedule(now + block_ * spec_->settlement.batch_blocks, protocol(), protocol(),
             code(Kind::kBatchPost));
  const auto settlement = ledger_.account(ledger::ProtocolAccount::kSettlement);
  // Models in the order their first fee of this batch arrived: a fixed order.
  for (const std::uint32_t slot : active_models_) split_model_pool(slot);
  active_models_.clear();
  // The validators' pool is shared by stake (largest remainder: it sums exactly).
  const auto validators = pop_.of_kind(AgentKind::kValidator);
  if (validator_pool_ > Amount::zero() && !validators.empty()) {
    stake_weights_.resize(validators.size());
    stake_payouts_.resize(validators.size());
    for (std::size_t i = 0; i < validators.size(); ++i) {
      stake_weights_[i] =
          static_cast<std::uint64_t>(std::max<std::int64_t>(0, validator_stake_[i].raw()));
    }
    const Amount rest = attribution::largest_remainder(validator_pool_, stake_weights_,
                                                       stake_payouts_, workspace_.split);
    for (std::size_t i = 0; i < validators.size(); ++i) {
      if (stake_payouts_[i] > Amount::zero()) accrue(validators[i], stake_payouts_[i], now);
    }
    unallocated_ += rest;
    validator_pool_ = Amount::zero();
  }
  if (unallocated_ > Amount::zero()) {
    (void)send(s, protocol(), settlement, treasury(), Kind::kCredit, unallocated_,
               ledger::Asset::kToken);
    unallocated_ = Amount::zero();
  }
  if (open_.payee.empty()) return;
  for (const AgentId p : open_.payee) open_entry_[index(p)] = kNoEntry;
  open_.posted = now;
  batches_.push_back(std::move(open_));
  open_ = Batch{};
  ++here().counters[Counter::kBatchesPosted];
  s.schedule(now + spec_->ticks(spec_->settlement.challenge_window), protocol(), protocol(),
             code(Kind::kBatchFinal), 0, batches_.size() - 1);
}

void World::on_batch_final(const kernel::Event& e, kernel::Scheduler& s) {
  Batch& b = batches_[e.payload];
  for (std::size_t i = 0; i < b.payee.size(); ++i) {
    if (b.reverted[i] != 0) continue;
    const AgentId who = b.payee[i];
    const Amount amount = b.amount[i];
    pending_[index(who)] -= amount;
    rewards_final_[index(who)] += amount;
    claimable_[index(who)] += amount;
    // Latency of this payee's rewards: finality minus their amount-weighted accrual time.
    const Wide mean_accrual = b.accrued_weighted[i] / amount.raw();
    here().counters[Counter::kLatencyTicksSum] +=
        static_cast<std::int64_t>(static_cast<Wide>(s.now().ticks()) - mean_accrual);
    ++here().counters[Counter::kLatencyCount];
    if (pop_.kind(who) != AgentKind::kContributor) continue;
    here().counters.by_role(Counter::kFinalByRole, role_[index(who)]) += amount.raw();
    if (role_[index(who)] == Role::kHonest) {
      here().counters[Counter::kRewardsFinalHonest] += amount.raw();
    } else {
      here().counters[Counter::kRewardsFinalAdversarial] += amount.raw();
      // Slashable value that escaped: every reward of a poisoner is revertible by a successful
      // challenge until its batch is final; this one was not reverted in time. Whether the
      // poisoner had been caught before does not matter: a catch reverts only what is pending
      // then, and rewards it earns later from rows nobody flagged escape like any other.
      if (role_[index(who)] == Role::kPoisoner) here().counters[Counter::kEscaped] += amount.raw();
    }
  }
  b.final = true;
  ++here().counters[Counter::kBatchesFinal];
  // A final batch can no longer be challenged: its entries are paid and need not be kept.
  // (Assigning `{}` would keep the capacity; swapping with empties releases it.)
  std::vector<AgentId>().swap(b.payee);
  std::vector<Amount>().swap(b.amount);
  std::vector<Wide>().swap(b.accrued_weighted);
  std::vector<std::uint8_t>().swap(b.reverted);
}

void World::on_withdraw(const kernel::Event& e, kernel::Scheduler& s) {
  const Amount amount = claimable_[index(e.source)];
  if (amount <= Amount::zero()) return;
  claimable_[index(e.source)] = Amount::zero();
  record(ActionKind::kReward, sessions::Reason::kNone, protocol(), e.source, sessions::kNoSession,
         amount);
  (void)send(s, protocol(), ledger_.account(ledger::ProtocolAccount::kSettlement), e.source,
             Kind::kReward, amount, ledger::Asset::kToken);
}

void World::accrue(AgentId payee, Amount amount, SimTime at) {
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

void World::on_reward(const kernel::Event& e) { receive(e, ledger_.account(e.target)); }

void World::revert_pending(kernel::Scheduler& s, AgentId contributor) {
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
      ++here().counters[Counter::kBatchesReverted];
    }
  }
  (void)revert_in(open_);
  if (reverted <= Amount::zero()) return;
  pending_[index(contributor)] -= reverted;
  here().counters[Counter::kRewardsReverted] += reverted.raw();
  record(ActionKind::kRevert, sessions::Reason::kNone, protocol(), contributor,
         sessions::kNoSession, reverted);
  (void)send(s, protocol(), ledger_.account(ledger::ProtocolAccount::kSettlement), treasury(),
             Kind::kCredit, reverted, ledger::Asset::kToken);
}

}  // namespace coordsim::model::world
