// Google Benchmark of the pending-event set alone: the hold model (pop the minimum, push one event
// a random increment later) at several queue sizes, for our 4-ary heap against std::priority_queue.
#include <benchmark/benchmark.h>

#include <queue>
#include <vector>

#include "kernel/event_queue.hpp"
#include "kernel/rng.hpp"

namespace {
using namespace coordsim::kernel;

struct After {
  bool operator()(const Event& a, const Event& b) const { return before(b, a); }
};

Event make(std::uint64_t t, std::uint32_t i) {
  return Event{SimTime{t}, AgentId{i}, AgentId{i}, i, 0, 0, 0};
}

void BM_QuadHeapHold(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t counter = 0;
  Rng rng(stream_key(1, 0), counter);
  EventQueue q;
  for (std::uint32_t i = 0; i < n; ++i) q.push(make(rng.below(1000000), i));
  std::uint32_t seq = 0;
  for (auto _ : state) {
    const Event top = q.top();
    q.replace_top(make(top.time.ticks() + rng.below(1000000), seq++));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_StdPriorityQueueHold(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t counter = 0;
  Rng rng(stream_key(1, 0), counter);
  std::priority_queue<Event, std::vector<Event>, After> q;
  for (std::uint32_t i = 0; i < n; ++i) q.push(make(rng.below(1000000), i));
  std::uint32_t seq = 0;
  for (auto _ : state) {
    const Event top = q.top();
    q.pop();
    q.push(make(top.time.ticks() + rng.below(1000000), seq++));
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_QuadHeapHold)->RangeMultiplier(8)->Range(1 << 10, 1 << 20);
BENCHMARK(BM_StdPriorityQueueHold)->RangeMultiplier(8)->Range(1 << 10, 1 << 20);
}  // namespace

BENCHMARK_MAIN();
