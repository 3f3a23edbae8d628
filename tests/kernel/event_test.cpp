#include "kernel/event.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "kernel/event_queue.hpp"
#include "kernel/rng.hpp"

namespace coordsim::kernel {
namespace {

Event ev(std::uint64_t t, std::uint32_t target, std::uint32_t source, std::uint32_t seq) {
  return Event{SimTime{t}, AgentId{target}, AgentId{source}, seq, 0, 0, 0};
}

TEST(EventKey, TimeComesFirst) {
  EXPECT_TRUE(before(ev(1, 9, 9, 9), ev(2, 0, 0, 0)));
  EXPECT_FALSE(before(ev(2, 0, 0, 0), ev(1, 9, 9, 9)));
}

TEST(EventKey, TiesBrokenByTargetThenSourceThenSeq) {
  EXPECT_TRUE(before(ev(5, 1, 9, 9), ev(5, 2, 0, 0)));
  EXPECT_TRUE(before(ev(5, 1, 1, 9), ev(5, 1, 2, 0)));
  EXPECT_TRUE(before(ev(5, 1, 1, 1), ev(5, 1, 1, 2)));
  EXPECT_FALSE(before(ev(5, 1, 1, 1), ev(5, 1, 1, 1)));  // irreflexive
}

TEST(EventQueue, PopsInTotalKeyOrderWhateverTheInsertionOrder) {
  const std::uint64_t seed = 7;
  std::printf("seed=%llu\n", static_cast<unsigned long long>(seed));
  std::vector<Event> events;
  std::uint64_t counter = 0;
  Rng rng(stream_key(seed, 0), counter);
  for (std::uint32_t i = 0; i < 5000; ++i) {
    // few distinct times and targets, so the tie-breakers do the work
    events.push_back(ev(rng.below(10), rng.below(4), rng.below(4), i));
  }
  std::vector<Event> sorted = events;
  std::sort(sorted.begin(), sorted.end(),
            [](const Event& a, const Event& b) { return before(a, b); });
  for (int round = 0; round < 3; ++round) {
    std::vector<Event> shuffled = events;
    for (std::size_t i = shuffled.size() - 1; i > 0; --i) {
      std::swap(shuffled[i], shuffled[rng.below(static_cast<std::uint32_t>(i + 1))]);
    }
    EventQueue q;
    for (const Event& e : shuffled) q.push(e);
    for (const Event& expected : sorted) {
      ASSERT_FALSE(q.empty());
      EXPECT_EQ(q.top().seq, expected.seq);
      q.pop();
    }
    EXPECT_TRUE(q.empty());
  }
}

TEST(EventQueue, ReplaceTopEqualsPopThenPush) {
  std::uint64_t counter = 0;
  Rng rng(stream_key(3, 1), counter);
  EventQueue a;
  EventQueue b;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const Event e = ev(rng.below(1000), rng.below(50), 0, i);
    a.push(e);
    b.push(e);
  }
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const Event e = ev(a.top().time.ticks() + rng.below(100), rng.below(50), 1, i);
    a.replace_top(e);
    b.pop();
    b.push(e);
    ASSERT_EQ(a.top().seq, b.top().seq);
    ASSERT_EQ(a.top().source, b.top().source);
  }
}

}  // namespace
}  // namespace coordsim::kernel
