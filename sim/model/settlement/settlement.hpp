#pragma once
// The settlement actor system: the protocol's books of who is owed what. Inference fees' shares
// for the validators arrive here; rewards accrue into the open batch; every batch_blocks blocks
// the batch posts (the validators' pool is split into it by stake first, and what nobody earned
// goes to the treasury); challenge_window later it is final, and its rewards become claimable
// until their payee withdraws them. A successful challenge (a correct flag) reverts the culprit's
// rewards in every batch not yet final.
//
// Owns: batches (posted and open), the validators' pool, the contributors' share nobody earned,
// per agent its pending, final and claimable rewards, and the protocol's record of each
// validator's stake; handlers kValidatorShare, kBatchPost, kBatchFinal, kWithdraw (target: the
// protocol actor) and kReward (target: the payee); its first event and its checkpoint section.
// Its state is the protocol actor's, so the data side (same actor, same domain) calls it
// directly: accrue, add_unpaid, revert_pending, slash_stake_record.
//
// Reads, never writes: the adversary roles (fixed at genesis), which label final rewards.
//
// Guarantees: a reward is pending, then either final or reverted, never both; a batch's rewards
// sum exactly to what was accrued into it (one entry per payee); the validators' pool is split
// by largest remainder, so it is paid out exactly.
#include <cstdint>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "kernel/time.hpp"
#include "model/actor/context.hpp"
#include "model/actor/population.hpp"
#include "model/actor/registry.hpp"
#include "model/actor/role.hpp"
#include "model/attribution/largest_remainder.hpp"
#include "model/ledger/ledger.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::settlement {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;
using ledger::Wide;

/// One settlement batch: rewards accrued over k blocks, final after the challenge window. One
/// entry per payee (a payee's rewards within a batch are summed), freed once final.
struct Batch {
  SimTime posted;
  std::vector<AgentId> payee;
  std::vector<Amount> amount;
  std::vector<Wide> accrued_weighted;  // sum of amount x accrual tick (latency metric)
  std::vector<std::uint8_t> reverted;
  bool final = false;
  bool any_reverted = false;
};

class Settlement {
 public:
  static constexpr std::uint32_t kNoEntry = 0xFFFFFFFFU;

  /// Empty books. `self` is the protocol actor; `role` the adversary role per agent. `spec`, `pop`
  /// and `role` must outlive it.
  Settlement(const scenario::SpecData& spec, const actor::Population& pop, AgentId self,
             AgentId treasury, const std::vector<actor::Role>& role, SimDuration block);

  // --- Build (build.cpp) ---
  /// The protocol's record of each validator's stake starts as what genesis staked.
  void build(const ledger::Ledger& ledger);
  /// The first batch post. `add(time, target, kind)` records it.
  template <class Add>
  void initial_events(Add&& add) const {
    add(SimTime::zero() + block_ * spec_->settlement.batch_blocks, self_, actor::Kind::kBatchPost);
  }

  // --- Handlers (settlement.cpp) ---
  void on_validator_share(const kernel::Event& e, actor::Context& ctx);
  /// Posts the open batch. The models' pools must have been split into it first (the data side's
  /// columns: World::handle does it).
  void on_batch_post(const kernel::Event& e, actor::Context& ctx);
  void on_batch_final(const kernel::Event& e, actor::Context& ctx);
  void on_withdraw(const kernel::Event& e, actor::Context& ctx);
  /// A validator's staked balance changed by its own decision (sim/model/validators: exit or
  /// entry): the record takes the balance it reports (payload; source: the validator).
  void on_validator_stake(const kernel::Event& e, actor::Context& ctx);
  /// A withdrawn reward arriving at its payee (the target).
  static void on_reward(const kernel::Event& e, actor::Context& ctx);

