#pragma once
// The households' metric rows: ai agents acting through sessions, principals granting, key
// compromise. Declared here, assembled into the world's table (world/metrics.cpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "model/actor/metric.hpp"
#include "model/sessions/reason.hpp"

namespace coordsim::model::households {

namespace metric_detail {
/// A count of actions rejected for one reason.
template <class In>
constexpr actor::MetricRow<In> rejected(std::string_view name, std::string_view what,
                                        sessions::Reason r) {
  return actor::counted<In>(name, actor::unit::kCount, what,
                            actor::slot_of(actor::Counter::kRejected, static_cast<std::size_t>(r)));
}
/// A count of the owners' own actions (not an attacker's) rejected for one reason.
template <class In>
constexpr actor::MetricRow<In> honest(std::string_view name, std::string_view what,
                                      sessions::Reason r) {
  return actor::counted<In>(
      name, actor::unit::kCount, what,
      actor::slot_of(actor::Counter::kHonestRejected, static_cast<std::size_t>(r)));
}
}  // namespace metric_detail

/// The households' rows, in recorded order. `In` (world::MetricInput) has `counters`,
/// `tick_seconds`, and the session aggregates over every domain: `live_sessions`, `exposure`,
/// `compromised_live`, `compromised_running_ticks`.
template <class In>
constexpr auto metric_rows() {
  using actor::as_int;
  using actor::computed;
  using actor::counted;
  using actor::Counter;
  using actor::narrow;
  using metric_detail::honest;
  using metric_detail::rejected;
  using sessions::Reason;
  namespace unit = actor::unit;
  return std::array{
      counted<In>("actions_applied", unit::kCount,
                  "agent actions applied through a valid session chain (cumulative)",
                  Counter::kApplied),
      rejected<In>("rejected_expired", "actions rejected: EXPIRED (cumulative)", Reason::kExpired),
      rejected<In>("rejected_not_yet_valid", "actions rejected: NOT_YET_VALID (cumulative)",
                   Reason::kNotYetValid),
      rejected<In>("rejected_out_of_scope", "actions rejected: OUT_OF_SCOPE (cumulative)",
                   Reason::kOutOfScope),
      rejected<In>("rejected_target_not_allowed",
                   "actions rejected: TARGET_NOT_ALLOWED (cumulative)", Reason::kTargetNotAllowed),
      rejected<In>("rejected_cap_exceeded", "actions rejected: CAP_EXCEEDED (cumulative)",
                   Reason::kCapExceeded),
      rejected<In>("rejected_revoked", "actions rejected: REVOKED (cumulative)", Reason::kRevoked),
      rejected<In>("rejected_depth_exceeded", "actions rejected: DEPTH_EXCEEDED (cumulative)",
                   Reason::kDepthExceeded),
      rejected<In>("rejected_insufficient_funds",
                   "actions rejected: INSUFFICIENT_FUNDS (cumulative)", Reason::kInsufficientFunds),
      counted<In>("value_moved", unit::kBase, "token value moved by applied actions (cumulative)",
                  Counter::kValueMoved),
      computed<In>("live_sessions", unit::kCount, "sessions neither revoked nor expired",
                   [](const In& m) { return as_int(m.live_sessions); }),
      computed<In>("exposure", unit::kBase,
                   "sum of remaining total caps over live sessions (docs/sessions.md)",
                   [](const In& m) { return narrow(m.exposure); }),
      counted<In>("grants", unit::kCount, "root sessions granted (cumulative)", Counter::kGrants),
      counted<In>("subdelegations", unit::kCount,
                  "child sessions created by sub-delegation (cumulative)",
                  Counter::kSubdelegations),
      counted<In>("expirations", unit::kCount, "sessions that reached valid_until (cumulative)",
                  Counter::kExpirations),
      counted<In>("revocations", unit::kCount,
                  "sessions revoked by principals, cascades counted once (cumulative)",
                  Counter::kRevocations),
      counted<In>("compromised_agents", unit::kCount,
                  "ai agents taken over by an attacker (cumulative)", Counter::kCompromised),
      computed<In>("compromised_live", unit::kCount,
                   "compromised agents that can still act through a live session",
                   [](const In& m) { return as_int(m.compromised_live); }),
      counted<In>("value_taken", unit::kBase,
                  "value drained through compromised sessions: the blast radius (cumulative)",
                  Counter::kValueTaken),
      computed<In>("compromised_seconds", unit::kSeconds,
                   "total time compromised agents could act (closed and running windows)",
                   [](const In& m) {
                     return static_cast<double>(static_cast<std::uint64_t>(
                                                    m.counters[Counter::kCompromisedTicksLive]) +
                                                m.compromised_running_ticks) *
                            m.tick_seconds;
                   }),
      counted<In>("honest_attempted", unit::kCount,
                  "actions ai agents attempted for their owners (not an attacker's; cumulative)",
                  Counter::kHonestAttempts),
      honest<In>("honest_rejected_out_of_scope",
                 "owners' actions rejected OUT_OF_SCOPE: the grant's actions were too narrow "
                 "(cumulative)",
                 Reason::kOutOfScope),
      honest<In>("honest_rejected_target_not_allowed",
                 "owners' actions rejected TARGET_NOT_ALLOWED: the grant's targets were too narrow "
                 "(cumulative)",
                 Reason::kTargetNotAllowed),
      honest<In>("honest_rejected_expired", "owners' actions rejected EXPIRED (cumulative)",
                 Reason::kExpired),
      honest<In>("honest_rejected_cap_exceeded",
                 "owners' actions rejected CAP_EXCEEDED (cumulative)", Reason::kCapExceeded),
      honest<In>("honest_rejected_revoked", "owners' actions rejected REVOKED (cumulative)",
                 Reason::kRevoked),
      honest<In>("honest_rejected_not_yet_valid",
                 "owners' actions rejected NOT_YET_VALID (cumulative)", Reason::kNotYetValid),
      honest<In>("honest_rejected_depth_exceeded",
                 "owners' actions rejected DEPTH_EXCEEDED (cumulative)", Reason::kDepthExceeded),
      honest<In>("honest_rejected_insufficient_funds",
                 "owners' actions rejected INSUFFICIENT_FUNDS (cumulative)",
                 Reason::kInsufficientFunds),
      counted<In>("router_bug_taken", unit::kBase,
                  "value the router-bug attacker spent out of live approvals (cumulative)",
                  Counter::kRouterBugTaken),
      counted<In>("injected_grants", unit::kCount,
                  "grants inflated by approval injection (cumulative)", Counter::kInjectedGrants),
  };
}

}  // namespace coordsim::model::households
