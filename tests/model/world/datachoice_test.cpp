// Builders' datanet choice (by observed quality and price) and the settlement layer's escaped
// slashable value, checked on whole worlds through the world's public views. Every world here
// runs InvariantChecker after every event, so conservation holds through the deposits, fees and
// refunds of every training. Each test prints the seed it ran with.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

using ledger::Amount;
using scenario::AgentKind;

/// Two datanets: one contributor feeds datanet 0 with good rows, one feeds datanet 1 with rows of
/// negative quality that the validators flag. Contributors are numbered across groups, and a
/// contributor with `datanets: 1` writes to datanet (its number mod data.datanets).
constexpr std::string_view kTwoDatanets = R"(
name: datachoice
duration: 12h
population:
  - {name: principals, kind: principal, count: 4, endowment: 5000, agents: 2, watch: false}
  - {name: agents, kind: ai_agent, count: 8, inference_share: 1, transfer_share: 0,
     action_interval: {exponential: 2m}, trade_size: 1}
  - {name: clean, kind: contributor, count: 1, endowment: 1000, quality: 0.8,
     row_interval: {exponential: 5m}}
  - {name: dirty, kind: contributor, count: 1, endowment: 1000, quality: -0.5,
     row_interval: {exponential: 5m}}
  - {name: builders, kind: model_builder, count: 2, endowment: 1000, price: 0.5,
     retrain_interval: 30m, explore: 0}
  - {name: validators, kind: validator, count: 4, endowment: 1000, stake: 500, accuracy: 0.9,
     sample_interval: {exponential: 5m}}
  - {name: makers, kind: market_maker, count: 1, endowment: 50000, liquidity: 20000}
data: {datanets: 2}
invariants: {check: every_event}
)";

scenario::Spec load(std::string_view yaml, std::uint64_t seed,
                    const std::vector<std::string>& overrides = {}) {
  return world_with_seed(yaml, "datachoice.yaml", seed, overrides);
}

/// The protocol's choice for one training, recomputed independently from the public views:
/// score = observed quality - price_weight x fee in tokens; greedy, ties to the datanet nearest
/// after the builder's home datanet (its slot).
std::set<std::uint32_t> expected_greedy(const World& w, AgentId builder) {
  const auto& bp =
      w.spec().population[w.population().group(builder)].as<scenario::ModelBuilderParams>();
  const auto& st = w.data().datanet_stats();
  const auto n = static_cast<std::uint32_t>(st.size());
  const std::uint32_t home = w.population().slot(builder) % n;
  const double unit = std::pow(10.0, w.spec().token.decimals);
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = (home + i) % n;
  auto score = [&](std::uint32_t d) {
    return st.quality(d) -
           bp.price_weight * static_cast<double>(w.data().datanet_fee(d).raw()) / unit;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return score(a) > score(b); });
  const auto k = static_cast<std::size_t>(std::clamp<std::int64_t>(bp.datanets_per_model, 1, n));
  return {order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k)};
}

/// Runs a world event by event with InvariantChecker after each. With `check_greedy`, before each
/// training it predicts the protocol's choice (expected_greedy) and afterwards compares it with
/// the datanets whose `chosen` count went up.
struct WatchedRun {
  explicit WatchedRun(const scenario::Spec& spec)
      : world(std::make_unique<World>(spec)), scheduler(world->actor_count(), world->block()) {
    world->seed_events(scheduler);
  }

  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    const bool train = e.kind == code(Kind::kTrain);
    std::set<std::uint32_t> expected;
    std::vector<std::uint64_t> before;
    if (train && check_greedy) {
      expected = expected_greedy(*world, e.source);
      before = world->data().datanet_stats().chosen;
    }
    world->handle(e, s);
    checker.check(*world, s.now(), s.committed() + 1, "after an event");
    if (!train) return;
    ++trainings;
    if (!check_greedy) return;
    std::set<std::uint32_t> got;
    const auto& after = world->data().datanet_stats().chosen;
    for (std::uint32_t d = 0; d < after.size(); ++d) {
      if (after[d] == before[d] + 1) got.insert(d);
      EXPECT_LE(after[d], before[d] + 1) << "a datanet picked twice in one training";
    }
    EXPECT_EQ(got, expected) << "training of builder " << e.source.value()
                             << " at t=" << s.now().ticks();
    if (got == expected) ++greedy_checked;
  }

  void run_to_end() {
    checker.check(*world, SimTime::zero(), 0, "start");
    scheduler.run_until(*this, world->end());
    world->at_barrier();
  }

  std::unique_ptr<World> world;
  kernel::Scheduler scheduler;
  InvariantChecker checker;
  bool check_greedy = false;
  std::uint64_t trainings = 0;
  std::uint64_t greedy_checked = 0;
};

