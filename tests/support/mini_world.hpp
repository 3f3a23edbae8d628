#pragma once
// What World is to an actor system, at its smallest, for testing one system alone under a real
// kernel scheduler: the spec and population, every actor's random stream, a ledger where every
// agent holds the same endowment, one domain, the handler Context, and a check that value is
// conserved while it travels. A test derives from it, adds its system(s) and a `handle` that
// switches from event kind to handler (dispatch_with; tests/model/settlement, tests/model/data).
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "kernel/rng.hpp"
#include "kernel/scheduler.hpp"
#include "model/actor/context.hpp"
#include "model/actor/population.hpp"
#include "model/ledger/invariant.hpp"
#include "model/ledger/ledger.hpp"
#include "scenario/load.hpp"

namespace coordsim::test_support {

struct MiniWorldBase {
  using AgentId = kernel::AgentId;
  using Amount = model::ledger::Amount;

  /// One tick per block. Agents hold `endowment` each out of a token supply of 1'000'000; the
  /// protocol actors (market, protocol, treasury, attacker) follow the agents, as in World.
  MiniWorldBase(std::string_view yaml, Amount endowment)
      : spec(scenario::load_string(yaml, "mini_world.yaml")),
        pop(spec.data()),
        streams{std::vector<std::uint64_t>(actors()), std::vector<std::uint64_t>(actors(), 0)},
        ledger([&] {
          const std::vector<Amount> each(pop.agents(), endowment);
          const std::vector<Amount> none(pop.agents(), Amount::zero());
          return model::ledger::Ledger(
              model::ledger::Genesis{pop.agents(), Amount{1'000'000}, Amount{0}, each, none});
        }()) {
    domains.emplace_back(model::sessions::Policy{});
    for (std::uint32_t a = 0; a < actors(); ++a)
      streams.key[a] = kernel::stream_key(spec->seed, model::actor::kActorStreamBase + a);
  }

  static constexpr kernel::SimDuration kBlock{1};
  [[nodiscard]] std::uint32_t actors() const { return pop.agents() + 4; }
  [[nodiscard]] AgentId protocol() const { return AgentId{pop.agents() + 1}; }
  [[nodiscard]] AgentId treasury() const { return AgentId{pop.agents() + 2}; }
  [[nodiscard]] model::actor::Context context(kernel::Scheduler& s, AgentId target) {
    return model::actor::Context(s, domains[0], 0, target, ledger, streams, kBlock, true);
  }
  /// Builds the Context of event `e` as World::handle does, and calls `dispatch(kind, ctx)`.
  template <class Dispatch>
  void dispatch_with(const kernel::Event& e, kernel::Scheduler& s, Dispatch&& dispatch) {
    model::actor::Context ctx = context(s, e.target);
    dispatch(static_cast<model::actor::Kind>(e.kind), ctx);
  }
  [[nodiscard]] model::ledger::AccountId account(AgentId a) const {
    return model::actor::account_of(ledger, pop.agents(), a);
  }
  [[nodiscard]] Amount liquid(AgentId a) const { return ledger.liquid(account(a)); }
  /// Conservation and no negative balance, counting the token value in flight.
  void check_conserved(const kernel::Scheduler& s) const {
    EXPECT_NO_THROW(model::ledger::enforce_invariants(
        ledger, model::ledger::EventContext{s.now().ticks(), s.committed(), "mini world"},
        domains[0].in_flight_token, 0));
  }

  scenario::Spec spec;
  model::actor::Population pop;
  model::actor::Streams streams;
  model::ledger::Ledger ledger;
  std::vector<model::actor::Domain> domains;
};

}  // namespace coordsim::test_support
