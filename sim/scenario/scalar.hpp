#pragma once
// One scalar value of a key, parsed in the key's unit and checked against its range (internal
// to sim/scenario).
#include <optional>
#include <string>

#include "scenario/expect.hpp"
#include "scenario/schema.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// The value of `node` for a key of a scalar type (not a list or a distribution), or nullopt
/// after reporting what is wrong to `pc.ctx`.
[[nodiscard]] std::optional<Value> parse_scalar(const KeySpec& key, const Node& node,
                                                const std::string& path, const ParseContext& pc);

}  // namespace coordsim::scenario::detail
