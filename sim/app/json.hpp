#pragma once
// Just enough JSON to print machine-readable summaries (`inspect --json`, `bench --json`) without
// a JSON library: literals that any parser accepts, whatever bytes a damaged file hands us.
#include <string>
#include <string_view>

namespace coordsim::app {

/// `text` as a JSON string literal, quotes included. `"`, `\` and control characters are escaped;
/// valid UTF-8 passes through unchanged; each byte that is not part of a valid UTF-8 sequence
/// becomes U+FFFD, so the output is always valid UTF-8 and valid JSON.
[[nodiscard]] std::string json_string(std::string_view text);

/// A finite number in its shortest round-trip form (`0.1`, `1e+20`); NaN and infinities, which
/// JSON cannot express, become `null`.
[[nodiscard]] std::string json_number(double value);

}  // namespace coordsim::app
