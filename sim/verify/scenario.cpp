#include "verify/scenario.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace coordsim::verify {

std::string yaml_value(const std::string& text, const std::string& key) {
  // The run writes its scenario with two spaces per level, one `key: value` or `key:` per line.
  std::vector<std::string_view> path;
  for (std::size_t from = 0; from <= key.size();) {
    const auto dot = std::min(key.find('.', from), key.size());
    path.emplace_back(std::string_view(key).substr(from, dot - from));
    from = dot + 1;
  }
  std::size_t depth = 0;  // how many leading segments the current block matches
  for (std::size_t from = 0; from < text.size();) {
    const auto eol = std::min(text.find('\n', from), text.size());
    const std::string_view line = std::string_view(text).substr(from, eol - from);
    from = eol + 1;
    const auto lead = line.find_first_not_of(' ');
    if (lead == std::string_view::npos || line[lead] == '#' || line[lead] == '-') continue;
    const std::size_t level = lead / 2;
    if (lead % 2 != 0 || level > depth) continue;  // inside a block that does not match
    depth = level;
    const auto colon = line.find(':', lead);
    if (colon == std::string_view::npos) continue;
    if (line.substr(lead, colon - lead) != path[level]) continue;
    if (level + 1 == path.size()) {
      const auto value = line.find_first_not_of(' ', colon + 1);
      return value == std::string_view::npos ? std::string() : std::string(line.substr(value));
    }
    depth = level + 1;
  }
  return {};
}

std::int64_t parse_ppm(const std::string& text) {
  // Exact decimal arithmetic: 1% = 10^4 ppm, so four decimals are whole ppm.
  if (text.empty() || text.back() != '%') throw std::invalid_argument("not a percentage: " + text);
  const std::string_view s(text.data(), text.size() - 1);
  const auto dot = s.find('.');
  const std::string_view whole = s.substr(0, dot);
  const std::string_view frac =
      dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (frac.size() > 4) throw std::invalid_argument("more than four decimals: " + text);
  std::int64_t w = 0, f = 0;
  const auto bad = [](std::string_view v, std::int64_t& out) {
    if (v.empty()) return false;
    const auto r = std::from_chars(v.data(), v.data() + v.size(), out);
    return r.ec != std::errc{} || r.ptr != v.data() + v.size() || out < 0;
  };
  if (bad(whole, w) || (!frac.empty() && bad(frac, f)) || w > 100)
    throw std::invalid_argument("not a percentage: " + text);
  for (std::size_t i = frac.size(); i < 4; ++i) f *= 10;
  return w * 10000 + f;
}

namespace {
std::uint32_t parse_depth(const std::string& text) {
  std::uint32_t d = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), d);
  if (text.empty() || r.ec != std::errc{} || r.ptr != text.data() + text.size())
    throw std::invalid_argument("sessions.max_depth is not a count: '" + text + "'");
  return d;
}
std::string need(const std::string& text, const char* key) {
  std::string v = yaml_value(text, key);
  if (v.empty()) throw std::invalid_argument(std::string("the file's scenario_text has no ") + key);
  return v;
}
}  // namespace

ScenarioTerms ScenarioTerms::read(const std::string& text, const std::vector<KnobChange>& knobs) {
  ScenarioTerms t;
  t.chain_accounting = need(text, "sessions.cap_accounting") == "chain";
  t.max_depth = Steps<std::uint32_t>(parse_depth(need(text, "sessions.max_depth")));
  FeeSplit split{parse_ppm(need(text, "incentives.fee_split.protocol")),
                 parse_ppm(need(text, "incentives.fee_split.builder")),
                 parse_ppm(need(text, "incentives.fee_split.validators")),
                 parse_ppm(need(text, "incentives.fee_split.contributors"))};
  t.fee_split = Steps<FeeSplit>(split);
  const std::string slash = yaml_value(text, "incentives.validator_slash_fraction");
  t.validator_slash_fraction_known = !slash.empty();
  if (t.validator_slash_fraction_known)
    t.validator_slash_fraction = Steps<std::int64_t>(parse_ppm(slash));
  for (const KnobChange& k : knobs) {
    if (k.key == "incentives.validator_slash_fraction")
      t.validator_slash_fraction.change(k.time, parse_ppm(k.value));
    if (k.key == "sessions.max_depth") t.max_depth.change(k.time, parse_depth(k.value));
    if (k.key.rfind("incentives.fee_split.", 0) == 0) {
      const std::string part = k.key.substr(21);
      std::int64_t* field = part == "protocol"       ? &split.protocol
                            : part == "builder"      ? &split.builder
                            : part == "validators"   ? &split.validators
                            : part == "contributors" ? &split.contributors
                                                     : nullptr;
      if (field == nullptr) throw std::invalid_argument("unknown knob " + k.key);
      *field = parse_ppm(k.value);
      t.fee_split.change(k.time, split);
    }
  }
  return t;
}

}  // namespace coordsim::verify
