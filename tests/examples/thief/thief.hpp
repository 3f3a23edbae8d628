#pragma once
// The worked adversary of docs/extending.md: an attacker of its own kind and its world system, in
// one folder, added to the real World without a line in sim/. A thief (an agent of `kind: thief`)
// holds no session and no key. Every `period` it tries three ways to take `amount` tokens that are
// not its own, each with what a participant has: its own account, the sessions its domain holds
// (their ids are public in the run file) and the shared kinds.
//   - hijack: spend through another agent's session, as itself, paid by that session's principal.
//     The session check refuses it: a session acts only for its delegate (NOT_DELEGATE), whatever
//     its caps, expiry or scope. Logged as a `drain` row with its reason, which `coordsim verify`
//     re-derives from the sessions' terms;
//   - escalate: sub-delegate that session to itself, to hold a session it is the delegate of. The
//     store refuses it: only the holder of a chain may extend it (the same check);
//   - overdraw: pay an accomplice more than it holds, which would make value from nothing. The
//     ledger refuses it: no balance goes below zero.
// Each way's success path is real code: if a check let an attempt through, the thief would take
// the tokens (with the session check weakened by hand, it did). So its columns show what the
// defences stop, and the test that everyone's balances are those of a run where it never acts
// shows that they stop all of it.
//
// The shape is the faucet's (../faucet): its own columns (per thief: attempts and refusals by way,
// what it took), changed only by its handler; its own event kind (OwnKind::kTurn, "thief_turn");
// its first turns (build), its checkpoint section (save/load), its metric rows; one registration
// line (thief.cpp) and its scenario side (thief_kind.cpp). What the contract does not promise:
// a thief does not learn, and does not stop when it does not pay (it is a fixed script).
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "model/actor/context.hpp"
#include "model/actor/metric.hpp"
#include "model/actor/population.hpp"
#include "model/actor/registry.hpp"
#include "model/world/extension.hpp"

namespace coordsim::examples::thief {

using kernel::AgentId;
using model::ledger::Amount;

class Thief {
 public:
  /// Its own event kinds and their names (written to run files as causes).
  enum class OwnKind : kernel::EventKind { kTurn, kCount };
  static constexpr std::array<std::string_view, 1> kKindNames{"thief_turn"};

  /// The ways a thief tries, each turn (hijack and escalate only when its domain holds a session).
  enum class Way : std::uint8_t { kHijack, kEscalate, kOverdraw, kCount };
  static constexpr auto kWays = static_cast<std::size_t>(Way::kCount);

  /// Finds the scenario's thieves (none: the system does nothing and records zeros).
  explicit Thief(const model::world::ExtensionSetup& setup);

  /// First events: each thief's first turn, one period in.
  void build(model::ledger::Ledger& ledger, model::actor::Streams& streams, kernel::SimTime end,
             const model::world::InitialAdd& add);

  /// kTurn, target a thief: its three attempts, then its next turn.
  void on_turn(const kernel::Event& e, model::actor::Context& ctx);
  using Handlers = model::actor::Handlers<model::actor::On<OwnKind::kTurn, &Thief::on_turn>>;

  // --- Read-only views, summed over the thieves ---
  [[nodiscard]] std::uint64_t attempts(Way w) const noexcept { return sum(attempts_, w); }
  [[nodiscard]] std::uint64_t refused(Way w) const noexcept { return sum(refused_, w); }
  [[nodiscard]] std::uint64_t attempts() const noexcept;
  /// What the attempts obtained (zero while the defences hold).
  [[nodiscard]] Amount taken() const noexcept;

  /// Its metric columns, after the pinned systems' (In is world::MetricInput).
  template <class In>
  static constexpr auto metric_rows() {
    namespace unit = model::actor::unit;
    using model::actor::as_int;
    using model::actor::computed;
    return std::array{
        computed<In>(
            "thief_attempts", unit::kCount, "attempts the thieves made to take what is not theirs",
            [](const In& in) { return as_int(in.world.template system<Thief>().attempts()); }),
        computed<In>("thief_refused_hijack", unit::kCount,
                     "spends through another agent's session, refused by the session check",
                     &refused_of<In, Way::kHijack>),
        computed<In>("thief_refused_escalation", unit::kCount,
                     "sub-delegations of another agent's session to a thief, refused",
                     &refused_of<In, Way::kEscalate>),
        computed<In>("thief_refused_overdraw", unit::kCount,
                     "payments of more than a thief holds, refused by the ledger",
                     &refused_of<In, Way::kOverdraw>),
        computed<In>("thief_taken", unit::kBase, "tokens the thieves' attempts obtained",
                     [](const In& in) { return in.world.template system<Thief>().taken().raw(); }),
    };
  }

  /// One way's refusals, summed (a function template: metric rows hold plain function pointers).
  template <class In, Way W>
  static std::int64_t refused_of(const In& in) {
    return model::actor::as_int(in.world.template system<Thief>().refused(W));
  }

  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged archive.
  void load(kernel::ArchiveReader& in);

 private:
  /// Spends `amount` through session `s` as thief `t` (slot `i`), paid by the session's principal;
  /// logs the attempt with its reason. True if it was applied.
  bool take(model::actor::Context& ctx, AgentId t, std::uint32_t i, model::sessions::SessionId s,
            Amount amount);
  void note(std::uint32_t i, Way w, bool applied) noexcept;
  [[nodiscard]] static std::uint64_t sum(const std::vector<std::uint64_t>& column, Way w) noexcept;

  const scenario::SpecData* spec_;
  const model::actor::Population* pop_;
  model::world::OwnKinds<OwnKind> kinds_;
  std::uint32_t thieves_ = 0;
  // The thieves' columns: per thief (its slot), per way, attempts and refusals; what it took.
  std::vector<std::uint64_t> attempts_;
  std::vector<std::uint64_t> refused_;
  std::vector<Amount> taken_;
};

}  // namespace coordsim::examples::thief
