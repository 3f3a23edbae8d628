#pragma once
// The typed, fully resolved scenario. Every field has been validated and defaulted by the loader
// (load.hpp); docs/scenarios.md documents each key, its unit, default and range. Field names are
// the scenario's key names, so `sessions.caps.total` in YAML is `spec->sessions.caps.total` here.
//
// A Spec is immutable: it shares one const SpecData, so copying is cheap and nothing can change
// a scenario behind a running simulation's back. Defaults live in the loader's schema only; the
// structs below have none, so there is one place where a default is written.
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "kernel/time.hpp"
#include "scenario/distribution.hpp"
#include "scenario/enums.hpp"
#include "scenario/extension_params.hpp"
#include "scenario/units.hpp"

namespace coordsim::scenario {

struct TokenSpec {
  std::string symbol;
  std::int32_t decimals = 0;  // base units per token = 10^decimals
  Amount supply;              // the whole genesis supply, in base units
  friend bool operator==(const TokenSpec&, const TokenSpec&) = default;
};

// Distributions of token amounts are in base units, of durations in microseconds.
struct PrincipalParams {
  std::int64_t agents =
      0;  // ai_agents each principal delegates to (round-robin over the population)
  Distribution grant_budget;
  bool watch = false;
  Distribution detection_delay;
  double anomaly_factor = 0.0;
  // The scope of its grants: the actions (names of sessions::Action), and how many counterparties
  // of each kind a grant lists (0: any target). docs/sessions.md, "Scope in the economy".
  std::vector<std::string> scope_actions;
  std::int64_t scope_targets = 0;
  friend bool operator==(const PrincipalParams&, const PrincipalParams&) = default;
};
struct AiAgentParams {
  Strategy strategy{};
  Distribution action_interval;
  Distribution trade_size;
  double inference_share = 0.0;
  double transfer_share = 0.0;
  double subdelegate_probability = 0.0;
  Ppm slippage;  // a trade's limit: this far past the last price the agent saw
  // Inference demand: an inference is bought with probability min(1, (p_ref / p)^elasticity)
  // at price p, p_ref = inference_reference (elasticity 0: always, today's demand).
  double inference_elasticity = 0.0;
  Amount inference_reference;
  // Competition between builders: 0 picks a builder uniformly (today); k >= 1 draws k builders
  // among those the public price board shows serving and buys from the cheapest of them.
  std::int64_t inference_sample = 0;
  friend bool operator==(const AiAgentParams&, const AiAgentParams&) = default;
};
/// A learning rule and its parameters, as every deciding group's `behaviour:` map names them
/// (docs/behaviour.md; model/behaviour/from_scenario.hpp turns it into the rule's Spec).
struct LearningRuleParams {
  BehaviourRule rule{};
  // logit
  double temperature = 0.0;  // tokens per day
  double step = 0.0;
  double initial_estimate = 0.0;  // tokens per day
  // roth_erev
  double forgetting = 0.0;
  double experimentation = 0.0;
  double initial_propensity = 0.0;
  double payoff_floor = 0.0;  // tokens per day
  double min_propensity = 0.0;
  // ewa
  double phi = 0.0;
  double delta = 0.0;
  double kappa = 0.0;
  double lambda = 0.0;  // per (token per day)
  double initial_attraction = 0.0;
  double initial_experience = 0.0;
  friend bool operator==(const LearningRuleParams&, const LearningRuleParams&) = default;
};
/// How a contributor group decides to enter, stay, write rows and exit (docs/behaviour.md).
/// rule kFixed: today's script (every contributor is in from the start and writes rows until it
/// cannot stake); the other fields are then unused. Payoffs and returns are in base units per day.
struct ContributorBehaviour : LearningRuleParams {
  Micros period;                    // time between one contributor's decisions
  Distribution reservation_return;  // outside option per agent, base units per day
  Amount effort_per_row;            // cost of the work of writing one row
  Ppm opportunity_cost;             // of the staked balance, per day
  std::int64_t levels = 0;          // row-rate levels an active contributor chooses among
  // Effort (contributors only; builders ignore these): effort level k of E has effort
  // e = k / (E - 1) (e = 0 when E = 1), raises a row's quality q to q + effort_quality x e x (1 -
  // q) and costs effort_per_row x (1 + effort_cost x e) per row.
  std::int64_t effort_levels = 0;
  double effort_quality = 0.0;
  double effort_cost = 0.0;
  bool choose_datanets = false;  // learn which of its datanets to write to (else: each at random)
  // Effort and datanet learners credit each level (datanet) with what its rows earned per row
  // held, over this horizon against the cost of a row (docs/behaviour.md, "Stock credit").
  Micros row_life;
  friend bool operator==(const ContributorBehaviour&, const ContributorBehaviour&) = default;
};
/// How a model builder group prices inference and decides to stay (docs/behaviour.md): the
/// contributors' keys (rule, period, reservation_return, levels and the rules' parameters; not
/// effort_per_row or opportunity_cost) and the price grid's spread and the serving cost.
/// rule kFixed: today's builder (its drawn price for ever, never exits).
struct BuilderBehaviour : ContributorBehaviour {
  double price_spread = 0.0;  // the grid runs from list / spread to list x spread
  Amount serving_cost;        // cost of serving one inference, outside the token economy
  friend bool operator==(const BuilderBehaviour&, const BuilderBehaviour&) = default;
};
struct ContributorParams {
  Distribution row_interval;
  Distribution quality;
  std::int64_t datanets = 0;
  ContributorBehaviour behaviour;
  friend bool operator==(const ContributorParams&, const ContributorParams&) = default;
};
struct ModelBuilderParams {
  Distribution price;
  Micros retrain_interval;
  std::int64_t datanets_per_model = 0;
  double price_weight = 0.0;  // quality share one token of publish fee is worth
  double explore = 0.0;       // probability that a datanet is picked at random
  BuilderBehaviour behaviour;
  friend bool operator==(const ModelBuilderParams&, const ModelBuilderParams&) = default;
};
/// How a validator group decides (docs/behaviour.md, "Validators"): `fixed` is the script (every
/// validator checks at its full rate and the group's accuracy from genesis on); a learning rule
/// chooses each period between out (unstaked) and in at an effort level e in 0..levels (checks at
/// e/levels of the full rate) and, checking, a care level c in 0..care_levels-1 (accuracy from
/// care_floor at c = 0 up to the group's accuracy at the top level, care_cost_per_check x c^2
/// more per check).
struct ValidatorBehaviour : LearningRuleParams {
  Micros period;                    // time between one validator's decisions
  Distribution reservation_return;  // outside option per agent, base units per day
  Amount effort_per_check;          // cost of the work of one check
  Ppm opportunity_cost;             // of the staked balance, per day
  std::int64_t levels = 0;          // effort levels above 0 (idle)
  std::int64_t care_levels = 1;     // 1: every check at the group's accuracy (no care choice)
  double care_floor = 0.0;          // accuracy at the lowest care level
  Amount care_cost_per_check;       // extra cost per check of care level c: this x c^2
  friend bool operator==(const ValidatorBehaviour&, const ValidatorBehaviour&) = default;
};
struct ValidatorParams {
  Distribution stake;
  Distribution accuracy;
  Distribution sample_interval;
  ValidatorBehaviour behaviour;
  friend bool operator==(const ValidatorParams&, const ValidatorParams&) = default;
};
struct MarketMakerParams {
  Distribution liquidity;
  Distribution arbitrage_interval;
  Ppm spread;               // order book: width of the maker's quotes around the reference
  Distribution quote_size;  // order book: tokens offered on each side per requote
  friend bool operator==(const MarketMakerParams&, const MarketMakerParams&) = default;
};

/// The alternative's index equals the group's AgentKind; a kind registered from outside
/// sim/scenario (scenario/kind.hpp) keeps its params in the last one, ExtensionParams.
using GroupParams =
    std::variant<PrincipalParams, AiAgentParams, ContributorParams, ModelBuilderParams,
                 ValidatorParams, MarketMakerParams, ExtensionParams>;

/// Whether P is one of the variant's alternatives (std::get of another type does not compile).
template <class P, class... A>
constexpr bool is_alternative(std::variant<A...>* /*tag*/) {
  return (std::is_same_v<P, A> || ...);
}

struct Group {
  std::string name;
  AgentKind kind{};
  std::int64_t count = 0;
  Distribution endowment;
  GroupParams params;

