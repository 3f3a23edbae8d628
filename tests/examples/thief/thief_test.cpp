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
#include <atomic>
#include <cstdio>
#include <string>
#include <variant>
#include <vector>

#include "app/cli.hpp"
#include "io/reader.hpp"
#include "kernel/scheduler.hpp"
#include "model/actor/counters.hpp"
#include "model/world/extension.hpp"
#include "model/world/invariants.hpp"
#include "model/world/seed_stats.hpp"
#include "model/world/world.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include "thief.hpp"
#include "thief_kind.hpp"

namespace coordsim::examples::thief {
namespace {

namespace fs = std::filesystem;
namespace ledger = model::ledger;
using app::test::CliResult;
using app::test::run_cli;
using app::test::write_text;
using test_support::ScratchDir;
using test_support::source_dir;
using Way = Thief::Way;

fs::path example_file() { return source_dir() / "tests/examples/thief/thief.yaml"; }

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
    "name: t\nblock_interval: 2s\npopulation:\n  - {kind: principal, count: 3, agents: 0}\n";
// The thieves' group in thief.yaml, and a period that keeps them idle for the whole run.
constexpr const char* kIdle = "population[4].period=1d";

std::vector<std::int64_t> ints(const fs::path& file, const std::string& metric) {
  return std::get<std::vector<std::int64_t>>(io::read_metric(file, metric));
}

TEST(ThiefKind, AGroupOfTheKindLoadsWithItsParamsAndDefaults) {
  const scenario::Spec spec = example();
  ASSERT_EQ(spec->population.size(), 5U);
  const scenario::Group& g = spec->population[4];
  EXPECT_EQ(g.kind, kThiefKind);
  EXPECT_EQ(scenario::to_string(g.kind), "thief");
  EXPECT_EQ(g.count, 2);
  EXPECT_EQ(g.as<ThiefParams>().amount, scenario::Amount{10'000'000});  // 6 decimals
  EXPECT_EQ(g.as<ThiefParams>().period, scenario::Micros{60'000'000});
  EXPECT_EQ(scenario::load_string(scenario::to_yaml(spec), "again.yaml"), spec);
  const auto defaults =
      scenario::load_string(std::string(kHead) + "  - {kind: thief, count: 1}\n", "t.yaml");
  EXPECT_EQ(defaults->population[1].as<ThiefParams>().amount, scenario::Amount{10'000'000});
  EXPECT_EQ(defaults->population[1].as<ThiefParams>().period, scenario::Micros{60'000'000});
}

TEST(ThiefKind, BadValuesAndRelationsAreReportedAtTheirKeys) {
  auto d = problems(std::string(kHead) + "  - kind: thief\n    count: 2\n    amount: -3\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].format().rfind("bad.yaml:7:13: population[1].amount: ", 0), 0U) << d[0].format();
  EXPECT_NE(d[0].message.find("expected a token amount"), std::string::npos) << d[0].format();
  d = problems(std::string(kHead) + "  - {kind: thief, count: 1, period: 1s}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].period");
  EXPECT_NE(d[0].message.find("more often than a block (2s)"), std::string::npos) << d[0].message;
  d = problems(std::string(kHead) + "  - {kind: thief, count: 1, agents: 2}\n");
  ASSERT_EQ(d.size(), 1U);
  EXPECT_EQ(d[0].path, "population[1].agents");
}

TEST(ThiefSystem, ItsOwnKindIsNumberedAfterTheSharedOnes) {
  const auto shared = static_cast<std::size_t>(model::actor::Kind::kCount);
  ASSERT_EQ(model::world::kind_count(), shared + 1);
  EXPECT_EQ(model::world::kind_names()[shared], "thief_turn");
  ASSERT_EQ(model::world::extensions().size(), 1U);
  EXPECT_EQ(model::world::first_kind_of(0), shared);
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
  kernel::Scheduler s(w.actor_count(), w.block());
  w.seed_events(s);
  s.run_until(w, w.end());
  // Conservation (in flight counted), no negative balance, the pool's backing, every session
  // within its caps and its parent's: the checker throws if one broke.
  model::world::InvariantChecker checker;
  checker.check(w, w.end(), s.committed(), "end of run");
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
    const Outcome active = run_world(example({s}));
    const Outcome idle = run_world(example({s, kIdle}));
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
  const std::vector<std::string> sets{"output.events.enabled=true", "output.checkpoint_every=1h"};
  const scenario::Spec spec = example(sets);
  std::vector<std::string> digests;
  for (const int threads : {1, 2, 3}) {
    run::RunOptions o;
    o.output = dir / ("t" + std::to_string(threads) + ".h5");
    o.threads = threads;
    ASSERT_TRUE(run::run(spec, o).complete);  // invariants checked after every event
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
  const auto attempts = ints(file, "thief_attempts");
  ASSERT_EQ(attempts.size(), 37U);  // at the start, then a sample every 10 minutes
  EXPECT_EQ(attempts.front(), 0);
  EXPECT_TRUE(std::is_sorted(attempts.begin(), attempts.end()));
  EXPECT_EQ(attempts.back(), 3 * 2 * 359);
  const auto hijacks = ints(file, "thief_refused_hijack").back();
  EXPECT_EQ(hijacks, 2 * 359);
  EXPECT_EQ(hijacks + ints(file, "thief_refused_escalation").back() +
                ints(file, "thief_refused_overdraw").back(),
            attempts.back());
  EXPECT_EQ(ints(file, "thief_taken").back(), 0);
  // Each hijack is a drain row of its turn, by a thief, refused NOT_DELEGATE; nothing else of its
  // turns is logged (a refused sub-delegation or payment moves nothing).
  const auto names = io::read_event_names(file);
  const auto code = static_cast<std::uint16_t>(model::actor::Kind::kCount);
  ASSERT_GT(names.causes.size(), code);
  EXPECT_EQ(names.causes[code], "thief_turn");
  const auto index_of = [](const std::vector<std::string>& v, const char* name) {
    return static_cast<std::uint16_t>(std::find(v.begin(), v.end(), name) - v.begin());
  };
  const auto drain = index_of(names.kinds, "drain");
  const auto not_delegate = index_of(names.reasons, "NOT_DELEGATE");
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
  const std::string out = (dir / "t.h5").string();
  const CliResult ok =
      run_cli({"run", example_file().string(), "-o", out, "--set", "output.events.enabled=true"});
  ASSERT_EQ(ok.status, 0) << ok;
  EXPECT_EQ(ints(out, "thief_refused_hijack").back(), 2 * 359);
  // An independent replay of the file re-derives every refusal from the sessions' logged terms.
  const CliResult verified = run_cli({"verify", out});
  EXPECT_EQ(verified.status, 0) << verified;
  EXPECT_NE(verified.out.find("all checks hold"), std::string::npos) << verified;

  write_text(dir / "bad.yaml",
             std::string(kHead) + "  - kind: thief\n    count: 2\n    amount: -3\n");
  for (const char* command : {"validate", "run"}) {
    const CliResult r = run_cli({command, "bad.yaml"}, dir.path());
    EXPECT_EQ(r.status, 2) << command << ": " << r;
    EXPECT_NE(r.err.find("bad.yaml:7:13: population[1].amount: "), std::string::npos)
        << command << ": " << r;
    EXPECT_NE(r.err.find("expected a token amount"), std::string::npos) << command << ": " << r;
  }
}

}  // namespace
}  // namespace coordsim::examples::thief
