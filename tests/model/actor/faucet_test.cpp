// The example actor system of docs/extending.md, run by a real kernel scheduler inside a minimal
// world (a ledger, two domains, the random streams, and the registry's table from event kind to
// handler, the faucet registered with one line):
// every drip arrives, value is conserved while it travels, the counters and the log see every
// drip, and its checkpoint section taken mid-run loads back (a damaged one is refused).
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "faucet_world.hpp"

namespace coordsim::model::actor::example {
namespace {

constexpr std::uint32_t kAgents = 5;
constexpr kernel::SimDuration kBlock{2};

// The faucet of these tests: 7 tokens every 10 ticks to 5 agents, from a treasury of 1'000'000.
struct MiniWorld : FaucetWorld {
  MiniWorld()
      : FaucetWorld(kAgents, Faucet{kAgents, AgentId{kAgents}, Amount{7}, kernel::SimDuration{10}},
                    Amount{1'000'000}, kBlock) {}
};

void seed(MiniWorld& w, kernel::Scheduler& s) { w.seed(s); }

TEST(ExampleFaucet, EveryDripArrivesAndValueIsConserved) {
  MiniWorld w;
  kernel::Scheduler s(kAgents + 1, kBlock);
  seed(w, s);
  s.run_until(w, kernel::SimTime{1001});
  // Turns at 10, 20, ..., 1000; the drip of the turn at 1000 arrives at 1002.
  EXPECT_EQ(w.faucet.turns(), 100U);
  ledger::Wide received = 0;
  for (std::uint32_t a = 0; a < kAgents; ++a) {
    const Amount got = w.ledger.liquid(w.ledger.account(AgentId{a}));
    EXPECT_EQ(got.raw(), a == kAgents - 1 ? 19 * 7 : 20 * 7)
        << "agent " << a;  // last drip: in flight
    received += got.raw();
  }
  EXPECT_EQ(w.in_flight(), 7);  // the last drip is still travelling
  EXPECT_EQ(w.counters()[Counter::kValueMoved], 100 * 7);
  // The faucet's domain logged each drip twice: its action, and the movement of its send into
  // flight (the deliveries are logged in the receivers' domains).
  const auto& log = w.domains[1].log;
  const auto moves = std::count_if(log.begin(), log.end(), [](const actor::ActionRecord& r) {
    return r.kind == actor::ActionKind::kMove && r.to == actor::Place::kFlightToken &&
           r.amount == Amount{7};
  });
  EXPECT_EQ(moves, 100);
  EXPECT_EQ(log.size(), 200U);
  EXPECT_NO_THROW(ledger::enforce_invariants(
      w.ledger, ledger::EventContext{1001, s.committed(), "faucet"}, w.in_flight(), 0));
  EXPECT_EQ(received + w.in_flight() +
                w.ledger.liquid(w.ledger.account(ledger::ProtocolAccount::kTreasury)).raw(),
            1'000'000);
}

TEST(ExampleFaucet, ItsCheckpointSectionRoundTripsAndDamageIsRefused) {
  MiniWorld a;
  kernel::Scheduler sa(kAgents + 1, kBlock);
  seed(a, sa);
  sa.run_until(a, kernel::SimTime{333});
  kernel::ArchiveWriter out(42);
  a.systems.appended.save(out);  // the appended systems' sections: here the faucet's
  const std::vector<std::byte> blob = std::move(out).finish();
  MiniWorld b;
  kernel::ArchiveReader in(blob, 42);
  b.systems.appended.load(in);
  EXPECT_EQ(b.faucet.next(), a.faucet.next());
  EXPECT_EQ(b.faucet.turns(), a.faucet.turns());
  // A damaged section is refused, not trusted.
  MiniWorld c;
  std::vector<std::byte> bad = blob;
  bad.back() ^= std::byte{0xFF};
  EXPECT_THROW(
      {
        kernel::ArchiveReader damaged(bad, 42);
        c.systems.appended.load(damaged);
      },
      kernel::ArchiveError);
}

}  // namespace
}  // namespace coordsim::model::actor::example
