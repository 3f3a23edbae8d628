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
#include <atomic>
#include <string>
#include <variant>
#include <vector>

#include "app/cli.hpp"
#include "faucet.hpp"
#include "faucet_kind.hpp"
#include "io/reader.hpp"
#include "kernel/scheduler.hpp"
#include "model/world/extension.hpp"
#include "model/world/world.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"

namespace coordsim::examples::faucet {
namespace {

namespace fs = std::filesystem;
using app::test::CliResult;
using app::test::run_cli;
using app::test::write_text;
using test_support::ScratchDir;
using test_support::source_dir;

fs::path example_file() { return source_dir() / "tests/examples/faucet/faucet.yaml"; }

scenario::Spec example(const std::vector<std::string>& sets = {}) {
  return scenario::load_file(example_file(), sets);
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

std::vector<std::int64_t> ints(const fs::path& file, const std::string& metric) {
  return std::get<std::vector<std::int64_t>>(io::read_metric(file, metric));
}

TEST(FaucetKind, AGroupOfTheKindLoadsWithItsParamsAndDefaults) {
  const scenario::Spec spec = example();
  ASSERT_EQ(spec->population.size(), 2U);
  const scenario::Group& g = spec->population[1];
  EXPECT_EQ(g.kind, kFaucetKind);
  EXPECT_EQ(scenario::to_string(g.kind), "faucet");
  EXPECT_EQ(g.as<FaucetParams>().drip, scenario::Amount{5'000'000});  // 6 decimals
  EXPECT_EQ(g.as<FaucetParams>().period, scenario::Micros{10'000'000});
  EXPECT_EQ(scenario::load_string(scenario::to_yaml(spec), "again.yaml"), spec);
  const auto defaults =
      scenario::load_string(std::string(kHead) + "  - {kind: faucet, count: 1}\n", "f.yaml");
  EXPECT_EQ(defaults->population[1].as<FaucetParams>().drip, scenario::Amount{1'000'000});
  EXPECT_EQ(defaults->population[1].as<FaucetParams>().period, scenario::Micros{3'600'000'000});
}

TEST(FaucetKind, BadValuesAndRelationsAreReportedAtTheirKeys) {
  auto d = problems(std::string(kHead) + "  - kind: faucet\n    count: 1\n    drip: -3\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].format().rfind("bad.yaml:7:11: population[1].drip: ", 0), 0U) << d[0].format();
  EXPECT_NE(d[0].message.find("expected a token amount"), std::string::npos) << d[0].format();
  d = problems(std::string(kHead) + "  - {kind: faucet, count: 1, period: 1s}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].period");
  EXPECT_NE(d[0].message.find("more often than a block (2s)"), std::string::npos) << d[0].message;
  d = problems(std::string(kHead) + "  - {kind: faucet, count: 1}\n  - {kind: faucet, count: 1}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[2].kind");
  d = problems(std::string(kHead) + "  - {kind: faucet, count: 1, agents: 2}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].agents");
}

TEST(FaucetSystem, ItsOwnKindIsNumberedAfterTheSharedOnes) {
  const auto shared = static_cast<std::size_t>(model::actor::Kind::kCount);
  ASSERT_EQ(model::world::kind_count(), shared + 1);
  EXPECT_EQ(model::world::kind_names()[shared], "faucet_turn");
  EXPECT_EQ(model::world::kind_names()[0], model::actor::kKindNames[0]);
  ASSERT_EQ(model::world::extensions().size(), 1U);
  EXPECT_EQ(model::world::first_kind_of(0), shared);
}

TEST(FaucetSystem, TheWorldDispatchesToItAndValueIsConserved) {
  const scenario::Spec spec = example();
  model::world::World w(spec);
  const Faucet& f = w.system<Faucet>();
  ASSERT_TRUE(f.active());
  EXPECT_EQ(f.self(), AgentId{5});
  const auto& ledger = w.ledger();
  // Genesis: the treasury gave it what its 60 turns will pay.
  EXPECT_EQ(ledger.liquid(ledger.account(f.self())), Amount{60 * 5'000'000});
  std::vector<Amount> before;
  for (std::uint32_t a = 0; a < 5; ++a) before.push_back(ledger.liquid(ledger.account(AgentId{a})));
  kernel::Scheduler s(w.actor_count(), w.block());
  w.seed_events(s);
  s.run_until(w, w.end());
  // Turns at 10 s, 20 s, ..., 590 s (the one at 600 s is the end).
  EXPECT_EQ(f.turns(), 59U);
  EXPECT_EQ(f.paid(), Amount{59 * 5'000'000});
  model::ledger::Wide received = 0;
  for (std::uint32_t a = 0; a < 5; ++a)
    received += (ledger.liquid(ledger.account(AgentId{a})) - before[a]).raw();
  EXPECT_EQ(received + w.in_flight(model::ledger::Asset::kToken), f.paid().raw());
  EXPECT_EQ(ledger.liquid(ledger.account(f.self())), Amount{5'000'000});
}

TEST(FaucetSystem, ItsColumnsAndCausesAreRecordedTheSameOnAnyThreadCountAndAfterResume) {
  ScratchDir dir;
  const std::vector<std::string> sets{"output.events.enabled=true", "output.checkpoint_every=2m"};
  const scenario::Spec spec = example(sets);
  std::vector<std::string> digests;
  for (const int threads : {1, 2, 3}) {
    run::RunOptions o;
    o.output = dir / ("t" + std::to_string(threads) + ".h5");
    o.threads = threads;
    ASSERT_TRUE(run::run(spec, o).complete);
    digests.push_back(io::dataset_digest(o.output));
  }
  EXPECT_EQ(digests[1], digests[0]);
  EXPECT_EQ(digests[2], digests[0]);
  // Stopped after its second checkpoint, resumed on another thread count: the same file.
  std::atomic<bool> stop{false};
  run::RunOptions first;
  first.output = dir / "stopped.h5";
  first.threads = 2;
  first.stop = &stop;
  first.on_checkpoint = [&stop](std::uint64_t n, double /*t*/) {
    if (n == 2) stop.store(true);
  };
  ASSERT_FALSE(run::run(spec, first).complete);
  run::RunOptions rest;
  rest.output = dir / "resumed.h5";
  ASSERT_TRUE(run::resume(first.output, rest).resumed);
  EXPECT_EQ(io::dataset_digest(rest.output), digests[0]);

  const fs::path file = dir / "t1.h5";
  const auto turns = ints(file, "faucet_turns");
  ASSERT_EQ(turns.size(), 11U);  // at the start, then a sample a minute
  EXPECT_EQ(turns.front(), 0);
  EXPECT_TRUE(std::is_sorted(turns.begin(), turns.end()));
  EXPECT_EQ(turns.back(), 59);
  EXPECT_EQ(ints(file, "faucet_paid").back(), 59 * 5'000'000);
  // Its kind is named in the file's causes after the shared ones. Its handler logs no row of its
  // own: `send` logs each drip's move into flight (handler: the faucet; cause `credit`, the kind
  // of the event that carries the value), and a `transfer` row would claim a session action that
  // `coordsim verify` then looks for (the command-line test below verifies the file).
  const auto names = io::read_event_names(file);
  const auto code = static_cast<std::uint16_t>(model::actor::Kind::kCount);
  ASSERT_GT(names.causes.size(), code);
  EXPECT_EQ(names.causes[code], "faucet_turn");
  const auto index_of = [](const std::vector<std::string>& list, std::string_view name) {
    return static_cast<std::uint16_t>(std::find(list.begin(), list.end(), name) - list.begin());
  };
  const auto move = index_of(names.kinds, "move");
  const auto credit = index_of(names.causes, "credit");
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
  const std::string out = (dir / "f.h5").string();
  const CliResult ok =
      run_cli({"run", example_file().string(), "-o", out, "--set", "output.events.enabled=true"});
  ASSERT_EQ(ok.status, 0) << ok;
  EXPECT_EQ(ints(out, "faucet_turns").back(), 59);
  // An independent replay of the log re-derives every balance, the faucet's drips included.
  const CliResult verified = run_cli({"verify", out});
  EXPECT_EQ(verified.status, 0) << verified;
  EXPECT_NE(verified.out.find("all checks hold"), std::string::npos) << verified;

  write_text(dir / "bad.yaml",
             std::string(kHead) + "  - kind: faucet\n    count: 1\n    drip: -3\n");
  for (const char* command : {"validate", "run"}) {
    const CliResult r = run_cli({command, "bad.yaml"}, dir.path());
    EXPECT_EQ(r.status, 2) << command << ": " << r;
    EXPECT_NE(r.err.find("bad.yaml:7:11: population[1].drip: "), std::string::npos)
        << command << ": " << r;
    EXPECT_NE(r.err.find("expected a token amount"), std::string::npos) << command << ": " << r;
  }
}

}  // namespace
}  // namespace coordsim::examples::faucet
