#include "model/actor/context.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "kernel/saturate.hpp"

namespace coordsim::model::actor {

bool Context::send(kernel::AgentId from_actor, ledger::AccountId from, kernel::AgentId to,
                   Kind kind, ledger::Amount amount, ledger::Asset asset, std::uint16_t extra_aux) {
  if (amount <= ledger::Amount::zero()) return amount == ledger::Amount::zero();
  if (ledger_->withdraw(from, amount, asset) != ledger::LedgerResult::kOk) return false;
  (asset == ledger::Asset::kToken ? domain_->in_flight_token : domain_->in_flight_quote) +=
      amount.raw();
  const auto aux = static_cast<std::uint16_t>((asset == ledger::Asset::kQuote ? 1U : 0U) |
                                              (static_cast<unsigned>(extra_aux) << 1U));
  scheduler_->schedule(now() + block_, to, from_actor, code(kind), aux,
                       static_cast<std::uint64_t>(amount.raw()));
  // In flight, the value is keyed by its receiver; the row carries the kind that delivers it.
  if (logging_)
    push_move(from.value(), spendable(asset), to.value(), flight(asset), amount, code(kind));
  return true;
}

void Context::receive(const kernel::Event& e, ledger::AccountId to) {
  const ledger::Amount amount{static_cast<std::int64_t>(e.payload)};
  const auto asset = (e.aux & 1U) != 0 ? ledger::Asset::kQuote : ledger::Asset::kToken;
  if (ledger_->deposit(to, amount, asset) != ledger::LedgerResult::kOk) {
    throw std::logic_error("world: a delivered amount could not be deposited");
  }
  (asset == ledger::Asset::kToken ? domain_->in_flight_token : domain_->in_flight_quote) -=
      amount.raw();
  if (logging_ && amount != ledger::Amount::zero())
    push_move(e.target.value(), flight(asset), to.value(), spendable(asset), amount, e.kind);
}

void Context::record(ActionKind kind, sessions::Reason reason, kernel::AgentId actor,
                     kernel::AgentId target, sessions::SessionId session, ledger::Amount amount,
                     Place pays_from) {
  if (!logging_) return;
  // Session ids in the log are global: actions through sessions happen in the household domain.
  log_->push_back(ActionRecord{now(), actor_, kind, reason, actor, target,
                               global_session(domain_index_, session), amount, cause_, pays_from});
}

void Context::record_way(ActionKind kind, kernel::AgentId actor, kernel::AgentId target, Place from,
                         Place to, ledger::Amount amount) {
  if (!logging_) return;
  log_->push_back(ActionRecord{now(), actor_, kind, sessions::Reason::kNone, actor, target,
                               sessions::kNoSession.value(), amount, cause_, from, to});
}

void Context::push_move(std::uint32_t from, Place from_place, std::uint32_t to, Place to_place,
                        ledger::Amount amount, std::uint16_t cause) {
  log_->push_back(ActionRecord{now(), actor_, ActionKind::kMove, sessions::Reason::kNone,
                               kernel::AgentId{from}, kernel::AgentId{to},
                               sessions::kNoSession.value(), amount, cause, from_place, to_place});
}

ledger::AccountId account_of(const ledger::Ledger& ledger, std::uint32_t agents,
                             kernel::AgentId a) noexcept {
  if (a.value() < agents) return ledger.account(a);
  switch (a.value() - agents) {
    case 0:
      return ledger.account(ledger::ProtocolAccount::kPool);
    case 1:
      return ledger.account(ledger::ProtocolAccount::kSettlement);
    case 2:
      return ledger.account(ledger::ProtocolAccount::kTreasury);
    default:
      return ledger.account(ledger::ProtocolAccount::kAttacker);
  }
}

kernel::SimDuration draw_duration(const scenario::SpecData& spec, const scenario::Distribution& d,
                                  kernel::Rng& r) {
  // Distributions of durations are in microseconds; the kernel counts ticks.
  const double us = scenario::sample(d, r);
  const double ticks = std::round(us / static_cast<double>(spec.tick.value()));
  return kernel::SimDuration{kernel::saturate_int64(ticks, 1)};
}

ledger::Amount draw_amount(const scenario::Distribution& d, kernel::Rng& r) {
  // Token distributions are already in base units.
  return ledger::whole_units(scenario::sample(d, r));
}

}  // namespace coordsim::model::actor
