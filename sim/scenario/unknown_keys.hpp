#pragma once
// Keys the schema does not know (internal to sim/scenario), each reported with the most useful
// hint: the nearest valid key, the section the key belongs to, or why merge keys are refused.
#include <string>

#include "scenario/resolve.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// Reports every key under `root` (outside `population`) that is neither a key nor a section.
void check_unknown_keys(const Node& root, Context& ctx, Resolved& r);

/// Reports `name`, written in the group at `path` of kind `kind` (-1 when the kind itself is
/// invalid), if it is not a key of that kind's groups.
void check_group_key(const std::string& name, const Mark& mark, int kind, const std::string& path,
                     Context& ctx, Resolved& r);

}  // namespace coordsim::scenario::detail
