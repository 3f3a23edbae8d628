#include "scenario/expect.hpp"

#include <cstddef>
#include <utility>

namespace coordsim::scenario::detail {
namespace {

constexpr std::size_t kMaxNameLength = 64;

std::string expected_phrase(const KeySpec& k, int decimals) {
  std::string out = describe_type(k);
  const std::string range = describe_range(k, decimals);
  if (range.empty()) return out;
  if (range.front() == '>' || range.front() == '<') return out + " " + range;
  return out + " in " + range;
}

}  // namespace

void ParseContext::bad(const KeySpec& key, const Node& node, const std::string& path,
                       const std::string& why, std::string hint) const {
  ctx.expected(node.mark, path, expected_phrase(key, decimals), node, why, std::move(hint));
}

bool in_range(const KeySpec& key, double v) {
  const bool above_lo = key.lo_open ? v > key.lo : v >= key.lo;
  return above_lo && v <= key.hi;
}

bool valid_name(std::string_view s) {
  if (s.empty() || s.size() > kMaxNameLength || s.front() == '.' || s.front() == '-') return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string unit_phrase(Unit u) {
  switch (u) {
    case Unit::kFraction:
      return "a fraction (0.1 or 10%)";
    case Unit::kTokens:
      return "a token amount (e.g. 12.5)";
    case Unit::kDuration:
      return "a duration (e.g. 90s, 15m, 24h, 7d)";
    case Unit::kPlain:
      break;
  }
  return "a number";
}

}  // namespace coordsim::scenario::detail
