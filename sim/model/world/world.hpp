#pragma once
// The world: every actor's state as columns, and the dispatch of events to the systems that
// change it. A run is World + a kernel scheduler + observers; the world does not know who
// records it (see sim/run).
//
// Actors are the agents of the population, in group order, followed by four protocol actors:
// the market (AMM pool, order book and the makers' custody), the protocol (datanets, models,
// attribution, validators' pool, settlement batches), the treasury, and the attacker sink.
//
// Rule every system keeps (it is what lets shards run in parallel later): a handler changes the
// state of its target actor (an ai agent's handler also its principal's household: the principal
// and its agents always live in one shard), and reaches every other actor by an event at least
// one block later. Value moving between actors waits in the ledger's in-flight account
// (fee_router) until the receiving event credits it.
#include <cstdint>
#include <string>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/scheduler.hpp"
#include "model/attribution/rules.hpp"
#include "model/ledger/ledger.hpp"
#include "model/market/order_book.hpp"
#include "model/market/pool.hpp"
#include "model/market/reference_price.hpp"
#include "model/network/graph.hpp"
#include "model/network/interaction_graph.hpp"
#include "model/sessions/session_store.hpp"
#include "model/world/counters.hpp"
#include "model/world/event_kinds.hpp"
#include "model/world/population.hpp"
#include "model/world/price_code.hpp"
#include "model/world/role.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::world {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;
using ledger::Wide;

/// One action attempted by an actor, for the optional /events table.
struct ActionRecord {
  SimTime time;
  AgentId handler;  // the actor whose event produced it: with time, the merge key across domains
  ActionKind kind;
  sessions::Reason reason;
  AgentId actor;
  AgentId target;
  std::uint32_t session;
  Amount amount;
};

/// Receives every attempted action when the event log is on (the recorder filters and batches).
/// One indirect call per action, and only when a log was asked for.
class ActionSink {
 public:
  virtual ~ActionSink() = default;
  virtual void on_action(const ActionRecord& record) = 0;
};

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

class World {
 public:
  /// Builds the population, genesis, network, market and first events from a validated spec.
  explicit World(const scenario::Spec& spec);

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

  /// The kernel's entry point: one switch, no virtual call.
  void handle(const kernel::Event& e, kernel::Scheduler& s);

  void set_action_sink(ActionSink* sink) noexcept { sink_ = sink; }

  /// Folds what the domains collected since the last barrier (interactions, logged actions) into
  /// the shared structures, in a fixed order. Call between windows: at samples and at the end.
  void at_barrier();

