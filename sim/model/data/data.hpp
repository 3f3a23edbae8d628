#pragma once
// The data actor system: contributors writing rows backed by stake, the protocol actor's
// registry of those rows (datanets, what it observed about them, the datanets it chooses for a
// training), the models' row sets and attribution weights with the contributors' share of fees
// each model accrued, the validators' samples of rows and the slashes they lead to, and
// contributors' entry and exit under a learning rule (docs/behaviour.md).
//
// Owns: the rows and the datanets' stats and fees, the models, the attribution rule and its
// workspace, per agent its adversary role (drawn at genesis), penalty, reputation, rows written,
// fixed-script exit, and the index below which its rows left with it; the learning contributors'
// state (Adaptive); the learning poisoners' and free riders' state (Adversaries,
// adversaries.cpp). Handlers: kContribute, kUnbonded (target: the contributor), kRow, kTrain,
// kSample, kLeave, kContributorShare (target: the protocol actor), kSlash (target: the slashed
// contributor or validator), a contributor's kReward (settlement pays it; the income is
// learned here), kStatement (target: a credited contributor; row_credit.cpp), kSybilSwitch
// (target: a Sybil identity) and kSybilReport (target: its operator; sybils.cpp). Its genesis
// (roles), first events, checkpoint sections and metric rows (metrics.hpp).
//
// The protocol actor's state is shared with the settlement (same actor, same domain): data calls
// it directly (accrue, add_unpaid, revert_pending, slash_stake_record), and the world splits the
// models' pools into the open batch (split_model_pools) before the batch posts.
//
// Read by others, never written: the roles (settlement labels rewards by them), the
// encoding of a validator's accuracy in a kSample payload (kFractionScale: the validators'
// kValidate).
#include <cstdint>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "kernel/rng.hpp"
#include "kernel/time.hpp"
#include "model/actor/context.hpp"
#include "model/actor/population.hpp"
#include "model/actor/registry.hpp"
#include "model/actor/role.hpp"
#include "model/attribution/observed_quality.hpp"
#include "model/attribution/rules.hpp"
#include "model/behaviour/learning.hpp"
#include "model/data/period_books.hpp"
#include "model/ledger/ledger.hpp"
#include "model/settlement/settlement.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::data {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;
using ledger::Wide;

// The data system's vocabulary from the actor layer and the scenario, for all its sources.
using actor::code;
using actor::Counter;
using actor::kFractionScale;  // the kSample payload's encoding (actor/event_kinds.hpp)
using actor::Kind;
using actor::Role;
using scenario::AgentKind;

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

/// The protocol actors data deals with.
struct Peers {
  AgentId protocol;
  AgentId treasury;
  settlement::Settlement* settlement = nullptr;  // the protocol actor's books (same domain)
};

class Data {
 public:
  /// Empty columns for `pop`'s agents; `unit` is base units per token. `spec`, `pop` and the
  /// settlement must outlive it (the settlement need not be constructed yet: only its address
  /// is kept).
  Data(const scenario::SpecData& spec, const actor::Population& pop, Peers peers, SimDuration block,
       std::uint64_t unit);

  // --- Build (build.cpp) ---
  /// Genesis: adversary roles among contributors, from each contributor's own stream.
  void build(actor::Streams& streams);
  /// Every contributor's first row. `add(time, target, kind)` records it.
  template <class Add>
  void initial_events(actor::Streams& streams, Add&& add) const {
    for (const AgentId c : pop_->of_kind(scenario::AgentKind::kContributor)) {
      auto r = streams.rng(c);
      const auto& params = spec_->population[pop_->group(c)].as<scenario::ContributorParams>();
      add(SimTime::zero() + actor::draw_duration(*spec_, params.row_interval, r), c,
          actor::Kind::kContribute);
    }
  }
  /// Learning contributors' state and reservation returns (contributors.cpp). Draws after the
  /// first events, so the draws of fixed groups are those of the fixed script.
  void build_contributors(actor::Streams& streams);

