#pragma once
// The closed sets of words a scenario may use. Each enum's names are listed once, in enum order,
// and the loader, the schema, the reference documentation and to_yaml all read these arrays.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace coordsim::scenario {

enum class AgentKind : std::uint8_t {
  kPrincipal,
  kAiAgent,
  kContributor,
  kModelBuilder,
  kValidator,
  kMarketMaker
};
enum class Strategy : std::uint8_t { kNoise, kMomentum, kTaskRunner };
enum class NetworkModel : std::uint8_t {
  kErdosRenyi,
  kBarabasiAlbert,
  kWattsStrogatz,
  kPowerLaw,
  kEdgeList
};
enum class CapAccounting : std::uint8_t { kPerLink, kChain };
enum class RenewPolicy : std::uint8_t { kBeforeExpiry, kOnDemand, kNever };
enum class MarketType : std::uint8_t { kAmm, kOrderBook, kBoth };
enum class ReferenceModel : std::uint8_t { kGbm, kConstant };
/// The attribution rule for the contributors' share of a fee: the one enum of the scenario and of
/// model::attribution (which names it `attribution::Rule`; docs/attribution.md has the formulas).
/// kShapley is Monte Carlo (permutation sampling). kShapleyExact enumerates every coalition and is
/// limited to a few contributors, so scenarios cannot name it (scenario_attribution_rules()): a
/// run's models hold any number of contributors. Tests and small studies call it directly. Rules
/// registered from their own folders (rule_names.hpp) take the codes after kShapleyExact.
enum class AttributionRule : std::uint8_t {
  kUsage,
  kInfluence,
  kLeaveOneOut,
  kShapley,
  kBanzhaf,
  kShapleyRobust,
  kShapleyExact
};
/// The quality the attribution rules see for a row (docs/attribution.md, "Observable quality"):
/// validators' judgements, a noisy held-out evaluation, or the hidden truth, an oracle no real
/// protocol has, kept only to compare the observable sources against.
enum class QualitySource : std::uint8_t { kJudged, kHeldOut, kTruth };
enum class InvariantCheck : std::uint8_t { kEverySample, kEveryEvent };
// A population group's decision rule (sim/model/behaviour, docs/behaviour.md).
enum class BehaviourRule : std::uint8_t { kFixed, kRothErev, kEwa, kLogit };

inline constexpr std::array<std::string_view, 6> kAgentKindNames{
    "principal", "ai_agent", "contributor", "model_builder", "validator", "market_maker"};
inline constexpr std::array<std::string_view, 3> kStrategyNames{"noise", "momentum", "task_runner"};
inline constexpr std::array<std::string_view, 5> kNetworkModelNames{
    "erdos_renyi", "barabasi_albert", "watts_strogatz", "power_law", "edge_list"};
inline constexpr std::array<std::string_view, 2> kCapAccountingNames{"per_link", "chain"};
inline constexpr std::array<std::string_view, 3> kRenewPolicyNames{"before_expiry", "on_demand",
                                                                   "never"};
inline constexpr std::array<std::string_view, 3> kMarketTypeNames{"amm", "order_book", "both"};
inline constexpr std::array<std::string_view, 2> kReferenceModelNames{"gbm", "constant"};
inline constexpr std::array<std::string_view, 7> kAttributionRuleNames{
    "usage", "influence", "leave_one_out", "shapley", "banzhaf", "shapley_robust", "shapley_exact"};
/// A rule registered from its own folder (rule_names.hpp) has a code past these.
inline constexpr std::size_t kBuiltInAttributionRules = kAttributionRuleNames.size();
inline constexpr std::array<std::string_view, 3> kQualitySourceNames{"judged", "held_out", "truth"};
inline constexpr std::array<std::string_view, 2> kInvariantCheckNames{"every_sample",
                                                                      "every_event"};
inline constexpr std::array<std::string_view, 4> kBehaviourRuleNames{"fixed", "roth_erev", "ewa",
                                                                     "logit"};

/// Event kinds `output.events.kinds` may name.
// The event log's row kinds, in the order of model/actor/event_kinds.hpp ActionKind (whose
// kActionNames is this list; a static_assert there checks the count).
inline constexpr std::array<std::string_view, 35> kEventKindNames{
    "transfer",     "swap",           "infer",           "drain",        "contribute",
    "grant",        "subdelegate",    "revoke",          "flag",         "slash",
    "reward",       "revert",         "flag_wrong",      "move",         "order",
    "arbitrage",    "cap_per_action", "cap_per_period",  "cap_period",   "cap_calls",
    "valid_until",  "parent",         "replace",         "expire",       "valid_after",
    "router_drain", "accrue",         "batch_post",      "batch_final",  "attribution",
    "weight",       "pool_split",     "validator_split", "stake_record", "unpaid"};
/// The actions a principal may put in its agents' grants (`scope_actions`): those ai agents take
/// (names of model/sessions/action.hpp's Action, checked by a test).
inline constexpr std::array<std::string_view, 4> kScopeActionNames{"transfer", "swap", "infer",
                                                                   "subdelegate"};

// enum_names(E{}) is the name list of enum E; the argument only selects the overload.
/// Not constexpr: the built-in kinds' names, then those of the kinds registered from outside
/// sim/scenario (kind.hpp, kind.cpp).
std::span<const std::string_view> enum_names(AgentKind);
constexpr std::span<const std::string_view> enum_names(Strategy) { return kStrategyNames; }
constexpr std::span<const std::string_view> enum_names(NetworkModel) { return kNetworkModelNames; }
constexpr std::span<const std::string_view> enum_names(CapAccounting) {
  return kCapAccountingNames;
}
constexpr std::span<const std::string_view> enum_names(RenewPolicy) { return kRenewPolicyNames; }
constexpr std::span<const std::string_view> enum_names(MarketType) { return kMarketTypeNames; }
constexpr std::span<const std::string_view> enum_names(ReferenceModel) {
  return kReferenceModelNames;
}
/// Not constexpr: the built-in rules' names, then those of the rules registered from outside
/// sim/scenario, in name order (rule_names.hpp); reading it closes the set of rules.
std::span<const std::string_view> enum_names(AttributionRule);
/// The rules a scenario may name (`attribution.rule`): the built-in ones but shapley_exact, then
/// the registered ones in name order. Closes the set of rules.
std::span<const std::string_view> scenario_attribution_rules();
constexpr std::span<const std::string_view> enum_names(QualitySource) {
  return kQualitySourceNames;
}
/// Not constexpr: the built-in rules' names, then those of the rules registered from outside
/// sim/model/behaviour, in name order (rule_names.hpp); reading it closes the set of rules.
std::span<const std::string_view> enum_names(BehaviourRule);
constexpr std::span<const std::string_view> enum_names(InvariantCheck) {
  return kInvariantCheckNames;
}

// Not noexcept: for the enums with registered values (agent kinds, attribution and behaviour
// rules) the first read of their names closes the set, which allocates.
template <class E>
[[nodiscard]] constexpr std::string_view to_string(E e) {
  return enum_names(E{})[static_cast<std::size_t>(e)];
}

template <class E>
[[nodiscard]] constexpr std::optional<E> enum_from_string(std::string_view name) {
  const auto names = enum_names(E{});
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace coordsim::scenario