  /// Mutable state of one domain. Households (a principal and its ai agents) are spread over
  /// kHouseholdDomains domains; every other agent too; each protocol actor has its own. A
  /// handler writes only its own domain's, so domains can run in parallel. The partition is
  /// fixed by the scenario, never by the thread count, so results cannot depend on threads.
  struct Domain {
    explicit Domain(const sessions::Policy& policy) : sessions(policy) {}
    sessions::SessionStore sessions;
    Counters counters;
    Wide in_flight_token = 0;  // may be negative in one domain: sent here, delivered elsewhere
    Wide in_flight_quote = 0;
    std::vector<std::pair<AgentId, AgentId>> interactions;  // since the last barrier
    std::vector<ActionRecord> log;                          // since the last barrier
  };
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
    return id == sessions::kNoSession ? id.value() : (domain << 24U) | id.value();
  }
  [[nodiscard]] const sessions::Policy& session_policy() const noexcept {
    return domains_.front().sessions.policy();
  }
  [[nodiscard]] const market::Pool& pool() const noexcept { return pool_; }
  [[nodiscard]] double reference_price() const noexcept { return reference_.price(); }
  [[nodiscard]] const network::Graph& graph() const noexcept { return graph_; }
  [[nodiscard]] const network::InteractionGraph& interactions() const noexcept {
    return interactions_;
  }
  /// Every domain's counters summed.
  [[nodiscard]] Counters counters() const noexcept;
  [[nodiscard]] const Rows& rows() const noexcept { return rows_; }
  [[nodiscard]] const std::vector<Batch>& batches() const noexcept { return batches_; }
  [[nodiscard]] const std::vector<Amount>& rewards_final() const noexcept { return rewards_final_; }
  [[nodiscard]] SimTime compromised_since(AgentId a) const noexcept {
    return compromised_since_[index(a)];
  }
  [[nodiscard]] sessions::SessionId session_of(AgentId a) const noexcept {
    return session_[index(a)];
  }
  [[nodiscard]] Role adversary_role(AgentId a) const noexcept { return role_[index(a)]; }
  [[nodiscard]] Amount maker_custody(std::size_t maker, ledger::Asset asset) const noexcept {
    return asset == ledger::Asset::kToken ? custody_token_[maker] : custody_quote_[maker];
  }
  /// What a maker has escrowed in its resting order-book quotes (out of its custody).
  [[nodiscard]] Amount maker_posted(std::size_t maker, ledger::Asset asset) const noexcept {
    return asset == ledger::Asset::kToken ? posted_token_[maker] : posted_quote_[maker];
  }
  [[nodiscard]] bool has_amm() const noexcept {
    return spec_->market.type != scenario::MarketType::kOrderBook;
  }
  [[nodiscard]] bool has_book() const noexcept {
    return spec_->market.type != scenario::MarketType::kAmm;
  }
  [[nodiscard]] const market::OrderBook& book() const noexcept { return book_; }
  /// A maker's current quote on one side (kNoOrder, or an id that may since have filled).
  [[nodiscard]] market::OrderId maker_quote(std::size_t maker, market::Side side) const noexcept {
    return side == market::Side::kBuy ? maker_bid_[maker] : maker_ask_[maker];
  }
  /// Order-book prices are integers: quote base units per kBookLot token base units.
  static constexpr std::int64_t kBookLot = 1'000'000;
  [[nodiscard]] static double book_price(market::Price p) noexcept {
    return static_cast<double>(p.value()) / static_cast<double>(kBookLot);
  }
  /// Amounts sent between actors and not yet delivered (outside the ledger while travelling).
  [[nodiscard]] Wide in_flight(ledger::Asset asset) const noexcept;
  /// What the protocol has observed about each datanet, and how often builders chose it.
  [[nodiscard]] const DatanetStats& datanet_stats() const noexcept { return datanet_stats_; }
  /// The publish fee of one version of datanet `d` (data.publish_fees, or incentives.publish_fee).
  [[nodiscard]] Amount datanet_fee(std::size_t d) const noexcept { return datanet_fee_[d]; }
  /// The protocol's record of a validator's stake (it orders every change to it).
  [[nodiscard]] Amount validator_stake(std::size_t validator_slot) const noexcept {
    return validator_stake_[validator_slot];
  }

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
  static constexpr std::uint32_t kNoEntry = 0xFFFFFFFFU;

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
  void build_market();
  void build_schedule();
  void add_initial(SimTime t, AgentId target, Kind kind, std::uint16_t aux = 0,
                   std::uint64_t payload = 0);

  // Helpers shared by the systems (world.cpp).
  /// The domain of the actor whose event is being handled (set by handle(), per thread).
  [[nodiscard]] static Domain& here() noexcept;
  [[nodiscard]] kernel::Rng rng(AgentId actor) noexcept;
  [[nodiscard]] SimDuration draw_duration(const scenario::Distribution& d, kernel::Rng& r) const;
  [[nodiscard]] Amount draw_amount(const scenario::Distribution& d, kernel::Rng& r) const;
  [[nodiscard]] ledger::AccountId account(AgentId a) const noexcept;
  /// Moves `amount` from `from`'s account into flight and schedules its delivery to `to`.
  bool send(kernel::Scheduler& s, AgentId from_actor, ledger::AccountId from, AgentId to, Kind kind,
            Amount amount, ledger::Asset asset, std::uint16_t extra_aux = 0);
  /// Takes a delivered amount out of flight into `to`'s liquid balance (or quote).
  void receive(const kernel::Event& e, ledger::AccountId to);
  void record(SimTime t, ActionKind kind, sessions::Reason reason, AgentId actor, AgentId target,
              sessions::SessionId session, Amount amount);

  // agents.cpp: ai agents, principals, key compromise
  void on_agent_act(const kernel::Event& e, kernel::Scheduler& s);
  void on_compromise(const kernel::Event& e, kernel::Scheduler& s);
  void on_drain(const kernel::Event& e, kernel::Scheduler& s);
  void on_grant(const kernel::Event& e, kernel::Scheduler& s);
  void on_expire(const kernel::Event& e, kernel::Scheduler& s);
  void on_revoke(const kernel::Event& e, kernel::Scheduler& s);
  void on_credit(const kernel::Event& e);
  /// Authorises through the agent's session chain, moves the money, charges the chain.
  sessions::Reason spend(kernel::Scheduler& s, AgentId agent, sessions::Action action,
                         AgentId target, Kind kind, Amount amount, ledger::Asset asset,
                         ActionKind logged, std::uint16_t extra_aux = 0);
  void watch_spending(kernel::Scheduler& s, AgentId agent, Amount amount);
  void grant_to(kernel::Scheduler& s, AgentId principal, std::uint32_t slot);

  // market.cpp: the market actor
  void on_swap(const kernel::Event& e, kernel::Scheduler& s);
  void on_reference_tick(const kernel::Event& e, kernel::Scheduler& s);
  void on_arbitrage(const kernel::Event& e, kernel::Scheduler& s);
  /// A price as it travels in an event's spare aux bits (see market.cpp), and back.
  [[nodiscard]] std::uint16_t encode_price(double price, price_code::Round round) const noexcept;
  [[nodiscard]] double decode_fill_price(std::uint16_t aux) const noexcept;
  /// Whether a trade of this direction gets a better marginal price on the book than on the AMM.
  [[nodiscard]] bool book_is_better(bool buy) const noexcept;
  void swap_on_amm(const kernel::Event& e, kernel::Scheduler& s, bool buy, Amount in, double limit);
  void swap_on_book(const kernel::Event& e, kernel::Scheduler& s, bool buy, Amount in,
                    double limit);
  /// A maker's turn on the book: cancel its quotes, take their escrow back, quote afresh.
  void requote(std::uint32_t maker_slot, kernel::Rng& r);
  /// Moves the value of fills between makers' escrow and custody; returns what the taker (if it
  /// is not a maker) pays and receives.
  struct Settled {
    Amount paid;      // in the taker's input asset
    Amount received;  // in the other asset
  };
  Settled settle_fills(const market::MatchOutput& fills);
  void arbitrage_amm(std::uint32_t maker_slot);

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

  // settlement.cpp: fee shares, batches, finality, challenges
  void on_contributor_share(const kernel::Event& e);
  void split_model_pool(std::uint32_t slot);
  void on_validator_share(const kernel::Event& e);
  void on_batch_post(const kernel::Event& e, kernel::Scheduler& s);
  void on_batch_final(const kernel::Event& e, kernel::Scheduler& s);
  void on_reward(const kernel::Event& e);
  void on_withdraw(const kernel::Event& e, kernel::Scheduler& s);
  /// Adds a reward to the open batch (one entry per payee).
  void accrue(AgentId payee, Amount amount, SimTime at);
  void revert_pending(kernel::Scheduler& s, AgentId contributor);

  std::shared_ptr<const scenario::SpecData> spec_;
  std::uint64_t seed_ = 0;
  SimDuration block_{1};
  SimTime end_;
  std::uint64_t unit_ = 1;  // base units per token
  Population pop_;
  std::vector<Initial> initial_;

  // Per actor.
  std::vector<std::uint64_t> rng_key_;
  std::vector<std::uint64_t> rng_counter_;

  // Ledger and the domains (sessions, counters, in-flight value, collected records).
  ledger::Ledger ledger_;
  std::vector<Domain> domains_;
  std::vector<std::uint32_t> domain_of_;

  // ai agents (indexed by agent; unused entries for other kinds).
  std::vector<sessions::SessionId> session_;
  std::vector<SimTime> compromised_since_;
  std::vector<double> last_price_seen_;
  std::vector<Amount> window_spent_;
  std::vector<SimTime> window_start_;
  // principals
  std::vector<std::uint8_t> revoke_pending_;  // per ai agent: its principal has a revoke queued

  // Market actor.
  market::Pool pool_;
  market::GbmPrice reference_;
  std::vector<Amount> custody_token_;  // per market maker
  std::vector<Amount> custody_quote_;
  market::OrderBook book_;
  std::vector<market::OrderId> maker_bid_;  // per market maker: its resting quotes
  std::vector<market::OrderId> maker_ask_;
  std::vector<Amount> posted_token_;  // per market maker: escrowed in its resting asks
  std::vector<Amount> posted_quote_;  // per market maker: escrowed in its resting bids
  market::MatchOutput fills_;         // scratch, reused by every order

  // Network.
  network::Graph graph_;
  network::InteractionGraph interactions_;

  // Protocol actor: data, models, attribution, settlement.
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
  std::vector<Batch> batches_;
  Batch open_;  // accruing, not yet posted
  Amount validator_pool_;
  Amount unallocated_;  // contributors' shares nobody earned: to the treasury
  std::vector<std::uint64_t> stake_weights_;
  std::vector<Amount> stake_payouts_;
  std::vector<Amount> validator_stake_;  // per validator slot: mirror of its staked balance
  std::vector<ActionRecord> merged_log_;
  std::vector<Amount> pending_;            // per agent: accrued rewards not yet final
  std::vector<Amount> rewards_final_;      // per agent: rewards that became final
  std::vector<Amount> claimable_;          // per agent: final, not yet withdrawn
  std::vector<std::uint32_t> open_entry_;  // per agent: its entry in open_ (or kNoEntry)

  ActionSink* sink_ = nullptr;
};

}  // namespace coordsim::model::world