  // --- Handlers (data.cpp) ---
  void on_contribute(const kernel::Event& e, actor::Context& ctx);
  void on_row(const kernel::Event& e, actor::Context& ctx);
  void on_train(const kernel::Event& e, actor::Context& ctx);
  void on_sample(const kernel::Event& e, actor::Context& ctx);
  /// Takes a slash out of the target's stake and sends it on (to the treasury; under a slash
  /// bounty, part to the flagging validator). Returns what was taken (a learning validator's
  /// payoff counts it: the world tells the validators' system).
  Amount on_slash(const kernel::Event& e, actor::Context& ctx);
  // contributors.cpp
  /// A withdrawn reward arriving at a contributor: paid as any reward, learned as income.
  void on_contributor_reward(const kernel::Event& e, actor::Context& ctx);
  /// A statement arriving at a credited contributor: what one tag of its rows earned in a split
  /// (row_credit.cpp), no value.
  void on_statement(const kernel::Event& e, actor::Context& ctx);
  /// A kStatement's aux bit: its payload is what the tag's rows would have earned at the model's
  /// mean pay per row in that split, `par` (else: what they earned; base units). The tag is the
  /// low byte.
  static constexpr std::uint16_t kPar = 0x4000;
  void on_unbonded(const kernel::Event& e, actor::Context& ctx);
  void on_leave(const kernel::Event& e, actor::Context& ctx);
  // sybils.cpp
  /// An operator switches one of its identities on (aux 1) or off (aux 0).
  void on_sybil_switch(const kernel::Event& e, actor::Context& ctx);
  /// An identity reports income, a slash or a row (with its stake-ticks) to its operator.
  void on_sybil_report(const kernel::Event& e, actor::Context& ctx);
  // model_pools.cpp
  void on_contributor_share(const kernel::Event& e, actor::Context& ctx);
  /// Every model's pool, in the order their first fee of this batch arrived, split into the
  /// settlement's open batch: call before the batch posts.
  void split_model_pools(actor::Context& ctx);

  // --- Read-only views ---
  [[nodiscard]] const Rows& rows() const noexcept { return rows_; }
  /// What the protocol has observed about each datanet, and how often builders chose it.
  [[nodiscard]] const DatanetStats& datanet_stats() const noexcept { return datanet_stats_; }
  [[nodiscard]] std::uint32_t datanet_count() const noexcept {
    return static_cast<std::uint32_t>(datanet_fee_.size());
  }
  /// The publish fee of one version of datanet `d` (data.publish_fees, or incentives.publish_fee).
  [[nodiscard]] Amount datanet_fee(std::size_t d) const noexcept { return datanet_fee_[d]; }
  /// How many datanets a training of a builder with these params publishes.
  [[nodiscard]] std::uint32_t datanets_per_model(
      const scenario::ModelBuilderParams& bp) const noexcept;
  /// Adversary role per agent (honest for every non-contributor), fixed at genesis.
  [[nodiscard]] const std::vector<actor::Role>& roles() const noexcept { return role_; }
  [[nodiscard]] actor::Role role(AgentId a) const noexcept { return role_[index(a)]; }
  /// Sybil operators (0 unless the Sybils are managed: max_identities, identities or rule set).
  [[nodiscard]] std::uint32_t sybil_operators() const noexcept { return sybils_.operators; }
  /// Validators' verdicts per content id (empty unless attribution.quality_source is judged;
  /// contents past its end are unchecked).
  [[nodiscard]] const std::vector<attribution::Judgements>& judgements() const noexcept {
    return judgements_;
  }
  /// Mean true usefulness v of the builders' current models (trained at least once; 0 if none):
  /// what the rows the contributors are paid for are really worth. A metric: the one place the
  /// rows' hidden quality is read besides validators' checks and the held-out evaluation.
  [[nodiscard]] double mean_model_value() const noexcept;
  /// Mean effort e in [0, 1] of the learning contributors in the economy now (0 if none; fixed
  /// groups have no effort choice). A metric.
  [[nodiscard]] double mean_contributor_effort() const;
  /// Mean hidden true quality of the rows written so far, copies excluded (0 before any): what
  /// contributors' effort buys. A metric only, like mean_model_value.
  [[nodiscard]] double mean_row_quality() const noexcept {
    return next_content_ == 0 ? 0.0 : quality_sum_ / static_cast<double>(next_content_);
  }
  /// How well the rows sit where the builders train: sum over datanets of rows_d x picks_d /
  /// (rows x picks), with picks the builders' datanet choices so far (0 before any training).
  /// 1/datanets when both are spread evenly; 1 when every row is in the one datanet builders
  /// pick. A metric (contributors' datanet choice moves it).
  [[nodiscard]] double datanet_match() const noexcept;

