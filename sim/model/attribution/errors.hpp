#pragma once
// Typed exceptions for bad input to the attribution functions (scenario values, rows). Programmer
// errors (a span of the wrong size passed by our own model code) are asserted instead.
#include <stdexcept>

namespace coordsim::model::attribution {

/// Base of every attribution input error.
class AttributionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// largest_remainder: negative pool, NaN or infinite weight, output of the wrong size.
class InvalidSplit : public AttributionError {
 public:
  using AttributionError::AttributionError;
};

/// Rows: non-finite or out-of-range quality, copies of one content with different qualities.
class InvalidRows : public AttributionError {
 public:
  using AttributionError::AttributionError;
};

/// Rule or usefulness parameters out of range, or a rule that cannot run on this many players.
class InvalidConfig : public AttributionError {
 public:
  using AttributionError::AttributionError;
};

}  // namespace coordsim::model::attribution
