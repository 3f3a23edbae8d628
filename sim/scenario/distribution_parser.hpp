#pragma once
// A distribution-valued key (internal to sim/scenario): a bare value (constant) or a map naming
// one family with its parameters in the key's unit, optionally narrowed by `min` and `max`.
// Parameters are stored in base units (distribution.hpp), so the model never converts.
#include <optional>
#include <string>

#include "scenario/distribution.hpp"
#include "scenario/expect.hpp"
#include "scenario/schema.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// The distribution written at `node` for a key of a distribution type, checked against the
/// key's range; or nullopt after reporting what is wrong to `pc.ctx`.
[[nodiscard]] std::optional<Distribution> parse_distribution(const KeySpec& key, const Node& node,
                                                             const std::string& path,
                                                             const ParseContext& pc);

}  // namespace coordsim::scenario::detail
