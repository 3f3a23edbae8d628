#pragma once
// From a composed document tree to typed values (internal to sim/scenario): validation against
// the schema, default filling, the semantic checks between keys, and canonical YAML rendering.
#include <cstdint>
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

/// Checks between keys (fee split sums to 100%, references resolve, ...); skips checks involving
/// keys that already failed.
void check_semantics(const Resolved& r, Context& ctx);

/// Canonical YAML of a resolved scenario; `with_docs` adds each key's documentation as comments.
std::string render_yaml(const Resolved& r, bool with_docs);

}  // namespace coordsim::scenario::detail
