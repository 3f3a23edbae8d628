#include "bench/phold.hpp"

#include <gtest/gtest.h>

#include <numeric>

namespace coordsim::bench {
namespace {

TEST(Phold, ConservesItsEventPopulation) {
  // Before the end time no event is dropped: each processed event schedules exactly one more,
  // so the queue always holds exactly one event per LP.
  PholdConfig c;
  c.lps = 512;
  c.end = 1e9;  // far away: nothing is dropped in the window we run
  Phold model(c);
  kernel::Scheduler s(c.lps);
  model.seed_events(s);
  EXPECT_EQ(s.queue().size(), c.lps);
  for (std::uint64_t t : {1'000'000ULL, 5'000'000ULL, 20'000'000ULL}) {
    s.run_until(model, kernel::SimTime{t});
    EXPECT_EQ(s.queue().size(), c.lps) << "at tick " << t;
  }
  const auto per_lp = model.processed();
  const auto processed = std::accumulate(per_lp.begin(), per_lp.end(), 0ULL);
  EXPECT_EQ(processed, s.committed());
  EXPECT_GT(s.committed(), 10U * c.lps);
}

TEST(Phold, RunIsDeterministic) {
  PholdConfig c;
  c.lps = 256;
  c.end = 20.0;
  const auto a = run_phold(c);
  const auto b = run_phold(c);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.checksum, a.events);
  c.seed = 43;
  EXPECT_NE(run_phold(c).events, a.events);
}

TEST(Phold, EventCountMatchesTheoryForItsRate) {
  // Each LP's chain of events has mean spacing lookahead + mean, so an LP sees about
  // end / (lookahead + mean) events.
  PholdConfig c;
  c.lps = 4096;
  c.end = 50.0;
  const auto r = run_phold(c);
  const double expected = c.lps * c.end / (c.lookahead + c.mean);
  EXPECT_NEAR(static_cast<double>(r.events), expected, 0.02 * expected);
}

}  // namespace
}  // namespace coordsim::bench

namespace coordsim::bench {
namespace {

TEST(Phold, SameHistoryForAnyThreadCount) {
  // The window runner must reproduce the sequential run exactly: same events, same per-LP
  // histories, for 1, 2 and 3 shards (3 does not divide the LP count evenly).
  for (std::uint64_t seed : {42ULL, 7ULL}) {
    std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
    PholdConfig c;
    c.lps = 1000;
    c.end = 30.0;
    c.seed = seed;
    c.threads = 0;
    const auto sequential = run_phold(c);
    for (int threads : {1, 2, 3}) {
      c.threads = threads;
      const auto parallel = run_phold(c);
      EXPECT_EQ(parallel.events, sequential.events) << threads << " threads";
      EXPECT_EQ(parallel.digest, sequential.digest) << threads << " threads";
      EXPECT_GT(parallel.windows, 0U);
    }
  }
}

TEST(Phold, SameHistoryWhenTheQueueIsLarge) {
  // Enough LPs that every queue (the sequential one, and each of two or three shards') holds more
  // than EventQueue::kRadixAbove events: the radix heap and the scheduler's prefetching loop run,
  // and must give the same history as the heap alone: with six shards of ~33,000 LPs every queue
  // stays below the switch.
  PholdConfig c;
  c.lps = 3 * static_cast<std::uint32_t>(kernel::EventQueue::kRadixAbove) + 7;
  c.end = 1.5;
  c.threads = 0;
  const auto sequential = run_phold(c);
  EXPECT_EQ(sequential.checksum, sequential.events);
  EXPECT_GT(sequential.events, std::uint64_t{c.lps});
  for (int threads : {2, 3, 6}) {
    c.threads = threads;
    const auto parallel = run_phold(c);
    EXPECT_EQ(parallel.events, sequential.events) << threads << " threads";
    EXPECT_EQ(parallel.digest, sequential.digest) << threads << " threads";
  }
}

}  // namespace
}  // namespace coordsim::bench
