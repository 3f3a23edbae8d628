#include "scenario/units.hpp"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace coordsim::scenario {
namespace {

__extension__ typedef unsigned __int128 U128;

constexpr std::uint64_t kInt64Max =
    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void set_error(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
}

/// A decimal number as text: value = (negative ? -1 : 1) * digits * 10^exponent.
struct Decimal {
  bool negative = false;
  std::string digits;  // no leading or trailing zeros; empty means zero
  long exponent = 0;
};

/// Reads `[+-]digits[.digits][e[+-]digits]`; underscores may separate digits (`1_000_000`).
std::optional<Decimal> read_decimal(std::string_view s, bool allow_exponent, std::string* error) {
  Decimal d;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    d.negative = s[i] == '-';
    ++i;
  }
  std::string digits;
  long fraction_digits = 0;
  bool seen_digit = false;
  bool seen_point = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (is_digit(c)) {
      digits += c;
      seen_digit = true;
      if (seen_point) ++fraction_digits;
    } else if (c == '_') {
      if (i == 0 || !is_digit(s[i - 1]) || i + 1 >= s.size() || !is_digit(s[i + 1])) {
        set_error(error, "an underscore may only separate two digits");
        return std::nullopt;
      }
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) {
    set_error(error, "not a number");
    return std::nullopt;
  }
  long exponent = 0;
  if (i < s.size()) {
    if (!allow_exponent || (s[i] != 'e' && s[i] != 'E')) {
      set_error(error, "unexpected `" + std::string(1, s[i]) + "` in a number");
      return std::nullopt;
    }
    ++i;
    bool exponent_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
      exponent_negative = s[i] == '-';
      ++i;
    }
    if (i >= s.size()) {
      set_error(error, "missing exponent digits");
      return std::nullopt;
    }
    for (; i < s.size(); ++i) {
      if (!is_digit(s[i])) {
        set_error(error, "unexpected `" + std::string(1, s[i]) + "` in an exponent");
        return std::nullopt;
      }
      exponent = exponent * 10 + (s[i] - '0');
      if (exponent > 1000) {
        set_error(error, "exponent too large");
        return std::nullopt;
      }
    }
    if (exponent_negative) exponent = -exponent;
  }
  const auto first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    d.digits.clear();
    return d;
  }
  const auto last = digits.find_last_not_of('0');
  d.exponent = exponent - fraction_digits + static_cast<long>(digits.size() - 1 - last);
  d.digits = digits.substr(first, last - first + 1);
  return d;
}

/// read_decimal of a number that must not be negative (minus zero is zero): `negative_error`
/// otherwise.
std::optional<Decimal> read_non_negative(std::string_view s, bool allow_exponent,
                                         std::string* error, std::string_view negative_error) {
  auto d = read_decimal(s, allow_exponent, error);
  if (d && d->negative && !d->digits.empty()) {
    set_error(error, std::string(negative_error));
    return std::nullopt;
  }
  return d;
}

enum class ScaleError { kNone, kTooPrecise, kTooLarge };

/// |d| * 10^k as an integer no larger than `limit`.
std::optional<U128> scale(const Decimal& d, long k, U128 limit, ScaleError& why) {
  why = ScaleError::kNone;
  if (d.digits.empty()) return U128{0};
  const long shift = d.exponent + k;
  if (shift < 0) {  // digits has no trailing zeros, so a negative shift leaves a fraction
    why = ScaleError::kTooPrecise;
    return std::nullopt;
  }
  if (static_cast<long>(d.digits.size()) + shift > 39) {
    why = ScaleError::kTooLarge;
    return std::nullopt;
  }
  U128 acc = 0;
  const auto push = [&](unsigned digit) {
    if (acc > (limit - digit) / 10) return false;
    acc = acc * 10 + digit;
    return true;
  };
  for (const char c : d.digits) {
    if (!push(static_cast<unsigned>(c - '0'))) {
      why = ScaleError::kTooLarge;
      return std::nullopt;
    }
  }
  for (long j = 0; j < shift; ++j) {
    if (!push(0)) {
      why = ScaleError::kTooLarge;
      return std::nullopt;
    }
  }
  return acc;
}

