#include "verify/grants.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "verify/divergence.hpp"
#include "verify/sessions.hpp"

namespace coordsim::verify {

namespace {
std::string amount(std::int64_t v) { return v == kUnlimited ? "unlimited" : std::to_string(v); }
std::string when(std::uint64_t t) { return t == kNever ? "never" : std::to_string(t); }
/// Whether window `w` is no shorter than `bound` (0: the whole lifetime, longer than any).
bool no_shorter(std::uint64_t w, std::uint64_t bound) {
  return w == 0 || (bound != 0 && w >= bound);
}
}  // namespace

void GrantTerms::check(std::uint32_t id, const Sessions& sessions) {
  const Session& s = sessions.all().at(id);
  const auto fail = [&](const std::string& what) {
    throw Divergence(s.row, fmt::format("session {} ({} at time {}): {}", id,
                                        s.parent == kNoSession ? "granted" : "sub-delegated",
                                        s.granted_at, what));
  };
  // Each cap at most its bound, the window no shorter; `policy`: the bounds are the policy's
  // (named by their keys), else the parent's (named `by` and the /sessions column).
  const auto caps = [&](bool policy, const std::string& by, std::int64_t total,
                        std::int64_t per_action, std::int64_t per_period, std::int64_t calls,
                        std::uint64_t period) {
    const auto name = [&](const char* term, const char* key) {
      return policy ? fmt::format("the policy's {}", key) : fmt::format("{} {}", by, term);
    };
    for (const auto& [term, key, value, bound] :
         {std::tuple{"cap_total", "sessions.caps.total", s.total, total},
          std::tuple{"cap_per_action", "sessions.caps.per_action", s.per_action, per_action},
          std::tuple{"cap_per_period", "sessions.caps.per_period", s.per_period, per_period},
          std::tuple{"cap_calls", "sessions.caps.calls", s.calls_cap, calls}}) {
      if (value > bound)
        fail(fmt::format("{} {} exceeds {}, {}", term, amount(value), name(term, key),
                         amount(bound)));
    }
    if (!no_shorter(s.period, period))
      fail(
          fmt::format("cap_period {} ticks is a shorter window than {}, {} ticks (0: the whole "
                      "lifetime)",
                      s.period, name("cap_period", "sessions.caps.period"), period));
  };
  const SessionPolicy& p = policy_.at(s.granted_at);
  caps(true, "", p.total, p.per_action, p.per_period, p.calls, p.period);
  if (s.valid_until == kNever) {
    if (!p.allow_never_expiring)
      fail("valid_until never, but the policy's sessions.allow_never_expiring is false");
  } else if (s.valid_until > s.valid_after && s.valid_until - s.valid_after > p.max_ttl) {
    fail(
        fmt::format("its lifetime, valid {}..{}, is {} ticks: more than the policy's "
                    "sessions.max_ttl, {} ticks",
                    s.valid_after, s.valid_until, s.valid_until - s.valid_after, p.max_ttl));
  }
  ++checked_;
  if (s.parent == kNoSession) return;
  ++children_;
  const Session& q = sessions.all().at(s.parent);
  const std::string by = fmt::format("its parent {}'s", s.parent);
  caps(false, by, q.total, q.per_action, q.per_period, q.calls_cap, q.period);
  if (s.valid_after < q.valid_after)
    fail(fmt::format("valid_after {} is before {} valid_after {}", s.valid_after, by,
                     q.valid_after));
  if (s.valid_until > q.valid_until)
    fail(fmt::format("valid_until {} is after {} valid_until {}", when(s.valid_until), by,
                     when(q.valid_until)));
  const auto& actions = sessions.actions();
  const auto mine = actions.find(id);
  const auto theirs = actions.find(s.parent);
  if (mine == actions.end() || theirs == actions.end()) {
    fail("it or its parent is not in the /sessions table");
    return;
  }
  if ((mine->second & ~theirs->second) != 0)
    fail(fmt::format("actions {:#x} allow {:#x}, which {} actions {:#x} do not", mine->second,
                     mine->second & ~theirs->second, by, theirs->second));
  const auto* targets = sessions.targets();
  if (targets == nullptr) return;
  const auto parent_list = targets->find(s.parent);
  if (parent_list == targets->end()) return;  // the parent allows any target
  const auto list = targets->find(id);
  if (list == targets->end()) {
    fail(fmt::format("targets any, but {} lists {}", by, parent_list->second.size()));
    return;
  }
  for (const std::uint32_t t : list->second) {
    if (!std::binary_search(parent_list->second.begin(), parent_list->second.end(), t))
      fail(fmt::format("target {} is not in {} list of {} targets", t, by,
                       parent_list->second.size()));
  }
}

}  // namespace coordsim::verify
