// Snapshots: filled from a real live run, handed over by the triple buffer without tearing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "model/world/world.hpp"
#include "support.hpp"
#include "viz/snapshot.hpp"

namespace coordsim::viz::test {
namespace {

TEST(Snapshot, FillReadsTheWorld) {
  run::LiveRun live(quickstart());
  live.advance_to(hours(live, 3));
  const auto& w = live.world();
  Request request;
  const std::uint32_t principal =
      w.population().of_kind(scenario::AgentKind::kPrincipal)[0].value();
  const std::uint32_t agent = w.population().agents_of(kernel::AgentId{principal})[0].value();
  request.pinned = {agent, 100000};  // an id beyond the population is skipped
  request.principal = agent;         // an ai agent: its principal's tree is shown
  Snapshot s;
  fill(s, live, request);

  EXPECT_EQ(s.kind.size(), w.agent_count());
  EXPECT_EQ(s.now_s, 3 * 3600.0);
  EXPECT_EQ(s.events, live.events());
  ASSERT_EQ(s.sample_time_s.size(), live.samples().size());
  EXPECT_EQ(s.columns[1].back(), live.samples().back()[1]);
  const auto acc = w.ledger().account(kernel::AgentId{agent});
  const double unit = s.unit;
  EXPECT_FLOAT_EQ(s.wealth[agent],
                  static_cast<float>(static_cast<double>(w.ledger().liquid(acc).raw() +
                                                         w.ledger().staked(acc).raw() +
                                                         w.ledger().locked(acc).raw()) /
                                     unit));
  ASSERT_EQ(s.pinned.size(), 1U);
  EXPECT_EQ(s.pinned[0].id, agent);
  EXPECT_EQ(s.pinned[0].liquid, w.ledger().liquid(acc).raw());
  for (const auto& a : s.pinned[0].history) EXPECT_TRUE(a.actor == agent || a.target == agent);

  EXPECT_EQ(s.principal, principal);
  ASSERT_FALSE(s.sessions.empty());
  std::vector<std::uint32_t> seen;
  for (const auto& v : s.sessions) {
    // The tree is in id order, parents first: every parent was listed before its child.
    if (v.parent != v.id) {
      EXPECT_NE(std::find(seen.begin(), seen.end(), v.parent), seen.end());
    }
    EXPECT_EQ(v.live, !v.revoked && v.expires_in_s > 0);
    seen.push_back(v.id);
  }
  EXPECT_GT(s.pool_price, 0.0);
  EXPECT_EQ(s.batches_pending + s.batches_final, w.settlement().batches().size());
}

TEST(Snapshot, ReusedSnapshotEqualsAFreshOneAfterASeekBack) {
  run::LiveRun live(quickstart());
  Snapshot reused;
  live.advance_to(hours(live, 5));
  fill(reused, live, {});
  live.seek(hours(live, 2));
  fill(reused, live, {});
  Snapshot fresh;
  fill(fresh, live, {});
  EXPECT_EQ(reused.sample_time_s, fresh.sample_time_s);
  EXPECT_EQ(reused.columns, fresh.columns);
  EXPECT_EQ(reused.wealth, fresh.wealth);
  EXPECT_EQ(reused.now_s, 2 * 3600.0);
}

TEST(TripleBuffer, ReaderAndWriterNeverShareASlot) {
  TripleBuffer b;
  EXPECT_FALSE(b.take());  // nothing published yet
  b.back().serial = 1;
  b.publish();
  EXPECT_NE(b.back_index(), b.front_index());
  EXPECT_TRUE(b.take());
  EXPECT_EQ(b.front().serial, 1U);
  EXPECT_FALSE(b.take());  // taken already
  b.back().serial = 2;
  b.publish();
  b.back().serial = 3;
  b.publish();  // the reader missed 2: it gets the latest
  EXPECT_TRUE(b.take());
  EXPECT_EQ(b.front().serial, 3U);
  EXPECT_NE(b.back_index(), b.front_index());
}

// The writer sees whether the reader took its last publication (it publishes again only then).
TEST(TripleBuffer, TakenSaysTheReaderHasTheLatest) {
  TripleBuffer b;
  EXPECT_TRUE(b.taken());  // nothing published yet
  b.back().serial = 1;
  b.publish();
  EXPECT_FALSE(b.taken());
  EXPECT_TRUE(b.take());
  EXPECT_TRUE(b.taken());
  EXPECT_EQ(b.front().serial, 1U);
  EXPECT_FALSE(b.take());
  EXPECT_TRUE(b.taken());
}

TEST(TripleBuffer, ConcurrentSnapshotsAreWhole) {
  TripleBuffer b;
  std::atomic<bool> done{false};
  constexpr std::uint64_t kSnapshots = 20000;
  std::thread writer([&] {
    for (std::uint64_t i = 1; i <= kSnapshots; ++i) {
      Snapshot& s = b.back();
      s.serial = i;
      // Every field of one snapshot tells the same serial: a torn read would mix two.
      s.events = i * 3;
      s.wealth.assign(1 + i % 64, static_cast<float>(i % 1000));
      b.publish();
    }
    done = true;
  });
  std::uint64_t last = 0;
  std::uint64_t taken = 0;
  for (;;) {
    const bool finished = done.load();
    if (!b.take()) {
      if (finished) break;  // everything published before `done` has been taken
      continue;
    }
    const Snapshot& s = b.front();
    ASSERT_GT(s.serial, last);
    last = s.serial;
    ASSERT_EQ(s.events, s.serial * 3);
    ASSERT_EQ(s.wealth.size(), 1 + s.serial % 64);
    for (const float v : s.wealth) ASSERT_EQ(v, static_cast<float>(s.serial % 1000));
    ++taken;
  }
  writer.join();
  EXPECT_GT(taken, 0U);
  EXPECT_EQ(b.front().serial, kSnapshots);
}

}  // namespace
}  // namespace coordsim::viz::test