  // --- Called by the data side, in the protocol actor's handlers ---
  /// Adds a reward to the open batch (one live entry per payee), accrued at `at`. Logged by
  /// log_accruals(), which the handler that accrues must call before it ends.
  void accrue(AgentId payee, Amount amount, SimTime at);
  /// Logs what each payee accrued since the last call, one `accrue` row per payee, so the event
  /// log can replay every payee's pending rewards: a batch post splits every model's pool into
  /// the batch, and one row per payee instead of one per (model, payee) keeps the log small.
  /// Called by on_batch_post and revert_pending, and by World after a retrain's split.
  void log_accruals(actor::Context& ctx);
  /// Contributors' share nobody earned: to the treasury when the next batch posts.
  void add_unpaid(actor::Context& ctx, Amount amount);
  /// A successful challenge: reverts `contributor`'s rewards in every batch not yet final.
  void revert_pending(actor::Context& ctx, AgentId contributor);
  /// A wrong flag slashed `fraction_ppm` of a validator's stake: the record follows with the
  /// validator's own formula, so the two never disagree.
  void slash_stake_record(std::uint32_t validator_slot, std::int64_t fraction_ppm);

  // --- Read-only views ---
  [[nodiscard]] const std::vector<Batch>& batches() const noexcept { return batches_; }
  /// Per agent: rewards that became final.
  [[nodiscard]] const std::vector<Amount>& rewards_final() const noexcept { return final_; }
  /// Per agent: rewards accrued and neither final nor reverted yet (still revertible).
  [[nodiscard]] const std::vector<Amount>& rewards_pending() const noexcept { return pending_; }
  /// Per agent: final rewards not yet withdrawn.
  [[nodiscard]] const std::vector<Amount>& rewards_claimable() const noexcept { return claimable_; }
  /// The protocol's record of a validator's stake (it orders every change to it).
  [[nodiscard]] Amount validator_stake(std::size_t validator_slot) const noexcept {
    return stake_[validator_slot];
  }

  // --- Checkpoint (checkpoint.cpp): every column that changes; scratch is not stored ---
  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged or foreign archive.
  void load(kernel::ArchiveReader& in);

  /// The kinds this system handles alone (actor/registry.hpp; the world's dispatch table is built
  /// from it). Kinds shared with another system are the world's dispatch exceptions
  /// (world/systems.hpp).
  using Handlers =
      actor::Handlers<actor::On<actor::Kind::kValidatorShare, &Settlement::on_validator_share>,
                      actor::On<actor::Kind::kWithdraw, &Settlement::on_withdraw>,
                      actor::On<actor::Kind::kBatchFinal, &Settlement::on_batch_final>,
                      actor::On<actor::Kind::kValidatorStake, &Settlement::on_validator_stake>>;

 private:
  [[nodiscard]] ledger::AccountId account(actor::Context& ctx) const noexcept {
    return ctx.ledger().account(ledger::ProtocolAccount::kSettlement);
  }

  const scenario::SpecData* spec_;
  const actor::Population* pop_;
  AgentId self_;
  AgentId treasury_;
  const std::vector<actor::Role>* role_;
  SimDuration block_;
  std::vector<Batch> batches_;
  Batch open_;  // accruing, not yet posted
  Amount validator_pool_;
  Amount unpaid_;              // contributors' shares nobody earned: to the treasury
  std::vector<Amount> stake_;  // per validator slot: the record of its staked balance
  // Per agent.
  std::vector<Amount> pending_;            // accrued, not yet final
  std::vector<Amount> final_;              // became final
  std::vector<Amount> claimable_;          // final, not yet withdrawn
  std::vector<std::uint32_t> open_entry_;  // its entry in open_ (or kNoEntry)
  // Accrued and not yet logged (log_accruals): per agent, and the agents with some. Empty between
  // handlers, so not checkpointed.
  std::vector<Amount> unlogged_;
  std::vector<AgentId> unlogged_payees_;
  // Scratch of the validators' pool split.
  std::vector<std::uint64_t> stake_weights_;
  std::vector<Amount> stake_payouts_;
  attribution::LargestRemainderScratch split_scratch_;
};

}  // namespace coordsim::model::settlement
