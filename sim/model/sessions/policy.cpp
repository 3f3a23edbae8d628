#include "model/sessions/policy.hpp"

#include "model/sessions/errors.hpp"

namespace coordsim::model::sessions {

void validate(const Caps& caps) {
  if (caps.per_action < ledger::Amount::zero()) throw InvalidGrant("per_action cap is negative");
  if (caps.total < ledger::Amount::zero()) throw InvalidGrant("total cap is negative");
  if (caps.per_period < ledger::Amount::zero()) throw InvalidGrant("per_period cap is negative");
  if (caps.period.ticks() < 0) throw InvalidGrant("period is negative");
  if (!is_unlimited(caps.per_period) && caps.period.ticks() == 0) {
    throw InvalidGrant("a per_period cap needs a period > 0");
  }
}

void validate(const Policy& policy) {
  if (policy.default_ttl.ticks() <= 0) throw InvalidPolicy("default_ttl must be positive");
  if (policy.max_ttl.ticks() <= 0) throw InvalidPolicy("max_ttl must be positive");
  if (policy.default_ttl == kForever) {
    if (!policy.allow_never_expiring) {
      throw InvalidPolicy("default_ttl is forever but never-expiring grants are not allowed");
    }
  } else if (policy.default_ttl > policy.max_ttl) {
    throw InvalidPolicy("default_ttl exceeds max_ttl");
  }
  if (policy.renew_before.ticks() < 0) throw InvalidPolicy("renew_before is negative");
  try {
    validate(policy.default_caps);
  } catch (const InvalidGrant& e) {
    throw InvalidPolicy(std::string("default caps: ") + e.what());
  }
  if (!policy.allow_unlimited && is_unlimited(policy.default_caps.total)) {
    throw InvalidPolicy("default total cap is unlimited but unlimited grants are not allowed");
  }
}

}  // namespace coordsim::model::sessions
