// The queues of the kernel against each other: the 4-ary heap (QuadHeap, the kernel's queue until
// issue 16, the reference here), the radix heap, the ladder queue and EventQueue (what the kernel
// uses) must pop the same events in the same order on every workload, because the order of events
// is part of a run's result. Workloads mix pushes, pops and fused replace_tops; times come with
// many ties, small and exponential steps, jumps to the end of time, and pushes earlier than the
// pending minimum (as a parallel window's delivery can be).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <queue>
#include <vector>

#include "kernel/chunk_pool.hpp"
#include "kernel/event_queue.hpp"
#include "kernel/ladder_queue.hpp"
#include "kernel/quad_heap.hpp"
#include "kernel/radix_heap.hpp"
#include "kernel/rng.hpp"

namespace coordsim::kernel {
namespace {

constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();

Event ev(std::uint64_t t, std::uint32_t target, std::uint32_t source, std::uint32_t seq) {
  return Event{SimTime{t}, AgentId{target}, AgentId{source}, seq, 0, 0, t ^ seq};
}

bool same(const Event& a, const Event& b) {
  return a.time == b.time && a.target == b.target && a.source == b.source && a.seq == b.seq &&
         a.payload == b.payload;
}

// How far after the clock a new event lands.
enum class Steps { kTies, kMixed, kJumps };

std::uint64_t step(Rng& rng, Steps law, std::uint64_t now) {
  const std::uint32_t pick = rng.below(100);
  if (law == Steps::kTies) return pick < 60 ? 0 : rng.below(3);
  if (law == Steps::kJumps && pick < 10) {
    // Far ahead, up to the end of time itself (an event "never" still has a place in the order).
    return pick < 3 ? kNever - now : (kNever - now) / (1 + rng.below(1000));
  }
  if (pick < 20) return 0;
  if (pick < 50) return rng.below(16);
  return static_cast<std::uint64_t>(rng.exponential(1e6));
}

// Drives `q` and the reference heap through the same random operations and checks after every one
// that both hold the same number of events and the same minimum.
template <class Queue>
void cross_check(std::uint64_t seed, Steps law, std::uint32_t start, std::uint32_t ops) {
  std::printf("seed=%llu law=%d start=%u\n", static_cast<unsigned long long>(seed),
              static_cast<int>(law), start);
  std::uint64_t counter = 0;
  Rng rng(stream_key(seed, 0), counter);
  QuadHeap ref;
  Queue q;
  std::uint64_t now = 0;  // the clock: time of the last event popped
  std::uint32_t seq = 0;
  auto fresh = [&] {
    const std::uint64_t s = step(rng, law, now);
    return ev(now + s, rng.below(8), rng.below(8), seq++);
  };
  for (std::uint32_t i = 0; i < start; ++i) {
    const Event e = fresh();
    ref.push(e);
    q.push(e);
  }
  for (std::uint32_t i = 0; i < ops; ++i) {
    const std::uint32_t op = rng.below(10);
    if (ref.empty() || op < 3) {
      const Event e = fresh();
      ref.push(e);
      q.push(e);
    } else if (op < 5) {
      now = ref.top().time.ticks();
      ref.pop();
      q.pop();
    } else {
      now = ref.top().time.ticks();
      const Event e = fresh();
      ref.replace_top(e);
      q.replace_top(e);
    }
    ASSERT_EQ(q.size(), ref.size()) << "after operation " << i;
    ASSERT_EQ(q.empty(), ref.empty());
    if (!ref.empty()) {
      ASSERT_TRUE(same(q.top(), ref.top())) << "after operation " << i;
    }
  }
  // Drain: the rest must come out in the same order too.
  while (!ref.empty()) {
    ASSERT_TRUE(same(q.top(), ref.top()));
    ref.pop();
    q.pop();
  }
  EXPECT_TRUE(q.empty());
}

template <class Queue>
class Queues : public ::testing::Test {};
using Kinds = ::testing::Types<RadixHeap, LadderQueue, EventQueue>;
TYPED_TEST_SUITE(Queues, Kinds);

TYPED_TEST(Queues, SameOrderAsTheHeapWithManyTies) {
  for (std::uint64_t seed : {1ULL, 2ULL}) cross_check<TypeParam>(seed, Steps::kTies, 500, 20000);
}

TYPED_TEST(Queues, SameOrderAsTheHeapWithMixedSteps) {
  for (std::uint64_t seed : {3ULL, 4ULL}) cross_check<TypeParam>(seed, Steps::kMixed, 2000, 30000);
}

TYPED_TEST(Queues, SameOrderAsTheHeapWithJumpsToTheEndOfTime) {
  for (std::uint64_t seed : {5ULL, 6ULL}) cross_check<TypeParam>(seed, Steps::kJumps, 300, 20000);
}

TYPED_TEST(Queues, SameOrderAsTheHeapFromEmptyAndThroughEmpty) {
  // Starts empty and keeps only a handful of events, so it empties and refills many times.
  cross_check<TypeParam>(7, Steps::kMixed, 0, 20000);
}

TYPED_TEST(Queues, SameOrderAsTheHeapAcrossTheHybridSwitch) {
  // Grows from nothing to well past EventQueue's switch size, then drains to empty.
  std::uint64_t counter = 0;
  Rng rng(stream_key(8, 0), counter);
  QuadHeap ref;
  TypeParam q;
  const std::uint32_t n = 3 * static_cast<std::uint32_t>(EventQueue::kRadixAbove);
  std::printf("seed=8 n=%u\n", n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const Event e = ev(rng.below(1U << 20), rng.below(64), rng.below(64), i);
    ref.push(e);
    q.push(e);
  }
  std::uint32_t seq = n;
  for (std::uint32_t i = 0; i < n; ++i) {  // hold: the size stays above the switch
    const Event e = ev(ref.top().time.ticks() + rng.below(1U << 20), rng.below(64), 0, seq++);
    ref.replace_top(e);
    q.replace_top(e);
    ASSERT_TRUE(same(q.top(), ref.top())) << "hold " << i;
  }
  while (!ref.empty()) {
    ASSERT_TRUE(same(q.top(), ref.top())) << "left " << ref.size();
    ref.pop();
    q.pop();
  }
  EXPECT_TRUE(q.empty());
}

TYPED_TEST(Queues, OneEvent) {
  TypeParam q;
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.size(), 0U);
  q.push(ev(42, 1, 2, 3));
  EXPECT_FALSE(q.empty());
  EXPECT_EQ(q.size(), 1U);
  EXPECT_TRUE(same(q.top(), ev(42, 1, 2, 3)));
  q.replace_top(ev(kNever, 0, 0, 4));  // the only event, replaced by one at the end of time
  EXPECT_TRUE(same(q.top(), ev(kNever, 0, 0, 4)));
  q.pop();
  EXPECT_TRUE(q.empty());
  q.push(ev(0, 0, 0, 5));  // after emptying, earlier than anything seen before
  EXPECT_TRUE(same(q.top(), ev(0, 0, 0, 5)));
  EXPECT_EQ(q.raw().size(), 1U);
  q.clear();
  EXPECT_TRUE(q.empty());
}

TYPED_TEST(Queues, RawHoldsEveryPendingEventOnce) {
  std::uint64_t counter = 0;
  Rng rng(stream_key(9, 0), counter);
  TypeParam q;
  std::vector<Event> pushed;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    pushed.push_back(ev(rng.below(1U << 24), rng.below(100), 0, i));
    q.push(pushed.back());
  }
  for (std::uint32_t i = 0; i < 1000; ++i) q.pop();  // so that every tier holds something
  const auto raw = q.raw();
  std::vector<Event> got(raw.begin(), raw.end());
  std::sort(got.begin(), got.end(), before);
  std::sort(pushed.begin(), pushed.end(), before);
  ASSERT_EQ(got.size(), 4000U);
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(same(got[i], pushed[1000 + i]));
}

