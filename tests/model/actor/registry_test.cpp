// The registry (actor/registry.hpp) that the world's dispatch is built from: each kind goes to
// the one system that registered it, an exception runs its systems in the order it says, a kind
// nobody registered has no thunk, and a system is found by its type. (Systems registered from
// their own folders, with kinds of their own: tests/examples/faucet.)
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "kernel/scheduler.hpp"
#include "model/actor/registry.hpp"

namespace coordsim::model::actor {
namespace {

// Two systems that write down what they were called for.
struct Alpha {
  std::string* trace;
  void on_act(const kernel::Event& /*e*/, Context& /*ctx*/) { *trace += "alpha.act "; }
  void on_credit(const kernel::Event& /*e*/, Context& /*ctx*/) const { *trace += "alpha.credit "; }
  using Handlers = actor::Handlers<On<Kind::kAgentAct, &Alpha::on_act>>;
};
struct Beta {
  std::string* trace;
  int swaps = 0;
  void on_swap(const kernel::Event& /*e*/, Context& /*ctx*/) {
    ++swaps;
    *trace += "beta.swap ";
  }
  [[nodiscard]] int on_credit(const kernel::Event& /*e*/, Context& /*ctx*/) {
    *trace += "beta.credit ";
    return 1;  // a handler's result is ignored by the table
  }
  using Handlers = actor::Handlers<On<Kind::kSwap, &Beta::on_swap>>;
};
// No Handlers: listed for its state only (as the world's interaction graph is).
struct Gamma {
  int value = 3;
};

struct Systems {
  std::string trace;
  Alpha alpha{&trace};
  Beta beta{&trace};
  Gamma gamma;
  static constexpr auto members() {
    return std::tuple{&Systems::alpha, &Systems::beta, &Systems::gamma};
  }
  // kCredit is both systems', beta first.
  static void on_credit(Systems& s, const kernel::Event& e, Context& ctx) {
    (void)s.beta.on_credit(e, ctx);
    s.alpha.on_credit(e, ctx);
  }
  using Exceptions = actor::Handlers<On<Kind::kCredit, &Systems::on_credit>>;
};

constexpr auto kTable = dispatch_table<Systems>();
static_assert(!covers_every_kind<Systems>(), "only three kinds are registered here");

template <class S>
struct FixtureOf {
  static constexpr auto kDispatch = dispatch_table<S>();
  std::vector<ledger::Amount> none{ledger::Amount::zero()};
  ledger::Ledger ledger{ledger::Genesis{1, ledger::Amount{0}, ledger::Amount{0}, none, none}};
  std::vector<Domain> domains;
  Streams streams{{1, 1}, {0, 0}};
  kernel::Scheduler scheduler{2, kernel::SimDuration{1}};
  S systems;
  FixtureOf() { domains.emplace_back(sessions::Policy{}); }
  void run(Kind kind) {
    const kernel::Event e{
        kernel::SimTime{1}, kernel::AgentId{0}, kernel::AgentId{0}, 0, code(kind), 0, 0};
    Context ctx(scheduler, domains[0], 0, e.target, ledger, streams, kernel::SimDuration{1}, false);
    kDispatch[e.kind](systems, e, ctx);
  }
};
using Fixture = FixtureOf<Systems>;

TEST(Registry, EachKindGoesToTheSystemThatRegisteredIt) {
  Fixture f;
  f.run(Kind::kAgentAct);
  f.run(Kind::kSwap);
  f.run(Kind::kSwap);
  EXPECT_EQ(f.systems.trace, "alpha.act beta.swap beta.swap ");
  EXPECT_EQ(f.systems.beta.swaps, 2);
}

TEST(Registry, AnExceptionRunsItsSystemsInItsOrder) {
  Fixture f;
  f.run(Kind::kCredit);
  EXPECT_EQ(f.systems.trace, "beta.credit alpha.credit ");
}

TEST(Registry, UnregisteredKindsHaveNoThunk) {
  std::size_t registered = 0;
  for (const auto thunk : kTable) registered += thunk != nullptr ? 1 : 0;
  EXPECT_EQ(registered, 3U);
  EXPECT_EQ(kTable[code(Kind::kReward)], nullptr);
}

TEST(Registry, ASystemIsFoundByItsType) {
  Fixture f;
  EXPECT_EQ(&system<Beta>(f.systems), &f.systems.beta);
  EXPECT_EQ(system<Gamma>(f.systems).value, 3);
}

}  // namespace
}  // namespace coordsim::model::actor
