// The worked example of docs/extending.md, end to end: the square_root_usage attribution rule,
// registered from this folder only, inside the real World, run loop, recorder and command line.
//   - its registration: a code after the built-in rules, a word of `attribution.rule`;
//   - its weights on a small case, computed here independently, and the split that follows them;
//   - a run of square_root_usage.yaml: every training's logged weights are the square roots of
//     the rows each contributor had in the datanet (counted here from the event log), `coordsim
//     verify` re-derives every payout from them and every balance, value is conserved, and the
//     run file is the same on 1, 2 and 3 threads and through checkpoint/resume;
//   - `coordsim` with the rule linked (example_square_root_usage_coordsim) runs it and refuses a
//     misspelt rule with file:line:column and exit status 2; the shipped coordsim, without the
//     rule, refuses the scenario and a resume of its run file.
#include "square_root_usage.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/reader.hpp"
#include "model/attribution/errors.hpp"
#include "model/world/invariants.hpp"
#include "model/world/world.hpp"
#include "scenario/load.hpp"
#include "support/resume.hpp"
#include "support/run_file.hpp"
#include "support/worked_example.hpp"

namespace coordsim::examples::square_root_usage {
namespace {

namespace fs = std::filesystem;
namespace attribution = model::attribution;
using app::test::CliResult;
using app::test::run_cli;
using app::test::run_program;
using kernel::AgentId;
using model::ledger::Amount;
using test_support::code_of;
using test_support::ScratchDir;

constexpr test_support::Example kExample{"square_root_usage"};

// A scenario naming a misspelt rule on line 5, its value at column 9.
constexpr const char* kMisspelt =
    "name: b\npopulation:\n  - {kind: principal, count: 1, agents: 0}\nattribution:\n"
    "  rule: square_root_usag\n";

struct Split {
  attribution::Attribution result;
  std::vector<std::int64_t> payouts;
};

Split attribute(attribution::Rule rule, const std::vector<attribution::Row>& rows,
                std::int64_t pool) {
  attribution::RuleConfig config;
  config.rule = rule;
  attribution::Workspace ws;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(1, 4), counter);
  Split s;
  attribution::attribute(config, rows, {}, rng, Amount{pool}, ws, s.result);
  for (const Amount a : s.result.payouts) s.payouts.push_back(a.raw());
  return s;
}

/// `count` rows of `contributor` with distinct contents from `first`.
void add_rows(std::vector<attribution::Row>& rows, std::uint32_t contributor, std::uint32_t count,
              std::uint32_t first) {
  for (std::uint32_t k = 0; k < count; ++k) rows.push_back({first + k, AgentId{contributor}, 0.5});
}

TEST(SquareRootUsageRule, IsARuleOfTheScenarioAfterTheBuiltInOnes) {
  const auto names = scenario::enum_names(scenario::AttributionRule{});
  ASSERT_EQ(names.size(), scenario::kBuiltInAttributionRules + 1);
  EXPECT_EQ(names[scenario::kBuiltInAttributionRules], "square_root_usage");
  EXPECT_EQ(static_cast<std::size_t>(kSquareRootUsage.rule()), scenario::kBuiltInAttributionRules);
  EXPECT_EQ(attribution::rule_name(kSquareRootUsage.rule()), "square_root_usage");
  EXPECT_EQ(attribution::registered_rule(kSquareRootUsage.rule()), &square_root_usage_values);
  EXPECT_EQ(attribution::registered_rule(attribution::Rule::kUsage), nullptr);
  // Its pay is a function of row counts: the stock credit divides it among the rows alike.
  EXPECT_EQ(attribution::row_credit(kSquareRootUsage.rule()), attribution::RowCredit::kPerRow);
  // What `attribution.rule` accepts: the built-in rules but shapley_exact, then this one.
  const auto words = scenario::scenario_attribution_rules();
  EXPECT_EQ(words.back(), "square_root_usage");
  EXPECT_EQ(std::count(words.begin(), words.end(), "shapley_exact"), 0);
  EXPECT_EQ(words.size(), scenario::kBuiltInAttributionRules);
  // The set closed when it was first read: a later registration is refused.
  EXPECT_THROW((void)attribution::register_rule("later", &square_root_usage_values),
               std::logic_error);
  // A code past the registered rules is no rule.
  attribution::RuleConfig bad;
  bad.rule = static_cast<attribution::Rule>(scenario::kBuiltInAttributionRules + 1);
  EXPECT_THROW(attribution::validate(bad), attribution::InvalidConfig);
}

TEST(SquareRootUsageRule, WeightsAreTheSquareRootOfRowsAndTheSplitFollowsThem) {
  // Contributor 3 with 9 rows, 1 with 4 (one a copy of 3's content: copies count), 2 with 1.
  std::vector<attribution::Row> rows;
  add_rows(rows, 3, 9, 0);
  add_rows(rows, 1, 3, 100);
  rows.push_back({0, AgentId{1}, 0.5});
  add_rows(rows, 2, 1, 200);
  const Split s = attribute(kSquareRootUsage.rule(), rows, 600);
  ASSERT_EQ(s.result.contributors, (std::vector<AgentId>{AgentId{1}, AgentId{2}, AgentId{3}}));
  // Independently: the square roots of 4, 1 and 9, and 600 split 2 : 1 : 3.
  EXPECT_EQ(s.result.weights, (std::vector<double>{2.0, 1.0, 3.0}));
  EXPECT_EQ(s.result.values, s.result.weights);
  EXPECT_EQ(s.payouts, (std::vector<std::int64_t>{200, 100, 300}));
  EXPECT_EQ(s.result.unallocated, Amount::zero());
  // Any pool is paid exactly, each payout within one base unit of its share.
  const Split odd = attribute(kSquareRootUsage.rule(), rows, 1'000'003);
  std::int64_t paid = 0;
  for (std::size_t p = 0; p < 3; ++p) {
    paid += odd.payouts[p];
    EXPECT_NEAR(static_cast<double>(odd.payouts[p]), 1'000'003.0 * s.result.weights[p] / 6.0, 1.0);
  }
  EXPECT_EQ(paid, 1'000'003);
}

TEST(SquareRootUsageRule, IsConcaveInRowsButRewardsSplittingThemOverIdentities) {
  // 9 rows against 1: usage pays 9 : 1, square_root_usage 3 : 1.
  std::vector<attribution::Row> rows;
  add_rows(rows, 1, 9, 0);
  add_rows(rows, 2, 1, 100);
  EXPECT_EQ(attribute(attribution::Rule::kUsage, rows, 1000).payouts,
            (std::vector<std::int64_t>{900, 100}));
  EXPECT_EQ(attribute(kSquareRootUsage.rule(), rows, 1000).payouts,
            (std::vector<std::int64_t>{750, 250}));
  // The same 4 rows under one identity, then over 4: 1 : 1, then the 4 identities take 2/3.
  std::vector<attribution::Row> one;
  add_rows(one, 1, 4, 0);
  add_rows(one, 2, 4, 100);
  EXPECT_EQ(attribute(kSquareRootUsage.rule(), one, 1200).payouts,
            (std::vector<std::int64_t>{600, 600}));
  std::vector<attribution::Row> split;
  add_rows(split, 1, 4, 0);
  for (std::uint32_t k = 0; k < 4; ++k) add_rows(split, 10 + k, 1, 100 + k);
  EXPECT_EQ(attribute(kSquareRootUsage.rule(), split, 1200).payouts,
            (std::vector<std::int64_t>{400, 200, 200, 200, 200}));
}

TEST(SquareRootUsageWorld, TheScenarioNamesItAndTheWorldConservesValue) {
  const scenario::Spec spec = kExample.load();
  EXPECT_EQ(spec->attribution.rule, kSquareRootUsage.rule());
  EXPECT_NE(scenario::to_yaml(spec).find("rule: square_root_usage"), std::string::npos);
  EXPECT_EQ(scenario::load_string(scenario::to_yaml(spec), "again.yaml"), spec);
  model::world::World w(spec);
  const std::uint64_t committed = test_support::run_to_end(w);
  // Conservation (every bucket, pool, in flight), no negative balance, every fee split summed
  // exactly to the fee.
  model::world::InvariantChecker checker;
  EXPECT_NO_THROW(checker.check(w, w.end(), committed, "end"));
}

/// The times of `kind` rows, by actor.
std::map<std::uint32_t, std::vector<std::uint64_t>> times_of(
    const std::vector<io::EventRecord>& events, std::uint16_t kind) {
  std::map<std::uint32_t, std::vector<std::uint64_t>> t;
  for (const io::EventRecord& r : events)
    if (r.kind == kind) t[r.actor].push_back(r.time);
  return t;
}

TEST(SquareRootUsageWorld, PayoutsFollowItsWeightsTheSameOnAnyThreadCountAndAfterResume) {
  ScratchDir dir;
  // The same file on 1, 2 and 3 threads, and stopped after its third checkpoint then resumed.
  fs::path file;
  ASSERT_NO_FATAL_FAILURE(
      file = test_support::expect_same_file_on_threads_and_resume(
          kExample.load({"output.events.enabled=true", "output.checkpoint_every=1h"}), dir, 3));

  const io::EventNames names = io::read_event_names(file);
  const std::vector<io::EventRecord> events = io::read_events(file);
  const auto contributed = times_of(events, code_of(names.kinds, "contribute"));
  const std::uint16_t attribution_kind = code_of(names.kinds, "attribution");
  const std::uint16_t weight_kind = code_of(names.kinds, "weight");
  const auto block =
      static_cast<std::uint64_t>(model::world::World(kExample.load()).block().ticks());
  ASSERT_EQ(contributed.size(), 5U);  // every contributor wrote
  std::size_t trainings = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].kind != attribution_kind) continue;
    const std::uint64_t trained = events[i].time;
    std::map<std::uint32_t, double> rows;  // contributor -> rows in the model
    for (const auto& [c, times] : contributed) {
      for (const std::uint64_t t : times) {
        ASSERT_NE(t + block, trained) << "a row arriving with the training: order-dependent";
        if (t + block < trained) rows[c] += 1.0;
      }
    }
    std::map<std::uint32_t, double> logged;
    for (std::size_t k = i + 1; k < events.size() && events[k].kind == weight_kind; ++k)
      logged[events[k].target] = static_cast<double>(events[k].amount);
    ASSERT_EQ(static_cast<std::size_t>(events[i].amount), rows.size()) << "at " << trained;
    ASSERT_EQ(logged.size(), rows.size()) << "at " << trained;
    if (rows.empty()) continue;  // a model trained before any row arrived: nothing to weigh
    const double scale = logged.begin()->second / std::sqrt(rows.begin()->second);
    for (const auto& [c, n] : rows) {
      ASSERT_TRUE(logged.contains(c)) << c;
      EXPECT_NEAR(logged[c], std::sqrt(n) * scale, 1.0) << "contributor " << c << " at " << trained;
    }
    ++trainings;
  }
  EXPECT_GE(trainings, 5U);
  // The payouts: `coordsim verify` divides every model pool by those weights (largest remainder)
  // and replays every balance from genesis.
  test_support::expect_verifies(file);
  const auto paid = test_support::series(file, "rewards_final_honest");
  EXPECT_GT(paid.back(), 0);
}