std::string describe_datanets(const World& w) {
  std::string out;
  const auto& st = w.data().datanet_stats();
  for (std::size_t d = 0; d < st.size(); ++d) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "  datanet %zu: fee %lld, rows %llu (dup %llu), samples good %llu bad %llu, "
                  "quality %.3f, chosen %llu (explored %llu)\n",
                  d, static_cast<long long>(w.data().datanet_fee(d).raw()),
                  static_cast<unsigned long long>(st.rows[d]),
                  static_cast<unsigned long long>(st.duplicates[d]),
                  static_cast<unsigned long long>(st.sampled_good[d]),
                  static_cast<unsigned long long>(st.sampled_bad[d]), st.quality(d),
                  static_cast<unsigned long long>(st.chosen[d]),
                  static_cast<unsigned long long>(st.explored[d]));
    out += line;
  }
  return out;
}

TEST(DatanetChoice, AtEqualPriceBuildersAvoidTheDatanetValidatorsFlag) {
  for (const std::uint64_t seed : {1U, 2U, 3U, 4U}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    WatchedRun run(load(kTwoDatanets, seed));
    run.check_greedy = true;
    run.run_to_end();
    const World& w = *run.world;
    const auto& st = w.data().datanet_stats();
    std::printf("%s", describe_datanets(w).c_str());
    EXPECT_EQ(w.data().datanet_fee(0), w.data().datanet_fee(1));
    EXPECT_GT(st.sampled_bad[1], 0U) << "validators never flagged the dirty datanet";
    EXPECT_EQ(st.sampled_bad[0], 0U) << "good rows are never shown bad by a correct flag";
    EXPECT_GT(st.quality(0), st.quality(1));
    // Builder 1's home is the dirty datanet: it starts there, and leaves once it is seen.
    EXPECT_GT(st.chosen[1], 0U);
    EXPECT_GT(st.chosen[0], 3 * st.chosen[1]);
    EXPECT_EQ(st.explored[0] + st.explored[1], 0U);
    EXPECT_EQ(w.counters()[Counter::kDatanetExplored], 0);
    EXPECT_EQ(run.greedy_checked, run.trainings) << "every training was the greedy choice";
    EXPECT_EQ(st.chosen[0] + st.chosen[1], run.trainings);
    EXPECT_EQ(w.counters()[Counter::kDatanetVersions], static_cast<std::int64_t>(run.trainings));
    EXPECT_GT(run.trainings, 40U);
  }
}

