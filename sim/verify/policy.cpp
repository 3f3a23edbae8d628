#include "verify/policy.hpp"

#include <array>
#include <charconv>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace coordsim::verify {

namespace {
__extension__ typedef __int128 Wide;

std::int64_t digits(std::string_view v, const std::string& text) {
  std::int64_t out = 0;
  const auto r = std::from_chars(v.data(), v.data() + v.size(), out);
  if (v.empty() || r.ec != std::errc{} || r.ptr != v.data() + v.size() || out < 0)
    throw std::invalid_argument("not a canonical number: '" + text + "'");
  return out;
}

constexpr std::array<std::pair<std::string_view, std::int64_t>, 6> kUnits{{{"ms", 1000},
                                                                           {"us", 1},
                                                                           {"d", 86400000000},
                                                                           {"h", 3600000000},
                                                                           {"m", 60000000},
                                                                           {"s", 1000000}}};

std::string need(const std::string& text, const std::string& key) {
  std::string v = yaml_value(text, key);
  if (v.empty()) throw std::invalid_argument("the file's scenario_text has no " + key);
  return v;
}

bool parse_bool(const std::string& text) {
  if (text != "true" && text != "false") throw std::invalid_argument("not a bool: '" + text + "'");
  return text == "true";
}
}  // namespace

std::int64_t parse_base_units(const std::string& text, int decimals) {
  const auto dot = text.find('.');
  const std::string_view s(text);
  const std::string_view frac = dot == std::string::npos ? std::string_view{} : s.substr(dot + 1);
  if (static_cast<int>(frac.size()) > decimals || (dot != std::string::npos && frac.empty()))
    throw std::invalid_argument("not a token amount of " + std::to_string(decimals) +
                                " decimals: '" + text + "'");
  Wide v = digits(s.substr(0, dot), text);
  for (int i = 0; i < decimals; ++i) v *= 10;
  Wide f = frac.empty() ? 0 : digits(frac, text);
  for (auto i = static_cast<int>(frac.size()); i < decimals; ++i) f *= 10;
  v += f;
  if (v > static_cast<Wide>(0x7FFFFFFFFFFFFFFF))
    throw std::invalid_argument("a token amount out of range: '" + text + "'");
  return static_cast<std::int64_t>(v);
}

std::int64_t parse_micros(const std::string& text) {
  for (const auto& [name, micros] : kUnits) {
    if (text.size() <= name.size() ||
        text.compare(text.size() - name.size(), name.size(), name) != 0)
      continue;
    const std::string_view number = std::string_view(text).substr(0, text.size() - name.size());
    const Wide v = static_cast<Wide>(digits(number, text)) * micros;
    if (v > static_cast<Wide>(0x7FFFFFFFFFFFFFFF))
      throw std::invalid_argument("a duration out of range: '" + text + "'");
    return static_cast<std::int64_t>(v);
  }
  throw std::invalid_argument("not a canonical duration: '" + text + "'");
}

Steps<SessionPolicy> read_session_policy(const std::string& text,
                                         const std::vector<KnobChange>& knobs) {
  const int decimals = static_cast<int>(digits(need(text, "token.decimals"), text));
  const std::int64_t tick = parse_micros(need(text, "tick"));
  if (tick <= 0 || decimals > 18)
    throw std::invalid_argument("tick or token.decimals out of range");
  // A duration in ticks: the nearest whole number, halves up (as the run converts every one).
  const auto ticks = [&](const std::string& v) {
    return static_cast<std::uint64_t>((2 * static_cast<Wide>(parse_micros(v)) + tick) /
                                      (2 * static_cast<Wide>(tick)));
  };
  // One term of the policy from its text: false for a key that is no term of it.
  const auto set = [&](SessionPolicy& p, const std::string& key, const std::string& v) {
    if (key == "sessions.caps.total")
      p.total = parse_base_units(v, decimals);
    else if (key == "sessions.caps.per_action")
      p.per_action = parse_base_units(v, decimals);
    else if (key == "sessions.caps.per_period")
      p.per_period = parse_base_units(v, decimals);
    else if (key == "sessions.caps.calls")
      p.calls = digits(v, v);
    else if (key == "sessions.caps.period")
      p.period = ticks(v);
    else if (key == "sessions.max_ttl")
      p.max_ttl = ticks(v);
    else if (key == "sessions.allow_never_expiring")
      p.allow_never_expiring = parse_bool(v);
    else
      return false;
    return true;
  };
  SessionPolicy p;
  for (const char* key : {"sessions.caps.total", "sessions.caps.per_action",
                          "sessions.caps.per_period", "sessions.caps.calls", "sessions.caps.period",
                          "sessions.max_ttl", "sessions.allow_never_expiring"})
    (void)set(p, key, need(text, key));
  Steps<SessionPolicy> steps(p);
  for (const KnobChange& k : knobs)
    if (set(p, k.key, k.value)) steps.change(k.time, p);
  return steps;
}

}  // namespace coordsim::verify
