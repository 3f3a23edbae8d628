#pragma once
// Every actor in the event graph (an agent, the market, settlement, ...) has a dense 32-bit id.
// Dense so that per-agent state lives in plain arrays indexed by id (struct of arrays).
#include <cstdint>
#include <limits>

#include "kernel/strong_type.hpp"

namespace coordsim::kernel {

struct AgentIdTag {};
using AgentId = StrongType<AgentIdTag, std::uint32_t>;

inline constexpr AgentId kNoAgent{std::numeric_limits<std::uint32_t>::max()};

[[nodiscard]] constexpr std::size_t index(AgentId id) noexcept { return id.value(); }

}  // namespace coordsim::kernel