TEST(SquareRootUsageCommandLine, RunsItAndRefusesAMisspeltRuleWithExitStatus2) {
  ScratchDir dir;
  const CliResult ok = run_cli({"run", kExample.file().string(), "-o", (dir / "r.h5").string()});
  ASSERT_EQ(ok.status, 0) << ok;
  test_support::expect_refused_with_status_2(
      dir, kMisspelt, {"bad.yaml:5:9: attribution.rule: ", "square_root_usage"});
}

TEST(SquareRootUsageCommandLine, TheShippedCoordsimKnowsNoSuchRule) {
  ScratchDir dir;
  test_support::expect_shipped_coordsim_refuses(kExample, "attribution.rule: ");
  // A run file made with the rule stores its name (the scenario's text), not a code: a coordsim
  // without the rule refuses to resume it, at the stored key.
  const CliResult stopped =
      run_cli({"run", kExample.file().string(), "-o", (dir / "s.h5").string(), "--set",
               "output.checkpoint_every=1h", "--set", "duration=90m"});
  ASSERT_EQ(stopped.status, 0) << stopped;
  const CliResult resumed =
      run_program(test_support::shipped_coordsim(),
                  {"resume", (dir / "s.h5").string(), "-o", (dir / "x.h5").string()});
  EXPECT_NE(resumed.status, 0) << resumed;
  EXPECT_NE(resumed.err.find("attribution.rule"), std::string::npos) << resumed;
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}

}  // namespace
}  // namespace coordsim::examples::square_root_usage
