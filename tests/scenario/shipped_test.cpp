// Every file in scenarios/ is a valid scenario whose resolved text loads back to the same Spec.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "helpers.hpp"

namespace coordsim::scenario {
namespace {

Spec load_shipped(std::string_view name) {
  return load_file(testing::source_dir() / "scenarios" / name);
}

TEST(Shipped, EveryScenarioValidatesAndRoundTrips) {
  const auto files = testing::shipped_scenarios();
  ASSERT_GE(files.size(), 8u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    std::ifstream in(path);
    std::string first_line;
    std::getline(in, first_line);
    EXPECT_TRUE(first_line.starts_with("# ") && first_line.size() > 20)
        << "the first line states the scenario's purpose";
    try {
      const Spec s = load_file(path);
      const Spec again = load_string(to_yaml(s), "resolved.yaml");
      EXPECT_EQ(again, s);
      EXPECT_EQ(again.hash(), s.hash());
      EXPECT_EQ(s->output.path, "out/" + s->name + ".h5");
    } catch (const ScenarioError& e) {
      ADD_FAILURE() << e.what();
    }
  }
}

TEST(Shipped, QuickstartIsAFewHundredAgents) {
  const Spec s = load_shipped("quickstart.yaml");
  EXPECT_GE(s->total_agents(), 100);
  EXPECT_LE(s->total_agents(), 500);
  EXPECT_EQ(s->duration, Micros{86'400'000'000});
  EXPECT_EQ(s->output.sample_interval, Micros{600'000'000});
  EXPECT_EQ(s->output.path, "out/quickstart.h5");
  std::array<int, kAgentKindNames.size()> kinds{};
  for (const auto& g : s->population) ++kinds[static_cast<std::size_t>(g.kind)];
  for (std::size_t k = 0; k < kinds.size(); ++k) EXPECT_GT(kinds[k], 0) << kAgentKindNames[k];
}

TEST(Shipped, MillionIsAMillionAgentsForADay) {
  const Spec s = load_shipped("million.yaml");
  EXPECT_EQ(s->total_agents(), 1'000'000);
  EXPECT_EQ(s->duration, Micros{86'400'000'000});
}

TEST(Shipped, BlastRadiusPairDiffersOnlyInSessionLifetime) {
  const Spec short_ttl = load_shipped("sessions-blast-radius.yaml");
  const Spec long_ttl = load_shipped("sessions-blast-radius-long-ttl.yaml");
  EXPECT_GT(short_ttl->adversaries.key_compromise.rate, 0.0);
  EXPECT_LT(short_ttl->sessions.default_ttl, long_ttl->sessions.default_ttl);
  EXPECT_EQ(short_ttl->seed, long_ttl->seed);
  EXPECT_EQ(short_ttl->population, long_ttl->population);
  EXPECT_EQ(short_ttl->adversaries, long_ttl->adversaries);
  EXPECT_EQ(short_ttl->sessions.caps, long_ttl->sessions.caps);
}

TEST(Shipped, ResearchScenariosSwitchOnTheirEffects) {
  const Spec sybils = load_shipped("attribution-vs-sybils.yaml");
  EXPECT_GT(sybils->adversaries.sybil.fraction, 0.0);
  const Spec window = load_shipped("settlement-window.yaml");
  EXPECT_GT(window->settlement.challenge_window.value(), 0);
  const Spec base = load_shipped("base.yaml");
  const Spec derived = load_shipped("base-high-fees.yaml");
  EXPECT_EQ(base->population, derived->population);
  EXPECT_NE(base->market.fee, derived->market.fee);
  const Spec router = load_shipped("router-bug.yaml");
  EXPECT_GT(router->adversaries.router_bug.duration.value(), 0);
  EXPECT_LT(router->adversaries.router_bug.at, router->duration);
  const Spec injection = load_shipped("approval-injection.yaml");
  EXPECT_GT(injection->adversaries.approval_injection.fraction, 0.0);
  EXPECT_GT(injection->adversaries.approval_injection.factor, 1.0);
  EXPECT_GT(injection->population[0].as<PrincipalParams>().scope_targets, 0);
}

}  // namespace
}  // namespace coordsim::scenario
