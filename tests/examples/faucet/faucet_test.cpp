// The worked example of docs/extending.md, end to end: the faucet's kind and system, registered
// from this folder only, inside the real World, run loop, recorder and command line.
//   - its scenario side: typed, defaulted keys reported at file:line:column, checks between keys;
//   - its own event kind, numbered after the shared ones and named in run files;
//   - the World dispatches to it: every drip leaves its budget and arrives, its metric columns
//     are recorded, and results are the same on 1, 2 and 3 threads and through checkpoint/resume;
//   - `coordsim` with the faucet linked (example_faucet_coordsim, main = sim/app/main.cpp) runs
//     it, and refuses a bad faucet group with the documented message and exit status 2.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "faucet.hpp"
#include "faucet_kind.hpp"
#include "io/reader.hpp"
#include "model/world/world.hpp"
#include "scenario/load.hpp"
#include "support/resume.hpp"
#include "support/run_file.hpp"
#include "support/worked_example.hpp"

namespace coordsim::examples::faucet {
namespace {

namespace fs = std::filesystem;
using test_support::code_of;
using test_support::expect_one_problem;
using test_support::ScratchDir;
using test_support::series;
using test_support::small_scenario;

constexpr test_support::Example kExample{"faucet"};

// A faucet group with a negative drip: its value is at line 7, column 11.
constexpr std::string_view kNegativeDrip = "  - kind: faucet\n    count: 1\n    drip: -3\n";

TEST(FaucetKind, AGroupOfTheKindLoadsWithItsParamsAndDefaults) {
  const scenario::Spec spec = kExample.load();
  ASSERT_EQ(spec->population.size(), 2U);
  const scenario::Group& g = spec->population[1];
  EXPECT_EQ(g.kind, kFaucet.kind());
  EXPECT_EQ(scenario::to_string(g.kind), "faucet");
  EXPECT_EQ(g.as<FaucetParams>().drip, scenario::Amount{5'000'000});  // 6 decimals
  EXPECT_EQ(g.as<FaucetParams>().period, scenario::Micros{10'000'000});
  EXPECT_EQ(scenario::load_string(scenario::to_yaml(spec), "again.yaml"), spec);
  const auto defaults =
      scenario::load_string(small_scenario("  - {kind: faucet, count: 1}\n"), "f.yaml");
  EXPECT_EQ(defaults->population[1].as<FaucetParams>().drip, scenario::Amount{1'000'000});
  EXPECT_EQ(defaults->population[1].as<FaucetParams>().period, scenario::Micros{3'600'000'000});
}

TEST(FaucetKind, BadValuesAndRelationsAreReportedAtTheirKeys) {
  expect_one_problem(small_scenario(kNegativeDrip), "population[1].drip", "expected a token amount",
                     "7:11");
  expect_one_problem(small_scenario("  - {kind: faucet, count: 1, period: 1s}\n"),
                     "population[1].period", "more often than a block (2s)");
  expect_one_problem(small_scenario("  - {kind: faucet, count: 1}\n  - {kind: faucet, count: 1}\n"),
                     "population[2].kind");
  expect_one_problem(small_scenario("  - {kind: faucet, count: 1, agents: 2}\n"),
                     "population[1].agents");
}

TEST(FaucetSystem, ItsOwnKindIsNumberedAfterTheSharedOnes) {
  test_support::expect_one_kind_after_the_shared_ones("faucet_turn");
}

TEST(FaucetSystem, TheWorldDispatchesToItAndValueIsConserved) {
  const scenario::Spec spec = kExample.load();
  model::world::World w(spec);
  const Faucet& f = w.system<Faucet>();
  ASSERT_TRUE(f.active());
  EXPECT_EQ(f.self(), AgentId{5});
  const auto& ledger = w.ledger();
  // Genesis: the treasury gave it what its 60 turns will pay.
  EXPECT_EQ(ledger.liquid(ledger.account(f.self())), Amount{std::int64_t{60} * 5'000'000});
  std::vector<Amount> before;
  for (std::uint32_t a = 0; a < 5; ++a) before.push_back(ledger.liquid(ledger.account(AgentId{a})));
  (void)test_support::run_to_end(w);
  // Turns at 10 s, 20 s, ..., 590 s (the one at 600 s is the end).
  EXPECT_EQ(f.turns(), 59U);
  EXPECT_EQ(f.paid(), Amount{std::int64_t{59} * 5'000'000});
  model::ledger::Wide received = 0;
  for (std::uint32_t a = 0; a < 5; ++a)
    received += (ledger.liquid(ledger.account(AgentId{a})) - before[a]).raw();
  EXPECT_EQ(received + w.in_flight(model::ledger::Asset::kToken), f.paid().raw());
  EXPECT_EQ(ledger.liquid(ledger.account(f.self())), Amount{5'000'000});
}

TEST(FaucetSystem, ItsColumnsAndCausesAreRecordedTheSameOnAnyThreadCountAndAfterResume) {
  ScratchDir dir;
  // The same file on 1, 2 and 3 threads, and stopped after its second checkpoint then resumed.
  fs::path file;
  ASSERT_NO_FATAL_FAILURE(
      file = test_support::expect_same_file_on_threads_and_resume(
          kExample.load({"output.events.enabled=true", "output.checkpoint_every=2m"}), dir, 2));
  // At the start, then a sample a minute.
  ASSERT_NO_FATAL_FAILURE(test_support::expect_counter_series(file, "faucet_turns", 11, 59));
  EXPECT_EQ(series(file, "faucet_paid").back(), 59 * 5'000'000);
  // Its kind is named in the file's causes after the shared ones. Its handler logs no row of its
  // own: `send` logs each drip's move into flight (handler: the faucet; cause `credit`, the kind
  // of the event that carries the value), and a `transfer` row would claim a session action that
  // `coordsim verify` then looks for (the command-line test below verifies the file).
  const auto names = io::read_event_names(file);
  EXPECT_EQ(code_of(names.causes, "faucet_turn"),
            static_cast<std::uint16_t>(model::actor::Kind::kCount));
  const auto move = code_of(names.kinds, "move");
  const auto credit = code_of(names.causes, "credit");
  const auto events = io::read_events(file);
  const auto drips = std::count_if(events.begin(), events.end(), [&](const io::EventRecord& r) {
    return r.handler == 5 && r.kind == move && r.cause == credit && r.actor == 5 &&
           r.amount == 5'000'000;
  });
  const auto by_faucet = std::count_if(events.begin(), events.end(),
                                       [&](const io::EventRecord& r) { return r.handler == 5; });
  EXPECT_EQ(drips, 59);
  EXPECT_EQ(by_faucet, 59);
}

TEST(FaucetCommandLine, RunsAndVerifiesTheFaucetAndRefusesABadGroupWithExitStatus2) {
  ScratchDir dir;
  const fs::path out = dir / "f.h5";
  // An independent replay of the log re-derives every balance, the faucet's drips included.
  ASSERT_NO_FATAL_FAILURE(test_support::expect_runs_and_verifies(kExample.file(), out));
  EXPECT_EQ(series(out, "faucet_turns").back(), 59);
  test_support::expect_refused_with_status_2(
      dir, small_scenario(kNegativeDrip),
      {"bad.yaml:7:11: population[1].drip: ", "expected a token amount"});
}

}  // namespace
}  // namespace coordsim::examples::faucet
