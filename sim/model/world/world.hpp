#pragma once
// The world: every actor's state as columns, and the dispatch of events to the systems that
// change it. A run is World + a kernel scheduler + observers; the world does not know who
// records it (see sim/run).
//
// Actors are the agents of the population, in group order, followed by four protocol actors:
// the market (AMM pool, order book and the makers' custody: the exchange::Exchange system), the
// protocol (the data::Data system: datanets, rows, models, attribution; and the
// settlement::Settlement system: validators' pool, settlement batches, rewards), the treasury,
// and the attacker sink.
//
// What the world itself keeps is what every system shares: the population, the ledger, the
// domains, the random streams, and the dispatch from event kind to the system that handles it
// (handle(): one constexpr table from kind to handler, built from the registration list in
// systems.hpp, no virtual call; it builds the handler's actor::Context on the stack and
// passes it, so no handler finds its context any other way). Actor systems own their columns,
// handlers, checkpoint sections and metric rows (sim/model/exchange is the model;
// docs/extending.md): exchange (the market), households, data, builders, validators and
// settlement. They are registered once, in systems.hpp (the registration list).
//
// Rule every system keeps (it is what lets domains run in parallel): a handler changes the
// state of its target actor (an ai agent's handler also its principal's household: the principal
// and its agents always live in one domain), and reaches every other actor by an event at least
// one block later. Value moving between actors is outside the ledger while it travels (counted
// in the sending domain's in_flight) until the receiving event deposits it.
#include <cstdint>
#include <string>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/scheduler.hpp"
#include "model/actor/context.hpp"
#include "model/actor/counters.hpp"
#include "model/actor/domain.hpp"
#include "model/actor/event_kinds.hpp"
#include "model/actor/population.hpp"
#include "model/actor/price_code.hpp"
#include "model/actor/role.hpp"
#include "model/ledger/ledger.hpp"
#include "model/market/order_book.hpp"
#include "model/market/pool.hpp"
#include "model/market/reference_price.hpp"
#include "model/network/graph.hpp"
#include "model/network/interaction_graph.hpp"
#include "model/sessions/session_store.hpp"
#include "model/world/systems.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::world {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;
using ledger::Wide;
// The shared vocabulary of actor systems (sim/model/actor), usable as world:: names.
using actor::ActionKind;
using actor::ActionRecord;
using actor::ActionSink;
using actor::code;
using actor::Counter;
using actor::Counters;
using actor::index;
using actor::kActionNames;
using actor::Kind;
using actor::kKindNames;
using actor::kRoleCount;
using actor::kRoleNames;
using actor::Population;
using actor::Role;
using actor::slot_of;
namespace price_code = actor::price_code;

class World {
 public:
  /// Builds the population, genesis, network, market and first events from a validated spec.
  explicit World(const scenario::Spec& spec);
  // Systems keep pointers to the spec and the population: a world stays where it was built.
  World(const World&) = delete;
  World& operator=(const World&) = delete;
  World(World&&) = delete;
  World& operator=(World&&) = delete;
  ~World() = default;

  [[nodiscard]] std::uint32_t agent_count() const noexcept { return pop_.agents(); }
  [[nodiscard]] std::uint32_t actor_count() const noexcept {
    return pop_.agents() + kProtocolActors;
  }
  [[nodiscard]] AgentId market() const noexcept { return AgentId{pop_.agents() + 0}; }
  [[nodiscard]] AgentId protocol() const noexcept { return AgentId{pop_.agents() + 1}; }
  [[nodiscard]] AgentId treasury() const noexcept { return AgentId{pop_.agents() + 2}; }
  [[nodiscard]] AgentId attacker() const noexcept { return AgentId{pop_.agents() + 3}; }
  /// The least delay between two actors: one block. The kernel's lookahead.
  [[nodiscard]] SimDuration block() const noexcept { return block_; }
  [[nodiscard]] SimTime end() const noexcept { return end_; }

