#pragma once
// The faucet's world (docs/extending.md): what World is to the real systems, at its smallest. A
// ledger whose treasury holds `supply`, two domains (the agents', the faucet's), the random
// streams, and the registry's table from event kind to handler, the faucet registered with one
// line (world/systems.hpp is the real list). faucet_test.cpp runs it with fixed numbers,
// faucet_kind_test.cpp with a faucet read from a scenario.
#include <gtest/gtest.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include "faucet.hpp"
#include "kernel/scheduler.hpp"
#include "model/actor/appended.hpp"
#include "model/ledger/invariant.hpp"

namespace coordsim::model::actor::example {

// The world's systems: here only the faucet, registered as a system appended after a world's
// pinned ones is (world/systems.hpp): one type in an actor::Appended list. Its Handlers say which
// kinds it takes; the list builds it, seeds its first events, saves and loads its section and
// concatenates its metric rows.
struct FaucetSystems {
  actor::Appended<Faucet> appended;
  static constexpr auto members() { return std::tuple{&FaucetSystems::appended}; }
};
inline constexpr auto kFaucetDispatch = dispatch_table<FaucetSystems>();

struct FaucetWorld {
  /// `agents` are paid in turn; the faucet is actor `agents`, paying from a treasury of `supply`.
  FaucetWorld(std::uint32_t paid, const Faucet& system, Amount supply, kernel::SimDuration blk)
      : agents(paid),
        block(blk),
        ledger([&] {
          const std::vector<Amount> none(paid, Amount::zero());
          return ledger::Ledger(ledger::Genesis{paid, supply, Amount{0}, none, none});
        }()),
        systems{actor::Appended<Faucet>(system)},
        faucet(actor::system<Faucet>(systems)) {
    domains.emplace_back(sessions::Policy{});  // the agents
    domains.emplace_back(sessions::Policy{});  // the faucet
    streams.key.assign(agents + 1, 1);
    streams.counter.assign(agents + 1, 0);
  }
  FaucetWorld(const FaucetWorld&) = delete;  // `faucet` refers into `systems`
  FaucetWorld& operator=(const FaucetWorld&) = delete;

  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    const std::uint32_t d = e.target.value() < agents ? 0 : 1;
    Context ctx(s, domains[d], d, e.target, ledger, streams, block, true);
    ASSERT_LT(e.kind, kFaucetDispatch.size());
    ASSERT_NE(kFaucetDispatch[e.kind], nullptr) << "unexpected kind " << e.kind;
    kFaucetDispatch[e.kind](systems, e, ctx);
  }
  /// The systems' genesis and first events, into `s`.
  void seed(kernel::Scheduler& s) {
    systems.appended.build(ledger, streams, kernel::SimTime::zero(),
                           [&](kernel::SimTime t, AgentId target, Kind kind, std::uint16_t aux,
                               std::uint64_t payload) {
                             EXPECT_EQ(aux, 0U);
                             EXPECT_EQ(payload, 0U);
                             s.schedule(t, target, target, code(kind));
                           });
  }
  [[nodiscard]] ledger::Wide in_flight() const {
    return domains[0].in_flight_token + domains[1].in_flight_token;
  }
  [[nodiscard]] Counters counters() const {
    Counters c = domains[0].counters;
    c += domains[1].counters;
    return c;
  }

  std::uint32_t agents;
  kernel::SimDuration block;
  ledger::Ledger ledger;
  std::vector<Domain> domains;
  Streams streams;
  FaucetSystems systems;
  Faucet& faucet;
};

}  // namespace coordsim::model::actor::example
