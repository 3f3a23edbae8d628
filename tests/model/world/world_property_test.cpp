// Properties of the whole world over many seeds: conservation, budget balance, authorisation of
// every applied action through its whole chain, attenuation, monotone revocation, and nothing
// spent through a dead chain. Each seed is printed; a failure lists what broke and when.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string_view>

#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

constexpr SimDuration kSlice{300};  // five simulated minutes (tick 1 s)

// Sums over the seeds of a test, to show that the properties were checked on worlds in which
// the things they are about actually happened.
struct Activity {
  std::uint64_t applied = 0;
  std::uint64_t links = 0;
  std::int64_t cap_rejections = 0;
  std::int64_t subdelegations = 0;
  std::int64_t revocations = 0;
  std::int64_t compromised = 0;
  std::int64_t taken = 0;
  std::int64_t fee_splits = 0;
  std::int64_t batches_final = 0;
  std::uint64_t invariant_checks = 0;
  std::uint64_t events = 0;
  std::int64_t swaps = 0;
  std::int64_t book_fills = 0;

  void add(const Harness& h) {
    const auto& c = h.world().counters();
    applied += h.probe().applied_checked();
    links += h.probe().links_checked();
    cap_rejections += c.rejected(sessions::Reason::kCapExceeded);
    subdelegations += c[Counter::kSubdelegations];
    revocations += c[Counter::kRevocations];
    compromised += c[Counter::kCompromised];
    taken += c[Counter::kValueTaken];
    fee_splits += c[Counter::kFeeSplits];
    batches_final += c[Counter::kBatchesFinal];
    invariant_checks += h.invariant_checks();
    events += h.events();
    swaps += c[Counter::kSwaps];
    book_fills += c[Counter::kBookFills];
  }
};

Activity run_seeds(std::uint64_t first, std::uint64_t count,
                   const std::vector<std::string>& overrides) {
  Activity activity;
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Harness h(small_world(seed, overrides));
    EXPECT_TRUE(h.run(kSlice)) << "seed " << seed << ": " << describe(h.problems());
    activity.add(h);
  }
  std::printf(
      "[ activity ] %llu events, %llu applied actions (%llu chain links checked), %llu cap "
      "rejections, "
      "%llu sub-delegations, %llu revocations, %llu compromised, %lld taken, %llu fee splits, "
      "%llu final batches\n",
      static_cast<unsigned long long>(activity.events),
      static_cast<unsigned long long>(activity.applied),
      static_cast<unsigned long long>(activity.links),
      static_cast<unsigned long long>(activity.cap_rejections),
      static_cast<unsigned long long>(activity.subdelegations),
      static_cast<unsigned long long>(activity.revocations),
      static_cast<unsigned long long>(activity.compromised), static_cast<long long>(activity.taken),
      static_cast<unsigned long long>(activity.fee_splits),
      static_cast<unsigned long long>(activity.batches_final));
  return activity;
}

// What the chain tests' worlds must have done for their properties to mean something: many
// applied actions, some through chains of several links, cap rejections, sub-delegations and
// compromised agents.
void expect_chains_exercised(const Activity& a) {
  EXPECT_GT(a.applied, 1000U);
  EXPECT_GT(a.links, a.applied) << "some applied actions went through chains of several links";
  EXPECT_GT(a.cap_rejections, 0);
  EXPECT_GT(a.subdelegations, 0);
  EXPECT_GT(a.compromised, 0);
}

TEST(WorldProperty, PerLinkChainsHoldEveryInvariantAfterEveryEvent) {
  // kSmallWorld checks InvariantChecker after every event (invariants.check: every_event).
  const Activity a = run_seeds(1, 12, {});
  EXPECT_GT(a.invariant_checks, a.events) << "every_event must check after each event";
  expect_chains_exercised(a);
  EXPECT_GT(a.revocations, 0);
  EXPECT_GT(a.taken, 0);
  EXPECT_GT(a.fee_splits, 0);
  EXPECT_GT(a.batches_final, 0);
}

