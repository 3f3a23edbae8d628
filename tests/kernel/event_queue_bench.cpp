// Google Benchmark of the pending-event set alone: the hold model (pop the minimum, push one event
// a random increment later, so the size stays constant) at several queue sizes.
//
// Contenders, all over the same 32-byte Event and the same total key:
//  - EventQueue: what the kernel uses, the 4-ary heap below 64Ki events and the radix heap above;
//  - QuadHeap: the 4-ary heap with Floyd's bottom-up replace_top (move the hole down to a leaf
//    along the smallest children without comparing against the new event, then sift it up);
//  - RadixHeap and LadderQueue: the monotone integer queues of issue 16;
//  - DaryHeap<2>: a binary heap with top-down hole sifting and fused replace_top;
//  - DaryHeap<8>: the next power of two up, to show where wider nodes stop paying;
//  - StdPriorityQueue: std::priority_queue (binary heap, separate pop and push), the baseline a
//    kernel written without care would use.
// Two increment laws: uniform (the textbook hold model) and exponential (what PHOLD schedules).
// Results and the command that produced them: docs/performance.md.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <queue>
#include <vector>

#include "kernel/event_queue.hpp"
#include "kernel/ladder_queue.hpp"
#include "kernel/quad_heap.hpp"
#include "kernel/radix_heap.hpp"
#include "kernel/rng.hpp"

namespace {
using namespace coordsim::kernel;

struct After {
  bool operator()(const Event& a, const Event& b) const { return before(b, a); }
};

Event make(std::uint64_t t, std::uint32_t i) {
  return Event{SimTime{t}, AgentId{i}, AgentId{i}, i, 0, 0, 0};
}

// An implicit d-ary min-heap with top-down sifting and the arity as a parameter, so that arities
// can be compared with everything else equal.
template <std::size_t Arity>
class DaryHeap {
 public:
  [[nodiscard]] const Event& top() const noexcept { return heap_.front(); }
  void push(const Event& e) {
    std::size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / Arity;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }
  void replace_top(const Event& e) noexcept {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = Arity * i + 1;
      if (first >= n) break;
      const std::size_t last = first + Arity < n ? first + Arity : n;
      std::size_t best = first;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      if (!before(heap_[best], e)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = e;
  }

 private:
  std::vector<Event> heap_;
};

// std::priority_queue has no replace_top: the event loop must pop, then push.
class StdHeap {
 public:
  [[nodiscard]] const Event& top() const noexcept { return q_.top(); }
  void push(const Event& e) { q_.push(e); }
  void replace_top(const Event& e) {
    q_.pop();
    q_.push(e);
  }

 private:
  std::priority_queue<Event, std::vector<Event>, After> q_;
};

enum class Law { kUniform, kExponential };

// The increment, in ticks: mean 500,000 under both laws, so both keep the same spread of times.
template <Law L>
std::uint64_t increment(Rng& rng) {
  if constexpr (L == Law::kUniform) {
    return rng.below(1000000);
  } else {
    return static_cast<std::uint64_t>(rng.exponential(500000.0));
  }
}

template <class Heap, Law L>
void BM_Hold(benchmark::State& state) {
  const auto n = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t counter = 0;
  Rng rng(stream_key(1, 0), counter);
  Heap q;
  for (std::uint32_t i = 0; i < n; ++i) q.push(make(increment<L>(rng), i));
  std::uint32_t seq = 0;
  for (auto _ : state) {
    const Event top = q.top();
    q.replace_top(make(top.time.ticks() + increment<L>(rng), seq++));
  }
  benchmark::DoNotOptimize(q.top());
  state.SetItemsProcessed(state.iterations());
}

// Sizes: PHOLD's 1,024 to 4,194,304 LPs.
#define COORDSIM_HOLD(HEAP, LAW)         \
  BENCHMARK_TEMPLATE(BM_Hold, HEAP, LAW) \
      ->Arg(1 << 10)                     \
      ->Arg(1 << 13)                     \
      ->Arg(1 << 16)                     \
      ->Arg(1 << 18)                     \
      ->Arg(1 << 20)                     \
      ->Arg(1 << 22)

COORDSIM_HOLD(EventQueue, Law::kUniform);
COORDSIM_HOLD(DaryHeap<2>, Law::kUniform);
COORDSIM_HOLD(DaryHeap<8>, Law::kUniform);
COORDSIM_HOLD(QuadHeap, Law::kUniform);
COORDSIM_HOLD(RadixHeap, Law::kUniform);
COORDSIM_HOLD(LadderQueue, Law::kUniform);
COORDSIM_HOLD(StdHeap, Law::kUniform);
COORDSIM_HOLD(EventQueue, Law::kExponential);
COORDSIM_HOLD(DaryHeap<2>, Law::kExponential);
COORDSIM_HOLD(DaryHeap<8>, Law::kExponential);
COORDSIM_HOLD(QuadHeap, Law::kExponential);
COORDSIM_HOLD(RadixHeap, Law::kExponential);
COORDSIM_HOLD(LadderQueue, Law::kExponential);
COORDSIM_HOLD(StdHeap, Law::kExponential);

#undef COORDSIM_HOLD
}  // namespace

BENCHMARK_MAIN();