TEST(DatanetChoice, AtEqualQualityBuildersPickTheCheapestAndGetTheRestBack) {
  // No contributors: every datanet's observed quality is the prior's, exactly equal. The fee
  // alone decides; each builder pays exactly the fees of what it got, the deposit's rest comes
  // back. With price_weight 0 the builders spread from their home datanets instead.
  constexpr std::string_view kPriced = R"(
name: priced
duration: 6h
population:
  - {name: builders, kind: model_builder, count: 4, endowment: 1000, retrain_interval: 1h,
     datanets_per_model: 2, explore: 0}
  - {name: makers, kind: market_maker, count: 1, endowment: 50000, liquidity: 20000}
data: {datanets: 4, publish_fees: [5, 1, 3, 2]}
invariants: {check: every_event}
)";
  constexpr std::uint64_t kSeed = 9;
  {
    WatchedRun run(load(kPriced, kSeed));
    run.check_greedy = true;
    run.run_to_end();
    const World& w = *run.world;
    const auto& st = w.data().datanet_stats();
    std::printf("price_weight 0.01:\n%s", describe_datanets(w).c_str());
    ASSERT_GT(run.trainings, 8U);
    EXPECT_EQ(run.greedy_checked, run.trainings);
    // The two cheapest: datanets 1 (1 token) and 3 (2 tokens), every time.
    EXPECT_EQ(st.chosen, (std::vector<std::uint64_t>{0, run.trainings, 0, run.trainings}));
    const std::int64_t unit = 1'000'000;
    EXPECT_EQ(w.counters()[Counter::kPublishFees],
              static_cast<std::int64_t>(run.trainings) * 3 * unit);
    // The builders end with their endowments less 3 tokens per training: of each 8-token
    // deposit (the two dearest fees) all but the fees came back. (The last trainings start
    // before 5h01m, so nothing is in flight at 6h.)
    ASSERT_EQ(w.in_flight(ledger::Asset::kToken), 0);
    Amount held = Amount::zero();
    for (const AgentId b : w.population().of_kind(AgentKind::kModelBuilder))
      held += w.ledger().liquid(w.ledger().account(b));
    EXPECT_EQ(held.raw(), 4 * 1000 * unit - static_cast<std::int64_t>(run.trainings) * 3 * unit);
    EXPECT_EQ(w.counters()[Counter::kPublishUnpaid], 0);
  }
  {
    WatchedRun run(load(kPriced, kSeed, {"population[0].price_weight=0"}));
    run.check_greedy = true;
    run.run_to_end();
    const auto& st = run.world->data().datanet_stats();
    std::printf("price_weight 0:\n%s", describe_datanets(*run.world).c_str());
    EXPECT_EQ(run.greedy_checked, run.trainings);
    // Builder b takes its home datanet b and the next: every datanet is used equally often.
    for (std::size_t d = 0; d < 4; ++d) EXPECT_EQ(st.chosen[d], run.trainings / 2);
  }
}

TEST(DatanetChoice, ExploreIsTheShareOfRandomPicks) {
  for (const double explore : {0.0, 0.3, 1.0}) {
    constexpr std::uint64_t kSeed = 5;
    std::printf("[ seed     ] %llu (explore %.1f)\n", static_cast<unsigned long long>(kSeed),
                explore);
    WatchedRun run(load(kTwoDatanets, kSeed,
                        {"population[4].explore=" + std::to_string(explore), "duration=2d",
                         "population[4].count=6", "population[4].endowment=5000"}));
    run.run_to_end();
    const World& w = *run.world;
    const auto n = static_cast<double>(w.counters()[Counter::kDatanetVersions]);
    const auto explored = static_cast<double>(w.counters()[Counter::kDatanetExplored]);
    const auto& st = w.data().datanet_stats();
    EXPECT_EQ(w.counters()[Counter::kDatanetExplored],
              static_cast<std::int64_t>(st.explored[0] + st.explored[1]));
    std::printf("  %.0f picks, %.0f explored; chosen %llu / %llu\n", n, explored,
                static_cast<unsigned long long>(st.chosen[0]),
                static_cast<unsigned long long>(st.chosen[1]));
    ASSERT_GT(n, 400.0);
    // Binomial(n, explore): within 5 standard deviations.
    const double sd = std::sqrt(n * explore * (1.0 - explore));
    EXPECT_NEAR(explored, n * explore, 5.0 * sd + 0.5);
    // Random picks land on both datanets about equally: exploring keeps the dirty one in use.
    if (explore == 1.0) {
      EXPECT_NEAR(static_cast<double>(st.chosen[1]), n / 2, 5.0 * std::sqrt(n / 4));
    }
  }
}

