#pragma once
// The event: a 32-byte POD. Its key (time, target, source, seq) is total: every source numbers the
// events it creates, so no two events share a key and the order never depends on memory addresses,
// insertion order or thread timing. That is what makes a run reproducible for any thread count.
#include <cstdint>
#include <type_traits>

#include "kernel/agent_id.hpp"
#include "kernel/time.hpp"

namespace coordsim::kernel {

using EventKind = std::uint16_t;

struct Event {
  SimTime time;
  AgentId target;
  AgentId source;
  std::uint32_t seq = 0;  // per-source sequence number: the last word of the total key
  EventKind kind = 0;     // what the model should do; the kernel never looks at it
  std::uint16_t aux = 0;  // a small model-defined field (an action code, a flag)
  std::uint64_t payload = 0;
};

static_assert(sizeof(Event) == 32, "events are copied on every heap move: keep them small");
static_assert(std::is_trivially_copyable_v<Event>);

/// True when `a` is processed before `b`. Compares the whole key: a strict total order.
[[nodiscard]] constexpr bool before(const Event& a, const Event& b) noexcept {
  if (a.time != b.time) return a.time < b.time;
  if (a.target != b.target) return a.target < b.target;
  if (a.source != b.source) return a.source < b.source;
  return a.seq < b.seq;
}

}  // namespace coordsim::kernel
