// The registered world systems: the closed, name-ordered set, their codes, and one World's
// instances of them.
#include "model/world/extension.hpp"

#include <limits>
#include <string>
#include <utility>

#include "scenario/registered_table.hpp"

namespace coordsim::model::world {

namespace {

// Function-local statics: systems register from other files' static initialisers. Their names are
// not words of the scenario, so no name is built in; a code here is a system's place in name order.
scenario::RegisteredTable<ExtensionDef>& table() {
  static scenario::RegisteredNames names("world system", {},
                                         std::numeric_limits<kernel::EventKind>::max());
  static scenario::RegisteredTable<ExtensionDef> t(names);
  return t;
}

// The systems' event kinds, numbered once the set is closed (thread-safe: a function-local static,
// first read when a World is built, possibly by several runs of a sweep at once).
struct Kinds {
  std::vector<kernel::EventKind> first;  // per system, in name order
  std::vector<std::string_view> names;   // every kind's, in code order
};

const Kinds& kinds() {
  static const Kinds kKinds = [] {
    Kinds k;
    k.names.assign(actor::kKindNames.begin(), actor::kKindNames.end());
    for (const ExtensionDef& d : extensions()) {
      k.first.push_back(static_cast<kernel::EventKind>(k.names.size()));
      k.names.insert(k.names.end(), d.kinds.begin(), d.kinds.end());
    }
    if (k.names.size() > std::numeric_limits<kernel::EventKind>::max())
      throw std::logic_error("too many event kinds");
    return k;
  }();
  return kKinds;
}

}  // namespace

int register_extension(ExtensionDef def) {
  if (def.handlers.size() != def.kinds.size())
    throw std::logic_error("world system `" + std::string(def.name) + "`: a kind has no handler");
  const auto kinds = static_cast<int>(def.kinds.size());
  const std::string_view name = def.name;
  table().add(name, std::move(def));
  return kinds;
}

std::span<const ExtensionDef> extensions() { return table().in_name_order(); }

kernel::EventKind first_kind_of(std::size_t i) { return kinds().first.at(i); }

std::size_t kind_count() { return kinds().names.size(); }

std::span<const std::string_view> kind_names() { return kinds().names; }

Extensions::Extensions(const Setup& setup) {
  const auto defs = extensions();
  held_.reserve(defs.size());
  try {
    for (std::size_t i = 0; i < defs.size(); ++i) {
      const ExtensionDef& d = defs[i];
      held_.push_back(Held{&d, d.make(ExtensionSetup{setup, first_kind_of(i)})});
      for (const ExtensionHandler fn : d.handlers) table_.push_back(Entry{fn, held_.back().self});
    }
  } catch (...) {
    for (const Held& h : held_) h.def->destroy(h.self);
    throw;
  }
}

Extensions::~Extensions() {
  for (auto it = held_.rbegin(); it != held_.rend(); ++it) it->def->destroy(it->self);
}

void Extensions::build(ledger::Ledger& ledger, actor::Streams& streams, kernel::SimTime end,
                       const InitialAdd& add) {
  for (const Held& h : held_)
    if (h.def->build != nullptr) h.def->build(h.self, ledger, streams, end, add);
}

void Extensions::save(kernel::ArchiveWriter& out) const {
  for (const Held& h : held_)
    if (h.def->save != nullptr) h.def->save(h.self, out);
}

void Extensions::load(kernel::ArchiveReader& in) {
  for (const Held& h : held_)
    if (h.def->load != nullptr) h.def->load(h.self, in);
}

const void* Extensions::find(const void* type) const {
  for (const Held& h : held_)
    if (h.def->type == type) return h.self;
  throw std::logic_error("world: no registered system of this type");
}

}  // namespace coordsim::model::world