  // --- Checkpoint (checkpoint.cpp): every column that changes; scratch is not stored ---
  /// The protocol's rows, datanets, models, penalties, reputations and contributors' exits. The
  /// world writes the settlement's section right after it, then this system's second one.
  void save(kernel::ArchiveWriter& out) const;
  /// The rows that left with their contributors and the learning contributors' state.
  void save_contributors(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged or foreign archive.
  void load(kernel::ArchiveReader& in);
  void load_contributors(kernel::ArchiveReader& in);

  /// The kinds this system handles alone (actor/registry.hpp; the world's dispatch table is built
  /// from it). Kinds shared with another system are the world's dispatch exceptions
  /// (world/systems.hpp).
  using Handlers =
      actor::Handlers<actor::On<actor::Kind::kContributorShare, &Data::on_contributor_share>,
                      actor::On<actor::Kind::kContribute, &Data::on_contribute>,
                      actor::On<actor::Kind::kRow, &Data::on_row>,
                      actor::On<actor::Kind::kSample, &Data::on_sample>,
                      actor::On<actor::Kind::kUnbonded, &Data::on_unbonded>,
                      actor::On<actor::Kind::kLeave, &Data::on_leave>,
                      actor::On<actor::Kind::kSybilSwitch, &Data::on_sybil_switch>,
                      actor::On<actor::Kind::kSybilReport, &Data::on_sybil_report>,
                      actor::On<actor::Kind::kStatement, &Data::on_statement>>;

 private:
  // data.cpp
  /// The protocol's choice of `count` datanets for builder `b` into chosen_ (greedy on
  /// quality - price_weight x fee, ties from the builder's home datanet on; each pick random with
  /// probability explore). Returns how many picks were random.
  std::uint32_t choose_datanets(AgentId b, std::uint32_t count,
                                const scenario::ModelBuilderParams& bp, actor::Context& ctx);
  /// With the event log on: a model's new attribution (`attribution` row) and its positive
  /// weights as the split's integers (`weight` rows), so a replay can re-derive its payouts.
  void log_weights(AgentId b, const attribution::Attribution& a, actor::Context& ctx);

  // model_pools.cpp
  /// Splits a model's pool by its attribution weights into the settlement's open batch.
  void split_model_pool(actor::Context& ctx, std::uint32_t slot);

  // contributors.cpp: contributors' entry, row rate and exit under a learning rule. A
  // contributor group with rule `fixed` never reaches these.
  [[nodiscard]] bool adaptive(AgentId c) const noexcept {
    return !adaptive_.learners.empty() &&
           adaptive_.learners[pop_->group(c)].spec().rule != behaviour::Rule::kFixed &&
           !sybil_managed(c) && !adversary_learns(c);
  }
  /// At a contributor's own event: its decision if one is due (learn the period's payoff, draw
  /// the next choice, enter or exit). Returns the level it is at now (0: out).
  std::uint32_t decide_if_due(AgentId c, actor::Context& ctx);
  /// The payoff of the period now ending, learned for the level held over it; starts the next.
  void close_period(AgentId c, SimTime now, const ledger::Ledger& ledger);
  /// Effort e = k / (E - 1) in [0, 1] of effort level k of a group with E = effort_levels.
  [[nodiscard]] static double effort_of(const scenario::ContributorBehaviour& b,
                                        std::uint32_t k) noexcept;
  /// Learning contributor `c` chooses the datanet it writes to (behaviour.choose_datanets).
  [[nodiscard]] bool chooses_datanet(AgentId c) const noexcept {
    return !adaptive_.datanet_learners.empty() &&
           adaptive_.datanet_learners[pop_->group(c)].actions() > 1;
  }
  /// Learning contributor `c` chooses its effort (behaviour.effort_levels > 1).
  [[nodiscard]] bool chooses_effort(AgentId c) const noexcept {
    return !adaptive_.effort_learners.empty() &&
           adaptive_.effort_learners[pop_->group(c)].actions() > 1;
  }
  /// Learning contributor `c` is told what each of its rows' tags earned (it chooses effort or
  /// datanets): the protocol's side of the stock credit.
  [[nodiscard]] bool credited(AgentId c) const noexcept {
    return !adaptive_.effort_learners.empty() && adaptive(c) &&
           (chooses_effort(c) || chooses_datanet(c));
  }
  // Stock credit (row_credit.cpp, docs/behaviour.md "Stock credit").
  static constexpr std::uint32_t kTagSlots = 16;  // effort levels, datanet offsets: at most 16
  /// Columns per contributor slot of the stock credit's books: effort levels, then datanets.
  static constexpr std::size_t kTagColumns = std::size_t{2} * kTagSlots;
  /// A credited contributor's rows held, integrated over time since the last note, per tag slot.
  void note_rows(std::uint32_t i, SimTime now);
  /// The period's rows (fresh), written under effort level `k` and datanet offset `o`, join the
  /// rows held: at the end of the period they were written in.
  void mature_rows(std::uint32_t i, std::uint32_t k, std::uint32_t o);
  /// Every row held leaves with an exit.
  void drop_rows(std::uint32_t i, SimTime now);
  /// At the end of a period in (row_ticks brought up to it): the effort and datanet learners
  /// learn each level's (datanet's) credited payoff.
  void learn_stock(AgentId c, SimDuration held, SimDuration day);
  /// Protocol, at a training of model `slot` (its weights computed, scratch_rows_ still holding
  /// the observed qualities): each credited payee's share of its weight per row tag (credit).
  void build_credit(std::uint32_t slot);
  /// Protocol, at a split of model `slot`: statements of what each credited payee's rows
  /// earned, per tag (kStatement events, carrying no value).
  void send_statements(std::uint32_t slot, actor::Context& ctx);
  /// Adds the staked balance x time since the last change to the period's integral.
  void note_stake(AgentId c, SimTime now, const ledger::Ledger& ledger);
  void exit_market(AgentId c, actor::Context& ctx);
  /// Contributor `c` unstakes its whole staked balance (staked -> unbonding, liquid by a
  /// kUnbonded after incentives.unbonding_delay): an exit's, or an idle Sybil identity's. Returns
  /// the amount, zero if there was none or the ledger refused.
  Amount unstake_all(AgentId c, actor::Context& ctx);

  // sybils.cpp: Sybil operators and their identities (docs/behaviour.md, "Sybils").
  /// A Sybil identity run by the operator machinery (else the legacy one-identity Sybil).
  [[nodiscard]] bool sybil_managed(AgentId c) const noexcept {
    return sybils_.managed && role_[index(c)] == actor::Role::kSybil;
  }
  /// Genesis of the operators' blocks and state (from build()).
  void build_sybils(actor::Streams& streams);
  /// The operator (first identity) of Sybil identity `c`'s block.
  [[nodiscard]] AgentId sybil_operator(AgentId c) const noexcept;
  /// At a managed Sybil identity's kContribute: the operator's decision if due; true if the
  /// identity is on and writes a row now, false if it went (or stays) idle.
  bool sybil_turn(AgentId c, actor::Context& ctx);
  /// The operator's decision, when one is due: learn the period, choose k, switch identities.
  void sybil_decide_if_due(AgentId op, actor::Context& ctx);
  /// An identity's staked balance x ticks since its last report, reported to its operator.
  void sybil_report_stake(AgentId c, actor::Context& ctx);
  // kSybilReport's aux: what the payload is.
  static constexpr std::uint16_t kReportIncome = 0;   // a reward received (base units)
  static constexpr std::uint16_t kReportSlashed = 1;  // stake slashed (base units)
  static constexpr std::uint16_t kReportRow = 2;      // a row event staked (payload unused)
  static constexpr std::uint16_t kReportStake = 3;    // staked balance x ticks since last report
  /// Tells identity `c`'s operator (directly if `c` is it, else by a kSybilReport event).
  void sybil_report(AgentId c, std::uint16_t what, std::uint64_t amount, actor::Context& ctx);
  /// The protocol's source row for a managed Sybil identity's next copy.
  std::uint32_t sybil_source(AgentId c, kernel::Rng& r);

  // adversaries.cpp: poisoners and free riders that stop or continue (docs/behaviour.md,
  // "Poisoners and free riders").
  /// A poisoner or free rider whose role's rule (adversaries.poisoner.rule, .free_rider.rule) is
  /// a learning rule; such an agent never learns as a contributor (adaptive() is false).
  [[nodiscard]] bool adversary_learns(AgentId c) const noexcept {
    if (adversaries_.on.empty()) return false;
    const actor::Role role = role_[index(c)];
    return (role == actor::Role::kPoisoner && adversaries_.poisoners) ||
           (role == actor::Role::kFreeRider && adversaries_.free_riders);
  }
  /// Genesis of the learning adversaries' state (from build(), after the roles; no draws).
  void build_adversaries();
  /// At a learning adversary's kContribute: its decision if due; true if it continues and writes
  /// a row now, false if it stopped (it then waits for its next decision).
  bool adversary_turn(AgentId c, actor::Context& ctx);
  /// The active-adversary counters (poisoners_active, free_riders_active) move by `delta` for
  /// `c`'s role (nothing for other roles).
  void count_adversary(AgentId c, std::int64_t delta, actor::Context& ctx) const;
  /// A learning adversary's staked balance x ticks since the last note, into its period.
  void adversary_note_stake(AgentId c, SimTime now, const ledger::Ledger& ledger);
  void save_adversaries(kernel::ArchiveWriter& out) const;
  void load_adversaries(kernel::ArchiveReader& in);

  const scenario::SpecData* spec_;
  const actor::Population* pop_;
  Peers peers_;
  SimDuration block_;
  std::uint64_t unit_;  // base units per token

  std::vector<actor::Role> role_;      // adversary role per agent (contributors)
  std::vector<double> penalty_;        // per agent
  std::vector<std::uint8_t> exited_;   // contributors that could no longer stake
  std::vector<std::int64_t> rows_of_;  // rows contributed per agent
  Rows rows_;
  std::vector<std::vector<std::uint32_t>> rows_by_datanet_;  // row indices, in arrival order
  DatanetStats datanet_stats_;
  std::vector<Amount> datanet_fee_;    // per datanet: publish fee of one version (from the spec)
  std::vector<double> datanet_score_;  // scratch of choose_datanets
  std::vector<std::uint8_t> datanet_taken_;  // scratch of choose_datanets
  std::vector<std::uint32_t> chosen_;        // scratch: the datanets of the training at hand
  std::uint32_t next_content_ = 0;
  /// Sum of the hidden true quality of original rows (not copies), in row order: the metric
  /// mean_row_quality. Not stored: load() sums the stored rows again in the same order.
  double quality_sum_ = 0.0;
  /// A credited payee's share of its weight in a model from the rows of one tag (stock credit).
  struct CreditShare {
    std::uint32_t player = 0;  // index into the model's weights.contributors
    std::uint32_t row = 0;     // one of its rows there (all left together if this one did)
    std::uint32_t tag = 0;     // effort level x kTagSlots + datanet offset
    std::uint32_t count = 0;   // its rows of this tag in the model
    double share = 0.0;        // of the player's weight in the model (sum 1 per player)
    double even = 0.0;         // of the model's rows (count / rows in the model)
  };
  struct Model {
    std::vector<std::uint32_t> rows;  // row indices
    std::vector<CreditShare> credit;  // stock credit: empty unless a payee is credited
    attribution::Attribution weights;
    bool trained = false;
    bool served = false;
    /// v(rows) with the rows' hidden true quality: for the metric model_value only, never read
    /// by a rule (their weights come from observer_'s qualities).
    double true_value = 0.0;
    Amount pool;                  // contributors' share accrued since the last split
    Wide pool_time_weighted = 0;  // sum of amount x accrual tick of that pool
  };
  std::vector<std::uint32_t> active_models_;  // models with a pool, in order of first fee
  std::vector<Model> models_;                 // per model builder
  attribution::RuleConfig rule_;
  /// What the rules read as a row's quality (attribution.quality_source): never rows_.quality
  /// itself unless the scenario names the truth oracle.
  attribution::QualityObserver observer_;
  /// Validators' verdicts per content id, pooled over its copies (protocol actor; kept only when
  /// the source is judged, else empty; may be shorter than next_content_: absent = unchecked).
  std::vector<attribution::Judgements> judgements_;
  attribution::Workspace workspace_;
  std::vector<std::uint64_t> logged_weights_;  // scratch of log_weights
  std::vector<attribution::Row> scratch_rows_;
  std::vector<double> reputation_;

  // Contributors under a learning rule (contributors.cpp), per contributor slot; empty when
  // every contributor group is `fixed`. Each column is its contributor's own state.
  struct Adaptive {
    std::vector<behaviour::Learners> learners;  // per group; kFixed (unused) for other groups
    std::vector<std::uint8_t> level;            // action held: 0 out; j >= 1 in at rate level j
    PeriodBooks books;                          // the current decision period
    std::vector<SimTime> stake_since;  // when books.stake_ticks was last brought up to date
    std::vector<Amount> reservation;   // outside option, base units per day (from the spec)
    /// Per group, when some group has behaviour.choose_datanets: a second learner over the
    /// group's datanets per contributor (1 action, unused, for groups that do not choose).
    std::vector<behaviour::Learners> datanet_learners;
    std::vector<std::uint8_t> datanet;  // the datanet (offset among its own) of this period
    /// Per group, when some group chooses effort or datanets: a learner over the group's effort
    /// levels (1 action, unused, for groups that do not choose effort).
    std::vector<behaviour::Learners> effort_learners;
    std::vector<std::uint8_t> effort;  // the effort level of this period
    /// Stock credit, per slot x 2 kTagSlots (effort levels, then datanet offsets): rows held,
    /// rows held x ticks over the period, what the protocol said those rows earned, and what
    /// they would have earned at the mean pay per row of the splits that paid them.
    std::vector<std::uint32_t> held;
    std::vector<Wide> row_ticks;
    std::vector<Amount> credit;
    std::vector<Amount> par;           // what those rows would have earned at the mean pay per row
    std::vector<SimTime> held_since;   // per slot: row_ticks brought up to date
    std::vector<std::uint32_t> fresh;  // per slot: rows written this period (held from its end)
  };
  Adaptive adaptive_;
  // Protocol actor: per agent, its rows below this index left with it (0: none).
  std::vector<std::uint32_t> left_before_;
  // Protocol actor, stock credit: per row its tag (effort level x kTagSlots + datanet offset, as
  // its credited contributor labelled it; 0 for others); empty when nobody is credited. Never
  // read by a rule. And the scratch of build_credit.
  std::vector<std::uint8_t> row_tag_;
  std::vector<CreditShare> credit_scratch_;
  std::vector<double> credit_sum_;

  // Sybil operators (sybils.cpp); columns per contributor slot, each written only by the actor
  // it belongs to: the identity's (on, looping, stake_since), the operator's (the rest but the
  // protocol's sources and copied). Empty unless managed.
  struct Sybils {
    bool managed = false;  // max_identities, identities or rule differ from the legacy Sybil
    std::uint32_t operators = 0;
    std::vector<behaviour::Learners> learners;  // per group, when rule is a learning rule
    std::vector<std::uint8_t> on;               // identity: its operator has it running
    std::vector<std::uint8_t> looping;          // identity: its kContribute chain is scheduled
    std::vector<SimTime> stake_since;           // identity: stake reported up to this time
    std::vector<std::uint8_t> k;                // operator: identities it runs now
    std::vector<std::uint8_t> action;           // operator: action held over the period
    PeriodBooks books;  // operator: its identities' period together (rows: their row events)
    std::vector<std::uint32_t> copied;                // protocol: copy events per identity
    std::vector<std::vector<std::uint32_t>> sources;  // protocol: per operator, copy sources
  };
  Sybils sybils_;

  // Poisoners and free riders under a learning rule (adversaries.cpp); columns per contributor
  // slot, each its own agent's state. Empty unless poisoner.rule or free_rider.rule learns.
  struct Adversaries {
    bool poisoners = false;    // adversaries.poisoner.rule is a learning rule
    bool free_riders = false;  // adversaries.free_rider.rule is a learning rule
    std::vector<behaviour::Learners> poisoner_learners;    // per group (contributor groups)
    std::vector<behaviour::Learners> free_rider_learners;  // per group (contributor groups)
    std::vector<std::uint8_t> on;      // 1: continuing (in from genesis), 0: stopped
    PeriodBooks books;                 // the current decision period
    std::vector<SimTime> stake_since;  // when books.stake_ticks was last brought up to date
  };
  Adversaries adversaries_;
};

}  // namespace coordsim::model::data
