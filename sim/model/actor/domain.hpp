#pragma once
// A domain: the mutable state that the handlers of one group of actors share, and nothing else
// does. Households (a principal and its ai agents) are spread over several domains, every other
// agent too, and each protocol actor has its own. A handler writes only its own domain's, so
// domains can run in parallel; the partition is fixed by the scenario (World::build_domains),
// never by the thread count, so results cannot depend on threads.
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/time.hpp"
#include "model/actor/counters.hpp"
#include "model/actor/event_kinds.hpp"
#include "model/actor/place.hpp"
#include "model/ledger/amount.hpp"
#include "model/sessions/reason.hpp"
#include "model/sessions/session_store.hpp"

namespace coordsim::model::actor {

/// `cause` of a row made outside any event (the opening balances).
inline constexpr std::uint16_t kNoCause = 0xFFFF;

/// One action attempted by an actor, or one value movement (kind kMove: `amount` from the
/// balance (actor, from) to the balance (target, to), actor and target being account ids), for
/// the optional /events table.
struct ActionRecord {
  kernel::SimTime time;
  kernel::AgentId handler;  // the actor whose event produced it: with time, the merge key
  ActionKind kind;
  sessions::Reason reason;
  kernel::AgentId actor;
  kernel::AgentId target;
  std::uint32_t session;
  ledger::Amount amount;
  std::uint16_t cause = kNoCause;  // Kind of the event handled (or, into flight, carried)
  Place from = Place::kCount;      // kMove, kOrder, kArbitrage; session actions: what pays
  Place to = Place::kCount;
};

/// Receives every attempted action when the event log is on (the recorder filters and batches).
/// The world hands over the rows of a barrier at once: one indirect call per barrier, not per row.
class ActionSink {
 public:
  virtual ~ActionSink() = default;
  virtual void on_action(const ActionRecord& record) = 0;
  /// The rows of one barrier, in log order. Sinks on the hot path override it with a loop.
  virtual void on_actions(std::span<const ActionRecord> records) {
    for (const ActionRecord& r : records) on_action(r);
  }
};

struct Domain {
  explicit Domain(const sessions::Policy& policy) : sessions(policy) {}
  sessions::SessionStore sessions;
  Counters counters;
  ledger::Wide in_flight_token =
      0;  // may be negative in one domain: sent here, delivered elsewhere
  ledger::Wide in_flight_quote = 0;
  std::vector<std::pair<kernel::AgentId, kernel::AgentId>> interactions;  // since the last barrier
  std::vector<ActionRecord> log;                                          // since the last barrier
};

/// A session's id in output files: the domain in the top 8 bits, the store's id below.
[[nodiscard]] inline std::uint32_t global_session(std::uint32_t domain,
                                                  sessions::SessionId id) noexcept {
  return id == sessions::kNoSession ? id.value() : (domain << 24U) | id.value();
}

}  // namespace coordsim::model::actor