  /// The kind-specific parameters; throws std::bad_variant_access if P is not this group's kind.
  template <class P>
  [[nodiscard]] const P& as() const {
    if constexpr (is_alternative<P>(static_cast<GroupParams*>(nullptr))) {
      return std::get<P>(params);
    } else {
      return std::get<ExtensionParams>(params).get<P>();
    }
  }
  friend bool operator==(const Group&, const Group&) = default;
};

struct NetworkSpec {
  NetworkModel model{};
  double mean_degree = 0.0;
  std::int64_t attach = 0;
  double rewire = 0.0;
  double exponent = 0.0;
  std::string file;  // absolute path for edge_list, else empty
  friend bool operator==(const NetworkSpec&, const NetworkSpec&) = default;
};

struct SessionCaps {
  Amount total;
  Amount per_action;
  Amount per_period;
  Micros period;
  std::int64_t calls = 0;
  friend bool operator==(const SessionCaps&, const SessionCaps&) = default;
};
struct SessionPolicy {
  Micros default_ttl;
  Micros max_ttl;
  bool allow_unlimited = false;
  bool allow_never_expiring = false;
  std::int64_t max_depth = 0;
  CapAccounting cap_accounting{};
  SessionCaps caps;
  RenewPolicy renew{};
  Micros renew_before;
  friend bool operator==(const SessionPolicy&, const SessionPolicy&) = default;
};

struct ReferencePrice {
  ReferenceModel model{};
  double drift = 0.0;       // per day
  double volatility = 0.0;  // per sqrt(day)
  Micros interval;
  friend bool operator==(const ReferencePrice&, const ReferencePrice&) = default;
};
struct MarketSpec {
  MarketType type{};
  Ppm fee;
  double initial_price = 0.0;  // quote units per token
  Amount pool_tokens;
  ReferencePrice reference;
  friend bool operator==(const MarketSpec&, const MarketSpec&) = default;
};

/// Validators' judgements as a quality: a Beta(prior_good, prior_bad) prior on "the content is
/// good", quality good_quality if good, bad_quality if bad (model::attribution::JudgementPrior).
struct JudgedQualitySpec {
  double prior_good = 1.0;
  double prior_bad = 1.0;
  double good_quality = 1.0;
  double bad_quality = -0.5;
  friend bool operator==(const JudgedQualitySpec&, const JudgedQualitySpec&) = default;
};
/// A held-out evaluation: true quality + noise_sd x N(0, 1), per content.
struct HeldOutQualitySpec {
  double noise_sd = 0.1;
  friend bool operator==(const HeldOutQualitySpec&, const HeldOutQualitySpec&) = default;
};

struct AttributionSpec {
  AttributionRule rule{};
  QualitySource quality_source{};  // what the rules read as a row's quality
  std::int64_t samples = 0;
  double reputation_weight = 0.0;
  double usefulness_scale = 1.0;    // s in v(Q) = 1 - exp(-Q / s), in quality units
  double similarity_penalty = 1.0;  // lambda of shapley_robust
  JudgedQualitySpec judged;
  HeldOutQualitySpec held_out;
  friend bool operator==(const AttributionSpec&, const AttributionSpec&) = default;
};

struct FeeSplit {
  Ppm protocol;
  Ppm builder;
  Ppm validators;
  Ppm contributors;
  friend bool operator==(const FeeSplit&, const FeeSplit&) = default;
};
struct IncentiveSpec {
  FeeSplit fee_split;  // sums to exactly kPpmPerOne
  Amount stake_per_row;
  Ppm slash_fraction;
  Ppm validator_slash_fraction;
  Ppm slash_bounty;  // of a correctly flagged contributor's slash, to the flagging validator
  double penalty_threshold = 0.0;
  Amount publish_fee;
  Micros unbonding_delay;  // between a request to unstake and the tokens being liquid again
  friend bool operator==(const IncentiveSpec&, const IncentiveSpec&) = default;
};

struct DataSpec {
  std::int64_t datanets = 0;
  std::vector<Amount> publish_fees;  // one per datanet, or empty: all cost incentives.publish_fee
  friend bool operator==(const DataSpec&, const DataSpec&) = default;
};

struct SettlementSpec {
  std::int64_t batch_blocks = 0;
  Micros challenge_window;
  double challenge_probability = 0.0;
  friend bool operator==(const SettlementSpec&, const SettlementSpec&) = default;
};

struct KeyCompromise {
  double rate = 0.0;  // fraction of ai_agents compromised per day
  Micros start;
  friend bool operator==(const KeyCompromise&, const KeyCompromise&) = default;
};
/// Sybil operators (docs/behaviour.md, "Sybils"): each owns a block of max_identities consecutive
/// contributors of one group, runs k of them (fixed `identities`, or chosen each period by `rule`
/// from 1, 2, 4, ... max_identities or stop), each identity writing `copies` copies per row.
struct SybilSpec {
  double fraction = 0.0;  // of contributors
  std::int64_t copies = 0;
  std::int64_t max_identities = 1;
  std::int64_t identities = 1;
  BehaviourRule rule = BehaviourRule::kFixed;
  friend bool operator==(const SybilSpec&, const SybilSpec&) = default;
};
/// Poisoners and free riders (docs/behaviour.md, "Poisoners and free riders"): `rule` fixed
/// keeps every one in from genesis until it cannot stake; a learning rule chooses each period
/// between stop and continue from its realised payoff.
struct PoisonerSpec {
  double fraction = 0.0;  // of contributors
  Distribution quality;
  BehaviourRule rule = BehaviourRule::kFixed;
  friend bool operator==(const PoisonerSpec&, const PoisonerSpec&) = default;
};
struct FreeRiderSpec {
  double fraction = 0.0;  // of contributors
  BehaviourRule rule = BehaviourRule::kFixed;
  friend bool operator==(const FreeRiderSpec&, const FreeRiderSpec&) = default;
};
/// A bug in the shared spender (the market's router): from `at` for `duration` the attacker
/// spends every live approval that may swap through the market, up to its caps (duration 0: off).
struct RouterBug {
  Micros at;
  Micros duration;
  friend bool operator==(const RouterBug&, const RouterBug&) = default;
};
/// A `fraction` of grants is inflated: any target, every agent action, and `factor` times the
/// lifetime (at most sessions.max_ttl).
struct ApprovalInjection {
  double fraction = 0.0;
  double factor = 1.0;
  friend bool operator==(const ApprovalInjection&, const ApprovalInjection&) = default;
};
struct AdversarySpec {
  KeyCompromise key_compromise;
  RouterBug router_bug;
  ApprovalInjection approval_injection;
  SybilSpec sybil;
  PoisonerSpec poisoner;
  FreeRiderSpec free_rider;
  friend bool operator==(const AdversarySpec&, const AdversarySpec&) = default;
};

struct EventOutput {
  bool enabled = false;
  std::vector<std::string> kinds;   // empty = all
  std::vector<std::string> groups;  // empty = all
  friend bool operator==(const EventOutput&, const EventOutput&) = default;
};
struct OutputSpec {
  std::string path;
  Micros sample_interval;
  EventOutput events;
  std::vector<Micros> snapshots;  // strictly increasing
  Micros checkpoint_every;        // 0 = off
  friend bool operator==(const OutputSpec&, const OutputSpec&) = default;
};

struct InvariantSpec {
  InvariantCheck check{};
  bool conservation = false;
  bool authorisation = false;
  bool budget_balance = false;
  friend bool operator==(const InvariantSpec&, const InvariantSpec&) = default;
};

struct SpecData {
  std::string name;
  std::string description;
  std::uint64_t seed = 0;
  Micros duration;
  Micros tick;
  Micros block_interval;
  std::int64_t threads = 0;  // 0 = all cores; never changes results
  TokenSpec token;
  std::vector<Group> population;
  NetworkSpec network;
  SessionPolicy sessions;
  MarketSpec market;
  AttributionSpec attribution;
  IncentiveSpec incentives;
  DataSpec data;
  SettlementSpec settlement;
  AdversarySpec adversaries;
  OutputSpec output;
  InvariantSpec invariants;

