#pragma once
// Canonical YAML (internal to sim/scenario): of a single value, and of a whole resolved scenario.
#include <string>
#include <string_view>

#include "scenario/resolve.hpp"
#include "scenario/schema.hpp"

namespace coordsim::scenario::detail {

/// Plain when that reads back as the same string, else double-quoted with escapes.
std::string yaml_string(std::string_view s);

/// The canonical YAML text of `v`, a value of `key` (decimals: token.decimals).
std::string render_value(const KeySpec& key, const Value& v, int decimals);

/// Canonical YAML of a resolved scenario; `with_docs` adds each key's documentation as comments.
std::string render_yaml(const Resolved& r, bool with_docs);

}  // namespace coordsim::scenario::detail
