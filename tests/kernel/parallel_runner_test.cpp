#include "kernel/parallel_runner.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "kernel/rng.hpp"

namespace coordsim::kernel {
namespace {

// Each actor logs the keys it sees and forwards one event: to a random actor at least one
// lookahead ahead, or (30%) to itself sooner. Every actor's log must be the same for any shard
// count. One event in, one out: the population stays constant.
struct Gossip {
  static constexpr SimDuration kLookahead{5};
  std::uint64_t seed;
  std::vector<std::uint64_t> counters;
  std::vector<std::vector<Event>> log;

  void handle(const Event& e, Scheduler& s) {
    const std::size_t a = index(e.target);
    log[a].push_back(e);
    if (e.time > SimTime{2000}) return;
    Rng rng(stream_key(seed, a), counters[a]);
    if (rng.bernoulli(0.3)) {
      s.schedule(e.time + SimDuration{rng.below(3)}, e.target, e.target, 2);
    } else {
      s.schedule(e.time + kLookahead + SimDuration{rng.below(4)},
                 AgentId{rng.below(static_cast<std::uint32_t>(counters.size()))}, e.target, 1);
    }
  }
};

std::vector<std::vector<Event>> run(std::uint32_t shards, std::uint64_t seed) {
  constexpr std::uint32_t kActors = 37;
  Gossip g{seed, std::vector<std::uint64_t>(kActors, 0), std::vector<std::vector<Event>>(kActors)};
  ParallelRunner r(ParallelRunner::contiguous(kActors, shards), shards, Gossip::kLookahead,
                   static_cast<int>(shards));
  for (std::uint32_t a = 0; a < kActors; ++a) r.schedule(SimTime{a % 3}, AgentId{a}, AgentId{a}, 0);
  r.run_until(g, SimTime{1000});
  r.run_until(g, SimTime::never());  // two calls: a pause (for a sample) must not change anything
  return g.log;
}

TEST(ParallelRunner, ActorHistoriesIdenticalForAnyShardCount) {
  for (std::uint64_t seed : {1ULL, 2ULL}) {
    std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
    const auto one = run(1, seed);
    for (std::uint32_t shards : {2U, 3U, 5U}) {
      const auto many = run(shards, seed);
      ASSERT_EQ(one.size(), many.size());
      for (std::size_t a = 0; a < one.size(); ++a) {
        ASSERT_EQ(one[a].size(), many[a].size()) << "actor " << a << ", " << shards << " shards";
        for (std::size_t i = 0; i < one[a].size(); ++i) {
          EXPECT_FALSE(before(one[a][i], many[a][i]) || before(many[a][i], one[a][i]));
        }
      }
    }
  }
}

TEST(ParallelRunner, RejectsACrossActorEventInsideTheLookahead) {
  struct TooSoon {
    void handle(const Event& e, Scheduler& s) {
      if (e.kind == 0) s.schedule(e.time + SimDuration{1}, AgentId{1}, e.target, 1);
    }
  } m;
  ParallelRunner r(ParallelRunner::contiguous(2, 2), 2, SimDuration{5}, 1);
  r.schedule(SimTime{0}, AgentId{0}, AgentId{0}, 0);
  EXPECT_THROW(r.run_until(m, SimTime::never()), std::logic_error);
}

}  // namespace
}  // namespace coordsim::kernel
