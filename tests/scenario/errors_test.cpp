// Every kind of bad input gives a ScenarioError that says where and what, never a crash.
#include <gtest/gtest.h>

#include <sstream>

#include "helpers.hpp"
#include "kernel/rng.hpp"

namespace coordsim::scenario {
namespace {

using testing::errors_of;
using testing::file_errors_of;
using testing::find;
using testing::kMinimal;

/// Asserts that some diagnostic contains all of `needles` and returns a copy of it.
Diagnostic expect_diag(const std::vector<Diagnostic>& ds,
                       std::initializer_list<std::string_view> needles) {
  for (const auto& d : ds) {
    const std::string text = d.format();
    bool all = true;
    for (const auto n : needles) all = all && text.find(n) != std::string::npos;
    if (all) return d;
  }
  std::string wanted;
  for (const auto n : needles) wanted += " [" + std::string(n) + "]";
  ADD_FAILURE() << "no diagnostic contains" << wanted << " in:\n" << testing::dump(ds);
  return {};
}

TEST(Errors, EmptyAndCommentOnlyFiles) {
  expect_diag(errors_of(""), {"test.yaml", "empty"});
  expect_diag(errors_of("   \n\n"), {"empty"});
  expect_diag(errors_of("# nothing here\n"), {"empty"});
  expect_diag(errors_of("---\n"), {"expected a map of scenario keys", "found nothing"});
}

TEST(Errors, TopLevelMustBeAMap) {
  const auto& d = expect_diag(errors_of("- a\n- b\n"), {"at the top level", "found a list"});
  EXPECT_EQ(d.line, 1);
  EXPECT_EQ(d.column, 1);
  expect_diag(errors_of("just words\n"), {"at the top level", "found `just words`"});
}

TEST(Errors, BinaryGarbage) {
  std::string garbage = "name: x\n";
  garbage += '\0';
  garbage += "\x01\x02\xff\xfe";
  const auto& d = expect_diag(errors_of(garbage), {"not a text file", "0x00"});
  EXPECT_EQ(d.line, 2);
  EXPECT_EQ(d.column, 1);
  expect_diag(errors_of("name: caf\xe9\n"), {"not valid UTF-8", "0xE9"});
  expect_diag(errors_of("name: x\x1b[31m\n"), {"control character"});
}

TEST(Errors, RandomBytesNeverCrash) {
  // Random bytes, random printable text and random YAML punctuation: each load fails cleanly.
  constexpr std::uint64_t kSeed = 424242;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(kSeed, 9), counter);
  constexpr std::string_view kPunct = "-:[]{},&*!|>'\"%@`#? \n\t";
  for (int i = 0; i < 300; ++i) {
    std::string text;
    const std::uint32_t mode = rng.below(3);
    const std::uint32_t n = rng.below(400);
    for (std::uint32_t j = 0; j < n; ++j) {
      if (mode == 0) {
        text += static_cast<char>(rng.below(256));
      } else if (mode == 1) {
        text += static_cast<char>(' ' + rng.below(95));
      } else {
        text += rng.bernoulli(0.5) ? kPunct[rng.below(static_cast<std::uint32_t>(kPunct.size()))]
                                   : static_cast<char>('a' + rng.below(3));
      }
    }
    try {
      (void)load_string(text, "random.yaml");
      ADD_FAILURE() << "seed " << kSeed << " case " << i << " loaded";
    } catch (const ScenarioError& e) {
      EXPECT_FALSE(e.diagnostics().empty()) << "seed " << kSeed << " case " << i;
    }
  }
}

TEST(Errors, TabsInIndentation) {
  const auto ds = errors_of("name: x\npopulation:\n\t- {kind: ai_agent, count: 1}\n");
  const auto& d = expect_diag(ds, {"tab in the indentation", "spaces"});
  EXPECT_EQ(d.line, 3);
  EXPECT_EQ(d.column, 1);
  // A tab after the indentation is ordinary YAML whitespace.
  EXPECT_NO_THROW((void)load_string("name:\tx\npopulation: [{kind: ai_agent, count: 1}]\n", "t"));
}

TEST(Errors, UnclosedBrackets) {
  const auto& d = expect_diag(errors_of("name: x\npopulation: [{kind: ai_agent, count: 1}\n"),
                              {"YAML syntax error"});
  EXPECT_GT(d.line, 0);
  expect_diag(errors_of("name: x\nsessions: {max_ttl: 1h\n"), {"YAML syntax error"});
}

TEST(Errors, ContributorBehaviourKeys) {
  const std::string head = "name: x\npopulation:\n  - {kind: contributor, count: 2, ";
  // A misspelt key inside the map, with a suggestion.
  expect_diag(errors_of(head + "behaviour: {rule: logit, temprature: 1}}\n"),
              {"population[0].behaviour.temprature", "unknown key", "behaviour.temperature"});
  // The map written as a word.
  expect_diag(errors_of(head + "behaviour: logit}\n"),
              {"population[0].behaviour", "a map of `behaviour.` keys"});
  // An unknown rule, a value out of range.
  expect_diag(errors_of(head + "behaviour: {rule: qlearning}}\n"),
              {"population[0].behaviour.rule", "qlearning"});
  expect_diag(errors_of(head + "behaviour: {rule: logit, step: 2}}\n"),
              {"population[0].behaviour.step"});
  expect_diag(errors_of(head + "behaviour: {rule: logit, levels: 16}}\n"),
              {"population[0].behaviour.levels"});
  // Rules' constraints that one key's range cannot say.
  expect_diag(errors_of(head + "behaviour: {rule: ewa, delta: 0.5}}\n"),
              {"population[0].behaviour.delta", "delta must be 0"});
  expect_diag(errors_of(head + "behaviour: {rule: roth_erev, experimentation: 1}}\n"),
              {"population[0].behaviour.experimentation", "below 1"});
  // Effort and datanet choice: within a learner's 16 actions, and only under a learning rule.
  // (Effort is a learner of its own: 4 rates x 4 efforts load, contributor_choices_test.cpp.)
  expect_diag(errors_of(head + "behaviour: {rule: logit, effort_levels: 17}}\n"),
              {"population[0].behaviour.effort_levels"});
  expect_diag(errors_of(head + "behaviour: {rule: fixed, effort_levels: 2}}\n"),
              {"population[0].behaviour.effort_levels", "learning rule"});
  expect_diag(errors_of(head + "behaviour: {rule: fixed, choose_datanets: true}}\n"),
              {"population[0].behaviour.choose_datanets", "learning rule"});
  expect_diag(errors_of(head + "behaviour: {rule: logit, effort_quality: 2}}\n"),
              {"population[0].behaviour.effort_quality"});
  expect_diag(
      errors_of("name: x\ndata: {datanets: 20}\npopulation:\n  - {kind: contributor, "
                "count: 2, datanets: 20, behaviour: {rule: logit, choose_datanets: true}}\n"),
      {"population[0].behaviour.choose_datanets", "at most 16"});
  // Only contributor, model builder and validator groups decide this way (so far).
  expect_diag(
      errors_of("name: x\npopulation:\n  - {kind: market_maker, count: 1, behaviour: "
                "{rule: logit}}\n"),
      {"population[0].behaviour", "not a key of market_maker groups", "contributor", "validator"});
  // Validators' rules keep the same constraints.
  const std::string validators = "name: x\npopulation:\n  - {kind: validator, count: 1, ";
  expect_diag(errors_of(validators + "behaviour: {rule: ewa, delta: 0.5}}\n"),
              {"population[0].behaviour.delta", "delta must be 0"});
  expect_diag(errors_of(validators + "behaviour: {rule: logit, levels: 15}}\n"),
              {"population[0].behaviour.levels"});
  // Care: levels x care_levels + 2 actions must fit the rules' 16; the floor is an accuracy.
  expect_diag(errors_of(validators + "behaviour: {rule: logit, levels: 4, care_levels: 4}}\n"),
              {"population[0].behaviour.care_levels", "18 actions", "16"});
  expect_diag(errors_of(validators + "behaviour: {rule: logit, care_levels: 0}}\n"),
              {"population[0].behaviour.care_levels"});
  expect_diag(errors_of(validators + "behaviour: {rule: logit, care_floor: 1.5}}\n"),
              {"population[0].behaviour.care_floor"});
  expect_diag(errors_of(validators + "behaviour: {rule: logit, care_cost_per_check: -1}}\n"),
              {"population[0].behaviour.care_cost_per_check"});
  EXPECT_NO_THROW((void)scenario::load_string(
      validators + "behaviour: {rule: logit, levels: 2, care_levels: 7, care_floor: 0.6, "
                   "care_cost_per_check: 0.01}}\n",
      "care.yaml"));
}

TEST(Errors, BuilderBehaviourKeys) {
  const std::string head = "name: x\npopulation:\n  - {kind: model_builder, count: 2, ";
  // The contributors' checks, naming the builder.
  expect_diag(errors_of(head + "behaviour: {rule: ewa, delta: 0.5}}\n"),
              {"population[0].behaviour.delta", "builders learn from realised payoffs only"});
  expect_diag(errors_of(head + "behaviour: {rule: roth_erev, experimentation: 1}}\n"),
              {"population[0].behaviour.experimentation", "below 1"});
  expect_diag(errors_of(head + "behaviour: {rule: logit, price_spread: 0.5}}\n"),
              {"population[0].behaviour.price_spread"});
  // A contributor's key is not a builder's, and a builder's not a contributor's.
  expect_diag(errors_of(head + "behaviour: {rule: logit, effort_per_row: 1}}\n"),
              {"population[0].behaviour.effort_per_row", "not a key of model_builder groups",
               "contributor"});
  expect_diag(
      errors_of("name: x\npopulation:\n  - {kind: contributor, count: 1, behaviour: "
                "{serving_cost: 1}}\n"),
      {"population[0].behaviour.serving_cost", "not a key of contributor groups", "model_builder"});
  expect_diag(errors_of("name: x\npopulation:\n  - {kind: ai_agent, count: 1, "
                        "inference_elasticity: -1}\n"),
              {"population[0].inference_elasticity"});
}

TEST(Errors, DuplicateKeysAreErrorsNotLastOneWins) {
  const auto ds = errors_of(
      "name: a\nseed: 1\nseed: 2\npopulation:\n  - kind: ai_agent\n"
      "    count: 1\n    count: 2\n");
  const auto& top = expect_diag(ds, {"duplicate key `seed`", "first written at line 2"});
  EXPECT_EQ(top.line, 3);
  EXPECT_EQ(top.path, "seed");
  const auto& nested = expect_diag(ds, {"duplicate key `count`"});
  EXPECT_EQ(nested.path, "population[0].count");
  EXPECT_EQ(nested.line, 7);
  expect_diag(errors_of("name: a\nsessions: {max_ttl: 1h, max_ttl: 2h}\npopulation: []\n"),
              {"sessions.max_ttl", "duplicate key"});
}

TEST(Errors, DeepNesting) {
  const std::string flow = "name: x\nx: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
  expect_diag(errors_of(flow), {"nesting deeper than 32 levels"});
  std::string block = "name: x\n";
  for (int i = 0; i < 40; ++i) block += std::string(static_cast<std::size_t>(2 * i), ' ') + "a:\n";
  expect_diag(errors_of(block), {"nesting deeper"});
  // Far beyond any limit of ours: yaml-cpp's own recursion guard must not be reached first.
  const std::string huge = std::string(100'000, '[');
  EXPECT_THROW((void)load_string(huge, "huge.yaml"), ScenarioError);
}

TEST(Errors, AliasBombIsBounded) {
  // "Billion laughs": nine levels of nine aliases expand to 9^9 nodes.
  std::string bomb = "name: x\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) bomb += (j > 0 ? ", " : "") + prev;
    bomb += "]\n";
  }
  expect_diag(errors_of(bomb), {"more than 100000 YAML nodes", "alias"});
  expect_diag(errors_of("name: x\na: &a [*a]\n"), {"a[0]", "recursive alias"});
}

TEST(Errors, SmallAliasesAreFine) {
  const Spec s = load_string(R"(name: alias
population:
  - &agents {kind: ai_agent, count: 4}
  - *agents
)",
                             "alias.yaml");
  EXPECT_EQ(s->total_agents(), 8);
  EXPECT_EQ(s->population[1].name, "ai_agent1");
}

TEST(Errors, HugeNumbers) {
  const std::string base(kMinimal);
  expect_diag(errors_of(base + "seed: 99999999999999999999999\n"),
              {"seed", "found `99999999999999999999999`", "range"});
  expect_diag(errors_of(base + "duration: 99999999999999999d\n"), {"duration", "too large"});
  expect_diag(errors_of(base + "token: {supply: 1e30}\n"), {"token.supply", "too large"});
  expect_diag(errors_of(base + "market: {initial_price: 1e999}\n"), {"range of a double"});
  expect_diag(errors_of("name: x\npopulation: [{kind: ai_agent, count: 1e30}]\n"),
              {"population[0].count"});
  expect_diag(errors_of(base + "token: {decimals: 18, supply: 1000000000}\n"),
              {"token.supply", "does not fit 64-bit base units at token.decimals = 18"});
}

TEST(Errors, NegativeCountNamesLinePathFoundAndExpected) {
  const auto ds = errors_of(
      "name: x\npopulation:\n  - kind: ai_agent\n    count: 3\n"
      "  - kind: contributor\n    count: -5\n");
  ASSERT_EQ(ds.size(), 1u) << testing::dump(ds);
  const Diagnostic& d = ds[0];
  EXPECT_EQ(d.file, "test.yaml");
  EXPECT_EQ(d.line, 6);
  EXPECT_EQ(d.column, 12);
  EXPECT_EQ(d.path, "population[1].count");
  EXPECT_EQ(d.found, "-5");
  EXPECT_EQ(d.expected, "an integer in 0 .. 50000000");
  EXPECT_EQ(d.format(),
            "test.yaml:6:12: population[1].count: expected an integer in 0 .. 50000000, found "
            "`-5`: out of range");
}

TEST(Errors, NanAndInfinity) {
  const std::string base(kMinimal);
  expect_diag(errors_of(base + "market: {initial_price: .nan}\n"),
              {"market.initial_price", "NaN and infinity are not allowed"});
  expect_diag(errors_of(base + "market: {reference: {drift: -.inf}}\n"), {"NaN and infinity"});
  expect_diag(
      errors_of(base + "adversaries: {poisoner: {quality: {normal: {mean: .NaN, sd: 1}}}}\n"),
      {"adversaries.poisoner.quality.normal.mean", "NaN"});
}

TEST(Errors, DirectoryMissingAndOversizedFiles) {
  const testing::ScratchDir dir;
  expect_diag(file_errors_of(dir.path()), {"is a directory"});
  expect_diag(file_errors_of(dir.path() / "nope.yaml"), {"nope.yaml", "no such file"});
  std::string big = "# padding\n";
  while (big.size() <= kMaxFileBytes) big += std::string(1023, '#') + "\n";
  const auto path = dir.write("big.yaml", big);
  expect_diag(file_errors_of(path), {"more than the limit of 16 MiB"});
  expect_diag(errors_of(big), {"more than the limit of 16 MiB"});
}

TEST(Errors, UnknownKeysSuggestTheNearest) {
  expect_diag(errors_of("name: x\npopulaton: [{kind: ai_agent, count: 1}]\n"),
              {"test.yaml:2:1", "unknown key `populaton`", "did you mean `population`?"});
  expect_diag(errors_of(std::string(kMinimal) + "sessions: {max_tl: 1h}\n"),
              {"sessions.max_tl", "did you mean `max_ttl`?"});
  expect_diag(errors_of(std::string(kMinimal) + "Seed: 3\n"), {"did you mean `seed`?"});
  expect_diag(errors_of(std::string(kMinimal) + "max_ttl: 1h\n"),
              {"unknown key `max_ttl`", "did you mean `sessions.max_ttl`?"});
  expect_diag(errors_of("name: x\npopulation: [{kind: contributor, count: 1, price: 1}]\n"),
              {"population[0].price", "not a key of contributor groups", "model_builder"});
  expect_diag(errors_of("name: x\npopulation: [{kind: princpal, count: 1}]\n"),
              {"population[0].kind", "did you mean `principal`?"});
  expect_diag(errors_of(std::string(kMinimal) + "market: {type: amn}\n"), {"did you mean `amm`?"});
  expect_diag(errors_of(std::string(kMinimal) + "output: {events: {kinds: [swop]}}\n"),
              {"output.events.kinds[0]", "did you mean `swap`?"});
  expect_diag(errors_of("name: x\npopulation: [{kind: ai_agent, count: 1, trade_size: "
                        "{normal: {mean: 1, sf: 1}}}]\n"),
              {"trade_size.normal.sf", "did you mean `sd`?"});
}

TEST(Errors, ScopeAndAttackKeysAreChecked) {
  expect_diag(
      errors_of("name: x\npopulation: [{kind: principal, count: 1, scope_actions: [swop]}]\n"),
      {"population[0].scope_actions[0]", "did you mean `swap`?"});
  expect_diag(errors_of("name: x\npopulation: [{kind: principal, count: 1, scope_targets: -1}]\n"),
              {"population[0].scope_targets"});
  expect_diag(errors_of("name: x\npopulation: [{kind: ai_agent, count: 1, scope_targets: 1}]\n"),
              {"population[0].scope_targets", "not a key of ai_agent groups"});
  expect_diag(
      errors_of(std::string(kMinimal) + "adversaries: {approval_injection: {factor: 0.5}}\n"),
      {"adversaries.approval_injection.factor"});
  expect_diag(
      errors_of(std::string(kMinimal) + "adversaries: {approval_injection: {fraction: 2}}\n"),
      {"adversaries.approval_injection.fraction"});
  expect_diag(errors_of(std::string(kMinimal) + "adversaries: {router_bug: {at: -1h}}\n"),
              {"adversaries.router_bug.at"});
}

TEST(Errors, AllErrorsOfAFileAtOnceInFileOrder) {
  const auto ds = errors_of(R"(name: x
seed: -1
populaton: []
duration: 5
population:
  - {kind: ai_agent, count: lots}
market: {fee: 200%}
)");
  ASSERT_EQ(ds.size(), 5u) << testing::dump(ds);
  for (std::size_t i = 1; i < ds.size(); ++i) EXPECT_LE(ds[i - 1].line, ds[i].line);
  EXPECT_EQ(ds[0].path, "seed");
  EXPECT_EQ(ds[1].path, "populaton");
  EXPECT_EQ(ds[2].path, "duration");
  EXPECT_NE(ds[2].message.find("missing unit"), std::string::npos);
  EXPECT_EQ(ds[3].path, "population[0].count");
  EXPECT_EQ(ds[4].path, "market.fee");
}

TEST(Errors, OneScreenEvenWithManyErrors) {
  std::string text = "name: x\npopulation: [{kind: ai_agent, count: 1}]\n";
  for (int i = 0; i < 200; ++i) text += "unknown" + std::to_string(i) + ": 1\n";
  try {
    (void)load_string(text, "many.yaml");
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_EQ(e.diagnostics().size(), 200u);
    const std::string what = e.what();
    EXPECT_LE(std::count(what.begin(), what.end(), '\n'), 25);
    EXPECT_NE(what.find("... and 180 more"), std::string::npos);
  }
}

TEST(Errors, RequiredKeysAndWrongShapes) {
  expect_diag(errors_of("population: [{kind: ai_agent, count: 1}]\n"), {"name", "required"});
  expect_diag(errors_of("name: x\n"), {"missing required key `population`"});
  expect_diag(errors_of("name: x\npopulation: []\n"), {"at least one agent group"});
  expect_diag(errors_of("name: x\npopulation: [{kind: ai_agent}]\n"),
              {"population[0].count", "required"});
  expect_diag(errors_of("name: x\npopulation: [{count: 1}]\n"), {"population[0].kind", "required"});
  expect_diag(errors_of("name: x\npopulation: [5]\n"), {"population[0]", "agent group"});
  expect_diag(errors_of(std::string(kMinimal) + "sessions: 5\n"),
              {"sessions", "expected a map (the `sessions` section)"});
  expect_diag(errors_of(std::string(kMinimal) + "seed:\n"), {"seed", "found nothing"});
  expect_diag(errors_of(std::string(kMinimal) + "name2: {a: 1}\n"), {"unknown key `name2`"});
  expect_diag(errors_of("name: has space\npopulation: [{kind: ai_agent, count: 1}]\n"),
              {"expected a name"});
  expect_diag(errors_of(std::string(kMinimal) + "sessions: {allow_unlimited: yes}\n"),
              {"true or false"});
  expect_diag(errors_of("name: x\n? [a]\n: 1\npopulation: [{kind: ai_agent, count: 1}]\n"),
              {"a key must be plain text"});
  expect_diag(errors_of("name: x\n---\nname: y\n"), {"second YAML document"});
  expect_diag(errors_of("name: x\nbase: &b {count: 1}\npopulation: [{<<: *b, kind: ai_agent}]\n"),
              {"population[0].<<", "merge keys"});
}

TEST(Errors, MalformedDistributions) {
  const auto dist = [](std::string_view value) {
    return errors_of("name: x\npopulation:\n  - kind: ai_agent\n    count: 1\n    trade_size: " +
                     std::string(value) + "\n");
  };
  expect_diag(dist("{uniform: [5, 1]}"), {"population[0].trade_size", "lo <= hi"});
  expect_diag(dist("{normal: {mean: 1, sd: -1}}"), {"found `-1`", "negative"});
  expect_diag(dist("{pareto: {scale: 1, shape: 0}}"), {"shape must be positive"});
  expect_diag(dist("{lognormal: {median: 1, mu: 0, sigma: 1}}"), {"{median: ..., sigma: ...}"});
  expect_diag(dist("{uniform: [1, 2], normal: {mean: 1, sd: 1}}"), {"one family"});
  expect_diag(dist("{min: 1}"), {"one of constant, uniform"});
  expect_diag(dist("{uniform: 5}"), {"a list [lo, hi]"});
  expect_diag(dist("{normal: {mean: 1}}"), {"missing `sd`"});
  expect_diag(dist("{constant: 5, min: 10, max: 1}"), {"min must not exceed max"});
  expect_diag(dist("0.0000001"), {"token.decimals = 6"});
  expect_diag(dist("-3"), {"negative"});
  expect_diag(errors_of("name: x\npopulation: [{kind: contributor, count: 1, quality: 2}]\n"),
              {"population[0].quality", "in -1 .. 1"});
  expect_diag(errors_of("name: x\npopulation: [{kind: ai_agent, count: 1, action_interval: 0s}]\n"),
              {"action_interval", "> 0s"});
  expect_diag(errors_of("name: x\npopulation: [{kind: ai_agent, count: 1, action_interval: "
                        "{uniform: [1m, 5]}}]\n"),
              {"action_interval.uniform[1]", "missing unit"});
}

TEST(Errors, SemanticChecksBetweenKeys) {
  const std::string base(kMinimal);
  expect_diag(errors_of(base + "incentives: {fee_split: {contributors: 40%}}\n"),
              {"incentives.fee_split", "sums to 90%, not 100%"});
  expect_diag(errors_of(base + "sessions: {default_ttl: 2d}\n"),
              {"default_ttl (2d) is longer than max_ttl (1d)"});
  expect_diag(errors_of(base + "sessions: {caps: {per_action: 60}}\n"),
              {"per_action (60) is larger than per_period (50)"});
  expect_diag(errors_of(base + "sessions: {caps: {per_period: 500}}\n"), {"larger than total"});
  expect_diag(errors_of(base + "sessions: {renew_before: 1h}\n"), {"renew_before"});
  expect_diag(errors_of(base + "output: {events: {groups: [ai_agent0, nobody]}}\n"),
              {"output.events.groups", "`nobody` is not in the population"});
  expect_diag(errors_of(base + "network: {model: edge_list, file: missing.txt}\n"),
              {"network.file", "does not exist"});
  expect_diag(errors_of(base + "network: {model: edge_list}\n"), {"needs network.file"});
  expect_diag(errors_of(base + "network: {file: x.txt}\n"), {"only read with model: edge_list"});
  // Judgements must rank good content above bad; a perfect held-out evaluation is the truth and
  // must be named so.
  expect_diag(errors_of(base + "attribution: {quality_source: judged, judged: {bad_quality: 2}}\n"),
              {"attribution.judged.bad_quality", "must be below good_quality"});
  expect_diag(errors_of(base + "attribution: {held_out: {noise_sd: 0}}\n"),
              {"attribution.held_out.noise_sd"});
  expect_diag(errors_of(base + "duration: 1m\ntick: 90s\nblock_interval: 2m\n"),
              {"duration", "shorter than one tick"});
  expect_diag(errors_of(base + "block_interval: 250ms\n"),
              {"block_interval", "250ms is less than half a tick (tick = 1s)"});
  expect_diag(errors_of(base + "output: {snapshots: [2h, 1h]}\n"), {"must increase"});
  expect_diag(errors_of(base + "output: {snapshots: [2d]}\n"), {"after the end of the run"});
  expect_diag(errors_of(base + "output: {sample_interval: 2d}\n"), {"would take no sample"});
  expect_diag(errors_of("name: x\npopulation:\n  - {kind: ai_agent, count: 30000000}\n"
                        "  - {kind: contributor, count: 30000000}\n"),
              {"60000000 agents in total; the limit is 50000000"});
  expect_diag(
      errors_of("name: x\npopulation: [{kind: ai_agent, count: 10, endowment: 200000000}]\n"),
      {"more than token.supply"});
  expect_diag(errors_of("name: x\npopulation: [{kind: principal, count: 1}]\n"),
              {"population[0].agents", "no ai_agents"});
  expect_diag(
      errors_of("name: x\npopulation: [{kind: ai_agent, count: 1, inference_share: 0.9}]\n"),
      {"more than 1"});
  expect_diag(errors_of("name: x\npopulation:\n  - {name: a, kind: ai_agent, count: 1}\n"
                        "  - {name: a, kind: contributor, count: 1}\n"),
              {"population[1].name", "already used by population[0]"});
  expect_diag(errors_of(base + "adversaries: {key_compromise: {rate: 0.1, start: 2d}}\n"),
              {"after the run ends"});
  expect_diag(
      errors_of(base + "adversaries: {sybil: {fraction: 0.6}, poisoner: {fraction: 0.6}}\n"),
      {"sum to more than 1"});
  expect_diag(errors_of(base + "adversaries: {sybil: {max_identities: 4, identities: 8}}\n"),
              {"adversaries.sybil.identities", "more identities than"});
  expect_diag(errors_of("name: x\npopulation: [{kind: contributor, count: 1, behaviour: "
                        "{delta: 0.5}}]\nadversaries: {free_rider: {rule: ewa}}\n"),
              {"population[0].behaviour.delta", "adversaries.free_rider.rule is ewa"});
  expect_diag(errors_of(base + "adversaries: {poisoner: {rule: best}}\n"),
              {"adversaries.poisoner.rule"});
  expect_diag(errors_of("name: x\npopulation: [{kind: contributor, count: 1, datanets: 9}]\n"),
              {"data.datanets is 8"});
}

TEST(Errors, DatanetPricesAreOnePerDatanet) {
  // A price list of the wrong length is named where it is written, with the count it needs.
  const auto ds =
      errors_of(std::string(kMinimal) + "data:\n  datanets: 3\n  publish_fees: [1, 2]\n");
  ASSERT_EQ(ds.size(), 1u) << testing::dump(ds);
  EXPECT_EQ(ds[0].path, "data.publish_fees");
  EXPECT_EQ(ds[0].line, 6);
  EXPECT_EQ(ds[0].column, 17);
  EXPECT_NE(ds[0].format().find("lists 2 fees but data.datanets is 3"), std::string::npos)
      << ds[0].format();
  // The default datanet count (8) counts too, and --set lists are checked the same way.
  expect_diag(errors_of(kMinimal, {"data.publish_fees=[1, 2, 3]"}),
              {"data.publish_fees", "lists 3 fees but data.datanets is 8"});
  // Each item is a token amount: negative ones and words are named by their index.
  const auto items = errors_of(kMinimal, {"data.datanets=3", "data.publish_fees=[1, -2, x]"});
  expect_diag(items, {"data.publish_fees[1]", "found `-2`"});
  expect_diag(items, {"data.publish_fees[2]", "found `x`"});
  expect_diag(errors_of(kMinimal, {"data.publish_fees=5"}),
              {"data.publish_fees", "write a list as [a, b]"});
  expect_diag(errors_of("name: x\npopulation: [{kind: model_builder, count: 1, explore: 1.5}]\n"),
              {"population[0].explore", "out of range"});
  expect_diag(
      errors_of("name: x\npopulation: [{kind: model_builder, count: 1, price_weight: -1}]\n"),
      {"population[0].price_weight", "out of range"});
}

}  // namespace
}  // namespace coordsim::scenario
