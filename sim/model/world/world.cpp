#include "model/world/world.hpp"

#include <algorithm>
#include <cmath>

namespace coordsim::model::world {

Counters World::counters() const noexcept {
  Counters total;
  for (const Domain& d : domains_) total += d.counters;
  return total;
}

Wide World::in_flight(ledger::Asset asset) const noexcept {
  Wide total = 0;
  for (const Domain& d : domains_)
    total += asset == ledger::Asset::kToken ? d.in_flight_token : d.in_flight_quote;
  return total;
}

void World::at_barrier() {
  // Union-find answers do not depend on the order of unions, so domains are drained in index
  // order without sorting.
  for (Domain& d : domains_) {
    for (const auto& [a, b] : d.interactions) (void)interactions_.record(a, b);
    d.interactions.clear();
  }
  if (sink_ == nullptr) return;
  // The sequential kernel would have produced records in (time, handler, then the order the
  // handler made them). Each domain's list is in that order for its own handlers, so a stable
  // sort of the concatenation on (time, handler) reproduces it whatever the number of threads.
  // Rows of one (time, handler) all come from one domain in the order they were made, so a list
  // already in key order is the sort's result: one pass checks, and the sort is skipped. With one
  // thread every row is in merged_log_ already (set_serial_log), in kernel order.
  const auto before = [](const ActionRecord& x, const ActionRecord& y) {
    return x.time != y.time ? x.time < y.time : x.handler < y.handler;
  };
  Domain* only = nullptr;  // the one domain with rows, when merged_log_ is empty
  std::size_t with_rows = 0;
  for (Domain& d : domains_) {
    if (d.log.empty()) continue;
    ++with_rows;
    only = &d;
  }
  std::vector<ActionRecord>& rows = merged_log_.empty() && with_rows == 1 ? only->log : merged_log_;
  if (&rows == &merged_log_ && with_rows > 0) {
    for (Domain& d : domains_) {
      merged_log_.insert(merged_log_.end(), d.log.begin(), d.log.end());
      d.log.clear();
    }
  }
  if (!std::is_sorted(rows.begin(), rows.end(), before))
    std::stable_sort(rows.begin(), rows.end(), before);
  if (!rows.empty()) sink_->on_actions(rows);
  rows.clear();
}

void World::handle(const kernel::Event& e, kernel::Scheduler& s) {
  const std::uint32_t d = domain_of_[index(e.target)];
  actor::Context context(s, domains_[d], d, e.target, ledger_, streams_, block_, sink_ != nullptr,
                         e.kind);
  if (serial_log_) context.log_into(merged_log_);
  switch (static_cast<Kind>(e.kind)) {
    case Kind::kAgentAct:
      return households_.on_agent_act(e, context);
    case Kind::kCompromise:
      return households_.on_compromise(e, context);
    case Kind::kDrain:
      return households_.on_drain(e, context);
    case Kind::kGrant:
      return households_.on_grant(e, context);
    case Kind::kExpire:
      return households_.on_expire(e, context);
    case Kind::kRevoke:
      return households_.on_revoke(e, context);
    case Kind::kCredit:
      households_.on_credit(e, context);
      // A learning builder counts the protocol's deposit refunds as income of its period.
      if (builders_.any_learning() && e.target.value() < pop_.agents() &&
          pop_.kind(e.target) == scenario::AgentKind::kModelBuilder)
        builders_.on_credit(e);
      return;
    case Kind::kSwap:
      return exchange_.on_swap(e, context);
    case Kind::kInfer:
      return builders_.on_infer(e, context);
    case Kind::kContributorShare:
      return data_.on_contributor_share(e, context);
    case Kind::kValidatorShare:
      return settlement_.on_validator_share(e, context);
    case Kind::kReward:
      // A contributor's or validator's rewards are also the income its decisions learn from.
      if (pop_.kind(e.target) == scenario::AgentKind::kValidator)
        return validators_.on_reward(e, context);
      return pop_.kind(e.target) == scenario::AgentKind::kContributor
                 ? data_.on_contributor_reward(e, context)
                 : settlement::Settlement::on_reward(e, context);
    case Kind::kWithdraw:
      return settlement_.on_withdraw(e, context);
    case Kind::kSlash: {
      // A learning validator's payoff counts what slashes take from its stake (its own state:
      // the validators' system notes it around data's handler, which moves the tokens).
      const bool learns =
          pop_.kind(e.target) == scenario::AgentKind::kValidator && validators_.adaptive(e.target);
      if (learns) validators_.note_stake(e.target, s.now(), ledger_);
      const Amount slashed = data_.on_slash(e, context);
      if (learns && slashed > Amount::zero()) validators_.note_slashed(e.target, slashed);
      return;
    }
    case Kind::kContribute:
      return data_.on_contribute(e, context);
    case Kind::kRow:
      return data_.on_row(e, context);
    case Kind::kRetrain:
      return builders_.on_retrain(e, context);
    case Kind::kTrain:
      data_.on_train(e, context);
      // A retrain splits the model's pool into the open batch: log what it accrued.
      return settlement_.log_accruals(context);
    case Kind::kValidate:
      return validators_.on_validate(e, context);
    case Kind::kSample:
      return data_.on_sample(e, context);
    case Kind::kReferenceTick:
      return exchange_.on_reference_tick(e, context);
    case Kind::kArbitrage:
      return exchange_.on_arbitrage(e, context);
    case Kind::kBatchPost:
      // The models' pools are data's columns: split into the open batch before it posts.
      data_.split_model_pools(context);
      return settlement_.on_batch_post(e, context);
    case Kind::kBatchFinal:
      return settlement_.on_batch_final(e, context);
    case Kind::kUnbonded:
      return data_.on_unbonded(e, context);
    case Kind::kLeave:
      return data_.on_leave(e, context);
    case Kind::kBounty:
      return validators_.on_bounty(e, context);
    case Kind::kValidatorStake:
      return settlement_.on_validator_stake(e, context);
    case Kind::kSybilSwitch:
      return data_.on_sybil_switch(e, context);
    case Kind::kSybilReport:
      return data_.on_sybil_report(e, context);
    case Kind::kCount:
      break;
  }
  throw std::logic_error("world: unknown event kind");
}

ledger::AccountId World::account(AgentId a) const noexcept {
  return actor::account_of(ledger_, pop_.agents(), a);
}

}  // namespace coordsim::model::world
