#include "app/json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace coordsim::app {

namespace {

/// Length of the valid UTF-8 sequence starting at `s[i]` (1 to 4), or 0 if it is not one.
/// Follows RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[i + k]); };
  const auto continuation = [&](std::size_t k, std::uint8_t lo = 0x80, std::uint8_t hi = 0xBF) {
    return i + k < s.size() && byte(k) >= lo && byte(k) <= hi;
  };
  const std::uint8_t b = byte(0);
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) return continuation(1) ? 2 : 0;
  if (b == 0xE0) return continuation(1, 0xA0) && continuation(2) ? 3 : 0;
  if (b == 0xED) return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0;
  if (b >= 0xE1 && b <= 0xEF) return continuation(1) && continuation(2) ? 3 : 0;
  if (b == 0xF0) return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
  if (b >= 0xF1 && b <= 0xF3) return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  if (b == 0xF4) return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0;
  return 0;
}

}  // namespace

std::string json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  return fmt::format("{}", value);
}

}  // namespace coordsim::app
