#pragma once
// The worked example of docs/extending.md: a new agent kind and its world system, in one folder,
// added to the real World without a line in sim/. A faucet actor (one agent of `kind: faucet`)
// pays `drip` tokens to the agents before it, in turn, every `period`, from a budget the treasury
// gives it at genesis. It has the shape of every system (sim/model/exchange is a real one):
//   - its own columns (whose turn it is, its turns, what it paid), changed only by its handler;
//   - its own event kind (OwnKind::kTurn, named "faucet_turn"), numbered after the shared ones
//     when it is registered; it pays through the shared kCredit, which households receive;
//   - its handler takes the event and the actor::Context: value leaves through ctx.send() only;
//   - its genesis and first event (build), its checkpoint section (save/load), its metric rows;
//   - one registration line (faucet.cpp), and its scenario side (faucet_kind.cpp).
#include <array>
#include <cstdint>
#include <string_view>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "model/actor/context.hpp"
#include "model/actor/metric.hpp"
#include "model/actor/registry.hpp"
#include "model/world/extension.hpp"

namespace coordsim::examples::faucet {

using kernel::AgentId;
using model::ledger::Amount;

class Faucet {
 public:
  /// Its own event kinds and their names (written to run files as causes).
  enum class OwnKind : kernel::EventKind { kTurn, kCount };
  static constexpr std::array<std::string_view, 1> kKindNames{"faucet_turn"};

  /// Finds the scenario's faucet (none: the system does nothing and records zeros).
  explicit Faucet(const model::world::ExtensionSetup& setup);

  /// Genesis: the treasury funds the faucet's account with what its turns will pay; first event:
  /// its first turn.
  void build(model::ledger::Ledger& ledger, model::actor::Streams& streams, kernel::SimTime end,
             const model::world::InitialAdd& add);

  /// kTurn, target the faucet: pay the next agent (delivered one block later) and turn again.
  void on_turn(const kernel::Event& e, model::actor::Context& ctx);
  using Handlers = model::actor::Handlers<model::actor::On<OwnKind::kTurn, &Faucet::on_turn>>;

  [[nodiscard]] bool active() const noexcept { return self_.value() != kNone; }
  [[nodiscard]] AgentId self() const noexcept { return self_; }
  [[nodiscard]] std::uint64_t turns() const noexcept { return turns_; }
  [[nodiscard]] Amount paid() const noexcept { return paid_; }

  /// Its metric columns, after the pinned systems' (In is world::MetricInput).
  template <class In>
  static constexpr auto metric_rows() {
    namespace unit = model::actor::unit;
    return std::array{
        model::actor::computed<In>("faucet_turns", unit::kCount, "turns the faucet has taken",
                                   [](const In& in) {
                                     return model::actor::as_int(
                                         in.world.template system<Faucet>().turns());
                                   }),
        model::actor::computed<In>(
            "faucet_paid", unit::kBase, "tokens the faucet has sent",
            [](const In& in) { return in.world.template system<Faucet>().paid().raw(); }),
    };
  }

  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged archive.
  void load(kernel::ArchiveReader& in);

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  model::world::OwnKinds<OwnKind> kinds_;
  AgentId self_{kNone};
  Amount drip_ = Amount::zero();
  kernel::SimDuration period_{1};
  // The faucet's columns.
  std::uint32_t next_ = 0;
  std::uint64_t turns_ = 0;
  Amount paid_ = Amount::zero();
};

}  // namespace coordsim::examples::faucet