TEST(DatanetChoice, TheChoiceIsAFunctionOfTheSeed) {
  // The protocol actor's stream makes the choice: the same seed gives the same picks.
  std::vector<std::uint64_t> first;
  for (int i = 0; i < 2; ++i) {
    WatchedRun run(load(kTwoDatanets, 7, {"population[4].explore=0.5"}));
    run.run_to_end();
    if (i == 0) {
      first = run.world->data().datanet_stats().explored;
      first.insert(first.end(), run.world->data().datanet_stats().chosen.begin(),
                   run.world->data().datanet_stats().chosen.end());
      EXPECT_GT(run.world->counters()[Counter::kDatanetExplored], 0);
      continue;
    }
    auto again = run.world->data().datanet_stats().explored;
    again.insert(again.end(), run.world->data().datanet_stats().chosen.begin(),
                 run.world->data().datanet_stats().chosen.end());
    EXPECT_EQ(again, first);
  }
}

TEST(DatanetChoice, PoisonedDatanetsEndUpInFewerTrainings) {
  // Scenario-level effect with the builders' default explore and price_weight: poisoners (a
  // random fifth of the contributors, as in the research scenarios) land unevenly on the four
  // datanets; the most poisoned datanet is trained on less than the least poisoned one.
  constexpr std::string_view kPoisoned = R"(
name: poisoned
duration: 2d
population:
  - {name: principals, kind: principal, count: 10, endowment: 20000, agents: 3}
  - {name: agents, kind: ai_agent, count: 30, inference_share: 0.8, transfer_share: 0.1}
  - {name: contributors, kind: contributor, count: 40, endowment: 300,
     row_interval: {exponential: 30m}}
  - {name: builders, kind: model_builder, count: 6, endowment: 2000, retrain_interval: 2h,
     datanets_per_model: 2}
  - {name: validators, kind: validator, count: 10, endowment: 5000, stake: 2000,
     sample_interval: {exponential: 20m}}
  - {name: makers, kind: market_maker, count: 2, endowment: 200000}
data: {datanets: 4}
adversaries:
  poisoner: {fraction: 0.2}
)";
  constexpr std::uint64_t kSeed = 3;
  std::printf("[ seed     ] %llu\n", static_cast<unsigned long long>(kSeed));
  Harness h(load(kPoisoned, kSeed));
  ASSERT_TRUE(h.run(SimDuration{3600})) << describe(h.problems());
  const World& w = h.world();
  const auto& rows = w.data().rows();
  std::vector<double> poisoned(4, 0.0);
  std::vector<double> total(4, 0.0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    total[rows.datanet[r]] += 1.0;
    if (w.adversary_role(rows.contributor[r]) == Role::kPoisoner) poisoned[rows.datanet[r]] += 1.0;
  }
  std::vector<double> share(4);
  for (std::size_t d = 0; d < 4; ++d) share[d] = total[d] > 0 ? poisoned[d] / total[d] : 0.0;
  const auto most =
      static_cast<std::size_t>(std::max_element(share.begin(), share.end()) - share.begin());
  const auto least =
      static_cast<std::size_t>(std::min_element(share.begin(), share.end()) - share.begin());
  std::printf("%s", describe_datanets(w).c_str());
  std::printf(
      "[ effect   ] poisoned share: most %.2f (datanet %zu, %llu trainings), least %.2f "
      "(datanet %zu, %llu trainings)\n",
      share[most], most, static_cast<unsigned long long>(w.data().datanet_stats().chosen[most]),
      share[least], least, static_cast<unsigned long long>(w.data().datanet_stats().chosen[least]));
  ASSERT_GT(share[most], share[least]);
  EXPECT_LT(w.data().datanet_stats().quality(most), w.data().datanet_stats().quality(least));
  EXPECT_LT(w.data().datanet_stats().chosen[most], w.data().datanet_stats().chosen[least]);
  EXPECT_GT(w.counters()[Counter::kDatanetExplored], 0) << "default explore is 0.1";
}

// --- Settlement: slashable value that escaped -------------------------------------------------

