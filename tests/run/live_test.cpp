// The live run behind coordsim-viz: it samples what run() records, and the state at a time is
// the same whichever way the run got there (straight, step by step, or back through a keyframe).
#include <gtest/gtest.h>

#include <variant>

#include "io/reader.hpp"
#include "model/world/metrics.hpp"
#include "run/live.hpp"
#include "run/tables.hpp"
#include "support.hpp"

namespace coordsim::run::test {
namespace {

using kernel::SimTime;

scenario::Spec quickstart(std::vector<std::string> sets = {}) {
  sets.emplace_back("duration=6h");
  return scenario::load_file(scenario_path("quickstart.yaml"), sets);
}

SimTime at_seconds(const LiveRun& live, double s) {
  return SimTime{static_cast<std::uint64_t>(s / live.tick_seconds())};
}

// Everything a reader of the world sees: every metric now and the agent, session and graph tables.
std::vector<io::TableColumn> observable(const LiveRun& live) {
  std::vector<io::TableColumn> all = agent_table(live.world());
  for (auto& c : session_table(live.world())) all.push_back(std::move(c));
  for (auto& c : graph_table(live.world())) all.push_back(std::move(c));
  std::vector<model::world::MetricValue> values;
  model::world::sample_metrics(live.world(), live.now(), live.events(), values);
  std::vector<double> now;
  for (std::size_t i = 1; i < values.size(); ++i) {
    now.push_back(std::visit([](auto x) { return static_cast<double>(x); }, values[i]));
  }
  all.push_back(io::TableColumn{"metrics", "", "", now});
  return all;
}

TEST(LiveRun, SamplesEqualTheRecordedRun) {
  ScratchDir dir;
  const scenario::Spec spec = quickstart();
  std::printf("seed %llu\n", static_cast<unsigned long long>(spec->seed));
  RunOptions options;
  options.output = dir / "run.h5";
  (void)run::run(spec, options);

  LiveRun live(spec);
  live.advance_to(live.end());
  ASSERT_TRUE(live.finished());
  const auto times = io::read_metric_time(options.output);
  ASSERT_EQ(live.sample_times().size(), times.size());
  for (std::size_t i = 0; i < times.size(); ++i)
    EXPECT_EQ(live.sample_times()[i].ticks(), times[i]);
  const auto defs = model::world::metric_defs();
  for (std::size_t m = 0; m < defs.size(); ++m) {
    const io::MetricData column = io::read_metric(options.output, std::string(defs[m].name));
    std::visit(
        [&](const auto& values) {
          ASSERT_EQ(values.size(), times.size());
          for (std::size_t i = 0; i < values.size(); ++i) {
            EXPECT_EQ(live.samples()[i][m], static_cast<double>(values[i]))
                << defs[m].name << " at sample " << i;
          }
        },
        column);
  }
  EXPECT_GT(live.actions_seen(), 0U);
}

TEST(LiveRun, StepsAndSeeksReachTheSameState) {
  const scenario::Spec spec = quickstart();
  LiveRun straight(spec);
  const SimTime t1 = at_seconds(straight, 3600.0 + 17.0);
  const SimTime t2 = at_seconds(straight, 5 * 3600.0 + 3.0);
  straight.advance_to(t1);
  const auto at_t1 = straight.state_bytes();
  straight.advance_to(t2);
  const auto at_t2 = straight.state_bytes();
  EXPECT_NE(at_t1, at_t2);

  // Back to t1 through a keyframe, then forwards again, then back again.
  straight.seek(t1);
  EXPECT_EQ(straight.now(), t1);
  EXPECT_EQ(straight.state_bytes(), at_t1);
  EXPECT_EQ(straight.sample_times().back() <= t1, true);
  straight.seek(t2);
  EXPECT_EQ(straight.state_bytes(), at_t2);
  straight.seek(t1);
  EXPECT_EQ(straight.state_bytes(), at_t1);

  // Event by event and block by block from the start.
  LiveRun stepped(spec);
  std::uint64_t steps = 0;
  const SimTime stop_blocks = at_seconds(stepped, 3600.0);
  while (stepped.now() + stepped.world().block() <= stop_blocks) {
    stepped.step_block();
    ++steps;
  }
  while (stepped.now() < t1) {
    ASSERT_GT(stepped.step_event(), 0U);
    ++steps;
  }
  EXPECT_GT(steps, 100U);
  // Stepping places a barrier after every step, which changes how the interaction graph's
  // union-find is laid out inside (not what it says), so compare what can be observed.
  if (stepped.now() != t1) stepped.seek(t1);
  ASSERT_EQ(stepped.now(), t1);
  straight.seek(t1);
  EXPECT_EQ(observable(stepped), observable(straight));
  EXPECT_EQ(stepped.samples(), straight.samples());
  EXPECT_EQ(stepped.events(), straight.events());
}

TEST(LiveRun, KeyframesStayBounded) {
  LiveOptions options;
  options.max_keyframes = 4;
  LiveRun live(quickstart({"output.sample_interval=1m"}), options);
  live.advance_to(live.end());
  EXPECT_LE(live.keyframe_count(), 5U);
  EXPECT_GE(live.keyframe_count(), 2U);
  const auto end_state = live.state_bytes();
  live.seek(SimTime::zero());
  EXPECT_EQ(live.events(), 0U);
  live.seek(live.end());
  EXPECT_EQ(live.state_bytes(), end_state);
}

TEST(LiveRun, BranchContinuesUnderTheEditedScenario) {
  const scenario::Spec spec = quickstart();
  LiveRun plain(spec);
  LiveRun same(spec);
  LiveRun dearer(spec);
  const SimTime t1 = at_seconds(plain, 2 * 3600.0);
  const SimTime t2 = at_seconds(plain, 6 * 3600.0);
  for (LiveRun* r : {&plain, &same, &dearer}) r->advance_to(t1);

  // The same value: the same scenario, so the run goes on exactly as if nothing happened.
  same.branch(quickstart({"incentives.publish_fee=10"}), {Intervention{t1, "k", "10", "10"}});
  ASSERT_EQ(same.interventions().size(), 1U);
  dearer.branch(quickstart({"population[3].price=0.08"}), {});
  EXPECT_EQ(dearer.state_bytes().size() > 0, true);
  for (LiveRun* r : {&plain, &same, &dearer}) r->advance_to(t2);
  EXPECT_EQ(observable(same), observable(plain));
  EXPECT_EQ(same.samples(), plain.samples());
  // Dearer inference (0.08 tokens a call instead of 0.02): more fees from the branch on.
  const auto fees = [](const LiveRun& r) {
    const auto defs = model::world::metric_defs();
    for (std::size_t m = 0; m < defs.size(); ++m) {
      if (defs[m].name == "fees") return r.samples().back()[m];
    }
    return -1.0;
  };
  EXPECT_GT(fees(plain), 0.0);
  EXPECT_GT(fees(dearer), fees(plain) * 1.5);
  // The samples before the branch are the unbranched run's.
  const std::size_t before = plain.samples().size() / 3;
  EXPECT_EQ(dearer.samples()[before], plain.samples()[before]);

  // Back in time stops at the branch: the keyframes before it belong to the old scenario.
  dearer.seek(at_seconds(dearer, 3600.0));
  EXPECT_EQ(dearer.now(), t1);

  // A scenario the state does not fit (another population) is refused; the run is unchanged.
  const auto state = plain.state_bytes();
  EXPECT_THROW(plain.branch(quickstart({"population[2].count=61"}), {}), kernel::ArchiveError);
  EXPECT_EQ(plain.state_bytes(), state);
  EXPECT_TRUE(plain.interventions().empty());
  plain.advance_to(plain.end());
  EXPECT_TRUE(plain.finished());
}

}  // namespace
}  // namespace coordsim::run::test
