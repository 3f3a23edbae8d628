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
//   - it registers its kinds (Handlers), so a world dispatches to it by listing it once.
#include <cstdint>
#include <vector>

#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "model/actor/context.hpp"
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

  // Handlers. kAgentAct targets the faucet (its turn); kCredit targets the agent paid.
  void on_turn(const kernel::Event& e, Context& ctx);
  void on_credit(const kernel::Event& e, Context& ctx) const;

  /// Its registration (actor/registry.hpp): the kinds it handles and their handlers. A world
  /// lists the faucet once among its systems and the dispatch table does the rest.
  using Handlers =
      actor::Handlers<On<Kind::kAgentAct, &Faucet::on_turn>, On<Kind::kCredit, &Faucet::on_credit>>;

  [[nodiscard]] std::uint32_t next() const noexcept { return next_; }
  [[nodiscard]] std::uint64_t turns() const noexcept { return turns_; }

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
