#include "scenario/schema.hpp"

#include <array>
#include <string>

#include "scenario/kind.hpp"
#include "scenario/text.hpp"

namespace coordsim::scenario::detail {
namespace {

template <class P>
P& params(Group& g) {
  if (!std::holds_alternative<P>(g.params)) g.params.template emplace<P>();
  return std::get<P>(g.params);
}

KeySpec top(std::string_view path, TopSetter set, Type type, std::string_view def,
            std::string_view doc) {
  KeySpec k;
  k.path = path;
  k.set_top = set;
  k.type = type;
  k.default_text = def;
  k.doc = doc;
  return k;
}

KeySpec grp(int kind, std::string_view path, GroupSetter set, Type type, std::string_view def,
            std::string_view doc) {
  KeySpec k;
  k.kind = kind;
  k.path = path;
  k.set_group = set;
  k.type = type;
  k.default_text = def;
  k.doc = doc;
  return k;
}

// The row's path is the field's name: the key `sessions.caps.total` fills
// SpecData::sessions.caps.total, and a typo in either fails to compile.
#define COORDSIM_TOP(member) #member, [](SpecData & d, const Value& v) { assign(d.member, v); }
#define COORDSIM_COMMON(member) -1, #member, [](Group& g, const Value& v) { assign(g.member, v); }
#define COORDSIM_KIND(kind, P, member)        \
  static_cast<int>(AgentKind::kind), #member, \
      [](Group& g, const Value& v) { assign(params<P>(g).member, v); }
#define COORDSIM_BUILDER(member) COORDSIM_KIND(kModelBuilder, ModelBuilderParams, behaviour.member)

constexpr double kMaxAgents = 50'000'000;

std::vector<KeySpec> make_top_keys() {
  using T = Type;
  return {
      top(COORDSIM_TOP(name), T::kName, "", "Scenario name; names the default output file.").must(),
      top(COORDSIM_TOP(description), T::kString, "\"\"",
          "What the scenario is for, in a sentence."),
      top(COORDSIM_TOP(seed), T::kUnsigned, "1",
          "Root of every random stream: the same scenario and seed give the same run."),
      top(COORDSIM_TOP(duration), T::kDuration, "1d", "Simulated time the run covers.").above(0),
      top(COORDSIM_TOP(tick), T::kDuration, "1s",
          "Length of one tick, the simulator's time step; every duration is converted to the "
          "nearest whole number of ticks, and a positive one that rounds to 0 ticks is an error.")
          .above(0),
      top(COORDSIM_TOP(block_interval), T::kDuration, "2s",
          "Execution-layer block interval: actions apply at block boundaries.")
          .above(0),
      top(COORDSIM_TOP(threads), T::kInt, "0",
          "Worker threads, 0 = all cores. Results never depend on it.")
          .range(0, 1024),

      top(COORDSIM_TOP(token.symbol), T::kName, "TOK", "Ticker shown in reports."),
      top(COORDSIM_TOP(token.decimals), T::kInt, "6",
          "Base units per token = 10^decimals; a token amount may have at most this many "
          "fractional digits.")
          .range(0, kMaxDecimals),
      top(COORDSIM_TOP(token.supply), T::kTokens, "1000000000",
          "The whole genesis supply: what group endowments and the market pool do not take "
          "starts in the treasury. There is no mint.")
          .above(0),

      top("population", nullptr, T::kGroups, "",
          "The agent groups, at least one; see the `population` section.")
          .must(),

      top(COORDSIM_TOP(network.model), T::kEnum, "barabasi_albert",
          "Generator of the interaction graph that trading relationships follow.")
          .one_of(kNetworkModelNames),
      top(COORDSIM_TOP(network.mean_degree), T::kNumber, "4",
          "Mean number of partners per agent (erdos_renyi, watts_strogatz, power_law).")
          .above(0),
      top(COORDSIM_TOP(network.attach), T::kInt, "2",
          "Edges each new agent attaches with (barabasi_albert's m).")
          .range(1, 1000),
      top(COORDSIM_TOP(network.rewire), T::kFraction, "0.1",
          "Rewiring probability of each edge (watts_strogatz).")
          .range(0, 1),
      top(COORDSIM_TOP(network.exponent), T::kNumber, "2.5",
          "Exponent of the degree distribution (power_law).")
          .above(1),
      top(COORDSIM_TOP(network.file), T::kPath, "\"\"",
          "Edge list for edge_list: one `a b` pair of agent indices per line; relative to the "
          "scenario file that names it. Must exist; only allowed with edge_list."),

      top(COORDSIM_TOP(sessions.default_ttl), T::kDuration, "1h",
          "Time-to-live of a granted session unless the principal asks otherwise.")
          .above(0),
      top(COORDSIM_TOP(sessions.max_ttl), T::kDuration, "24h",
          "Longest time-to-live the policy allows; at least default_ttl.")
          .above(0),
      top(COORDSIM_TOP(sessions.allow_unlimited), T::kBool, "false",
          "Whether a grant may carry no total cap."),
      top(COORDSIM_TOP(sessions.allow_never_expiring), T::kBool, "false",
          "Whether a grant may have no expiry."),
      top(COORDSIM_TOP(sessions.max_depth), T::kInt, "3",
          "Deepest sub-delegation allowed (0: agents cannot sub-delegate).")
          .range(0, 64),
      top(COORDSIM_TOP(sessions.cap_accounting), T::kEnum, "per_link",
          "per_link: spending counts against every link's own caps; chain: one set of caps for "
          "the whole chain.")
          .one_of(kCapAccountingNames),
      top(COORDSIM_TOP(sessions.caps.total), T::kTokens, "100",
          "Most a session may spend over its life (a grant's budget is capped by it).")
          .at_least(0),
      top(COORDSIM_TOP(sessions.caps.per_action), T::kTokens, "10",
          "Most one action may spend; at most caps.total.")
          .at_least(0),
      top(COORDSIM_TOP(sessions.caps.per_period), T::kTokens, "50",
          "Most a session may spend per caps.period; at most caps.total.")
          .at_least(0),
      top(COORDSIM_TOP(sessions.caps.period), T::kDuration, "1h", "The window of caps.per_period.")
          .above(0),
      top(COORDSIM_TOP(sessions.caps.calls), T::kInt, "1000", "Most actions a session may perform.")
          .range(0, 1e12),
      top(COORDSIM_TOP(sessions.renew), T::kEnum, "before_expiry",
          "How principals renew sessions: before_expiry (renew_before ahead), on_demand (when "
          "the agent asks), never.")
          .one_of(kRenewPolicyNames),
      top(COORDSIM_TOP(sessions.renew_before), T::kDuration, "5m",
          "With renew: before_expiry, how long before expiry a session is renewed; less than "
          "default_ttl.")
          .at_least(0),

      top(COORDSIM_TOP(market.type), T::kEnum, "amm",
          "amm: a constant-product pool (Uniswap-v2 integer semantics); order_book: a "
          "price-time-priority limit order book; both.")
          .one_of(kMarketTypeNames),
      top(COORDSIM_TOP(market.fee), T::kPpm, "0.3%",
          "AMM swap fee, taken from the input (amm and both).")
          .range(0, kPpmPerOne - 1),
      top(COORDSIM_TOP(market.initial_price), T::kNumber, "1.0",
          "Initial price of the token, in quote units per token.")
          .range(1e-9, 1e9)
          .with_unit("quote per token"),
      top(COORDSIM_TOP(market.pool_tokens), T::kTokens, "1000000",
          "Tokens in the AMM pool at genesis, taken from the supply (amm and both; with order_book "
          "the treasury keeps them).")
          .at_least(0),
      top(COORDSIM_TOP(market.reference.model), T::kEnum, "gbm",
          "Exogenous reference price market makers arbitrage toward: gbm (geometric Brownian "
          "motion) or constant.")
          .one_of(kReferenceModelNames),
      top(COORDSIM_TOP(market.reference.drift), T::kNumber, "0", "GBM drift of the log price.")
          .with_unit("per day"),
      top(COORDSIM_TOP(market.reference.volatility), T::kNumber, "0.05",
          "GBM volatility of the log price.")
          .at_least(0)
          .with_unit("per sqrt(day)"),
      top(COORDSIM_TOP(market.reference.interval), T::kDuration, "1m",
          "How often the reference price moves.")
          .above(0),

      top(COORDSIM_TOP(attribution.rule), T::kEnum, "usage",
          "How the contributors' share of a fee is divided: usage-proportional, "
          "influence-proportional (with reputation), leave_one_out, Monte Carlo shapley, "
          "banzhaf, or shapley_robust (Shapley penalised for content other contributors also "
          "hold: copies under several identities earn no more than one).")
          .one_of(scenario_attribution_rules()),
      top(COORDSIM_TOP(attribution.samples), T::kInt, "64",
          "Monte Carlo samples per attribution (shapley, banzhaf).")
          .range(1, 1'000'000),
      top(COORDSIM_TOP(attribution.reputation_weight), T::kNumber, "1.0",
          "Weight of reputation in influence-proportional attribution.")
          .at_least(0),
      top(COORDSIM_TOP(attribution.usefulness_scale), T::kNumber, "1.0",
          "Scale s of a model's usefulness v(Q) = 1 - exp(-Q / s), Q the summed quality of its "
          "rows. Set it near a model's typical Q: far below it, v saturates and the value-based "
          "rules (leave_one_out, shapley, banzhaf) find every marginal value tiny "
          "(docs/attribution.md).")
          .above(0),
      top(COORDSIM_TOP(attribution.similarity_penalty), T::kNumber, "1.0",
          "lambda of shapley_robust: a contributor's Shapley value is multiplied by "
          "exp(-lambda x its similarity to the others). 1 or more: k identities holding copies "
          "are paid no more in total than one.")
          .at_least(0),
      top(COORDSIM_TOP(attribution.quality_source), T::kEnum, "held_out",
          "The quality the rules read for a row: held_out (a noisy held-out evaluation of its "
          "content, attribution.held_out.noise_sd), judged (validators' verdicts on its content "
          "through a Beta prior, attribution.judged.*), or truth (the hidden true quality: an "
          "oracle no protocol has, only to compare against). The truth otherwise reaches only "
          "metrics (docs/attribution.md).")
          .one_of(kQualitySourceNames),
      top(COORDSIM_TOP(attribution.held_out.noise_sd), T::kNumber, "0.1",
          "Standard deviation of the held-out evaluation's error, in quality units: the "
          "evaluation is true quality + noise_sd x N(0, 1), one draw per content. Must be "
          "positive: a perfect evaluation is the truth, named as quality_source: truth.")
          .range(0, 1'048'576)
          .above(0),
      top(COORDSIM_TOP(attribution.judged.prior_good), T::kNumber, "1.0",
          "Beta prior pseudo-count of passed checks: with prior_bad, the belief that unchecked "
          "content is good, prior_good / (prior_good + prior_bad).")
          .range(0, 1e9)
          .above(0),
      top(COORDSIM_TOP(attribution.judged.prior_bad), T::kNumber, "1.0",
          "Beta prior pseudo-count of failed checks.")
          .range(0, 1e9)
          .above(0),
      top(COORDSIM_TOP(attribution.judged.good_quality), T::kNumber, "1.0",
          "Quality credited to content judged good; a content's quality is P(good) x "
          "good_quality + (1 - P(good)) x bad_quality, P(good) = (passes + prior_good) / (checks "
          "+ prior_good + prior_bad).")
          .range(-1'048'576, 1'048'576),
      top(COORDSIM_TOP(attribution.judged.bad_quality), T::kNumber, "-0.5",
          "Quality debited for content judged bad (poisoned); below good_quality.")
          .range(-1'048'576, 1'048'576),

      top(COORDSIM_TOP(incentives.fee_split.protocol), T::kPpm, "10%",
          "Share of each inference fee to the protocol treasury.")
          .range(0, kPpmPerOne),
      top(COORDSIM_TOP(incentives.fee_split.builder), T::kPpm, "20%", "Share to the model builder.")
          .range(0, kPpmPerOne),
      top(COORDSIM_TOP(incentives.fee_split.validators), T::kPpm, "20%",
          "Share to stakers and validators.")
          .range(0, kPpmPerOne),
      top(COORDSIM_TOP(incentives.fee_split.contributors), T::kPpm, "50%",
          "Share to data contributors, divided by attribution.rule. The four shares sum to "
          "exactly 100%.")
          .range(0, kPpmPerOne),
      top(COORDSIM_TOP(incentives.stake_per_row), T::kTokens, "1",
          "Stake a contributor locks with each row.")
          .at_least(0),
      top(COORDSIM_TOP(incentives.slash_fraction), T::kPpm, "50%",
          "Fraction of a flagged row's stake that is slashed.")
          .range(0, kPpmPerOne),
      top(COORDSIM_TOP(incentives.validator_slash_fraction), T::kPpm, "10%",
          "Fraction of a validator's stake slashed for a wrong flag.")
          .range(0, kPpmPerOne),
      top(COORDSIM_TOP(incentives.slash_bounty), T::kPpm, "0",
          "Fraction of a correctly flagged contributor's slash paid to the validator that "
          "flagged the row (the rest goes to the treasury; 0: all of it, as before).")
          .range(0, kPpmPerOne),
      top(COORDSIM_TOP(incentives.penalty_threshold), T::kNumber, "3",
          "Penalty score above which a contributor earns less.")
          .at_least(0),
      top(COORDSIM_TOP(incentives.publish_fee), T::kTokens, "10",
          "Fee a model builder pays (to the treasury) for each datanet version its training "
          "publishes, i.e. per datanet per training; data.publish_fees overrides it per datanet.")
          .at_least(0),
      top(COORDSIM_TOP(incentives.unbonding_delay), T::kDuration, "1d",
          "Time between a staker's request to unstake and its tokens being liquid again (a "
          "contributor that exits under a learning rule unstakes everything).")
          .at_least(0),

      // A datanet's index travels in an event's 16 aux bits and is stored in 16 bits per row.
      top(COORDSIM_TOP(data.datanets), T::kInt, "8", "Datanets that exist at genesis.")
          .range(1, 65'535),
      top(COORDSIM_TOP(data.publish_fees), T::kTokenList, "[]",
          "Price of each datanet: the publish fee of datanet i is item i (one item per datanet); "
          "empty: every datanet costs incentives.publish_fee. Builders weigh it against observed "
          "quality (price_weight).")
          .at_least(0),

      top(COORDSIM_TOP(settlement.batch_blocks), T::kInt, "10", "Blocks per settlement batch (k).")
          .range(1, 1'000'000),
      top(COORDSIM_TOP(settlement.challenge_window), T::kDuration, "10m",
          "Challenge window W: a batch is final this long after it is posted.")
          .at_least(0),
      top(COORDSIM_TOP(settlement.challenge_probability), T::kFraction, "0.5",
          "Probability that a validator challenges a bad batch inside the window.")
          .range(0, 1),

      top(COORDSIM_TOP(adversaries.key_compromise.rate), T::kFraction, "0",
          "Fraction of ai_agents whose keys are stolen per day; the attacker drains their live "
          "sessions.")
          .range(0, 1)
          .with_unit("per day"),
      top(COORDSIM_TOP(adversaries.key_compromise.start), T::kDuration, "0s",
          "When compromises begin.")
          .at_least(0),
      top(COORDSIM_TOP(adversaries.router_bug.at), T::kDuration, "0s",
          "When a bug in the shared spender (the market's router) becomes exploitable.")
          .at_least(0),
      top(COORDSIM_TOP(adversaries.router_bug.duration), T::kDuration, "0s",
          "How long the router bug lasts (until it is patched); every block meanwhile the "
          "attacker spends every live approval that may swap through the market, up to its caps. "
          "0s = no router bug.")
          .at_least(0),
      top(COORDSIM_TOP(adversaries.approval_injection.fraction), T::kFraction, "0",
          "Fraction of grants the attacker inflates (approval injection): any target, every "
          "agent action, and `factor` times the lifetime.")
          .range(0, 1),
      top(COORDSIM_TOP(adversaries.approval_injection.factor), T::kNumber, "4",
          "How much longer an injected grant lives than the work needs (times "
          "sessions.default_ttl, at most sessions.max_ttl).")
          .range(1, 1000),
      top(COORDSIM_TOP(adversaries.sybil.fraction), T::kFraction, "0",
          "Fraction of contributors that are Sybil replicators.")
          .range(0, 1),
      top(COORDSIM_TOP(adversaries.sybil.copies), T::kInt, "5",
          "Copies of one existing row each Sybil identity writes per row event (each backed by "
          "one stake_per_row from the identity's own account).")
          .range(1, 1000),
      top(COORDSIM_TOP(adversaries.sybil.max_identities), T::kInt, "1",
          "Identities a Sybil operator owns: a block of this many consecutive contributors of "
          "one group, each its own agent with its own account and stake, all of them Sybils "
          "when the block's first contributor is drawn one (so `fraction` stays the share of "
          "contributors that are Sybil identities).")
          .range(1, 64),
      top(COORDSIM_TOP(adversaries.sybil.identities), T::kInt, "1",
          "Identities k a Sybil operator runs under rule fixed (the first k of its block; the "
          "others stay idle); at most max_identities.")
          .range(1, 64),
      top(COORDSIM_TOP(adversaries.sybil.rule), T::kEnum, "fixed",
          "How Sybil operators choose k (docs/behaviour.md, \"Sybils\"): fixed (k = identities "
          "for ever), or a learning rule (logit, roth_erev, ewa) choosing each period among "
          "stop and k = 1, 2, 4, ... up to max_identities from the summed payoff of its "
          "identities; the rule's parameters, period, effort_per_row and opportunity_cost are "
          "those of the Sybils' contributor group's behaviour map.")
          .one_of(enum_names(BehaviourRule{})),
      top(COORDSIM_TOP(adversaries.poisoner.fraction), T::kFraction, "0",
          "Fraction of contributors that poison data.")
          .range(0, 1),
      top(COORDSIM_TOP(adversaries.poisoner.quality), T::kNumberDist, "-0.5",
          "True quality of poisoned rows.")
          .range(-1, 1),
      top(COORDSIM_TOP(adversaries.poisoner.rule), T::kEnum, "fixed",
          "How poisoners decide (docs/behaviour.md, \"Poisoners and free riders\"): fixed "
          "(every one poisons from genesis until it cannot stake), or a learning rule (logit, "
          "roth_erev, ewa) choosing each period between stop (unstake, no rows) and continue "
          "from its realised payoff (rewards minus effort, slashes and the stake's opportunity "
          "cost); the rule's parameters, period, effort_per_row and opportunity_cost are those "
          "of its contributor group's behaviour map.")
          .one_of(enum_names(BehaviourRule{})),
      top(COORDSIM_TOP(adversaries.free_rider.fraction), T::kFraction, "0",
          "Fraction of contributors that free-ride (stake nothing, copy others' rows).")
          .range(0, 1),
      top(COORDSIM_TOP(adversaries.free_rider.rule), T::kEnum, "fixed",
          "How free riders decide (docs/behaviour.md, \"Poisoners and free riders\"): fixed "
          "(every one copies rows from genesis on, for ever), or a learning rule (logit, "
          "roth_erev, ewa) choosing each period between stop and continue from its realised "
          "payoff (rewards minus effort); the rule's parameters, period and effort_per_row are "
          "those of its contributor group's behaviour map.")
          .one_of(enum_names(BehaviourRule{})),

      top(COORDSIM_TOP(output.path), T::kString, "out/<name>.h5",
          "Output file, relative to the working directory; `<name>` is replaced by the "
          "scenario name."),
      top(COORDSIM_TOP(output.sample_interval), T::kDuration, "1m",
          "Metrics sampling interval (and invariant checks with every_sample); at least one "
          "tick.")
          .above(0),
      top(COORDSIM_TOP(output.events.enabled), T::kBool, "false",
          "Record individual events (large)."),
      top(COORDSIM_TOP(output.events.kinds), T::kEnumList, "[]",
          "Event kinds to record; empty = all.")
          .one_of(kEventKindNames),
      top(COORDSIM_TOP(output.events.groups), T::kNameList, "[]",
          "Population groups whose events are recorded; empty = all."),
      top(COORDSIM_TOP(output.snapshots), T::kDurationList, "[]",
          "Times of full state snapshots, increasing, within duration."),
      top(COORDSIM_TOP(output.checkpoint_every), T::kDuration, "0s",
          "Checkpoint interval; 0s = no checkpoints.")
          .at_least(0),

      top(COORDSIM_TOP(invariants.check), T::kEnum, "every_sample",
          "When invariants are checked: every_sample (fast) or every_event (thorough; debug "
          "builds and tests always check every event).")
          .one_of(kInvariantCheckNames),
      top(COORDSIM_TOP(invariants.conservation), T::kBool, "true",
          "Check that the supply is conserved."),
      top(COORDSIM_TOP(invariants.authorisation), T::kBool, "true",
          "Check that every state change carries a valid session chain."),
      top(COORDSIM_TOP(invariants.budget_balance), T::kBool, "true",
          "Check that every fee's payouts sum exactly to the fee."),
  };
}

std::vector<KeySpec> make_group_keys() {
  using T = Type;
  return {
      grp(COORDSIM_COMMON(name), T::kName, "<kind><index>",
          "Group name, unique; default: the kind and the group's index, e.g. `validator4`."),
      grp(COORDSIM_COMMON(kind), T::kEnum, "", "What the group's agents are (MODEL.md).")
          .must()
          .one_of(enum_names(AgentKind{})),
      grp(COORDSIM_COMMON(count), T::kInt, "", "Number of agents in the group.")
          .must()
          .range(0, kMaxAgents),
      grp(COORDSIM_COMMON(endowment), T::kTokenDist, "0",
          "Liquid tokens each agent receives at genesis, from the supply.")
          .at_least(0),

      grp(COORDSIM_KIND(kPrincipal, PrincipalParams, agents), T::kInt, "1",
          "ai_agents each principal delegates to, assigned round-robin over the population's "
          "ai_agents.")
          .range(0, 1000),
      grp(COORDSIM_KIND(kPrincipal, PrincipalParams, grant_budget), T::kTokenDist, "100",
          "Total budget of each session granted (capped by sessions.caps.total).")
          .at_least(0),
      grp(COORDSIM_KIND(kPrincipal, PrincipalParams, watch), T::kBool, "true",
          "Whether the principal watches its agents' spending and revokes on anomalies."),
      grp(COORDSIM_KIND(kPrincipal, PrincipalParams, detection_delay), T::kDurationDist, "10m",
          "Delay between an anomaly and the principal's revocation.")
          .at_least(0),
      grp(COORDSIM_KIND(kPrincipal, PrincipalParams, anomaly_factor), T::kNumber, "3.0",
          "Spend rate, as a multiple of the expected rate, that counts as an anomaly.")
          .at_least(1),
      grp(COORDSIM_KIND(kPrincipal, PrincipalParams, scope_actions), T::kEnumList,
          "[transfer, swap, infer, subdelegate]",
          "Actions its grants allow; an agent's action outside them is rejected OUT_OF_SCOPE.")
          .one_of(kScopeActionNames),
      grp(COORDSIM_KIND(kPrincipal, PrincipalParams, scope_targets), T::kInt, "0",
          "Counterparties a grant lists, per kind: this many draws from the agent's transfer "
          "partners and from the model builders, plus the market when swaps are allowed; an "
          "action to anyone else is rejected TARGET_NOT_ALLOWED. 0 = any target.")
          .range(0, 1000),

      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, strategy), T::kEnum, "noise",
          "Trading behaviour: noise (random), momentum (follows the price), task_runner "
          "(spends steadily on its budget).")
          .one_of(kStrategyNames),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, action_interval), T::kDurationDist, "5m",
          "Time between an agent's actions (its mean must be positive).")
          .above(0),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, trade_size), T::kTokenDist, "10",
          "Size of one trade or payment.")
          .at_least(0),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, inference_share), T::kFraction, "0.3",
          "Share of actions that buy inference.")
          .range(0, 1),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, transfer_share), T::kFraction, "0.2",
          "Share of actions that are transfers; the rest are trades. inference_share + "
          "transfer_share <= 1.")
          .range(0, 1),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, subdelegate_probability), T::kFraction, "0",
          "Probability that an action sub-delegates the agent's session instead.")
          .range(0, 1),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, slippage), T::kPpm, "2%",
          "A trade's limit price: a buy fills at most at the last price the agent saw x (1 + "
          "slippage), a sell at least at x (1 - slippage); on the AMM a trade that would fill "
          "worse is refunded whole, on the order book the part that cannot fill within the limit "
          "is refunded.")
          .range(0, kPpmPerOne - 1),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, inference_elasticity), T::kNumber, "0",
          "Price elasticity of inference demand: an inference action buys with probability "
          "min(1, (p_ref / p)^elasticity) at price p (docs/behaviour.md); 0: it always buys.")
          .range(0, 100),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, inference_reference), T::kTokens, "0.01",
          "p_ref of the demand curve: the price up to which the agent always buys (the builders' "
          "default price).")
          .above(0),
      grp(COORDSIM_KIND(kAiAgent, AiAgentParams, inference_sample), T::kInt, "0",
          "Builders an inference action compares: 0 picks one uniformly among all builders; k >= "
          "1 draws k uniformly among those the public price board shows serving (exited ones "
          "are skipped) and buys from the one posting the lowest price (docs/behaviour.md).")
          .range(0, 64),

      grp(COORDSIM_KIND(kContributor, ContributorParams, row_interval), T::kDurationDist, "1h",
          "Time between a contributor's rows (its mean must be positive).")
          .above(0),
      grp(COORDSIM_KIND(kContributor, ContributorParams, quality), T::kNumberDist,
          "{uniform: [0.2, 1.0]}", "Hidden true quality of the contributor's rows.")
          .range(-1, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, datanets), T::kInt, "1",
          "Datanets each contributor contributes to; at most data.datanets.")
          .range(1, 65'535),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.rule), T::kEnum, "fixed",
          "How contributors decide (docs/behaviour.md): fixed (every contributor is in from the "
          "start and writes rows until it cannot stake), or a learning rule choosing each period "
          "between staying out (earning its reservation_return) and being in at one of `levels` "
          "row rates, from its realised payoff: logit, roth_erev or ewa.")
          .one_of(enum_names(BehaviourRule{})),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.period), T::kDuration, "12h",
          "Time between a contributor's decisions (learning rules); its payoff is measured over "
          "the period and learned as a rate per day.")
          .above(0),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.reservation_return),
          T::kTokenDist, "0",
          "What each potential contributor earns outside the economy, drawn once per agent: the "
          "payoff of staying out, compared with its realised net return inside.")
          .at_least(0)
          .with_unit("per day"),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.effort_per_row), T::kTokens, "0",
          "Cost of the work of writing one row, counted against the contributor's income.")
          .at_least(0),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.opportunity_cost), T::kPpm, "0",
          "What the staked tokens would earn elsewhere, as a fraction of the stake.")
          .range(0, kPpmPerOne)
          .with_unit("per day"),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.levels), T::kInt, "1",
          "Row-rate levels an active contributor chooses among: level j of L writes rows at j/L "
          "of the rate row_interval gives (1: in or out only).")
          .range(1, 15),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.effort_levels), T::kInt, "1",
          "Effort levels an active contributor chooses among (learning rules; a second learner "
          "of the group's rule, credited with what the rows of each level earned per row held): "
          "level k of E (k = 0..E-1) has effort e = k/(E-1), raises each row's quality q to "
          "q + effort_quality x e x (1 - q) and costs effort_per_row x (1 + effort_cost x e) a "
          "row. 1: no effort choice (e = 0).")
          .range(1, 16),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.effort_quality), T::kFraction,
          "0.5",
          "Share of the gap between a row's drawn quality and 1 that the highest effort closes.")
          .range(0, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.effort_cost), T::kNumber, "1",
          "Extra cost of the highest effort, in units of effort_per_row: a row at effort e costs "
          "effort_per_row x (1 + effort_cost x e).")
          .at_least(0),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.choose_datanets), T::kBool,
          "false",
          "Learning rules: each contributor learns which of its `datanets` datanets to write to "
          "(one per decision period, by the group's rule, crediting each datanet with what its "
          "rows there earned per row held); false: each row goes to one of them at random. At "
          "most 16 datanets."),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.row_life), T::kDuration, "24h",
          "Effort and datanet choice: how long a contributor counts on a row to keep earning. "
          "A level's (datanet's) payoff is its rows' income per row per day times row_life, "
          "minus the effort cost of a row, times the rows written per day.")
          .above(0),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.temperature), T::kNumber, "0.1",
          "logit: temperature T; P(j) is proportional to exp(estimate_j / T).")
          .at_least(0)
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.step), T::kNumber, "0.5",
          "logit: weight of a new payoff in the estimate (0: the sample mean).")
          .range(0, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.initial_estimate), T::kNumber,
          "0", "logit: every action's estimate before it is observed.")
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.forgetting), T::kNumber, "0.1",
          "roth_erev: forgetting phi.")
          .range(0, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.experimentation), T::kNumber,
          "0.05", "roth_erev: experimentation epsilon (below 1).")
          .range(0, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.initial_propensity), T::kNumber,
          "1", "roth_erev: initial propensity of every action.")
          .above(0),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.payoff_floor), T::kNumber, "-1",
          "roth_erev: an action is reinforced by its payoff minus this floor (never below 0). "
          "Staying out pays 0, so the floor must be below 0 for staying out to be reinforced, "
          "and below the worst excess return for that to be learned as worse.")
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.min_propensity), T::kNumber,
          "0.0001", "roth_erev: cut-off v that keeps every propensity positive.")
          .above(0),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.phi), T::kNumber, "0.9",
          "ewa: decay of past attractions.")
          .range(0, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.delta), T::kNumber, "0",
          "ewa: weight of forgone payoffs; must be 0 for contributors (they cannot observe what "
          "the choices they did not make would have earned).")
          .range(0, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.kappa), T::kNumber, "0",
          "ewa: 0 averages attractions, 1 accumulates them.")
          .range(0, 1),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.lambda), T::kNumber, "10",
          "ewa: logit sensitivity of the choice to attractions.")
          .at_least(0)
          .with_unit("per token per day"),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.initial_attraction), T::kNumber,
          "0", "ewa: initial attraction of every action.")
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kContributor, ContributorParams, behaviour.initial_experience), T::kNumber,
          "1", "ewa: initial experience weight N(0).")
          .at_least(0),

      grp(COORDSIM_KIND(kModelBuilder, ModelBuilderParams, price), T::kTokenDist, "0.01",
          "Inference price the builder sets.")
          .at_least(0),
      grp(COORDSIM_KIND(kModelBuilder, ModelBuilderParams, retrain_interval), T::kDuration, "6h",
          "Time between retrainings on fresh datanet versions.")
          .above(0),
      grp(COORDSIM_KIND(kModelBuilder, ModelBuilderParams, datanets_per_model), T::kInt, "1",
          "Datanets a model trains on, chosen at each training by observed quality and price; at "
          "most data.datanets.")
          .range(1, 65'535),
      grp(COORDSIM_KIND(kModelBuilder, ModelBuilderParams, price_weight), T::kNumber, "0.01",
          "How much a datanet's publish fee counts against its observed quality: a datanet "
          "scores quality - price_weight x fee in tokens (quality: share of validator-sampled "
          "rows not flagged x share of rows with unique content, both with a uniform prior). 0: "
          "price is ignored.")
          .at_least(0)
          .with_unit("per token"),
      grp(COORDSIM_KIND(kModelBuilder, ModelBuilderParams, explore), T::kFraction, "0.1",
          "Probability that each datanet of a training is picked at random instead of by the "
          "best score (epsilon-greedy); 0: always the best score.")
          .range(0, 1),

      // The builders' behaviour: the contributors' keys and ranges (semantic.cpp checks the
      // same relations), with the price grid and the serving cost in place of effort and stake.
      grp(COORDSIM_BUILDER(rule), T::kEnum, "fixed",
          "How builders price inference (docs/behaviour.md): fixed (the drawn price for ever, "
          "never exits), or a learning rule choosing each period between exiting (earning its "
          "reservation_return) and serving at one of `levels` prices, from its realised payoff: "
          "logit, roth_erev or ewa.")
          .one_of(enum_names(BehaviourRule{})),
      grp(COORDSIM_BUILDER(period), T::kDuration, "12h",
          "Time between a builder's decisions (learning rules), taken at its first retraining at "
          "or after the period's end; its payoff is measured over the period, per day.")
          .above(0),
      grp(COORDSIM_BUILDER(reservation_return), T::kTokenDist, "0",
          "What each builder earns outside the economy, drawn once per builder: the payoff of "
          "exiting, compared with its realised net return inside.")
          .at_least(0)
          .with_unit("per day"),
      grp(COORDSIM_BUILDER(levels), T::kInt, "5",
          "Price levels a serving builder chooses among, geometric from its list price / "
          "price_spread to list x price_spread (1: the list price, in or out only).")
          .range(1, 15),
      grp(COORDSIM_BUILDER(price_spread), T::kNumber, "2",
          "Ratio of the highest price level to the list price (and of the list price to the "
          "lowest); the list price is the group's `price` drawn per builder.")
          .range(1, 1000),
      grp(COORDSIM_BUILDER(serving_cost), T::kTokens, "0",
          "Cost of serving one inference (compute, outside the token economy), counted against "
          "the builder's income.")
          .at_least(0),
      grp(COORDSIM_BUILDER(temperature), T::kNumber, "0.1",
          "logit: temperature T; P(j) is proportional to exp(estimate_j / T).")
          .at_least(0)
          .with_unit("tokens per day"),
      grp(COORDSIM_BUILDER(step), T::kNumber, "0.5",
          "logit: weight of a new payoff in the estimate (0: the sample mean).")
          .range(0, 1),
      grp(COORDSIM_BUILDER(initial_estimate), T::kNumber, "0",
          "logit: every action's estimate before it is observed.")
          .with_unit("tokens per day"),
      grp(COORDSIM_BUILDER(forgetting), T::kNumber, "0.1", "roth_erev: forgetting phi.")
          .range(0, 1),
      grp(COORDSIM_BUILDER(experimentation), T::kNumber, "0.05",
          "roth_erev: experimentation epsilon (below 1).")
          .range(0, 1),
      grp(COORDSIM_BUILDER(initial_propensity), T::kNumber, "1",
          "roth_erev: initial propensity of every action.")
          .above(0),
      grp(COORDSIM_BUILDER(payoff_floor), T::kNumber, "-1",
          "roth_erev: an action is reinforced by its payoff minus this floor (never below 0).")
          .with_unit("tokens per day"),
      grp(COORDSIM_BUILDER(min_propensity), T::kNumber, "0.0001",
          "roth_erev: cut-off v that keeps every propensity positive.")
          .above(0),
      grp(COORDSIM_BUILDER(phi), T::kNumber, "0.9", "ewa: decay of past attractions.").range(0, 1),
      grp(COORDSIM_BUILDER(delta), T::kNumber, "0",
          "ewa: weight of forgone payoffs; must be 0 for builders (they observe only the price "
          "they charged).")
          .range(0, 1),
      grp(COORDSIM_BUILDER(kappa), T::kNumber, "0",
          "ewa: 0 averages attractions, 1 accumulates them.")
          .range(0, 1),
      grp(COORDSIM_BUILDER(lambda), T::kNumber, "10",
          "ewa: logit sensitivity of the choice to attractions.")
          .at_least(0)
          .with_unit("per token per day"),
      grp(COORDSIM_BUILDER(initial_attraction), T::kNumber, "0",
          "ewa: initial attraction of every action.")
          .with_unit("tokens per day"),
      grp(COORDSIM_BUILDER(initial_experience), T::kNumber, "1",
          "ewa: initial experience weight N(0).")
          .at_least(0),

      grp(COORDSIM_KIND(kValidator, ValidatorParams, stake), T::kTokenDist, "1000",
          "Stake each validator bonds (from its endowment).")
          .at_least(0),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, accuracy), T::kFractionDist, "0.9",
          "Probability that a validator judges a row correctly.")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, sample_interval), T::kDurationDist, "10m",
          "Time between a validator's checks (its mean must be positive).")
          .above(0),

      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.rule), T::kEnum, "fixed",
          "How validators decide (docs/behaviour.md): fixed (every validator is staked from "
          "genesis and checks at its full rate), or a learning rule choosing each period between "
          "out (unstaked, earning its reservation_return) and in at an effort level e of 0.."
          "`levels` (checks at e/levels of the rate sample_interval gives), from its realised "
          "payoff: logit, roth_erev or ewa.")
          .one_of(enum_names(BehaviourRule{})),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.period), T::kDuration, "12h",
          "Time between a validator's decisions (learning rules); its payoff is measured over "
          "the period and learned as a rate per day.")
          .above(0),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.reservation_return), T::kTokenDist,
          "0",
          "What each validator earns outside the economy, drawn once per agent: the payoff of "
          "staying out, compared with its realised net return inside.")
          .at_least(0)
          .with_unit("per day"),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.effort_per_check), T::kTokens, "0",
          "Cost of the work of one check, counted against the validator's income.")
          .at_least(0),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.opportunity_cost), T::kPpm, "0",
          "What the staked tokens would earn elsewhere, as a fraction of the stake.")
          .range(0, kPpmPerOne)
          .with_unit("per day"),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.levels), T::kInt, "4",
          "Effort levels above idle: level e of L checks at e/L of the rate sample_interval "
          "gives; level 0 stays staked without checking.")
          .range(1, 14),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.care_levels), T::kInt, "1",
          "Care levels of a check (learning rules): a validator that checks also chooses a care "
          "level c of 0..care_levels-1, which sets its accuracy per check from care_floor (c = 0) "
          "up to the group's accuracy (the top level), linearly, at care_cost_per_check x c^2 "
          "more per check. 1: every check at the group's accuracy, no choice. The actions, "
          "levels x care_levels + 2, are at most 16.")
          .range(1, 14),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.care_floor), T::kFraction, "0.5",
          "Accuracy per check at the lowest care level (the group's accuracy if that is lower); "
          "0.5 judges a row by a coin flip.")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.care_cost_per_check), T::kTokens,
          "0",
          "Cost of care: a check at care level c costs care_cost_per_check x c^2 on top of "
          "effort_per_check.")
          .at_least(0),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.temperature), T::kNumber, "0.1",
          "logit: temperature T; P(j) is proportional to exp(estimate_j / T).")
          .at_least(0)
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.step), T::kNumber, "0.5",
          "logit: weight of a new payoff in the estimate (0: the sample mean).")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.initial_estimate), T::kNumber, "0",
          "logit: every action's estimate before it is observed.")
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.forgetting), T::kNumber, "0.1",
          "roth_erev: forgetting phi.")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.experimentation), T::kNumber, "0.05",
          "roth_erev: experimentation epsilon (below 1).")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.initial_propensity), T::kNumber, "1",
          "roth_erev: initial propensity of every action.")
          .above(0),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.payoff_floor), T::kNumber, "-1",
          "roth_erev: an action is reinforced by its payoff minus this floor (never below 0).")
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.min_propensity), T::kNumber,
          "0.0001", "roth_erev: cut-off v that keeps every propensity positive.")
          .above(0),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.phi), T::kNumber, "0.9",
          "ewa: decay of past attractions.")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.delta), T::kNumber, "0",
          "ewa: weight of forgone payoffs; must be 0 for validators (they learn from realised "
          "payoffs only).")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.kappa), T::kNumber, "0",
          "ewa: 0 averages attractions, 1 accumulates them.")
          .range(0, 1),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.lambda), T::kNumber, "10",
          "ewa: logit sensitivity of the choice to attractions.")
          .at_least(0)
          .with_unit("per token per day"),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.initial_attraction), T::kNumber, "0",
          "ewa: initial attraction of every action.")
          .with_unit("tokens per day"),
      grp(COORDSIM_KIND(kValidator, ValidatorParams, behaviour.initial_experience), T::kNumber, "1",
          "ewa: initial experience weight N(0).")
          .at_least(0),

      grp(COORDSIM_KIND(kMarketMaker, MarketMakerParams, liquidity), T::kTokenDist, "100000",
          "Tokens each market maker adds to the AMM pool (market.type amm or both); the rest of "
          "its holdings is its custody for arbitrage and order-book quotes.")
          .at_least(0),
      grp(COORDSIM_KIND(kMarketMaker, MarketMakerParams, arbitrage_interval), T::kDurationDist,
          "1m",
          "Time between a market maker's turns (its mean must be positive): it arbitrages the "
          "AMM toward the reference price and/or requotes on the order book.")
          .above(0),
      grp(COORDSIM_KIND(kMarketMaker, MarketMakerParams, spread), T::kPpm, "0.5%",
          "Order book (market.type order_book or both): the maker bids at the reference price x "
          "(1 - spread/2) and asks at x (1 + spread/2), replacing its quotes every turn.")
          .range(1, kPpmPerOne - 1),
      grp(COORDSIM_KIND(kMarketMaker, MarketMakerParams, quote_size), T::kTokenDist, "1000",
          "Order book: tokens the maker offers on each side at every requote (at most its "
          "custody).")
          .at_least(0),
  };
}

