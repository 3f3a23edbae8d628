// The example actor system of docs/extending.md, run by a real kernel scheduler inside a minimal
// world (a ledger, two domains, the random streams, and the registry's table from event kind to
// handler, the faucet registered with one line):
// every drip arrives, value is conserved while it travels, the counters and the log see every
// drip, and its checkpoint section taken mid-run loads back (a damaged one is refused).
#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>
#include <vector>

#include "faucet.hpp"
#include "kernel/scheduler.hpp"
#include "model/ledger/invariant.hpp"

namespace coordsim::model::actor::example {
namespace {

constexpr std::uint32_t kAgents = 5;
constexpr kernel::SimDuration kBlock{2};

// The world's systems: here only the faucet. Registering a system is its member and one line in
// members(); its Handlers say which kinds it takes (world/systems.hpp is the real list).
struct Systems {
  Faucet faucet{kAgents, AgentId{kAgents}, Amount{7}, kernel::SimDuration{10}};
  static constexpr auto members() { return std::tuple{&Systems::faucet}; }
};
constexpr auto kDispatch = dispatch_table<Systems>();

// What World is to the real systems: shared state, and the dispatch from kind to system.
struct MiniWorld {
  MiniWorld()
      : ledger([] {
          const std::vector<Amount> none(kAgents, Amount::zero());
          return ledger::Ledger(ledger::Genesis{kAgents, Amount{1'000'000}, Amount{0}, none, none});
        }()),
        faucet(systems.faucet) {
    domains.emplace_back(sessions::Policy{});  // the agents
    domains.emplace_back(sessions::Policy{});  // the faucet
    streams.key.assign(kAgents + 1, 1);
    streams.counter.assign(kAgents + 1, 0);
  }
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    const std::uint32_t d = e.target.value() < kAgents ? 0 : 1;
    Context ctx(s, domains[d], d, e.target, ledger, streams, kBlock, true);
    ASSERT_LT(e.kind, kDispatch.size());
    ASSERT_NE(kDispatch[e.kind], nullptr) << "unexpected kind " << e.kind;
    kDispatch[e.kind](systems, e, ctx);
  }
  [[nodiscard]] ledger::Wide in_flight() const {
    return domains[0].in_flight_token + domains[1].in_flight_token;
  }
  [[nodiscard]] Counters counters() const {
    Counters c = domains[0].counters;
    c += domains[1].counters;
    return c;
  }
  ledger::Ledger ledger;
  std::vector<Domain> domains;
  Streams streams;
  Systems systems;
  Faucet& faucet;
};

void seed(MiniWorld& w, kernel::Scheduler& s) {
  w.faucet.initial_events([&](kernel::SimTime t, AgentId target, Kind kind) {
    s.schedule(t, target, target, code(kind));
  });
}

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
  a.faucet.save(out);
  const std::vector<std::byte> blob = std::move(out).finish();
  MiniWorld b;
  kernel::ArchiveReader in(blob, 42);
  b.faucet.load(in);
  EXPECT_EQ(b.faucet.next(), a.faucet.next());
  EXPECT_EQ(b.faucet.turns(), a.faucet.turns());
  // A damaged section is refused, not trusted.
  MiniWorld c;
  std::vector<std::byte> bad = blob;
  bad.back() ^= std::byte{0xFF};
  EXPECT_THROW(
      {
        kernel::ArchiveReader damaged(bad, 42);
        c.faucet.load(damaged);
      },
      kernel::ArchiveError);
}

}  // namespace
}  // namespace coordsim::model::actor::example
