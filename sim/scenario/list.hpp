#pragma once
// A list value of a key (`[a, b]`): enum words, group names, durations or token amounts, each
// item checked on its own (internal to sim/scenario).
#include <optional>
#include <string>

#include "scenario/expect.hpp"
#include "scenario/schema.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// The value of `node` for a key of a list type, or nullopt after reporting every bad item.
[[nodiscard]] std::optional<Value> parse_list(const KeySpec& key, const Node& node,
                                              const std::string& path, const ParseContext& pc);

}  // namespace coordsim::scenario::detail
