#pragma once
// The session policy of a scenario (`sessions:` section; the scenario loader maps it into this
// struct). The store enforces it on every grant, sub-delegation and renewal, and max_depth also on
// every authorisation.
#include <cstdint>

#include "kernel/time.hpp"
#include "model/sessions/caps.hpp"

namespace coordsim::model::sessions {

/// How spending is charged and checked along a chain. Defined precisely in docs/sessions.md.
enum class CapAccounting : std::uint8_t {
  /// Every link is charged with every action taken through it or through any of its descendants,
  /// and every link's own caps are checked against its own counters.
  kPerLink,
  /// Only the acting session is charged; the caps checked are the chain's tightest caps (minimum
  /// over the links from the root to the acting session) against the chain's aggregate counters
  /// (sum over those links). Sibling sub-trees do not share a budget.
  kChain,
};

/// When principals renew their agents' sessions. The store only refuses renewal under kNever;
/// the timing (renew `renew_before` ahead of expiry, or when an agent asks) is scheduled by the
/// caller.
enum class RenewalMode : std::uint8_t { kNever, kOnDemand, kBeforeExpiry };

struct Policy {
  kernel::SimDuration default_ttl{3600};
  kernel::SimDuration max_ttl{86400};  // kForever: no maximum
  bool allow_unlimited = false;        // may a session's total cap be kUnlimited?
  bool allow_never_expiring = false;   // may a session's ttl be kForever?
  std::uint32_t max_depth = 2;         // root grants have depth 0; each sub-delegation adds 1
  CapAccounting cap_accounting = CapAccounting::kPerLink;
  RenewalMode renewal = RenewalMode::kOnDemand;
  kernel::SimDuration renew_before{0};  // lead time for kBeforeExpiry (used by the caller)
  Caps default_caps = Caps::with_total(ledger::Amount{0});  // for grants that name no caps
};

/// Throws InvalidPolicy when the policy contradicts itself.
void validate(const Policy& policy);

/// Throws InvalidGrant when caps are malformed (negative, or a per-period cap without a window).
void validate(const Caps& caps);

}  // namespace coordsim::model::sessions
