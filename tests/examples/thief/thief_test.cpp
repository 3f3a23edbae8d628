// The adversary example of docs/extending.md, end to end: the thief's kind and system, registered
// from this folder only, inside the real World, run loop, recorder and command line.
//   - its scenario side: typed, defaulted keys reported at file:line:column, a check between keys;
//   - the defences hold, on every seed: every hijack of another agent's session is refused
//     NOT_DELEGATE, every escalation and every overdraw refused, nothing taken, and every balance
//     of every account is the one of the same run with the thieves idle; the key-compromise
//     attacker, who holds the keys of the sessions it spends, takes value on the same runs;
//   - its refusals are counted in its metric columns and logged as drain rows that
//     `coordsim verify` re-derives; results are the same on 1, 2 and 3 threads and through
//     checkpoint/resume;
//   - `coordsim` with the thief linked (example_thief_coordsim, main = sim/app/main.cpp) runs and
//     verifies it, and refuses a bad thief group with the documented message and exit status 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "io/reader.hpp"
#include "model/actor/counters.hpp"
#include "model/world/invariants.hpp"
#include "model/world/seed_stats.hpp"
#include "model/world/world.hpp"
#include "scenario/load.hpp"
#include "support/resume.hpp"
#include "support/run_file.hpp"
#include "support/worked_example.hpp"
#include "thief.hpp"
#include "thief_kind.hpp"

