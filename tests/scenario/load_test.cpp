#include <gtest/gtest.h>

#include <cmath>

#include "helpers.hpp"
#include "scenario/load.hpp"

namespace coordsim::scenario {
namespace {

using testing::kMinimal;

TEST(Load, MinimalScenarioTakesEveryDefault) {
  const Spec s = load_string(kMinimal, "minimal.yaml");
  EXPECT_EQ(s->name, "t");
  EXPECT_EQ(s->seed, 1u);
  EXPECT_EQ(s->duration, Micros{86'400'000'000});
  EXPECT_EQ(s->tick, Micros{1'000'000});
  EXPECT_EQ(s->block_interval, Micros{2'000'000});
  EXPECT_EQ(s->token.symbol, "TOK");
  EXPECT_EQ(s->token.decimals, 6);
  EXPECT_EQ(s->token.supply, Amount{1'000'000'000'000'000});
  EXPECT_EQ(s->network.model, NetworkModel::kBarabasiAlbert);
  EXPECT_EQ(s->sessions.default_ttl, Micros{3'600'000'000});
  EXPECT_EQ(s->sessions.max_ttl, Micros{24 * 3'600'000'000LL});
  EXPECT_EQ(s->sessions.caps.total, Amount{100'000'000});
  EXPECT_EQ(s->market.fee, Ppm{3000});
  EXPECT_EQ(s->incentives.fee_split.protocol, Ppm{100'000});
  EXPECT_EQ(s->incentives.fee_split.contributors, Ppm{500'000});
  EXPECT_EQ(s->incentives.slash_fraction, Ppm{500'000});
  EXPECT_EQ(s->attribution.rule, AttributionRule::kUsage);
  EXPECT_EQ(s->output.path, "out/t.h5");
  EXPECT_TRUE(s->invariants.conservation);
  ASSERT_EQ(s->population.size(), 1u);
  const Group& g = s->population[0];
  EXPECT_EQ(g.name, "ai_agent0");
  EXPECT_EQ(g.kind, AgentKind::kAiAgent);
  EXPECT_EQ(g.count, 3);
  EXPECT_TRUE(g.endowment.is_constant());
  EXPECT_EQ(g.endowment.a, 0.0);
  const auto& a = g.as<AiAgentParams>();
  EXPECT_EQ(a.strategy, Strategy::kNoise);
  EXPECT_EQ(a.action_interval.a, 300e6);
  EXPECT_EQ(a.trade_size.a, 10e6);
  EXPECT_DOUBLE_EQ(a.inference_share, 0.3);
  EXPECT_THROW((void)g.as<PrincipalParams>(), std::bad_variant_access);
}

TEST(Load, ContributorBehaviourIsAMapOfKeys) {
  const Spec s = load_string(R"(name: b
population:
  - {kind: contributor, count: 4, behaviour: {rule: logit, period: 6h, levels: 3,
     reservation_return: {uniform: [0, 2]}, effort_per_row: 0.01, opportunity_cost: 0.1%,
     temperature: 0.2}}
  - {kind: contributor, count: 1}
)",
                             "b.yaml");
  const auto& b = s->population[0].as<ContributorParams>().behaviour;
  EXPECT_EQ(b.rule, BehaviourRule::kLogit);
  EXPECT_EQ(b.period.value(), 6 * 3600 * 1'000'000LL);
  EXPECT_EQ(b.levels, 3);
  EXPECT_EQ(b.reservation_return.kind, DistKind::kUniform);
  EXPECT_DOUBLE_EQ(b.reservation_return.b, 2e6);  // base units per day
  EXPECT_EQ(b.effort_per_row.raw(), 10'000);
  EXPECT_EQ(b.opportunity_cost.value(), 1000);
  EXPECT_DOUBLE_EQ(b.temperature, 0.2);
  EXPECT_DOUBLE_EQ(b.step, 0.5);  // the default
  // A group that says nothing keeps the fixed script.
  EXPECT_EQ(s->population[1].as<ContributorParams>().behaviour.rule, BehaviourRule::kFixed);
  // The resolved text reads back as the same scenario (the keys render as one flow map).
  const std::string text = to_yaml(s);
  EXPECT_NE(text.find("behaviour: {rule: logit, period: 6h"), std::string::npos) << text;
  EXPECT_EQ(*load_string(text, "again.yaml"), *s);
  // And an override reaches a key inside the map.
  const Spec o = load_string(text, "o.yaml", {"population[1].behaviour.rule=roth_erev"});
  EXPECT_EQ(o->population[1].as<ContributorParams>().behaviour.rule, BehaviourRule::kRothErev);
}

TEST(Load, BuilderBehaviourAndInferenceDemand) {
  const Spec s = load_string(R"(name: b
population:
  - {kind: model_builder, count: 2, price: 0.02, behaviour: {rule: logit, period: 3h, levels: 3,
     price_spread: 1.5, serving_cost: 0.001, reservation_return: 1}}
  - {kind: model_builder, count: 1}
  - {kind: ai_agent, count: 1, inference_elasticity: 1.5, inference_reference: 0.02}
)",
                             "b.yaml");
  const auto& b = s->population[0].as<ModelBuilderParams>().behaviour;
  EXPECT_EQ(b.rule, BehaviourRule::kLogit);
  EXPECT_EQ(b.period.value(), 3 * 3600 * 1'000'000LL);
  EXPECT_EQ(b.levels, 3);
  EXPECT_DOUBLE_EQ(b.price_spread, 1.5);
  EXPECT_EQ(b.serving_cost.raw(), 1'000);
  EXPECT_DOUBLE_EQ(b.temperature, 0.1);  // the default
  const auto& fixed = s->population[1].as<ModelBuilderParams>().behaviour;
  EXPECT_EQ(fixed.rule, BehaviourRule::kFixed);
  EXPECT_EQ(fixed.levels, 5);
  EXPECT_DOUBLE_EQ(fixed.price_spread, 2.0);
  const auto& a = s->population[2].as<AiAgentParams>();
  EXPECT_DOUBLE_EQ(a.inference_elasticity, 1.5);
  EXPECT_EQ(a.inference_reference.raw(), 20'000);
  EXPECT_EQ(*load_string(to_yaml(s), "again.yaml"), *s);
  EXPECT_DOUBLE_EQ(s->population[2].as<AiAgentParams>().inference_elasticity, 1.5);
  const Spec d = load_string("name: d\npopulation: [{kind: ai_agent, count: 1}]\n", "d.yaml");
  EXPECT_DOUBLE_EQ(d->population[0].as<AiAgentParams>().inference_elasticity, 0.0);
}

TEST(Load, GroupKindsGetTheirOwnParameters) {
  const Spec s = load_string(R"(name: kinds
population:
  - {kind: principal, count: 2, agents: 3, endowment: 500}
  - {kind: ai_agent, count: 6, strategy: task_runner}
  - {name: data, kind: contributor, count: 4}
  - {kind: model_builder, count: 1, price: 0.05}
  - {kind: validator, count: 2, accuracy: 95%}
  - {kind: market_maker, count: 1, liquidity: 250000}
)",
                             "kinds.yaml");
  ASSERT_EQ(s->population.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(s->population[i].params.index(), static_cast<std::size_t>(s->population[i].kind));
  }
  EXPECT_EQ(s->population[0].as<PrincipalParams>().agents, 3);
  EXPECT_EQ(s->population[0].endowment.a, 500e6);
  EXPECT_TRUE(s->population[0].as<PrincipalParams>().watch);
  EXPECT_EQ(s->population[1].as<AiAgentParams>().strategy, Strategy::kTaskRunner);
  EXPECT_EQ(s->population[2].name, "data");
  const auto& q = s->population[2].as<ContributorParams>().quality;
  EXPECT_EQ(q.kind, DistKind::kUniform);
  EXPECT_DOUBLE_EQ(q.a, 0.2);
  EXPECT_DOUBLE_EQ(q.b, 1.0);
  EXPECT_EQ(q.min, -1.0);  // the key's range is the default clamp
  EXPECT_EQ(q.max, 1.0);
  EXPECT_EQ(s->population[3].as<ModelBuilderParams>().price.a, 50'000.0);
  EXPECT_DOUBLE_EQ(s->population[4].as<ValidatorParams>().accuracy.a, 0.95);
  EXPECT_EQ(s->population[5].as<MarketMakerParams>().liquidity.a, 250'000e6);
  EXPECT_EQ(s->population[5].name, "market_maker5");
  EXPECT_EQ(s->total_agents(), 16);
}

TEST(Load, DistributionsOfEveryFamily) {
  const Spec s = load_string(R"(name: dists
population:
  - kind: ai_agent
    count: 1
    action_interval: {uniform: [1m, 5m]}
    trade_size: {normal: {mean: 12.5, sd: 0.5}, min: 1, max: 100}
  - kind: ai_agent
    count: 1
    action_interval: {exponential: 90s}
    trade_size: {lognormal: {median: 20, sigma: 1.5}}
  - kind: ai_agent
    count: 1
    action_interval: {exponential: {mean: 2m}}
    trade_size: {pareto: {scale: 1, shape: 2.5}}
  - kind: ai_agent
    count: 1
    trade_size: {lognormal: {mu: 0, sigma: 1}}
    action_interval: {constant: 30s}
)",
                             "dists.yaml");
  const auto& p = s->population;
  const auto& a0 = p[0].as<AiAgentParams>();
  EXPECT_EQ(a0.action_interval.kind, DistKind::kUniform);
  EXPECT_EQ(a0.action_interval.a, 60e6);
  EXPECT_EQ(a0.action_interval.b, 300e6);
  EXPECT_EQ(a0.trade_size.kind, DistKind::kNormal);
  EXPECT_EQ(a0.trade_size.a, 12.5e6);
  EXPECT_EQ(a0.trade_size.b, 0.5e6);
  EXPECT_EQ(a0.trade_size.min, 1e6);
  EXPECT_EQ(a0.trade_size.max, 100e6);
  const auto& a1 = p[1].as<AiAgentParams>();
  EXPECT_EQ(a1.action_interval.kind, DistKind::kExponential);
  EXPECT_EQ(a1.action_interval.a, 90e6);
  EXPECT_EQ(a1.trade_size.kind, DistKind::kLognormal);
  EXPECT_EQ(a1.trade_size.a, 20e6);
  EXPECT_EQ(a1.trade_size.b, 1.5);
  EXPECT_EQ(a1.trade_size.min, 0.0);  // token amounts are never negative
  const auto& a2 = p[2].as<AiAgentParams>();
  EXPECT_EQ(a2.action_interval.a, 120e6);
  EXPECT_EQ(a2.trade_size.kind, DistKind::kPareto);
  EXPECT_EQ(a2.trade_size.a, 1e6);
  EXPECT_EQ(a2.trade_size.b, 2.5);
  const auto& a3 = p[3].as<AiAgentParams>();
  EXPECT_EQ(a3.trade_size.a, 1e6);  // mu = 0 is a median of e^0 = 1 token
  EXPECT_EQ(a3.action_interval.kind, DistKind::kConstant);
  EXPECT_EQ(a3.action_interval.a, 30e6);
}

TEST(Load, SamplesStayInsideTheClamps) {
  const Spec s = load_string(R"(name: clamp
population:
  - kind: contributor
    count: 1
    quality: {normal: {mean: 0.5, sd: 2}}
)",
                             "clamp.yaml");
  const Distribution& q = s->population[0].as<ContributorParams>().quality;
  constexpr std::uint64_t kSeed = 11;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(kSeed, 0), counter);
  int clamped = 0;
  for (int i = 0; i < 2000; ++i) {
    const double v = sample(q, rng);
    ASSERT_GE(v, -1.0) << "seed " << kSeed;
    ASSERT_LE(v, 1.0) << "seed " << kSeed;
    clamped += (v == 1.0 || v == -1.0) ? 1 : 0;
  }
  EXPECT_GT(clamped, 0) << "seed " << kSeed << ": sd 2 around 0.5 must hit the clamps";
}

TEST(Load, ToYamlRoundTripsAndHashIsStable) {
  const std::string text = R"(name: round
description: "A \"quoted\" text: with colons # and hashes"
seed: 18446744073709551615
duration: 1.5h
tick: 250ms
token: {decimals: 8, supply: 21000000}
population:
  - kind: principal
    count: 3
    endowment: {uniform: [0.00000001, 12.5]}
    detection_delay: {lognormal: {mu: 3, sigma: 0.5}}
  - kind: ai_agent
    count: 9
    trade_size: {lognormal: {mu: 1.1, sigma: 0.3}, max: 1000}
  - kind: contributor
    count: 5
    quality: {pareto: {scale: 0.1, shape: 3}, max: 0.9}
  - {kind: validator, count: 2, accuracy: {uniform: [80%, 99.5%]}}
market: {fee: 0.25%, initial_price: 0.1}
incentives:
  fee_split: {protocol: 5%, builder: 15%, validators: 30%, contributors: 50%}
output:
  events: {enabled: true, kinds: [swap, infer], groups: [principal0]}
  snapshots: [30m, 1h]
)";
  const Spec a = load_string(text, "round.yaml");
  const std::string yaml = to_yaml(a);
  const Spec b = load_string(yaml, "round-again.yaml");
  EXPECT_EQ(a, b) << yaml;
  EXPECT_EQ(to_yaml(b), yaml);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_EQ(a.hash(), fnv1a64(yaml));
  const Spec c = load_string(text, "round.yaml", {"seed=2"});
  EXPECT_NE(c.hash(), a.hash());
  EXPECT_FALSE(c == a);
}

TEST(Load, DatanetPricesAndBuildersChoice) {
  // By default no datanet has its own price (all cost incentives.publish_fee) and builders
  // explore a little and weigh price lightly.
  const Spec d = load_string("name: t\npopulation: [{kind: model_builder, count: 1}]\n", "d.yaml");
  EXPECT_TRUE(d->data.publish_fees.empty());
  const auto& bp = d->population[0].as<ModelBuilderParams>();
  EXPECT_DOUBLE_EQ(bp.price_weight, 0.01);
  EXPECT_DOUBLE_EQ(bp.explore, 0.1);
  // A price list is token amounts in base units, one per datanet, and survives to_yaml.
  const std::string text = R"(name: prices
token: {decimals: 2}
population:
  - {kind: model_builder, count: 4, price_weight: 0.5, explore: 0}
data: {datanets: 3, publish_fees: [1, 2.5, 0]}
)";
  const Spec a = load_string(text, "prices.yaml");
  EXPECT_EQ(a->data.publish_fees, (std::vector<Amount>{Amount{100}, Amount{250}, Amount{0}}));
  EXPECT_DOUBLE_EQ(a->population[0].as<ModelBuilderParams>().price_weight, 0.5);
  EXPECT_DOUBLE_EQ(a->population[0].as<ModelBuilderParams>().explore, 0.0);
  const std::string yaml = to_yaml(a);
  EXPECT_NE(yaml.find("publish_fees: [1, 2.5, 0]"), std::string::npos) << yaml;
  const Spec b = load_string(yaml, "prices-again.yaml");
  EXPECT_EQ(a, b) << yaml;
  EXPECT_EQ(a.hash(), b.hash());
}

TEST(Load, FnvMatchesPublishedVectors) {
  // Test vectors of FNV-1a 64 (http://www.isthe.com/chongo/tech/comp/fnv/).
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(Load, DefaultsYamlIsCompleteAndValid) {
  const std::string text = defaults_yaml();
  const Spec s = load_string(text, "defaults.yaml");
  EXPECT_EQ(s->name, "example");
  EXPECT_EQ(s->population.size(), 6u);
  // Every key of the reference appears in it, so printing defaults shows every knob.
  for (const std::string_view key : {"seed:",
                                     "tick:",
                                     "decimals:",
                                     "max_ttl:",
                                     "per_period:",
                                     "cap_accounting:",
                                     "fee:",
                                     "volatility:",
                                     "reputation_weight:",
                                     "contributors:",
                                     "validator_slash_fraction:",
                                     "challenge_window:",
                                     "key_compromise:",
                                     "copies:",
                                     "free_rider:",
                                     "checkpoint_every:",
                                     "budget_balance:",
                                     "anomaly_factor:",
                                     "subdelegate_probability:",
                                     "datanets_per_model:",
                                     "arbitrage_interval:",
                                     "sample_interval:",
                                     "datanets:"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
  EXPECT_NE(text.find("# "), std::string::npos);  // documented
  const Spec plain = load_string(to_yaml(s), "again.yaml");
  EXPECT_EQ(plain, s);
}

TEST(Load, RelativeEdgeListIsResolvedAgainstTheScenario) {
  const testing::ScratchDir dir;
  dir.write("graphs/edges.txt", "0 1\n1 2\n");
  const auto path = dir.write("sub/../scenario.yaml", R"(name: graph
population: [{kind: ai_agent, count: 3}]
network: {model: edge_list, file: graphs/edges.txt}
)");
  const Spec s = load_file(path);
  EXPECT_TRUE(std::filesystem::path(s->network.file).is_absolute()) << s->network.file;
  EXPECT_TRUE(std::filesystem::equivalent(s->network.file, dir.path() / "graphs/edges.txt"));
  // The resolved path survives the round trip from anywhere.
  EXPECT_EQ(load_string(to_yaml(s), "elsewhere/x.yaml"), s);
}

TEST(Load, SpecCopiesShareOneImmutableState) {
  const Spec a = load_string(kMinimal, "a.yaml");
  const Spec b = a;
  EXPECT_EQ(&a.data(), &b.data());
  EXPECT_EQ(a, b);
  static_assert(std::is_same_v<decltype(a.operator->()), const SpecData*>);
}

TEST(Load, TicksConvertDurations) {
  const Spec s = load_string(std::string(kMinimal) + "tick: 100ms\nduration: 1h\n", "t.yaml");
  EXPECT_EQ(s->ticks(s->duration).ticks(), 36'000);
  EXPECT_EQ(s->ticks(s->block_interval).ticks(), 20);
}

}  // namespace
}  // namespace coordsim::scenario
