#pragma once
// What a handler may touch, handed to it explicitly for the one event it handles: the scheduler,
// the target actor's domain (its counters, its in-flight value, its log), the ledger, and the
// random streams. Everything an actor system changes outside its own columns goes through here,
// so "a handler changes only its target actor's state, and reaches any other actor by an event
// at least one block later" is visible in its signature: send() is the only way out.
//
// Built on the stack by World::handle for each event (a few pointers); never stored.
#include <cstdint>
#include <vector>

#include "kernel/event.hpp"
#include "kernel/rng.hpp"
#include "kernel/scheduler.hpp"
#include "model/actor/domain.hpp"
#include "model/ledger/ledger.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::actor {

/// Stream ids of actors are offset so that they never coincide with the network's or another
/// subsystem's stream under the same seed (actor a draws from stream kActorStreamBase + a).
inline constexpr std::uint64_t kActorStreamBase = 0x1000;

/// Every actor's random stream: a key fixed by (seed, actor) and a counter that is state.
struct Streams {
  std::vector<std::uint64_t> key;
  std::vector<std::uint64_t> counter;
  [[nodiscard]] kernel::Rng rng(kernel::AgentId a) noexcept {
    return kernel::Rng(key[index(a)], counter[index(a)]);
  }
};

class Context {
 public:
  Context(kernel::Scheduler& scheduler, Domain& domain, std::uint32_t domain_index,
          kernel::AgentId actor, ledger::Ledger& ledger, Streams& streams,
          kernel::SimDuration block, bool logging, kernel::EventKind cause = kNoCause) noexcept
      : scheduler_(&scheduler),
        domain_(&domain),
        domain_index_(domain_index),
        actor_(actor),
        ledger_(&ledger),
        streams_(&streams),
        block_(block),
        logging_(logging),
        cause_(cause),
        log_(&domain.log) {}

  [[nodiscard]] kernel::SimTime now() const noexcept { return scheduler_->now(); }
  [[nodiscard]] kernel::Scheduler& scheduler() noexcept { return *scheduler_; }
  [[nodiscard]] Counters& counters() noexcept { return domain_->counters; }
  [[nodiscard]] Domain& domain() noexcept { return *domain_; }
  [[nodiscard]] std::uint32_t domain_index() const noexcept { return domain_index_; }
  [[nodiscard]] ledger::Ledger& ledger() noexcept { return *ledger_; }
  [[nodiscard]] kernel::Rng rng(kernel::AgentId a) noexcept { return streams_->rng(a); }

  /// Schedules `kind` for `target` one block from now, from `source` (no value moves).
  void schedule_for(kernel::AgentId target, kernel::AgentId source, Kind kind,
                    std::uint16_t aux = 0, std::uint64_t payload = 0) {
    scheduler_->schedule(now() + block_, target, source, code(kind), aux, payload);
  }
  /// Moves `amount` from account `from` into flight and schedules its delivery to `to` one block
  /// later (aux bit 0: the asset; the bits above: `extra_aux`). False if `from` cannot pay.
  bool send(kernel::AgentId from_actor, ledger::AccountId from, kernel::AgentId to, Kind kind,
            ledger::Amount amount, ledger::Asset asset, std::uint16_t extra_aux = 0);
  /// Takes a delivered amount out of flight into account `to`.
  void receive(const kernel::Event& e, ledger::AccountId to);
  /// Logs an attempted action (only when the scenario asked for the event log). `pays_from`: for
  /// an action through a session, the payer's place the value comes from (the row's from_bucket),
  /// so a reader can re-derive an INSUFFICIENT_FUNDS rejection; kCount (none) elsewhere.
  void record(ActionKind kind, sessions::Reason reason, kernel::AgentId actor,
              kernel::AgentId target, sessions::SessionId session, ledger::Amount amount,
              Place pays_from = Place::kCount);
  /// Logs a value movement of `amount` from balance (from, from_place) to (to, to_place), where
  /// from and to are account ids (place.hpp says which id each place takes). Callers log every
  /// change of a balance they make outside send() and receive(), which log their own.
  void move(std::uint32_t from, Place from_place, std::uint32_t to, Place to_place,
            ledger::Amount amount) {
    if (logging_ && amount != ledger::Amount::zero())
      push_move(from, from_place, to, to_place, amount, cause_);
  }
  /// Logs a row of `kind` whose two places say which way value goes (kOrder, kArbitrage).
  void record_way(ActionKind kind, kernel::AgentId actor, kernel::AgentId target, Place from,
                  Place to, ledger::Amount amount);
  /// Whether the event log is on (a caller may skip preparing what it would log).
  [[nodiscard]] bool logging() const noexcept { return logging_; }
  /// Rows go to `log` instead of the domain's own list (World: one list when one thread runs
  /// every handler in kernel order, so the barrier has nothing to merge).
  void log_into(std::vector<ActionRecord>& log) noexcept { log_ = &log; }

 private:
  kernel::Scheduler* scheduler_;
  Domain* domain_;
  std::uint32_t domain_index_;
  kernel::AgentId actor_;
  ledger::Ledger* ledger_;
  Streams* streams_;
  void push_move(std::uint32_t from, Place from_place, std::uint32_t to, Place to_place,
                 ledger::Amount amount, std::uint16_t cause);

  kernel::SimDuration block_;
  bool logging_;
  kernel::EventKind cause_;
  std::vector<ActionRecord>* log_;
};

/// The ledger account of an actor: its own for an agent (ids below `agents`); for the protocol
/// actors that follow the agents, in order, the pool (market), settlement (protocol), treasury
/// and attacker accounts.
[[nodiscard]] ledger::AccountId account_of(const ledger::Ledger& ledger, std::uint32_t agents,
                                           kernel::AgentId a) noexcept;

/// A duration drawn from a distribution in microseconds, in whole ticks, never below one tick
/// (so a behaviour cannot reschedule itself at the same instant forever).
[[nodiscard]] kernel::SimDuration draw_duration(const scenario::SpecData& spec,
                                                const scenario::Distribution& d, kernel::Rng& r);
/// An amount drawn from a distribution in base units: whole, never negative.
[[nodiscard]] ledger::Amount draw_amount(const scenario::Distribution& d, kernel::Rng& r);

}  // namespace coordsim::model::actor