namespace coordsim::examples::thief {
namespace {

namespace fs = std::filesystem;
namespace ledger = model::ledger;
using test_support::code_of;
using test_support::expect_one_problem;
using test_support::ScratchDir;
using test_support::series;
using test_support::small_scenario;
using Way = Thief::Way;

constexpr test_support::Example kExample{"thief"};

// The thieves' group in thief.yaml, and a period that keeps them idle for the whole run.
constexpr const char* kIdle = "population[4].period=1d";
// A thief group with a negative amount: its value is at line 7, column 13.
constexpr std::string_view kNegativeAmount = "  - kind: thief\n    count: 2\n    amount: -3\n";

TEST(ThiefKind, AGroupOfTheKindLoadsWithItsParamsAndDefaults) {
  const scenario::Spec spec = kExample.load();
  ASSERT_EQ(spec->population.size(), 5U);
  const scenario::Group& g = spec->population[4];
  EXPECT_EQ(g.kind, kThief.kind());
  EXPECT_EQ(scenario::to_string(g.kind), "thief");
  EXPECT_EQ(g.count, 2);
  EXPECT_EQ(g.as<ThiefParams>().amount, scenario::Amount{10'000'000});  // 6 decimals
  EXPECT_EQ(g.as<ThiefParams>().period, scenario::Micros{60'000'000});
  EXPECT_EQ(scenario::load_string(scenario::to_yaml(spec), "again.yaml"), spec);
  const auto defaults =
      scenario::load_string(small_scenario("  - {kind: thief, count: 1}\n"), "t.yaml");
  EXPECT_EQ(defaults->population[1].as<ThiefParams>().amount, scenario::Amount{10'000'000});
  EXPECT_EQ(defaults->population[1].as<ThiefParams>().period, scenario::Micros{60'000'000});
}

TEST(ThiefKind, BadValuesAndRelationsAreReportedAtTheirKeys) {
  expect_one_problem(small_scenario(kNegativeAmount), "population[1].amount",
                     "expected a token amount", "7:13");
  expect_one_problem(small_scenario("  - {kind: thief, count: 1, period: 1s}\n"),
                     "population[1].period", "more often than a block (2s)");
  expect_one_problem(small_scenario("  - {kind: thief, count: 1, agents: 2}\n"),
                     "population[1].agents");
}

TEST(ThiefSystem, ItsOwnKindIsNumberedAfterTheSharedOnes) {
  test_support::expect_one_kind_after_the_shared_ones("thief_turn");
}

/// At the end of a run: every account's buckets (liquid, staked, unbonding, locked, quote), what
/// the key-compromise attacker took, and the thieves' columns.
struct Outcome {
  std::vector<std::vector<ledger::Amount>> buckets;
  std::int64_t compromise_taken = 0;  // the key-compromise attacker's (value_taken)
  std::uint64_t attempts[Thief::kWays] = {};
  std::uint64_t refused[Thief::kWays] = {};
  ledger::Amount taken = ledger::Amount::zero();
};

/// Where two outcomes' balances first differ ("" if nowhere), for a readable failure.
std::string first_difference(const Outcome& a, const Outcome& b) {
  for (std::size_t k = 0; k < a.buckets.size(); ++k) {
    for (std::size_t i = 0; i < a.buckets[k].size(); ++i) {
      if (a.buckets[k][i] != b.buckets[k][i]) {
        return "account " + std::to_string(i) + ", bucket " + std::to_string(k) + ": " +
               std::to_string(a.buckets[k][i].raw()) + " against " +
               std::to_string(b.buckets[k][i].raw());
      }
    }
  }
  return "";
}

Outcome run_world(const scenario::Spec& spec) {
  model::world::World w(spec);
  const std::uint64_t committed = test_support::run_to_end(w);
  // Conservation (in flight counted), no negative balance, the pool's backing, every session
  // within its caps and its parent's: the checker throws if one broke.
  model::world::InvariantChecker checker;
  checker.check(w, w.end(), committed, "end of run");
  Outcome o;
  for (const auto b : {ledger::Bucket::kLiquid, ledger::Bucket::kStaked, ledger::Bucket::kUnbonding,
                       ledger::Bucket::kLocked}) {
    const auto column = w.ledger().column(b);
    o.buckets.emplace_back(column.begin(), column.end());
  }
  const auto quote = w.ledger().quote_column();
  o.buckets.emplace_back(quote.begin(), quote.end());
  o.compromise_taken = w.counters()[model::actor::Counter::kValueTaken];
  const Thief& t = w.system<Thief>();
  for (std::size_t k = 0; k < Thief::kWays; ++k) {
    o.attempts[k] = t.attempts(static_cast<Way>(k));
    o.refused[k] = t.refused(static_cast<Way>(k));
  }
  o.taken = t.taken();
  return o;
}

TEST(ThiefSystem, EveryAttemptIsRefusedAndNoBalanceDiffersFromARunWithoutIt) {
  std::vector<double> thief_taken;
  std::vector<double> compromise_taken;
  for (const int seed : {1, 2, 3, 4, 5, 6}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::string s = "seed=" + std::to_string(seed);
    const Outcome active = run_world(kExample.load({s}));
    const Outcome idle = run_world(kExample.load({s, kIdle}));
    // Two thieves, a turn a minute for 6 hours (the one at the end is not run): three attempts a
    // turn, since every domain holds a household's sessions.
    for (std::size_t k = 0; k < Thief::kWays; ++k) {
      EXPECT_EQ(active.attempts[k], 2U * 359U) << "way " << k;
      EXPECT_EQ(active.refused[k], active.attempts[k]) << "way " << k;
      EXPECT_EQ(idle.attempts[k], 0U) << "way " << k;
    }
    EXPECT_EQ(active.taken, ledger::Amount::zero());
    // Not one base unit anywhere moved because of them: every account's every bucket is the idle
    // run's (the thieves' own included: what ai agents pay them is the same in both).
    ASSERT_EQ(active.buckets.size(), idle.buckets.size());
    EXPECT_EQ(first_difference(active, idle), "");
    EXPECT_EQ(active.compromise_taken, idle.compromise_taken);
    thief_taken.push_back(static_cast<double>(active.taken.raw()));
    compromise_taken.push_back(static_cast<double>(active.compromise_taken));
  }
  // Through the same households' sessions, the attacker who holds stolen keys takes value (within
  // the caps); the thieves, who hold none, take nothing.
  EXPECT_TRUE(model::world::test::separated(thief_taken, compromise_taken,
                                            "tokens taken: thieves -> key-compromise attacker"));
}

TEST(ThiefSystem, ItsRefusalsAreRecordedTheSameOnAnyThreadCountAndAfterResume) {
  ScratchDir dir;
  // The same file on 1, 2 and 3 threads (invariants checked after every event), and stopped
  // after its second checkpoint then resumed.
  fs::path file;
  ASSERT_NO_FATAL_FAILURE(
      file = test_support::expect_same_file_on_threads_and_resume(
          kExample.load({"output.events.enabled=true", "output.checkpoint_every=1h"}), dir, 2));
  // At the start, then a sample every 10 minutes; three attempts a turn.
  constexpr std::int64_t kAttempts = std::int64_t{3} * 2 * 359;
  ASSERT_NO_FATAL_FAILURE(
      test_support::expect_counter_series(file, "thief_attempts", 37, kAttempts));
  const auto hijacks = series(file, "thief_refused_hijack").back();
  EXPECT_EQ(hijacks, 2 * 359);
  EXPECT_EQ(hijacks + series(file, "thief_refused_escalation").back() +
                series(file, "thief_refused_overdraw").back(),
            kAttempts);
  EXPECT_EQ(series(file, "thief_taken").back(), 0);
  // Each hijack is a drain row of its turn, by a thief, refused NOT_DELEGATE; nothing else of its
  // turns is logged (a refused sub-delegation or payment moves nothing).
  const auto names = io::read_event_names(file);
  const auto code = static_cast<std::uint16_t>(model::actor::Kind::kCount);
  EXPECT_EQ(code_of(names.causes, "thief_turn"), code);
  const auto drain = code_of(names.kinds, "drain");
  const auto not_delegate = code_of(names.reasons, "NOT_DELEGATE");
  const auto events = io::read_events(file);
  const auto of_turns = std::count_if(events.begin(), events.end(),
                                      [&](const io::EventRecord& r) { return r.cause == code; });
  const auto refused = std::count_if(events.begin(), events.end(), [&](const io::EventRecord& r) {
    return r.cause == code && r.kind == drain && r.reason == not_delegate && r.actor >= 34 &&
           r.actor == r.handler && r.amount == 10'000'000;
  });
  EXPECT_EQ(refused, hijacks);
  EXPECT_EQ(of_turns, hijacks);
}

TEST(ThiefCommandLine, RunsAndVerifiesTheThievesAndRefusesABadGroupWithExitStatus2) {
  ScratchDir dir;
  const fs::path out = dir / "t.h5";
  // An independent replay of the file re-derives every refusal from the sessions' logged terms.
  ASSERT_NO_FATAL_FAILURE(test_support::expect_runs_and_verifies(kExample.file(), out));
  EXPECT_EQ(series(out, "thief_refused_hijack").back(), 2 * 359);
  test_support::expect_refused_with_status_2(
      dir, small_scenario(kNegativeAmount),
      {"bad.yaml:7:13: population[1].amount: ", "expected a token amount"});
}

}  // namespace
}  // namespace coordsim::examples::thief
