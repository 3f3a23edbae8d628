// The registered world systems: the closed, name-ordered set, their codes, and one World's
// instances of them.
#include "model/world/extension.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

namespace coordsim::model::world {

namespace {

struct Registry {
  std::vector<ExtensionDef> defs;
  std::vector<kernel::EventKind> first;  // per def, once closed
  std::vector<std::string_view> names;   // every kind's, once closed
  bool closed = false;
};

Registry& registry() {
  static Registry r;
  return r;
}

// Orders the set by name and numbers the kinds; later registrations throw.
const Registry& closed() {
  Registry& r = registry();
  if (r.closed) return r;
  std::sort(r.defs.begin(), r.defs.end(),
            [](const ExtensionDef& a, const ExtensionDef& b) { return a.name < b.name; });
  r.names.assign(actor::kKindNames.begin(), actor::kKindNames.end());
  for (const ExtensionDef& d : r.defs) {
    r.first.push_back(static_cast<kernel::EventKind>(r.names.size()));
    r.names.insert(r.names.end(), d.kinds.begin(), d.kinds.end());
  }
  if (r.names.size() > std::numeric_limits<kernel::EventKind>::max())
    throw std::logic_error("too many event kinds");
  r.closed = true;
  return r;
}

}  // namespace

int register_extension(ExtensionDef def) {
  Registry& r = registry();
  if (r.closed) {
    throw std::logic_error("world system '" + std::string(def.name) +
                           "' registered after a world was built");
  }
  for (const ExtensionDef& d : r.defs) {
    if (d.name == def.name)
      throw std::logic_error("world system '" + std::string(def.name) + "' registered twice");
  }
  if (def.handlers.size() != def.kinds.size())
    throw std::logic_error("world system '" + std::string(def.name) + "': a kind has no handler");
  const auto kinds = static_cast<int>(def.kinds.size());
  r.defs.push_back(std::move(def));
  return kinds;
}

std::span<const ExtensionDef> extensions() { return closed().defs; }

kernel::EventKind first_kind_of(std::size_t i) { return closed().first.at(i); }

std::size_t kind_count() { return closed().names.size(); }

std::span<const std::string_view> kind_names() { return closed().names; }

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
