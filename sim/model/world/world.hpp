#pragma once
// The world: every actor's state as columns, and the dispatch of events to the systems that
// change it. A run is World + a kernel scheduler + observers; the world does not know who
// records it (see sim/run).
//
// Actors are the agents of the population, in group order, followed by four protocol actors:
// the market (AMM pool, order book and the makers' custody: the exchange::Exchange system), the
// protocol (datanets, models, attribution, and the settlement::Settlement system: validators'
// pool, settlement batches, rewards), the treasury, and the attacker sink.
//
// What the world itself keeps is what every system shares: the population, the ledger, the
// domains, the random streams, and the dispatch from event kind to the system that handles it
// (handle(): one switch, no virtual call). Actor systems own their columns, handlers, checkpoint
// sections and metric rows (sim/model/exchange is the model; docs/extending.md): exchange (the
// market), households and settlement so far. Data is still World members (data.cpp, and the
// models' fee pools in model_pools.cpp); data.cpp's handlers reach their domain through the
// context of the event at hand (ctx()), the only remaining use of it.
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
#include "model/attribution/rules.hpp"
#include "model/behaviour/learning.hpp"
#include "model/exchange/exchange.hpp"
#include "model/households/households.hpp"
#include "model/ledger/ledger.hpp"
#include "model/market/order_book.hpp"
#include "model/market/pool.hpp"
#include "model/market/reference_price.hpp"
#include "model/network/graph.hpp"
#include "model/network/interaction_graph.hpp"
#include "model/sessions/session_store.hpp"
#include "model/settlement/settlement.hpp"
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

/// A row of a datanet. Columns of the protocol actor.
struct Rows {
  std::vector<std::uint32_t> content;  // copies share a content id
  std::vector<AgentId> contributor;
  std::vector<double> quality;  // the hidden truth
  std::vector<std::uint16_t> datanet;
  std::vector<std::uint8_t> flagged;  // a validator's successful flag removed it
  std::vector<std::uint8_t> used;     // in a model that served at least one inference
  [[nodiscard]] std::size_t size() const noexcept { return content.size(); }
};