#undef COORDSIM_TOP
#undef COORDSIM_COMMON
#undef COORDSIM_KIND
#undef COORDSIM_BUILDER

constexpr std::array<SectionDoc, 12> kSections{{
    {"token", "The token every amount is denominated in, and its genesis supply."},
    {"population", "Who is in the economy."},
    {"network", "The interaction graph (Boost.Graph) that trading relationships follow."},
    {"sessions",
     "The delegation policy: how principals grant AI agents time- and scope-bound sessions."},
    {"market", "Where the token trades."},
    {"attribution", "How data contributors are paid for the value their rows produce."},
    {"incentives", "Fee split, staking and slashing: the knobs designers tune."},
    {"data", "Datanets: the collections contributors add rows to."},
    {"settlement",
     "The two layers of time: batches post every k blocks and are final after a challenge "
     "window W."},
    {"adversaries", "Attacks switched on per scenario; all are off by default."},
    {"output", "What the run records, and how often."},
    {"invariants", "Checks that stop a run loudly (exit status 3) when they break."},
}};

}  // namespace

const std::vector<KeySpec>& top_keys() {
  static const std::vector<KeySpec> kKeys = make_top_keys();
  return kKeys;
}

const std::vector<KeySpec>& group_keys() {
  static const std::vector<KeySpec> kKeys = with_registered_kinds(make_group_keys());
  return kKeys;
}