// An independent reference for the tests below: the standard library's heap over the same total
// key (the cross-checks above use QuadHeap, which is also the radix heap's near_ tier).
struct Later {
  bool operator()(const Event& a, const Event& b) const noexcept { return before(b, a); }
};
using Reference = std::priority_queue<Event, std::vector<Event>, Later>;

// Spikes of events far apart in time, each in other buckets, drained in between; and inside each
// spike, holds with large and tied steps, so that events migrate down through many buckets and the
// chunks one bucket gives back are reused by others. Checks the pop order against the reference at
// every step, and that the buckets' storage never exceeds the peak number of pending events plus a
// partly filled chunk per bucket (a vector per bucket kept each bucket's own peak: several times
// the events).
void spikes_and_drains(std::uint64_t seed) {
  std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
  std::uint64_t counter = 0;
  Rng rng(stream_key(seed, 1), counter);
  Reference ref;
  RadixHeap q;
  std::uint64_t now = 0;
  std::uint32_t seq = 0;
  std::size_t peak = 0;
  const std::size_t slack = (64 + 1) * EventChunk::kEvents;  // a partly filled chunk per bucket
  auto check = [&](const char* where, std::uint32_t i) {
    ASSERT_EQ(q.size(), ref.size()) << where << ' ' << i;
    if (!ref.empty()) {
      ASSERT_TRUE(same(q.top(), ref.top())) << where << ' ' << i;
    }
    peak = ref.size() > peak ? ref.size() : peak;
    ASSERT_LE(q.bucket_capacity(), peak + slack) << where << ' ' << i;
  };
  for (std::uint32_t spike = 0; spike < 6; ++spike) {
    // Each spike sits at a different height above the clock: other buckets take its events.
    const std::uint64_t base = now + (std::uint64_t{1} << (24 + 6 * spike));
    const std::uint32_t n = 20000 + rng.below(60000);
    for (std::uint32_t i = 0; i < n; ++i) {
      const Event e =
          ev(base + rng.below(1U << (10 + 2 * spike)), rng.below(16), rng.below(16), seq++);
      ref.push(e);
      q.push(e);
      if (i % 997 == 0) check("spike", i);
    }
    check("spike end", spike);
    for (std::uint32_t i = 0; i < n; ++i) {  // hold at the spike's size
      now = ref.top().time.ticks();
      const std::uint32_t pick = rng.below(10);
      const std::uint64_t dt = pick < 2   ? 0
                               : pick < 4 ? rng.below(8)
                                          : static_cast<std::uint64_t>(rng.exponential(1e6));
      const Event e = ev(now + dt, rng.below(16), rng.below(16), seq++);
      ref.pop();
      ref.push(e);
      q.replace_top(e);
      check("hold", i);
    }
    while (!ref.empty()) {  // drain
      now = ref.top().time.ticks();
      ref.pop();
      q.pop();
      check("drain", spike);
    }
  }
  EXPECT_TRUE(q.empty());
  // The whole pool was reused: at most the largest spike's events, not the sum of the spikes.
  EXPECT_LE(q.bucket_capacity(), peak + slack);
}

