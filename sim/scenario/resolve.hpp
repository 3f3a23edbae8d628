#pragma once
// From a composed document tree to typed values (internal to sim/scenario): validation against
// the schema and default filling. The parts live beside it, one file each: key_reader (a key's
// value or default), scalar, list and distribution_parser (one value by type), groups (the
// population), unknown_keys and tick_rounding (checks over the whole tree); semantic.hpp checks
// between keys and render.hpp writes the result back as canonical YAML.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "scenario/schema.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

struct Entry {
  const KeySpec* key = nullptr;
  Value value;
};

struct Resolved {
  SpecData data;
  std::vector<Entry> top;                          // in schema order
  std::vector<std::vector<Entry>> groups;          // one per population item
  std::map<std::string, Mark, std::less<>> marks;  // where each written key's value is
  std::set<std::string, std::less<>> failed;       // keys whose value was invalid
  Mark root;                                       // the top of the scenario (file-level errors)
};

/// Validates `root` against the schema, reporting every problem to `ctx`; keys that are absent or
/// invalid take their defaults so that checking can go on.
Resolved resolve(const Node& root, Context& ctx);

}  // namespace coordsim::scenario::detail
