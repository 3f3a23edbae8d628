#pragma once
// The scenario's session policy in the units of the event log (docs/sessions.md, "Policy"): the
// caps every grant is bounded by (sessions.caps.*: tokens in base units of token.decimals, the
// window in ticks), the longest lifetime (sessions.max_ttl in ticks) and whether a grant may
// never expire (sessions.allow_never_expiring). Read, like scenario.hpp's terms, from the file's
// scenario copy and the knob changes of /interventions; durations become ticks as the run makes
// them (the nearest whole number of `tick`s, halves up).
#include <cstdint>
#include <string>
#include <vector>

#include "verify/scenario.hpp"

namespace coordsim::verify {

struct SessionPolicy {
  std::int64_t total = 0, per_action = 0, per_period = 0, calls = 0;
  std::uint64_t period = 0;   // ticks
  std::uint64_t max_ttl = 0;  // ticks
  bool allow_never_expiring = false;
};

/// Canonical token text ("12.5", "100") in base units of `decimals`. @throws std::invalid_argument
[[nodiscard]] std::int64_t parse_base_units(const std::string& text, int decimals);
/// Canonical duration text ("90m", "1h", "250ms", "0s") in microseconds.
/// @throws std::invalid_argument
[[nodiscard]] std::int64_t parse_micros(const std::string& text);

/// The policy over the run: the scenario's, then each sessions.* knob change from its time on.
/// @throws std::invalid_argument if a term is missing or malformed.
[[nodiscard]] Steps<SessionPolicy> read_session_policy(const std::string& scenario_text,
                                                       const std::vector<KnobChange>& knobs);

}  // namespace coordsim::verify
