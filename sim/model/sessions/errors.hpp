#pragma once
// Typed exceptions for bad input (a malformed policy or grant request). Policy violations by a
// well-formed request are not exceptions: they are GrantError results, because scenarios make
// such requests on purpose to measure rejections.
#include <stdexcept>
#include <string>

namespace coordsim::model::sessions {

/// The policy itself is inconsistent (e.g. default_ttl > max_ttl).
class InvalidPolicy : public std::invalid_argument {
 public:
  explicit InvalidPolicy(const std::string& what)
      : std::invalid_argument("session policy: " + what) {}
};

/// A grant request is malformed (negative cap, non-positive ttl, per-period cap without a window).
class InvalidGrant : public std::invalid_argument {
 public:
  explicit InvalidGrant(const std::string& what)
      : std::invalid_argument("session grant: " + what) {}
};

}  // namespace coordsim::model::sessions
