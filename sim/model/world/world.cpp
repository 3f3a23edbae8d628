#include "model/world/world.hpp"

#include <algorithm>
#include <cmath>

namespace coordsim::model::world {

namespace {
// The domain and actor of the event this thread is handling. Per thread, set at every event:
// each handler reaches its own domain's state without passing it through every helper.
thread_local World::Domain* t_domain = nullptr;
thread_local AgentId t_actor;
}  // namespace

World::Domain& World::here() noexcept { return *t_domain; }

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
  merged_log_.clear();
  for (Domain& d : domains_) {
    merged_log_.insert(merged_log_.end(), d.log.begin(), d.log.end());
    d.log.clear();
  }
  std::stable_sort(merged_log_.begin(), merged_log_.end(),
                   [](const ActionRecord& x, const ActionRecord& y) {
                     return x.time != y.time ? x.time < y.time : x.handler < y.handler;
                   });
  for (const ActionRecord& r : merged_log_) sink_->on_action(r);
}

void World::handle(const kernel::Event& e, kernel::Scheduler& s) {
  t_domain = &domains_[domain_of_[index(e.target)]];
  t_actor = e.target;
  switch (static_cast<Kind>(e.kind)) {
    case Kind::kAgentAct:
      return on_agent_act(e, s);
    case Kind::kCompromise:
      return on_compromise(e, s);
    case Kind::kDrain:
      return on_drain(e, s);
    case Kind::kGrant:
      return on_grant(e, s);
    case Kind::kExpire:
      return on_expire(e, s);
    case Kind::kRevoke:
      return on_revoke(e, s);
    case Kind::kCredit:
      return on_credit(e);
    case Kind::kSwap:
      return on_swap(e, s);
    case Kind::kInfer:
      return on_infer(e, s);
    case Kind::kContributorShare:
      return on_contributor_share(e);
    case Kind::kValidatorShare:
      return on_validator_share(e);
    case Kind::kReward:
      return on_reward(e);
    case Kind::kWithdraw:
      return on_withdraw(e, s);
    case Kind::kSlash:
      return on_slash(e, s);
    case Kind::kContribute:
      return on_contribute(e, s);
    case Kind::kRow:
      return on_row(e);
    case Kind::kRetrain:
      return on_retrain(e, s);
    case Kind::kTrain:
      return on_train(e, s);
    case Kind::kValidate:
      return on_validate(e, s);
    case Kind::kSample:
      return on_sample(e, s);
    case Kind::kReferenceTick:
      return on_reference_tick(e, s);
    case Kind::kArbitrage:
      return on_arbitrage(e, s);
    case Kind::kBatchPost:
      return on_batch_post(e, s);
    case Kind::kBatchFinal:
      return on_batch_final(e, s);
    case Kind::kCount:
      break;
  }
  throw std::logic_error("world: unknown event kind");
}

kernel::Rng World::rng(AgentId actor) noexcept {
  return kernel::Rng(rng_key_[index(actor)], rng_counter_[index(actor)]);
}

SimDuration World::draw_duration(const scenario::Distribution& d, kernel::Rng& r) const {
  // Distributions of durations are in microseconds; the kernel counts ticks. Never less than a
  // tick, so a behaviour cannot schedule itself at the same instant forever.
  const double us = scenario::sample(d, r);
  const double ticks = std::round(us / static_cast<double>(spec_->tick.value()));
  return SimDuration{ticks < 1.0 ? 1 : static_cast<std::int64_t>(std::min(ticks, 9.0e18))};
}

Amount World::draw_amount(const scenario::Distribution& d, kernel::Rng& r) const {
  // Token distributions are already in base units; amounts are whole base units, never negative.
  const double v = std::floor(scenario::sample(d, r));
  return Amount{v <= 0.0 ? 0 : static_cast<std::int64_t>(std::min(v, 9.0e18))};
}

ledger::AccountId World::account(AgentId a) const noexcept {
  const std::uint32_t n = pop_.agents();
  if (a.value() < n) return ledger_.account(a);
  switch (a.value() - n) {
    case 0:
      return ledger_.account(ledger::ProtocolAccount::kPool);
    case 1:
      return ledger_.account(ledger::ProtocolAccount::kSettlement);
    case 2:
      return ledger_.account(ledger::ProtocolAccount::kTreasury);
    default:
      return ledger_.account(ledger::ProtocolAccount::kAttacker);
  }
}

bool World::send(kernel::Scheduler& s, AgentId from_actor, ledger::AccountId from, AgentId to,
                 Kind kind, Amount amount, ledger::Asset asset, std::uint16_t extra_aux) {
  if (amount <= Amount::zero()) return amount == Amount::zero();
  if (ledger_.withdraw(from, amount, asset) != ledger::LedgerResult::kOk) return false;
  (asset == ledger::Asset::kToken ? here().in_flight_token : here().in_flight_quote) +=
      amount.raw();
  const auto aux = static_cast<std::uint16_t>((asset == ledger::Asset::kQuote ? 1U : 0U) |
                                              (static_cast<unsigned>(extra_aux) << 1U));
  s.schedule(s.now() + block_, to, from_actor, code(kind), aux,
             static_cast<std::uint64_t>(amount.raw()));
  return true;
}

void World::receive(const kernel::Event& e, ledger::AccountId to) {
  const Amount amount{static_cast<std::int64_t>(e.payload)};
  const auto asset = (e.aux & 1U) != 0 ? ledger::Asset::kQuote : ledger::Asset::kToken;
  if (ledger_.deposit(to, amount, asset) != ledger::LedgerResult::kOk) {
    throw std::logic_error("world: a delivered amount could not be deposited");
  }
  (asset == ledger::Asset::kToken ? here().in_flight_token : here().in_flight_quote) -=
      amount.raw();
}

void World::record(SimTime t, ActionKind kind, sessions::Reason reason, AgentId actor,
                   AgentId target, sessions::SessionId session, Amount amount) {
  if (sink_ == nullptr) return;
  // Session ids in the log are global: actions through sessions happen in the household domain.
  const auto domain = static_cast<std::uint32_t>(t_domain - domains_.data());
  here().log.push_back(ActionRecord{t, t_actor, kind, reason, actor, target,
                                    global_session(domain, session), amount});
}

void World::on_credit(const kernel::Event& e) {
  // An ai agent spends its principal's money, so what comes back to it lands with the principal.
  AgentId owner = e.target;
  if (e.target.value() < pop_.agents() && pop_.kind(e.target) == scenario::AgentKind::kAiAgent) {
    const AgentId p = pop_.principal_of(e.target);
    if (p != kernel::kNoAgent) owner = p;
    if (e.source == market() && (e.aux >> 1U) != 0)
      last_price_seen_[index(e.target)] = decode_fill_price(e.aux);
  }
  receive(e, account(owner));
}

}  // namespace coordsim::model::world