  /// Seeds the first events (one per behaving actor) into a scheduler or a parallel runner.
  template <class Sink>
  void seed_events(Sink& s) const {
    for (const auto& e : initial_) s.schedule(e.time, e.target, e.source, e.kind, e.aux, e.payload);
  }
  /// Frees the list seed_events reads (32 bytes per seeded actor, up to twice that in capacity:
  /// 32 MiB on scenarios/million.yaml, held for the whole run otherwise). Call once the kernel is
  /// seeded; seed_events seeds nothing afterwards.
  void release_seed_events() noexcept { initial_ = {}; }

  /// The kernel's entry point: one call through the constexpr table from kind to handler
  /// (systems.hpp registers them), no virtual call, nothing allocated.
  void handle(const kernel::Event& e, kernel::Scheduler& s);

  void set_action_sink(ActionSink* sink) noexcept { sink_ = sink; }
  /// Only with one thread running every handler in kernel order (the sequential scheduler): the
  /// domains log into one list, which is then in log order and needs no merge at the barrier.
  /// Call between barriers only. Never changes what is logged, only where it waits.
  void set_serial_log(bool serial) noexcept { serial_log_ = serial; }

  /// Folds what the domains collected since the last barrier (interactions, logged actions) into
  /// the shared structures, in a fixed order. Call between windows: at samples and at the end.
  void at_barrier();

  /// Mutable state of one domain (actor/domain.hpp). Households (a principal and its ai agents)
  /// are spread over kHouseholdDomains domains; every other agent too; each protocol actor has
  /// its own.
  using Domain = actor::Domain;
  static constexpr std::uint32_t kHouseholdDomains = 16;

  [[nodiscard]] std::uint32_t domain_count() const noexcept {
    return static_cast<std::uint32_t>(domains_.size());
  }
  /// The domain (and parallel shard) an actor belongs to.
  [[nodiscard]] std::uint32_t domain_of(AgentId a) const noexcept { return domain_of_[index(a)]; }
  [[nodiscard]] const std::vector<std::uint32_t>& domain_map() const noexcept { return domain_of_; }
  [[nodiscard]] const Domain& domain(std::uint32_t d) const noexcept { return domains_[d]; }

  // Read-only views for metrics, invariants, tables and tests.
  [[nodiscard]] const scenario::SpecData& spec() const noexcept { return *spec_; }
  [[nodiscard]] const Population& population() const noexcept { return pop_; }
  [[nodiscard]] const ledger::Ledger& ledger() const noexcept { return ledger_; }
  /// The session store holding an agent's (or principal's) sessions: its household's domain.
  [[nodiscard]] const sessions::SessionStore& sessions_of(AgentId a) const noexcept {
    return domains_[domain_of_[index(a)]].sessions;
  }
  /// A session's id in output files: the domain in the top 8 bits, the store's id below.
  [[nodiscard]] static std::uint32_t global_session(std::uint32_t domain,
                                                    sessions::SessionId id) noexcept {
    return actor::global_session(domain, id);
  }
  [[nodiscard]] const sessions::Policy& session_policy() const noexcept {
    return domains_.front().sessions.policy();
  }
  /// Any system by its type (one registered from its own folder has no accessor of its own).
  /// @throws std::logic_error for a type that is neither pinned nor registered.
  template <class S>
  [[nodiscard]] const S& system() const {
    if constexpr (actor::kIsMember<S, Systems>)
      return actor::system<S>(systems_);
    else
      return *static_cast<const S*>(systems_.extensions.find(&detail::kTypeTag<S>));
  }
  /// The market actor's system: pool, order book, reference price, makers' custody and quotes.
  [[nodiscard]] const exchange::Exchange& exchange() const noexcept { return systems_.exchange; }
  [[nodiscard]] const network::Graph& graph() const noexcept { return graph_; }
  [[nodiscard]] const network::InteractionGraph& interactions() const noexcept {
    return systems_.interactions;
  }
  /// Every domain's counters summed.
  [[nodiscard]] Counters counters() const noexcept;
  /// The protocol's settlement: batches, rewards (pending, final, claimable), validators' stakes.
  [[nodiscard]] const settlement::Settlement& settlement() const noexcept {
    return systems_.settlement;
  }
  /// Principals, ai agents and key compromise: their sessions, compromise times, prices seen.
  [[nodiscard]] const households::Households& households() const noexcept {
    return systems_.households;
  }
  /// Rows, datanets, models, reputation, validators' samples, contributors' learning.
  [[nodiscard]] const data::Data& data() const noexcept { return systems_.data; }
  /// Model builders: inference prices (fixed or learned), who serves.
  [[nodiscard]] const builders::Builders& builders() const noexcept { return systems_.builders; }
  /// Validators: who is staked, their effort and learning state (sim/model/validators).
  [[nodiscard]] const validators::Validators& validators() const noexcept {
    return systems_.validators;
  }
  [[nodiscard]] Role adversary_role(AgentId a) const noexcept { return systems_.data.role(a); }
  [[nodiscard]] bool has_amm() const noexcept { return systems_.exchange.has_amm(); }
  [[nodiscard]] bool has_book() const noexcept { return systems_.exchange.has_book(); }
  /// Amounts sent between actors and not yet delivered (outside the ledger while travelling).
  [[nodiscard]] Wide in_flight(ledger::Asset asset) const noexcept;