std::span<const SectionDoc> section_docs() { return kSections; }

std::string describe_type(const KeySpec& key) {
  switch (key.type) {
    case Type::kString:
      return "text";
    case Type::kName:
      return "a name (letters, digits, `_`, `-`, `.`)";
    case Type::kPath:
      return "a file path";
    case Type::kBool:
      return "true or false";
    case Type::kInt:
      return "an integer";
    case Type::kUnsigned:
      return "a non-negative integer";
    case Type::kNumber:
      return "a number";
    case Type::kFraction:
      return "a fraction (0.1 or 10%)";
    case Type::kPpm:
      return "a fraction (0.1 or 10%, exact to 0.0001%)";
    case Type::kDuration:
      return "a duration (e.g. 90s, 15m, 24h, 7d)";
    case Type::kTokens:
      return "a token amount (e.g. 12.5)";
    case Type::kEnum:
      return "one of " + join_words(key.choices);
    case Type::kNumberDist:
      return "a number or a distribution";
    case Type::kFractionDist:
      return "a fraction or a distribution of fractions";
    case Type::kTokenDist:
      return "a token amount or a distribution of token amounts";
    case Type::kDurationDist:
      return "a duration or a distribution of durations";
    case Type::kEnumList:
      return "a list of: " + join_words(key.choices);
    case Type::kNameList:
      return "a list of group names";
    case Type::kDurationList:
      return "a list of durations";
    case Type::kTokenList:
      return "a list of token amounts";
    case Type::kGroups:
      return "a list of agent groups";
  }
  return "a value";
}

std::string describe_range(const KeySpec& key, int decimals) {
  const auto bound = [&](double v) -> std::string {
    switch (key.type) {
      case Type::kDuration:
      case Type::kDurationDist:
      case Type::kDurationList:
        return format_duration(Micros{static_cast<std::int64_t>(v)});
      case Type::kTokens:
      case Type::kTokenDist:
      case Type::kTokenList:
        return format_tokens(Amount{static_cast<std::int64_t>(v)}, decimals);
      case Type::kPpm:
        return format_ppm(Ppm{static_cast<std::int64_t>(v)});
      case Type::kInt:
      case Type::kUnsigned:
        return std::to_string(static_cast<long long>(v));
      default:
        return format_number(v);
    }
  };
  const bool has_lo = key.lo > -kInf;
  const bool has_hi = key.hi < kInf;
  if (has_lo && has_hi) return bound(key.lo) + " .. " + bound(key.hi);
  if (has_lo) return (key.lo_open ? "> " : ">= ") + bound(key.lo);
  if (has_hi) return "<= " + bound(key.hi);
  return {};
}

}  // namespace coordsim::scenario::detail