/// What the protocol observes about each datanet, never the rows' hidden quality: validators'
/// verdicts on sampled rows and duplicate content ids. Builders' datanet choice reads it (see
/// DatanetStats::quality). Columns of the protocol actor, one entry per datanet.
struct DatanetStats {
  std::vector<std::uint64_t> rows;          // rows added, copies included
  std::vector<std::uint64_t> duplicates;    // rows whose content id was already known
  std::vector<std::uint64_t> sampled_good;  // validator samples not ending in a correct flag
  std::vector<std::uint64_t> sampled_bad;   // validator samples ending in a correct flag
  std::vector<std::uint64_t> chosen;        // trainings that published a version of it
  std::vector<std::uint64_t> explored;      // of those, picks at random (builders' explore)
  [[nodiscard]] std::size_t size() const noexcept { return rows.size(); }
  /// Observed quality in (0, 1): the share of samples judged good times the share of rows with
  /// unique content, each with a uniform Beta(1, 1) prior, so an unobserved datanet scores
  /// 1/2 x 1/2 rather than 0 or 1.
  [[nodiscard]] double quality(std::size_t d) const noexcept {
    const auto good = static_cast<double>(sampled_good[d]);
    const auto bad = static_cast<double>(sampled_bad[d]);
    const auto n = static_cast<double>(rows[d]);
    const auto unique = n - static_cast<double>(duplicates[d]);
    return (good + 1.0) / (good + bad + 2.0) * ((unique + 1.0) / (n + 2.0));
  }
};

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

  /// The kernel's entry point: one switch, no virtual call.
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
  /// The market actor's system: pool, order book, reference price, makers' custody and quotes.
  [[nodiscard]] const exchange::Exchange& exchange() const noexcept { return exchange_; }
  [[nodiscard]] const network::Graph& graph() const noexcept { return graph_; }
  [[nodiscard]] const network::InteractionGraph& interactions() const noexcept {
    return interactions_;
  }
  /// Every domain's counters summed.
  [[nodiscard]] Counters counters() const noexcept;
  [[nodiscard]] const Rows& rows() const noexcept { return rows_; }
  /// The protocol's settlement: batches, rewards (pending, final, claimable), validators' stakes.
  [[nodiscard]] const settlement::Settlement& settlement() const noexcept { return settlement_; }
  /// Principals, ai agents and key compromise: their sessions, compromise times, prices seen.
  [[nodiscard]] const households::Households& households() const noexcept { return households_; }
  [[nodiscard]] Role adversary_role(AgentId a) const noexcept { return role_[index(a)]; }
  [[nodiscard]] bool has_amm() const noexcept { return exchange_.has_amm(); }
  [[nodiscard]] bool has_book() const noexcept { return exchange_.has_book(); }
  /// Amounts sent between actors and not yet delivered (outside the ledger while travelling).
  [[nodiscard]] Wide in_flight(ledger::Asset asset) const noexcept;
  /// What the protocol has observed about each datanet, and how often builders chose it.
  [[nodiscard]] const DatanetStats& datanet_stats() const noexcept { return datanet_stats_; }
  /// The publish fee of one version of datanet `d` (data.publish_fees, or incentives.publish_fee).
  [[nodiscard]] Amount datanet_fee(std::size_t d) const noexcept { return datanet_fee_[d]; }

  /// Checkpoints (checkpoint.cpp): every member that changes during a run. What is a pure
  /// function of the scenario (population, network graph, rng keys, domains' partition, prices,
  /// the attribution rule) is rebuilt by the constructor instead, so load() needs a World built
  /// from the same spec; scratch buffers are not stored. Call save() only at a barrier (after
  /// at_barrier()). @throws kernel::ArchiveError from load() for a damaged or foreign archive.
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

  static constexpr std::uint32_t kProtocolActors = 4;

  /// aux of a kSlash event whose payload is a fraction (ppm) of the target's stake.
  static constexpr std::uint16_t kSlashFraction = 1;

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
  void build_datanets();
  void build_genesis();
  void build_schedule();
  void add_initial(SimTime t, AgentId target, Kind kind, std::uint16_t aux = 0,
                   std::uint64_t payload = 0);

  // Helpers of the handlers still in World (world.cpp).
  /// The context of the event this thread is handling (built by handle()). Only data.cpp's
  /// handlers use it (and the helpers below, which only they call): every split system, and
  /// model_pools.cpp, get the context as a parameter. It stays until data is split out of World,
  /// a change of its own (data.cpp is being reworked separately; issue #11).
  [[nodiscard]] static actor::Context& ctx() noexcept;
  [[nodiscard]] static Domain& here() noexcept { return ctx().domain(); }
  [[nodiscard]] kernel::Rng rng(AgentId actor) noexcept { return streams_.rng(actor); }
  [[nodiscard]] SimDuration draw_duration(const scenario::Distribution& d, kernel::Rng& r) const {
    return actor::draw_duration(*spec_, d, r);
  }
  [[nodiscard]] ledger::AccountId account(AgentId a) const noexcept;
  /// Moves `amount` from `from`'s account into flight and schedules its delivery to `to`.
  static bool send(kernel::Scheduler& /*s*/, AgentId from_actor, ledger::AccountId from, AgentId to,
                   Kind kind, Amount amount, ledger::Asset asset, std::uint16_t extra_aux = 0) {
    return ctx().send(from_actor, from, to, kind, amount, asset, extra_aux);
  }
  /// Takes a delivered amount out of flight into `to`'s liquid balance (or quote).
  static void receive(const kernel::Event& e, ledger::AccountId to) { ctx().receive(e, to); }
  static void record(ActionKind kind, sessions::Reason reason, AgentId actor, AgentId target,
                     sessions::SessionId session, Amount amount) {
    ctx().record(kind, reason, actor, target, session, amount);
  }

  // data.cpp: contributors, builders, validators, the protocol actor's registry
  void on_contribute(const kernel::Event& e, kernel::Scheduler& s);
  void on_row(const kernel::Event& e);
  void on_retrain(const kernel::Event& e, kernel::Scheduler& s);
  void on_train(const kernel::Event& e, kernel::Scheduler& s);
  /// The protocol's choice of `count` datanets for builder `b` into chosen_ (greedy on
  /// quality - price_weight x fee, ties from the builder's home datanet on; each pick random with
  /// probability explore). Returns how many picks were random.
  std::uint32_t choose_datanets(AgentId b, std::uint32_t count,
                                const scenario::ModelBuilderParams& bp);
  [[nodiscard]] std::uint32_t datanet_count() const noexcept {
    return static_cast<std::uint32_t>(datanet_fee_.size());
  }
  [[nodiscard]] std::uint32_t datanets_per_model(
      const scenario::ModelBuilderParams& bp) const noexcept;
  void on_infer(const kernel::Event& e, kernel::Scheduler& s);
  void on_validate(const kernel::Event& e, kernel::Scheduler& s);
  void on_sample(const kernel::Event& e, kernel::Scheduler& s);
  void on_slash(const kernel::Event& e, kernel::Scheduler& s);

  // model_pools.cpp: the contributors' share of fees, per model until the batch posts
  void on_contributor_share(const kernel::Event& e, actor::Context& ctx);
  /// Splits a model's pool by its attribution weights into the settlement's open batch.
  void split_model_pool(actor::Context& ctx, std::uint32_t slot);
  /// Every model's pool, in the order their first fee of this batch arrived (before it posts).
  void split_model_pools(actor::Context& ctx);

  // contributors.cpp: contributors' entry, row rate and exit under a learning rule
  // (docs/behaviour.md). A contributor group with rule `fixed` never reaches these.
  void build_contributors();
  [[nodiscard]] bool adaptive(AgentId c) const noexcept {
    return !adaptive_.learners.empty() &&
           adaptive_.learners[pop_.group(c)].spec().rule != behaviour::Rule::kFixed;
  }
  /// At a contributor's own event: its decision if one is due (learn the period's payoff, draw
  /// the next choice, enter or exit). Returns the level it is at now (0: out).
  std::uint32_t decide_if_due(AgentId c, kernel::Scheduler& s);
  /// The payoff of the period now ending, learned for the level held over it; starts the next.
  void close_period(AgentId c, SimTime now);
  /// Adds the staked balance x time since the last change to the period's integral.
  void note_stake(AgentId c, SimTime now);
  void exit_market(AgentId c, kernel::Scheduler& s);
  void on_contributor_reward(const kernel::Event& e, actor::Context& ctx);
  void on_unbonded(const kernel::Event& e);
  void on_leave(const kernel::Event& e);

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

  // Principals, ai agents, key compromise.
  households::Households households_;

  // The market actor.
  exchange::Exchange exchange_;

  // The protocol actor's settlement: batches, rewards, the validators' pool.
  settlement::Settlement settlement_;

  // Network.
  network::Graph graph_;
  network::InteractionGraph interactions_;

  // Protocol actor: data, models, attribution.
  std::vector<Role> role_;             // adversary role per agent (contributors)
  std::vector<double> penalty_;        // per agent
  std::vector<std::uint8_t> exited_;   // contributors that could no longer stake
  std::vector<std::int64_t> rows_of_;  // rows contributed per agent
  Rows rows_;
  std::vector<std::vector<std::uint32_t>> rows_by_datanet_;  // row indices, in arrival order
  DatanetStats datanet_stats_;
  std::vector<Amount> datanet_fee_;  // per datanet: publish fee of one version (from the spec)
  // The sum of the k dearest datanet fees, k = 0..datanets: a builder's deposit for a training
  // on k datanets, the most the protocol's choice can cost (from the spec).
  std::vector<Amount> deposit_for_;
  std::vector<double> datanet_score_;        // scratch of choose_datanets
  std::vector<std::uint8_t> datanet_taken_;  // scratch of choose_datanets
  std::vector<std::uint32_t> chosen_;        // scratch: the datanets of the training at hand
  std::uint32_t next_content_ = 0;
  struct Model {
    std::vector<std::uint32_t> rows;  // row indices
    attribution::Attribution weights;
    bool trained = false;
    bool served = false;
    Amount pool;                  // contributors' share accrued since the last split
    Wide pool_time_weighted = 0;  // sum of amount x accrual tick of that pool
  };
  std::vector<std::uint32_t> active_models_;  // models with a pool, in order of first fee
  std::vector<Model> models_;                 // per model builder
  std::vector<Amount> price_;                 // per model builder
  attribution::RuleConfig rule_;
  attribution::Workspace workspace_;
  std::vector<attribution::Row> scratch_rows_;
  std::vector<double> reputation_;
  std::vector<ActionRecord> merged_log_;

  // Contributors under a learning rule (contributors.cpp), per contributor slot; empty when
  // every contributor group is `fixed`. Each column is its contributor's own state.
  struct Adaptive {
    std::vector<behaviour::Learners> learners;  // per group; kFixed (unused) for other groups
    std::vector<std::uint8_t> level;            // 0: out; j >= 1: in at level j
    std::vector<std::uint8_t> has_period;       // a period has begun (learn at its end)
    std::vector<SimTime> next_decision;
    std::vector<SimTime> period_start;
    std::vector<Amount> income;        // rewards received this period
    std::vector<Amount> slashed;       // stake slashed this period
    std::vector<std::int64_t> rows;    // rows written this period
    std::vector<Wide> stake_ticks;     // integral of the staked balance over the period
    std::vector<SimTime> stake_since;  // when stake_ticks was last brought up to date
    std::vector<Amount> reservation;   // outside option, base units per day (from the spec)
  };
  Adaptive adaptive_;
  // Protocol actor: per agent, its rows below this index left with it (0: none).
  std::vector<std::uint32_t> left_before_;

  ActionSink* sink_ = nullptr;
  bool serial_log_ = false;
};

}  // namespace coordsim::model::world