/// Records, per contributor, the first time a successful challenge reverted its rewards, and the
/// final rewards it withdrew (the protocol's `reward` records: a path apart from finality's).
class RevertProbe final : public ActionSink {
 public:
  explicit RevertProbe(std::size_t agents)
      : first_(agents, SimTime::never()), withdrawn_(agents, Amount::zero()) {}
  void on_action(const ActionRecord& r) override {
    if (r.kind == ActionKind::kRevert && first_[index(r.target)] == SimTime::never())
      first_[index(r.target)] = r.time;
    if (r.kind == ActionKind::kReward) withdrawn_[index(r.target)] += r.amount;
  }
  [[nodiscard]] SimTime first_revert(AgentId a) const { return first_[index(a)]; }
  [[nodiscard]] Amount withdrawn(AgentId a) const { return withdrawn_[index(a)]; }

 private:
  std::vector<SimTime> first_;
  std::vector<Amount> withdrawn_;
};

TEST(Settlement, EscapedCountsEveryUnrevertedPoisonerRewardEvenAfterACatch) {
  // A caught poisoner keeps earning from its rows nobody has flagged yet (a high penalty
  // threshold keeps it in the models); those rewards are as slashable as the first ones, and
  // when they become final unreverted they escaped. The metric is then exactly what the poisoners
  // could withdraw; under the old definition (only while never caught) it fell short of that by
  // what caught poisoners earned afterwards, which this test makes sure is not zero.
  for (const std::uint64_t seed : {1U, 2U, 3U}) {
    std::printf("[ seed     ] %llu\n", static_cast<unsigned long long>(seed));
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto spec =
        small_world(seed, {"duration=12h", "adversaries.poisoner.fraction=0.4",
                           "incentives.penalty_threshold=1000",
                           "settlement.challenge_probability=1", "invariants.check=every_sample"});
    World w(spec);
    RevertProbe probe(w.agent_count());
    w.set_action_sink(&probe);
    kernel::Scheduler s(w.actor_count(), w.block());
    w.seed_events(s);
    InvariantChecker checker;
    std::vector<Amount> final_at_catch(w.agent_count(), Amount::zero());
    std::vector<std::uint8_t> seen(w.agent_count(), 0);
    for (SimTime t = SimTime::zero(); t < w.end();) {
      t = std::min(t + SimDuration{300}, w.end());
      s.run_until(w, t);
      w.at_barrier();
      checker.check(w, t, s.committed(), "slice");
      for (const AgentId c : w.population().of_kind(AgentKind::kContributor)) {
        if (seen[index(c)] == 0 && probe.first_revert(c) != SimTime::never()) {
          seen[index(c)] = 1;
          final_at_catch[index(c)] = w.settlement().rewards_final()[index(c)];
        }
      }
    }
    std::int64_t poisoners_final = 0;
    std::int64_t poisoners_paid = 0;  // withdrawn, plus final and not yet withdrawn
    std::int64_t after_catch = 0;
    for (const AgentId c : w.population().of_kind(AgentKind::kContributor)) {
      if (w.adversary_role(c) != Role::kPoisoner) continue;
      poisoners_final += w.settlement().rewards_final()[index(c)].raw();
      poisoners_paid += (probe.withdrawn(c) + w.settlement().rewards_claimable()[index(c)]).raw();
      if (seen[index(c)] != 0)
        after_catch += (w.settlement().rewards_final()[index(c)] - final_at_catch[index(c)]).raw();
    }
    std::printf(
        "[ escaped  ] %lld; poisoners' final rewards %lld, of which %lld after a catch; "
        "reverted %lld\n",
        static_cast<long long>(w.counters()[Counter::kEscaped]),
        static_cast<long long>(poisoners_final), static_cast<long long>(after_catch),
        static_cast<long long>(w.counters()[Counter::kRewardsReverted]));
    EXPECT_GT(w.counters()[Counter::kRewardsReverted], 0);
    EXPECT_GT(after_catch, 0) << "no caught poisoner earned again: the test would show nothing";
    // What escaped is what the poisoners could take out: the withdrawals the protocol recorded
    // plus what is final and still unclaimed. (Not the poisoners' final rewards: those are bumped
    // in the same branch as `escaped` and could not disagree with it.)
    EXPECT_GT(poisoners_final, 0);
    EXPECT_EQ(w.counters()[Counter::kEscaped], poisoners_paid);
  }
}

}  // namespace
}  // namespace coordsim::model::world::test
