#pragma once
// World systems registered from their own folder (docs/extending.md): a system that is not one of
// the pinned ones of systems.hpp registers itself with one line in one of its source files,
//
//   const int kFaucetSystem = world::register_system<Faucet>("faucet");   // register_system.hpp
//
// and linking that file into an executable puts the system in every World the executable builds
// (coordsim_world_system() in cmake/CoordsimTarget.cmake links it so). Nothing in
// sim/model/world names it:
//   - its own event kinds, if it has any: an enum `OwnKind` of its own (ending in kCount) and
//     their names `kKindNames`, numbered by the registration after the shared actor::Kind's (the
//     system gets the code of its first in its ExtensionSetup); `Handlers` maps each to a member
//     function, as the pinned systems' do. It reaches other actors through the shared kinds (a
//     kCredit to pay someone), which their systems handle;
//   - it is built from the world's Setup (or default-constructed), and takes part in the world's
//     genesis and first events (build()), its checkpoint (save()/load(), its own tagged section)
//     and its metric columns (metric_rows<In>()) after the pinned systems, each optional: an
//     observer has metric rows only.
// Registered systems are ordered by name, whatever the order of static initialisation, so event
// codes, checkpoint sections and metric columns are the same in every process that links the
// same systems. Dispatch to them is one indirect call through a table built once per World, for
// codes past the shared ones: no virtual call, nothing allocated per event.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "kernel/time.hpp"
#include "model/actor/context.hpp"
#include "model/actor/event_kinds.hpp"
#include "model/actor/metric.hpp"
#include "model/ledger/ledger.hpp"

namespace coordsim::model::world {

struct Setup;
struct MetricInput;

namespace detail {
/// One address per type: identifies a registered system's type without RTTI.
template <class S>
inline constexpr char kTypeTag = 0;
}  // namespace detail

/// The codes of a system's own event kinds (enum E, ending in kCount): its first code, given by
/// the registration, plus the enumerator.
template <class E>
class OwnKinds {
 public:
  constexpr OwnKinds() noexcept = default;
  constexpr explicit OwnKinds(kernel::EventKind first) noexcept : first_(first) {}
  [[nodiscard]] constexpr kernel::EventKind code(E kind) const noexcept {
    return static_cast<kernel::EventKind>(first_ + static_cast<kernel::EventKind>(kind));
  }

 private:
  kernel::EventKind first_ = 0;
};

/// What a registered system is built from: the world's fixed facts and its first event code.
struct ExtensionSetup {
  const Setup& world;
  kernel::EventKind first_kind;
  template <class E>
  [[nodiscard]] constexpr OwnKinds<E> kinds() const noexcept {
    return OwnKinds<E>(first_kind);
  }
};

/// `add(time, target, code, aux, payload)`: one first event (World::build).
using InitialAdd = std::function<void(kernel::SimTime, kernel::AgentId, kernel::EventKind,
                                      std::uint16_t, std::uint64_t)>;
/// A handler of one own kind, on the system at `self`.
using ExtensionHandler = void (*)(void* self, const kernel::Event&, actor::Context&);

/// A registered system, type-erased (register_system.hpp fills it from the type).
struct ExtensionDef {
  std::string_view name;                   // orders the registered systems; static storage
  const void* type = nullptr;              // identifies the C++ type (register_system.hpp)
  std::vector<std::string_view> kinds;     // its own kinds' names, in code order
  std::vector<ExtensionHandler> handlers;  // one per own kind
  void* (*make)(const ExtensionSetup&) = nullptr;
  void (*destroy)(void*) noexcept = nullptr;
  void (*build)(void*, ledger::Ledger&, actor::Streams&, kernel::SimTime,
                const InitialAdd&) = nullptr;
  void (*save)(const void*, kernel::ArchiveWriter&) = nullptr;
  void (*load)(void*, kernel::ArchiveReader&) = nullptr;
  std::span<const actor::MetricRow<MetricInput>> metric_rows;
};

/// Registers a system; returns its count of own kinds.
/// @throws std::logic_error if a kind has no handler, or scenario::RegisteredNames refuses the
/// name (not a word, taken, or the set is closed: a World was built).
int register_extension(ExtensionDef def);

/// The registered systems, by name. The first call closes the set.
[[nodiscard]] std::span<const ExtensionDef> extensions();
/// The code of the first own kind of extensions()[i].
[[nodiscard]] kernel::EventKind first_kind_of(std::size_t i);
/// How many event kinds there are: the shared ones, then every registered system's own.
[[nodiscard]] std::size_t kind_count();
/// Every event kind's name, in code order (the output file's cause names).
[[nodiscard]] std::span<const std::string_view> kind_names();

/// The registered systems of one World, built from its Setup in name order, and the table from
/// their kinds to their handlers.
class Extensions {
 public:
  explicit Extensions(const Setup& setup);
  Extensions(const Extensions&) = delete;
  Extensions& operator=(const Extensions&) = delete;
  Extensions(Extensions&&) = delete;
  Extensions& operator=(Extensions&&) = delete;
  ~Extensions();

  /// An event of a kind past the shared ones (World::handle).
  void handle(const kernel::Event& e, actor::Context& ctx) const {
    const std::size_t i = e.kind - kShared;
    if (e.kind < kShared || i >= table_.size()) throw std::logic_error("world: unknown event kind");
    table_[i].fn(table_[i].self, e, ctx);
  }
  /// Genesis and first events of each, in order, after the pinned systems'.
  void build(ledger::Ledger& ledger, actor::Streams& streams, kernel::SimTime end,
             const InitialAdd& add);
  /// Their checkpoint sections, in order (each writes its own tag).
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);
  /// The system of this type. @throws std::logic_error if none is registered.
  [[nodiscard]] const void* find(const void* type) const;

 private:
  static constexpr std::size_t kShared = static_cast<std::size_t>(actor::Kind::kCount);
  struct Entry {
    ExtensionHandler fn;
    void* self;
  };
  struct Held {
    const ExtensionDef* def;
    void* self;
  };
  std::vector<Held> held_;
  std::vector<Entry> table_;  // code - kShared -> handler
};

}  // namespace coordsim::model::world
