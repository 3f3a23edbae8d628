#pragma once
// Canonical text of single values (internal to sim/scenario); render_yaml is in resolve.hpp.
#include <string>
#include <string_view>

#include "scenario/schema.hpp"

namespace coordsim::scenario::detail {

/// Plain when that reads back as the same string, else double-quoted with escapes.
std::string yaml_string(std::string_view s);

/// The canonical YAML text of `v`, a value of `key` (decimals: token.decimals).
std::string render_value(const KeySpec& key, const Value& v, int decimals);

}  // namespace coordsim::scenario::detail