std::string scale_message(ScaleError why, std::string_view too_precise) {
  return why == ScaleError::kTooPrecise ? std::string(too_precise) : "too large";
}

/// `v / 10^k` as exact decimal text without trailing zeros.
std::string format_scaled(std::int64_t v, int k) {
  const bool negative = v < 0;
  std::uint64_t mag = negative ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  std::uint64_t unit = 1;
  for (int i = 0; i < k; ++i) unit *= 10;
  std::string out = negative ? "-" : "";
  out += std::to_string(mag / unit);
  std::uint64_t frac = mag % unit;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f.insert(0, static_cast<std::size_t>(k) - f.size(), '0');
    f.erase(f.find_last_not_of('0') + 1);
    out += "." + f;
  }
  return out;
}

struct DurationUnit {
  std::string_view name;
  std::int64_t micros;
};
// Largest first: format_duration picks the first unit that divides exactly.
constexpr std::array<DurationUnit, 7> kDurationUnits{{{"d", kMicrosPerDay},
                                                      {"h", kMicrosPerHour},
                                                      {"m", kMicrosPerMinute},
                                                      {"s", kMicrosPerSecond},
                                                      {"ms", 1'000},
                                                      {"us", 1},
                                                      {"µs", 1}}};

}  // namespace

std::optional<Micros> parse_duration(std::string_view text, std::string* error) {
  std::size_t split = 0;
  while (split < text.size() && (is_digit(text[split]) || text[split] == '.' ||
                                 text[split] == '_' || text[split] == '-' || text[split] == '+')) {
    ++split;
  }
  const std::string_view number = text.substr(0, split);
  const std::string_view unit_name = text.substr(split);
  const auto d = read_non_negative(number, false, error, "durations cannot be negative");
  if (!d) return std::nullopt;
  if (unit_name.empty()) {
    if (d->digits.empty()) return Micros{0};
    set_error(error, "missing unit (one of us, ms, s, m, h, d)");
    return std::nullopt;
  }
  std::int64_t unit = 0;
  for (const auto& u : kDurationUnits) {
    if (u.name == unit_name) unit = u.micros;
  }
  if (unit == 0) {
    set_error(error, "unknown unit `" + std::string(unit_name) + "` (one of us, ms, s, m, h, d)");
    return std::nullopt;
  }
  ScaleError why{};
  // The number times 10^9, bounded so that the product with the unit fits 128 bits.
  const auto nano_units = scale(*d, 9, U128{1} << 88, why);
  if (!nano_units) {
    set_error(error, scale_message(why, "finer than one microsecond"));
    return std::nullopt;
  }
  const U128 product = *nano_units * static_cast<U128>(unit);
  constexpr U128 kGiga = 1'000'000'000;
  if (product % kGiga != 0) {
    set_error(error, "finer than one microsecond");
    return std::nullopt;
  }
  if (product / kGiga > kInt64Max) {
    set_error(error, "too large");
    return std::nullopt;
  }
  return Micros{static_cast<std::int64_t>(product / kGiga)};
}

std::optional<Amount> parse_tokens(std::string_view text, int decimals, std::string* error) {
  assert(decimals >= 0 && decimals <= kMaxDecimals);
  const auto d = read_non_negative(text, true, error, "token amounts cannot be negative");
  if (!d) return std::nullopt;
  ScaleError why{};
  const auto base = scale(*d, decimals, kInt64Max, why);
  if (!base) {
    set_error(error, why == ScaleError::kTooPrecise
                         ? "more fractional digits than token.decimals = " +
                               std::to_string(decimals) + " allows"
                         : "too large: does not fit 64-bit base units at token.decimals = " +
                               std::to_string(decimals));
    return std::nullopt;
  }
  return Amount{static_cast<std::int64_t>(*base)};
}

