#pragma once
// The outcome of an authorisation check: applied, or rejected with exactly one reason.
//
// The enum order IS the priority order: when several checks fail (possibly on different links of
// a chain) the reported reason is the one with the smallest value, and among links failing with
// that reason the one nearest the root. That makes the reason a function of the chain's state,
// not of the order in which the links happen to be visited. See docs/sessions.md.
#include <cstdint>
#include <string_view>

#include "model/sessions/session_id.hpp"

namespace coordsim::model::sessions {

enum class Reason : std::uint8_t {
  kNone = 0,           // applied
  kNotDelegate,        // the actor is not the delegate of the session it acts through
  kRevoked,            // this link or an ancestor link is revoked
  kExpired,            // now >= valid_until on some link
  kDepthExceeded,      // a link is deeper than the policy's max_depth
  kNotYetValid,        // now < valid_after on some link
  kOutOfScope,         // the action is not in some link's allowed actions
  kTargetNotAllowed,   // the target is not in some link's allowed targets
  kCapExceeded,        // a per-action, total, per-period or call-count cap would be exceeded
  kInsufficientFunds,  // decided by the ledger, after every session check passed
  kCount
};

inline constexpr std::size_t kReasonCount = static_cast<std::size_t>(Reason::kCount);

[[nodiscard]] constexpr std::string_view to_string(Reason r) noexcept {
  switch (r) {
    case Reason::kNone:
      return "APPLIED";
    case Reason::kNotDelegate:
      return "NOT_DELEGATE";
    case Reason::kRevoked:
      return "REVOKED";
    case Reason::kExpired:
      return "EXPIRED";
    case Reason::kDepthExceeded:
      return "DEPTH_EXCEEDED";
    case Reason::kNotYetValid:
      return "NOT_YET_VALID";
    case Reason::kOutOfScope:
      return "OUT_OF_SCOPE";
    case Reason::kTargetNotAllowed:
      return "TARGET_NOT_ALLOWED";
    case Reason::kCapExceeded:
      return "CAP_EXCEEDED";
    case Reason::kInsufficientFunds:
      return "INSUFFICIENT_FUNDS";
    case Reason::kCount:
      break;
  }
  return "?";
}

/// Applied (reason == kNone) or rejected with one reason; `link` names the session whose check
/// failed (for chain-aggregate cap failures in chain accounting: the acting session).
struct Decision {
  Reason reason = Reason::kNone;
  SessionId link = kNoSession;

  [[nodiscard]] constexpr bool applied() const noexcept { return reason == Reason::kNone; }
  friend constexpr bool operator==(Decision, Decision) noexcept = default;
};

/// Why a grant, sub-delegation, extension or renewal was refused.
enum class GrantError : std::uint8_t {
  kNone = 0,
  kNotDelegate,              // sub-delegation by someone other than the parent's delegate
  kNotPrincipal,             // renewal or extension by someone other than the session's principal
  kRevoked,                  // the session (or its parent chain) is revoked
  kExpired,                  // the session (or its parent chain) has expired
  kDepthExceeded,            // the child would be deeper than the policy's max_depth
  kNotYetValid,              // the parent chain is not valid yet
  kOutOfScope,               // some link of the parent chain lacks Action::kSubdelegate
  kTtlExceedsMax,            // requested ttl > policy max_ttl
  kUnlimitedNotAllowed,      // unlimited total cap while the policy forbids it
  kNeverExpiringNotAllowed,  // never-expiring grant while the policy forbids it
  kRenewalDisabled,          // the policy's renewal mode is "never"
  kCount
};

[[nodiscard]] constexpr std::string_view to_string(GrantError e) noexcept {
  switch (e) {
    case GrantError::kNone:
      return "OK";
    case GrantError::kNotDelegate:
      return "NOT_DELEGATE";
    case GrantError::kNotPrincipal:
      return "NOT_PRINCIPAL";
    case GrantError::kRevoked:
      return "REVOKED";
    case GrantError::kExpired:
      return "EXPIRED";
    case GrantError::kDepthExceeded:
      return "DEPTH_EXCEEDED";
    case GrantError::kNotYetValid:
      return "NOT_YET_VALID";
    case GrantError::kOutOfScope:
      return "OUT_OF_SCOPE";
    case GrantError::kTtlExceedsMax:
      return "TTL_EXCEEDS_MAX";
    case GrantError::kUnlimitedNotAllowed:
      return "UNLIMITED_NOT_ALLOWED";
    case GrantError::kNeverExpiringNotAllowed:
      return "NEVER_EXPIRING_NOT_ALLOWED";
    case GrantError::kRenewalDisabled:
      return "RENEWAL_DISABLED";
    case GrantError::kCount:
      break;
  }
  return "?";
}

}  // namespace coordsim::model::sessions
