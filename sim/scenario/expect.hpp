#pragma once
// What a key accepts, as a test and in words (internal to sim/scenario): shared by the scalar,
// list and distribution parsers so that the three report a bad value the same way.
#include <cstdint>
#include <string>
#include <string_view>

#include "scenario/schema.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

/// What every value parser needs: where to report problems, and token.decimals, at which token
/// amounts are read.
struct ParseContext {
  Context& ctx;
  int decimals = 6;

  /// Reports `node` as no valid value of `key`: "expected <type> in <range>, found ...: why".
  void bad(const KeySpec& key, const Node& node, const std::string& path, const std::string& why,
           std::string hint = {}) const;
};

/// Whether `v` (in the key's base unit) is in the key's range.
[[nodiscard]] bool in_range(const KeySpec& key, double v);

/// Letters, digits, `_`, `-` and `.`, at most 64 characters, not starting with `.` or `-`.
[[nodiscard]] bool valid_name(std::string_view s);

/// The unit a number carries inside a list or a distribution.
enum class Unit : std::uint8_t { kPlain, kFraction, kTokens, kDuration };

/// "a token amount (e.g. 12.5)" and so on.
[[nodiscard]] std::string unit_phrase(Unit u);

}  // namespace coordsim::scenario::detail
