#pragma once
// Sessions are numbered densely in grant order, so per-session state lives in plain arrays and a
// child's id is always larger than its parent's (grant order is creation order). Ids are never
// reused: a revoked or expired session keeps its id and its row.
#include <cstddef>
#include <cstdint>
#include <limits>

#include "kernel/strong_type.hpp"

namespace coordsim::model::sessions {

struct SessionIdTag {};
using SessionId = kernel::StrongType<SessionIdTag, std::uint32_t>;

/// "No session": the parent of a root grant, the end of a child list.
inline constexpr SessionId kNoSession{std::numeric_limits<std::uint32_t>::max()};

[[nodiscard]] constexpr std::size_t index(SessionId id) noexcept { return id.value(); }

}  // namespace coordsim::model::sessions
