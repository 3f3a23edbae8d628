#pragma once
// Shared pieces of the checkpoint tests: the scenarios they run (shipped scenarios at reduced
// size), runs that stop right after a chosen checkpoint, and dataset comparisons.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "../app/cli.hpp"
#include "io/reader.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include "support/child.hpp"
#include "support/resume.hpp"
#include "support/scratch_dir.hpp"
#include "support/source_tree.hpp"

namespace coordsim::run::test {

namespace fs = std::filesystem;
using test_support::ScratchDir;
using test_support::source_dir;

/// A shipped scenario with overrides; `checkpoint_every` is added as output.checkpoint_every.
struct Case {
  std::string name;
  std::string file;
  std::vector<std::string> overrides;
};

/// quickstart at half a day, checkpoints every hour.
inline Case quickstart(std::uint64_t seed, std::string invariants = "every_sample") {
  return {"quickstart-seed" + std::to_string(seed),
          "scenarios/quickstart.yaml",
          {"seed=" + std::to_string(seed), "duration=12h", "output.sample_interval=10m",
           "output.checkpoint_every=1h", "invariants.check=" + invariants}};
}

/// The order book: resting maker quotes, their escrow and order ids must all survive a resume.
inline Case order_book(std::uint64_t seed) {
  return {"order-book-seed" + std::to_string(seed),
          "scenarios/order-book.yaml",
          {"seed=" + std::to_string(seed), "duration=12h", "population[0].count=20",
           "population[1].count=60", "population[2].count=40", "population[3].count=4",
           "population[4].count=6", "market.type=both", "output.sample_interval=15m",
           "output.checkpoint_every=2h"}};
}

/// Sybils, poisoners, free riders and key compromise, with the event log and two snapshots: every
/// part of the world changes, and /events must be truncated and continued exactly.
inline Case adversarial(std::uint64_t seed) {
  return {"adversarial-seed" + std::to_string(seed),
          "scenarios/attribution-vs-sybils.yaml",
          {"seed=" + std::to_string(seed), "duration=12h", "population[0].count=10",
           "population[1].count=40", "population[2].count=60", "population[3].count=4",
           "population[4].count=6", "adversaries.key_compromise.rate=1",
           "adversaries.key_compromise.start=1h", "adversaries.free_rider.fraction=0.05",
           "output.events.enabled=true", "output.snapshots=[3h, 7h]", "output.sample_interval=15m",
           "output.checkpoint_every=2h"}};
}

inline scenario::Spec load(const Case& c) {
  return scenario::load_file(source_dir() / c.file, c.overrides);
}

inline RunOptions options(const fs::path& out, int threads) {
  RunOptions o;
  o.output = out;
  o.threads = threads;
  o.coordsim_version = "test";
  return o;
}

/// Runs to the end.
inline RunSummary run_full(const scenario::Spec& spec, const fs::path& out, int threads) {
  return run(spec, options(out, threads));
}

/// Runs until checkpoint `sequence` is durable, then asks the run to stop (the SIGINT path): the
/// file is kept, marked incomplete, with data recorded after the checkpoint that resume() drops.
inline RunSummary run_stopped_after(const scenario::Spec& spec, const fs::path& out, int threads,
                                    std::uint64_t sequence) {
  return test_support::run_stopped_after(spec, options(out, threads), sequence);
}

/// Runs `spec` in a forked child on one thread (no oneTBB workers exist after fork) that kills
/// itself with SIGKILL the moment checkpoint `sequence` is durable, as a crash would; returns the
/// child's wait status. The killed run leaves its partial file (io::temp_path_for(out)).
inline int run_killed_after(const scenario::Spec& spec, const fs::path& out,
                            std::uint64_t sequence) {
  return test_support::in_child([&] {
    RunOptions o = options(out, 1);
    o.on_checkpoint = [sequence](std::uint64_t seq, double /*t*/) {
      if (seq == sequence) ::raise(SIGKILL);
    };
    (void)run(spec, o);
    return 0;
  });
}

/// Everything a run records except /checkpoints: equal between a run with checkpoints and one
/// without proves that taking them does not disturb the simulation.
inline void expect_same_recording(const fs::path& a, const fs::path& b) {
  EXPECT_EQ(io::read_metric_time(a), io::read_metric_time(b));
  for (const auto& c : io::read_metric_columns(a)) {
    EXPECT_EQ(io::read_metric(a, c.name), io::read_metric(b, c.name)) << c.name;
  }
  const auto sa = io::inspect(a);
  const auto sb = io::inspect(b);
  EXPECT_EQ(sa.events, sb.events);
  if (sa.events) {
    EXPECT_TRUE(io::read_events(a) == io::read_events(b));
  }
  ASSERT_EQ(sa.tables.size(), sb.tables.size());
  for (std::size_t i = 0; i < sa.tables.size(); ++i) {
    EXPECT_EQ(sa.tables[i].path, sb.tables[i].path);
    const auto ta = io::read_table(a, sa.tables[i].path);
    const auto tb = io::read_table(b, sb.tables[i].path);
    ASSERT_EQ(ta.size(), tb.size());
    for (std::size_t c = 0; c < ta.size(); ++c)
      EXPECT_EQ(ta[c].values, tb[c].values) << sa.tables[i].path << "/" << ta[c].name;
  }
}

}  // namespace coordsim::run::test