std::optional<Ppm> parse_ppm(std::string_view text, std::string* error) {
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  const auto d = read_non_negative(text, true, error, "cannot be negative");
  if (!d) return std::nullopt;
  ScaleError why{};
  const auto ppm = scale(*d, percent ? 4 : 6, kInt64Max, why);
  if (!ppm) {
    set_error(error, scale_message(why, "finer than one part per million (0.0001%)"));
    return std::nullopt;
  }
  return Ppm{static_cast<std::int64_t>(*ppm)};
}

std::optional<double> parse_number(std::string_view text, std::string* error) {
  std::string clean;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower == 'n' || lower == 'i') {
      set_error(error, "NaN and infinity are not allowed");
      return std::nullopt;
    }
    if (c == '_') {
      if (i == 0 || !is_digit(text[i - 1]) || i + 1 >= text.size() || !is_digit(text[i + 1])) {
        set_error(error, "an underscore may only separate two digits");
        return std::nullopt;
      }
      continue;
    }
    if (!(is_digit(c) || c == '.' || c == '-' || c == '+' || lower == 'e')) {
      set_error(error, "not a number");
      return std::nullopt;
    }
    clean += c;
  }
  if (!clean.empty() && clean.front() == '+') clean.erase(0, 1);
  double v = 0.0;
  const char* first = clean.data();
  const char* last = first + clean.size();
  const auto [ptr, ec] = std::from_chars(first, last, v);
  if (ec == std::errc::result_out_of_range) {
    set_error(error, "out of the range of a double");
    return std::nullopt;
  }
  if (ec != std::errc{} || ptr != last || clean.empty()) {
    set_error(error, "not a number");
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    set_error(error, "NaN and infinity are not allowed");
    return std::nullopt;
  }
  return v;
}

std::optional<double> parse_fraction(std::string_view text, std::string* error) {
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.remove_suffix(1);
  const auto v = parse_number(text, error);
  if (!v) return std::nullopt;
  return percent ? *v / 100.0 : *v;
}

std::optional<std::int64_t> parse_integer(std::string_view text, std::string* error) {
  const auto d = read_decimal(text, true, error);
  if (!d) return std::nullopt;
  ScaleError why{};
  const U128 limit = d->negative ? U128{kInt64Max} + 1 : U128{kInt64Max};
  const auto mag = scale(*d, 0, limit, why);
  if (!mag) {
    set_error(error, why == ScaleError::kTooPrecise ? "not a whole number"
                                                    : "out of the range of a 64-bit integer");
    return std::nullopt;
  }
  if (d->negative) {
    return static_cast<std::int64_t>(0 - static_cast<std::uint64_t>(*mag));
  }
  return static_cast<std::int64_t>(*mag);
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::string* error) {
  const auto d = read_non_negative(text, true, error, "cannot be negative");
  if (!d) return std::nullopt;
  ScaleError why{};
  const auto mag = scale(*d, 0, U128{std::numeric_limits<std::uint64_t>::max()}, why);
  if (!mag) {
    set_error(error, why == ScaleError::kTooPrecise ? "not a whole number"
                                                    : "out of the range of a 64-bit integer");
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(*mag);
}

std::optional<bool> parse_bool(std::string_view text, std::string* error) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  set_error(error, "not true or false");
  return std::nullopt;
}

std::string format_duration(Micros d) {
  const std::int64_t v = d.value();
  if (v == 0) return "0s";
  for (const auto& u : kDurationUnits) {
    if (v % u.micros == 0) return std::to_string(v / u.micros) + std::string(u.name);
  }
  return std::to_string(v) + "us";  // unreachable: every value is a whole number of us
}

std::string format_tokens(Amount a, int decimals) { return format_scaled(a.raw(), decimals); }

std::string format_ppm(Ppm p) { return format_scaled(p.value(), 4) + "%"; }

std::string format_number(double v) {
  std::array<char, 64> buf{};
  const auto result = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string(buf.data(), result.ptr);
}

kernel::SimDuration to_ticks(Micros d, Micros tick) {
  assert(tick.value() > 0);
  using Wide = money::Wide;
  const Wide t = tick.value();
  const Wide q = (2 * static_cast<Wide>(d.value()) + t) / (2 * t);
  return kernel::SimDuration{static_cast<std::int64_t>(q)};
}

}  // namespace coordsim::scenario