  /// A scenario duration in whole ticks (nearest; the loader rejects positive durations that
  /// would round to zero).
  [[nodiscard]] kernel::SimDuration ticks(Micros d) const { return to_ticks(d, tick); }
  /// Sum of all groups' counts.
  [[nodiscard]] std::int64_t total_agents() const noexcept {
    std::int64_t n = 0;
    for (const auto& g : population) n += g.count;
    return n;
  }
  friend bool operator==(const SpecData&, const SpecData&) = default;
};

class Spec;
namespace detail {
Spec make_spec(SpecData data, std::string yaml);
}  // namespace detail

/// An immutable, validated scenario; only the loader makes one.
class Spec {
 public:
  [[nodiscard]] const SpecData& data() const noexcept { return state_->data; }
  [[nodiscard]] const SpecData& operator*() const noexcept { return state_->data; }
  [[nodiscard]] const SpecData* operator->() const noexcept { return &state_->data; }
  /// The fully resolved scenario as canonical YAML: what to_yaml() returns.
  [[nodiscard]] const std::string& yaml() const noexcept { return state_->yaml; }
  /// FNV-1a 64 of yaml(): equal scenarios have equal hashes on every platform and build.
  [[nodiscard]] std::uint64_t hash() const noexcept { return state_->hash; }

  friend bool operator==(const Spec& a, const Spec& b) {
    return a.state_->data == b.state_->data && a.state_->yaml == b.state_->yaml;
  }

 private:
  struct State {
    SpecData data;
    std::string yaml;
    std::uint64_t hash = 0;
  };
  explicit Spec(std::shared_ptr<const State> state) : state_(std::move(state)) {}
  friend Spec detail::make_spec(SpecData data, std::string yaml);

  std::shared_ptr<const State> state_;  // never null
};

}  // namespace coordsim::scenario