TEST(RadixHeapMemory, SpikesThatDrainReuseOneBoundedPoolInTheReferenceOrder) {
  spikes_and_drains(10);
  spikes_and_drains(11);
}

TEST(RadixHeapMemory, ClearKeepsThePoolAndReusesIt) {
  RadixHeap q;
  for (std::uint32_t i = 0; i < 100000; ++i) q.push(ev(1 + (std::uint64_t{i} << 8), 0, 0, i));
  const std::size_t capacity = q.bucket_capacity();
  EXPECT_GE(capacity, 100000U - q.near_capacity());
  q.clear();
  EXPECT_TRUE(q.empty());
  for (std::uint32_t i = 0; i < 100000; ++i) q.push(ev(7 + (std::uint64_t{i} << 9), 0, 0, i));
  EXPECT_EQ(q.bucket_capacity(), capacity);
  for (std::uint32_t i = 0; i < 100000; ++i) {
    ASSERT_EQ(q.top().seq, i);
    q.pop();
  }
}

TEST(RadixHeapMemory, MovedQueueKeepsItsEvents) {
  RadixHeap a;
  for (std::uint32_t i = 0; i < 3000; ++i) a.push(ev(3000 - i, 0, 0, i));
  RadixHeap b = std::move(a);
  a = RadixHeap{};
  a.push(ev(5, 0, 0, 0));  // the moved-from queue shares nothing with b
  for (std::uint32_t i = 0; i < 3000; ++i) {
    ASSERT_EQ(b.top().time.ticks(), i + 1U);
    b.pop();
  }
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(a.size(), 1U);
}

TEST(EventQueueMemory, AboutTheHeapsBytesPerPendingEventAtItsPeak) {
  // PHOLD-like hold at 8x the switch size, then a drain back to the heap: the peak bytes stay
  // within 1.25x the heap's 32 bytes per event plus a chunk per bucket (with a vector per bucket
  // this was 130 bytes per event in PHOLD at 1Mi LPs).
  std::uint64_t counter = 0;
  Rng rng(stream_key(12, 0), counter);
  EventQueue q;
  const std::uint32_t n = 8 * static_cast<std::uint32_t>(EventQueue::kRadixAbove);
  std::uint32_t seq = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    q.push(ev(static_cast<std::uint64_t>(rng.exponential(1e6)), rng.below(1000), 0, seq++));
  }
  ASSERT_TRUE(q.large());
  for (std::uint32_t i = 0; i < 4 * n; ++i) {
    const std::uint64_t t =
        q.top().time.ticks() + 100000 + static_cast<std::uint64_t>(rng.exponential(1e6));
    q.replace_top(ev(t, rng.below(1000), 1, seq++));
  }
  while (!q.empty()) q.pop();
  EXPECT_FALSE(q.large());
  const std::size_t bound = sizeof(Event) * n * 5 / 4 + 65 * sizeof(EventChunk);
  EXPECT_LE(q.bytes(), bound) << "bytes per pending event at the peak: "
                              << static_cast<double>(q.bytes()) / n;
}

}  // namespace
}  // namespace coordsim::kernel