TEST(WorldProperty, OrderBookMarketsHoldEveryInvariantAfterEveryEvent) {
  // The same world trading on the order book alone, then on both venues: conservation (which
  // counts the makers' escrow in resting quotes) and the book's backing after every event.
  const Activity book = run_seeds(30, 4, {"market.type=order_book"});
  EXPECT_GT(book.book_fills, 100);
  EXPECT_EQ(book.swaps, 0);  // no pool to swap on
  const Activity both = run_seeds(40, 4, {"market.type=both"});
  EXPECT_GT(both.book_fills, 0);
  EXPECT_GT(both.swaps, 0);
}

TEST(WorldProperty, ChainAccountingAndOnDemandRenewal) {
  const Activity a = run_seeds(101, 10,
                               {"sessions.cap_accounting=chain", "sessions.renew=on_demand",
                                "invariants.check=every_sample"});
  expect_chains_exercised(a);
}

TEST(WorldProperty, DepthLimitKeepsChainsShort) {
  // Every agent after the first of a household asks to be sub-delegated to; max_depth 1 refuses
  // the third link, so the household's third agent gets a root grant instead.
  const Activity a = run_seeds(201, 8,
                               {"sessions.max_depth=1", "population[1].subdelegate_probability=1",
                                "invariants.check=every_sample"});
  EXPECT_GT(a.subdelegations, 0);
  EXPECT_GT(a.links, a.applied);
}

TEST(WorldProperty, SameSeedSameWorld) {
  // Determinism at the model level: two worlds from one spec agree on every counter and balance.
  const auto spec = small_world(7, {"invariants.check=every_sample"});
  Harness a(spec);
  Harness b(spec);
  ASSERT_TRUE(a.run(kSlice)) << describe(a.problems());
  ASSERT_TRUE(b.run(SimDuration{97})) << describe(b.problems());  // slicing must not matter
  EXPECT_EQ(a.events(), b.events());
  const auto& ca = a.world().counters();
  const auto& cb = b.world().counters();
  EXPECT_TRUE(ca == cb) << "every counter";
  EXPECT_GT(ca[Counter::kApplied], 0);
  const auto la = a.world().ledger().column(ledger::Bucket::kLiquid);
  const auto lb = b.world().ledger().column(ledger::Bucket::kLiquid);
  EXPECT_TRUE(std::equal(la.begin(), la.end(), lb.begin(), lb.end()));
  for (std::uint32_t d = 0; d < a.world().domain_count(); ++d) {
    EXPECT_EQ(a.world().domain(d).sessions.size(), b.world().domain(d).sessions.size())
        << "domain " << d;
  }
  EXPECT_EQ(a.world().settlement().rewards_final(), b.world().settlement().rewards_final());
}

}  // namespace
}  // namespace coordsim::model::world::test

namespace coordsim::model::world {
namespace {

// The world records its rows under the scenario's list of names (`output.events.kinds`), so the
// list must be in the enum's order, each name once: an enumerator inserted without its name
// shifts every later name.
TEST(EventKinds, EachActionKindHasItsOwnName) {
  const std::set<std::string_view> distinct(kActionNames.begin(), kActionNames.end());
  EXPECT_EQ(distinct.size(), kActionNames.size());
  const auto name = [](actor::ActionKind k) { return kActionNames[static_cast<std::size_t>(k)]; };
  EXPECT_EQ(name(actor::ActionKind::kTransfer), "transfer");
  EXPECT_EQ(name(actor::ActionKind::kMove), "move");
  EXPECT_EQ(name(actor::ActionKind::kFlagWrong), "flag_wrong");
  EXPECT_EQ(name(actor::ActionKind::kAccrue), "accrue");
  EXPECT_EQ(name(actor::ActionKind::kUnpaid), "unpaid");
}

}  // namespace
}  // namespace coordsim::model::world
