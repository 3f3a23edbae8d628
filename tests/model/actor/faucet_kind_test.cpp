// The faucet as an agent kind of the scenario (docs/extending.md): a scenario with a faucet group
// loads, its keys are validated and defaulted like a built-in kind's (a bad value is reported at
// its file:line:column, a relation between keys too), it round-trips through to_yaml, and the
// faucet it describes runs under a real scheduler with its metric rows recorded to a run file.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "faucet_kind.hpp"
#include "faucet_world.hpp"
#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "scenario/load.hpp"
#include "support/scratch_dir.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::actor::example {
namespace {

using scenario::Micros;

scenario::Spec example() {
  return scenario::load_file(test_support::source_dir() / "tests/model/actor/faucet.yaml");
}

/// The diagnostics of loading `yaml` (as file `bad.yaml`); empty if it loads.
std::vector<scenario::Diagnostic> problems(const std::string& yaml) {
  try {
    (void)scenario::load_string(yaml, "bad.yaml");
  } catch (const scenario::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

constexpr const char* kHead =
    "name: f\nblock_interval: 2s\npopulation:\n  - {kind: principal, count: 3, agents: 0}\n";

TEST(FaucetKind, AGroupOfTheKindLoadsAndReadsBackItsParams) {
  const scenario::Spec spec = example();
  ASSERT_EQ(spec->population.size(), 2U);
  const scenario::Group& g = spec->population[1];
  EXPECT_EQ(g.kind, kFaucetKind);
  EXPECT_EQ(scenario::to_string(g.kind), "faucet");
  EXPECT_EQ(g.name, "faucet1");
  EXPECT_EQ(g.as<FaucetParams>().drip, scenario::Amount{5'000'000});  // 6 decimals
  EXPECT_EQ(g.as<FaucetParams>().period, Micros{10'000'000});
  EXPECT_THROW((void)g.as<scenario::PrincipalParams>(), std::bad_variant_access);
  EXPECT_THROW((void)spec->population[0].as<FaucetParams>(), std::bad_variant_access);
  // The resolved scenario names its keys, and reads back equal.
  const std::string yaml = scenario::to_yaml(spec);
  EXPECT_NE(yaml.find("kind: faucet"), std::string::npos) << yaml;
  EXPECT_NE(yaml.find("drip: 5"), std::string::npos) << yaml;
  EXPECT_EQ(scenario::load_string(yaml, "again.yaml"), spec);
}

TEST(FaucetKind, ItsKeysTakeTheirDefaults) {
  const auto spec =
      scenario::load_string(std::string(kHead) + "  - {kind: faucet, count: 1}\n", "f.yaml");
  const auto& p = spec->population[1].as<FaucetParams>();
  EXPECT_EQ(p.drip, scenario::Amount{1'000'000});
  EXPECT_EQ(p.period, Micros{3'600'000'000});
  // A different value is a different scenario.
  const auto other = scenario::load_string(
      std::string(kHead) + "  - {kind: faucet, count: 1, drip: 2}\n", "f.yaml");
  EXPECT_NE(other.hash(), spec.hash());
}

TEST(FaucetKind, TheScenarioOfEveryDefaultHasAFaucetGroup) {
  const std::string defaults = scenario::defaults_yaml();
  EXPECT_NE(defaults.find("kind: faucet"), std::string::npos);
  EXPECT_NE(defaults.find("drip: 1"), std::string::npos) << defaults;
  const auto spec = scenario::load_string(defaults, "defaults.yaml");
  EXPECT_EQ(spec->population.back().kind, kFaucetKind);
}

TEST(FaucetKind, ABadValueIsReportedAtItsFileLineAndColumn) {
  const auto d = problems(std::string(kHead) + "  - kind: faucet\n    count: 1\n    drip: -3\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].file, "bad.yaml");
  EXPECT_EQ(d[0].line, 7);
  EXPECT_EQ(d[0].column, 11);
  EXPECT_EQ(d[0].path, "population[1].drip");
  EXPECT_NE(d[0].message.find("expected a token amount"), std::string::npos) << d[0].format();
  EXPECT_EQ(d[0].format().rfind("bad.yaml:7:11: population[1].drip: ", 0), 0U) << d[0].format();
}

TEST(FaucetKind, ItsChecksBetweenKeysRun) {
  // Faster than blocks: reported at the period, with the block interval in the message.
  auto d = problems(std::string(kHead) + "  - {kind: faucet, count: 1, period: 1s}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].period");
  EXPECT_EQ(d[0].line, 5);
  EXPECT_NE(d[0].message.find("more often than a block (2s)"), std::string::npos) << d[0].message;
  // Two faucets.
  d = problems(std::string(kHead) + "  - {kind: faucet, count: 2}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].count");
  // An invalid period is reported once, as invalid, not again as too short.
  d = problems(std::string(kHead) + "  - {kind: faucet, count: 1, period: -1s}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].period");
  EXPECT_EQ(d[0].message.find("more often"), std::string::npos) << d[0].message;
}

TEST(FaucetKind, KeysOfOtherKindsAreRefusedBothWays) {
  auto d = problems(std::string(kHead) + "  - {kind: faucet, count: 1, agents: 2}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].agents");
  d = problems("name: f\npopulation:\n  - {kind: principal, count: 3, agents: 0, drip: 2}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[0].drip");
  // A misspelt kind is offered the registered one.
  d = problems("name: f\npopulation:\n  - {kind: faucett, count: 1}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[0].kind");
  EXPECT_NE(d[0].hint.find("faucet"), std::string::npos) << d[0].format();
}

// What one sample of the faucet's metric rows reads.
struct FaucetSample {
  const Faucet& faucet;
  Counters counters;
};

TEST(FaucetKind, AScenarioRunsAndItsMetricsAreRecorded) {
  const scenario::Spec spec = example();
  const Population pop(spec.data());
  FaucetWorld w(pop.agents() - 1, faucet_from(spec.data(), pop), spec->token.supply,
                spec.data().ticks(spec->block_interval));
  kernel::Scheduler s(pop.agents(), w.block);
  w.seed(s);

  constexpr auto kRows = actor::Appended<Faucet>::metric_rows<FaucetSample>();
  io::RecordingLayout layout;
  for (const auto& row : kRows) {
    layout.metrics.push_back(
        io::MetricColumn{std::string(row.name), std::string(row.unit), std::string(row.description),
                         row.is_integer() ? io::MetricType::kInt64 : io::MetricType::kFloat64});
  }
  test_support::ScratchDir dir;
  const auto file = dir / "faucet.h5";
  const kernel::SimDuration every = spec.data().ticks(spec->output.sample_interval);
  const kernel::SimTime end = kernel::SimTime::zero() + spec.data().ticks(spec->duration);
  std::vector<std::int64_t> turns;
  {
    io::RunInfo info;
    info.scenario_name = spec->name;
    info.scenario_text = spec.yaml();
    info.seed = spec->seed;
    io::Recorder rec(file, info, layout);
    std::vector<io::MetricValue> values;
    for (kernel::SimTime t = kernel::SimTime::zero() + every; t <= end; t = t + every) {
      s.run_until(w, t);
      const FaucetSample in{w.faucet, w.counters()};
      values.clear();
      for (const auto& row : kRows) values.push_back(row.value(in));
      turns.push_back(std::get<std::int64_t>(values[0]));
      rec.append_sample(t, values);
    }
    rec.finish(end);
  }
  // A turn every 10 s for 10 minutes (the one at 10 min is not before the sample's end).
  ASSERT_EQ(turns.size(), 10U);
  EXPECT_EQ(turns.back(), 59);
  const auto recorded = std::get<std::vector<std::int64_t>>(
      io::read_metric(file, "faucet_turns", io::Unsealed::kRead));
  EXPECT_EQ(recorded, turns);
  const auto paid = std::get<std::vector<std::int64_t>>(
      io::read_metric(file, "faucet_paid", io::Unsealed::kRead));
  ASSERT_EQ(paid.size(), 10U);
  EXPECT_EQ(paid.back(), 59 * 5'000'000);
  // Value is conserved: what was paid is with the agents or still in flight.
  ledger::Wide received = 0;
  for (std::uint32_t a = 0; a < w.agents; ++a)
    received += w.ledger.liquid(w.ledger.account(AgentId{a})).raw();
  EXPECT_EQ(received + w.in_flight(), paid.back());
}

}  // namespace
}  // namespace coordsim::model::actor::example
