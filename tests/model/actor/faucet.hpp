#pragma once
// A worked example of an actor system (docs/extending.md), compiled and tested by the suite: a
// faucet actor that, every `period`, pays `drip` tokens from its ledger account to the next agent
// in turn. It has the shape of every system (sim/model/exchange is the real one):
//   - it owns its columns: whose turn it is (the faucet's), what each agent received (the
//     agents'), and nothing else;
//   - its handlers take the event and the actor::Context, and change only the target actor's
//     columns; value leaves through ctx.send() and arrives through ctx.receive(), one block later;
//   - it counts into ctx.counters() and logs through ctx.record();
//   - it seeds its first events and saves/loads its own checkpoint section;
//   - it registers its kinds (Handlers), so a world dispatches to it by listing it once;
//   - it declares its metric rows.
#include <array>
#include <cstdint>
#include <vector>

#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "model/actor/context.hpp"
#include "model/actor/metric.hpp"
#include "model/actor/registry.hpp"

namespace coordsim::model::actor::example {

using kernel::AgentId;
using ledger::Amount;

class Faucet {
 public:
  Faucet(std::uint32_t agents, AgentId self, Amount drip, kernel::SimDuration period);

  /// The faucet's first turn. `add(time, target, kind)` records one initial event.
  template <class Add>
  void initial_events(Add&& add) const {
    add(kernel::SimTime::zero() + period_, self_, Kind::kAgentAct);
  }
  /// Genesis and first events as a world's appended systems do them (actor/appended.hpp):
  /// `add(time, target, kind, aux, payload)`. The faucet draws nothing and stakes nothing.
  template <class Ledger, class Streams, class Add>
  void build(Ledger& /*ledger*/, Streams& /*streams*/, kernel::SimTime /*end*/, Add&& add) const {
    initial_events(
        [&add](kernel::SimTime t, AgentId target, Kind kind) { add(t, target, kind, 0, 0); });
  }

  // Handlers. kAgentAct targets the faucet (its turn); kCredit targets the agent paid.
  void on_turn(const kernel::Event& e, Context& ctx);
  void on_credit(const kernel::Event& e, Context& ctx) const;

  /// Its registration (actor/registry.hpp): the kinds it handles and their handlers. A world
  /// lists the faucet once among its systems and the dispatch table does the rest.
  using Handlers =
      actor::Handlers<On<Kind::kAgentAct, &Faucet::on_turn>, On<Kind::kCredit, &Faucet::on_credit>>;

  [[nodiscard]] std::uint32_t next() const noexcept { return next_; }
  [[nodiscard]] std::uint64_t turns() const noexcept { return turns_; }

  /// Its metric rows (actor/metric.hpp), over an input with the faucet (`in.faucet`) and the
  /// summed counters (`in.counters`). In a World, `In` is world::MetricInput and a system reads
  /// itself as `m.world.template system<Faucet>()`.
  template <class In>
  static constexpr auto metric_rows() {
    return std::array{
        computed<In>("faucet_turns", unit::kCount, "turns the faucet has taken",
                     [](const In& in) { return static_cast<std::int64_t>(in.faucet.turns()); }),
        counted<In>("faucet_paid", unit::kBase, "tokens the faucet has sent", Counter::kValueMoved),
    };
  }

  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged archive.
  void load(kernel::ArchiveReader& in);

 private:
  std::uint32_t agents_;
  AgentId self_;
  Amount drip_;
  kernel::SimDuration period_;
  // The faucet's columns (changed only by its own handler).
  std::uint32_t next_ = 0;
  std::uint64_t turns_ = 0;
};

}  // namespace coordsim::model::actor::example