  /// Checkpoints (checkpoint.cpp): every member that changes during a run. What is a pure
  /// function of the scenario (population, network graph, rng keys, domains' partition, prices,
  /// the attribution rule) is rebuilt by the constructor instead, so load() needs a World built
  /// from the same spec; scratch buffers are not stored. Call save() only at a barrier (after
  /// at_barrier()). @throws kernel::ArchiveError from load() for a damaged or foreign archive.
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

  static constexpr std::uint32_t kProtocolActors = 4;

 private:
  struct Initial {
    SimTime time;
    AgentId target;
    AgentId source;
    kernel::EventKind kind;
    std::uint16_t aux;
    std::uint64_t payload;
  };

  // build.cpp
  void build_domains();
  void add_initial(SimTime t, AgentId target, Kind kind, std::uint16_t aux = 0,
                   std::uint64_t payload = 0);

  [[nodiscard]] ledger::AccountId account(AgentId a) const noexcept;

  std::shared_ptr<const scenario::SpecData> spec_;
  std::uint64_t seed_ = 0;
  SimDuration block_{1};
  SimTime end_;
  std::uint64_t unit_ = 1;  // base units per token
  Population pop_;
  std::vector<Initial> initial_;

  // Per actor: random streams.
  actor::Streams streams_;

  // Ledger and the domains (sessions, counters, in-flight value, collected records).
  ledger::Ledger ledger_;
  std::vector<Domain> domains_;
  std::vector<std::uint32_t> domain_of_;

  // The actor systems and the interaction graph (systems.hpp: the registration list).
  Systems systems_;

  // Network.
  network::Graph graph_;

  std::vector<ActionRecord> merged_log_;

  ActionSink* sink_ = nullptr;
  bool serial_log_ = false;

  /// One thread (set_serial_log): hands the rows of times before `now` to the sink once
  /// kSerialLogRows have collected, while they are still in cache (a sample interval's rows are
  /// megabytes, streamed to memory and back otherwise). They are what at_barrier() would deliver
  /// first, in the same order, so the log is unchanged; it does nothing while a domain holds rows
  /// made outside a handler, which at_barrier() orders.
  void deliver_serial_log(kernel::SimTime now);
  /// Sorts `rows` stably on (time, handler) unless they already are, hands them to the sink and
  /// empties them: the one place the delivered order is made (barrier and serial hand-over).
  void deliver_in_key_order(std::vector<ActionRecord>& rows);
  static constexpr std::size_t kSerialLogRows = 8192;
};

}  // namespace coordsim::model::world
