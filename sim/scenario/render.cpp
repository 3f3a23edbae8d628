// Canonical YAML of a resolved scenario: every key, in schema order, each value in its canonical
// unit text. Loading the text again gives the same Spec (tests check it for every shipped file).
#include <cmath>

#include "scenario/render.hpp"
#include "scenario/text.hpp"

namespace coordsim::scenario::detail {
namespace {

bool plain_safe(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.front() == '.') return false;
  if (s == "null" || s == "Null" || s == "NULL" || s == "true" || s == "false" || s == "True" ||
      s == "False" || s == "TRUE" || s == "FALSE") {
    return false;
  }
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.' || c == '/';
    if (!ok) return false;
  }
  return true;
}

/// Appends lines of `text` wrapped at about 96 columns as `# ` comments.
void comment(std::string& out, std::string_view indent, std::string_view text) {
  constexpr std::size_t kWidth = 96;
  std::string line;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto space = text.find(' ', pos);
    if (space == std::string_view::npos) space = text.size();
    const std::string_view word = text.substr(pos, space - pos);
    if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > kWidth) {
      out += std::string(indent) + "# " + line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    pos = space + 1;
  }
  if (!line.empty()) out += std::string(indent) + "# " + line + "\n";
}

std::string_view section_doc(std::string_view name) {
  for (const auto& s : section_docs()) {
    if (s.name == name) return s.doc;
  }
  return {};
}

/// The escape of `c` inside a YAML double-quoted string, or empty if it has no short one.
std::string_view escape(char c) {
  switch (c) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\n':
      return "\\n";
    case '\t':
      return "\\t";
    case '\r':
      return "\\r";
    default:
      return {};
  }
}

}  // namespace

std::string yaml_string(std::string_view s) {
  if (plain_safe(s)) return std::string(s);
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (const std::string_view e = escape(ch); !e.empty()) {
      out += e;
    } else if (c < 0x20 || c == 0x7f) {
      append_hex_escape(out, c);
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string render_value(const KeySpec& key, const Value& v, int decimals) {
  const auto unit_text = [&](double x) -> std::string {
    switch (key.type) {
      case Type::kTokenDist:
        return format_tokens(Amount{std::llround(x)}, decimals);
      case Type::kDurationDist:
        return format_duration(Micros{std::llround(x)});
      default:
        return format_number(x);
    }
  };
  switch (key.type) {
    case Type::kString:
    case Type::kName:
    case Type::kPath:
    case Type::kEnum:
      return yaml_string(std::get<std::string>(v));
    case Type::kBool:
      return std::get<bool>(v) ? "true" : "false";
    case Type::kInt:
      return std::to_string(std::get<std::int64_t>(v));
    case Type::kUnsigned:
      return std::to_string(std::get<std::uint64_t>(v));
    case Type::kNumber:
    case Type::kFraction:
      return format_number(std::get<double>(v));
    case Type::kPpm:
      return format_ppm(std::get<Ppm>(v));
    case Type::kDuration:
      return format_duration(std::get<Micros>(v));
    case Type::kTokens:
      return format_tokens(std::get<Amount>(v), decimals);
    case Type::kNumberDist:
    case Type::kFractionDist:
    case Type::kTokenDist:
    case Type::kDurationDist: {
      const auto& d = std::get<Distribution>(v);
      std::string clamps;
      if (d.min != key.lo) clamps += ", min: " + unit_text(d.min);
      if (d.max != key.hi) clamps += ", max: " + unit_text(d.max);
      if (d.kind == DistKind::kConstant && clamps.empty()) return unit_text(d.a);
      std::string family;
      switch (d.kind) {
        case DistKind::kConstant:
          family = "constant: " + unit_text(d.a);
          break;
        case DistKind::kUniform:
          family = "uniform: [" + unit_text(d.a) + ", " + unit_text(d.b) + "]";
          break;
        case DistKind::kNormal:
          family = "normal: {mean: " + unit_text(d.a) + ", sd: " + unit_text(d.b) + "}";
          break;
        case DistKind::kLognormal:
          family = "lognormal: {median: " + unit_text(d.a) + ", sigma: " + format_number(d.b) + "}";
          break;
        case DistKind::kPareto:
          family = "pareto: {scale: " + unit_text(d.a) + ", shape: " + format_number(d.b) + "}";
          break;
        case DistKind::kExponential:
          family = "exponential: " + unit_text(d.a);
          break;
      }
      return "{" + family + clamps + "}";
    }
    case Type::kEnumList:
    case Type::kNameList: {
      std::string out = "[";
      const auto& words = std::get<std::vector<std::string>>(v);
      for (std::size_t i = 0; i < words.size(); ++i)
        out += (i > 0 ? ", " : "") + yaml_string(words[i]);
      return out + "]";
    }
    case Type::kDurationList: {
      std::string out = "[";
      const auto& times = std::get<std::vector<Micros>>(v);
      for (std::size_t i = 0; i < times.size(); ++i)
        out += (i > 0 ? ", " : "") + format_duration(times[i]);
      return out + "]";
    }
    case Type::kTokenList: {
      std::string out = "[";
      const auto& amounts = std::get<std::vector<Amount>>(v);
      for (std::size_t i = 0; i < amounts.size(); ++i)
        out += (i > 0 ? ", " : "") + format_tokens(amounts[i], decimals);
      return out + "]";
    }
    case Type::kGroups:
      break;
  }
  return {};
}

std::string render_yaml(const Resolved& r, bool with_docs) {
  const int decimals = r.data.token.decimals;
  std::string out;
  std::vector<std::string_view> open;  // the sections enclosing the previous key
  std::vector<bool> documented(group_keys().size(), false);
  for (const Entry& e : r.top) {
    const auto segments = split_path(e.key->path);
    std::size_t common = 0;
    while (common < open.size() && common + 1 < segments.size() &&
           open[common] == segments[common]) {
      ++common;
    }
    open.resize(common);
    if (common == 0 && !out.empty() && (segments.size() > 1 || e.key->type == Type::kGroups)) {
      out += "\n";  // a blank line before each top-level section
    }
    for (std::size_t i = common; i + 1 < segments.size(); ++i) {
      const std::string indent(2 * i, ' ');
      if (with_docs && i == 0) comment(out, indent, section_doc(segments[i]));
      out += indent + std::string(segments[i]) + ":\n";
      open.push_back(segments[i]);
    }
    const std::string indent(2 * (segments.size() - 1), ' ');
    if (with_docs) comment(out, indent, e.key->doc);
    if (e.key->type != Type::kGroups) {
      out += indent + std::string(segments.back()) + ": " +
             render_value(*e.key, e.value, decimals) + "\n";
      continue;
    }
    out += "population:\n";
    for (const auto& group : r.groups) {
      bool first = true;
      // Keys of a section (`behaviour.rule`, `behaviour.period`, ...) are consecutive in the
      // schema: they are written as one flow map, `behaviour: {rule: logit, period: 12h}`.
      std::string_view section;
      std::string line;
      auto flush = [&] {
        if (line.empty()) return;
        out += std::string(first ? "  - " : "    ") + line + "\n";
        first = false;
        line.clear();
      };
      for (const Entry& g : group) {
        const auto index = static_cast<std::size_t>(g.key - group_keys().data());
        const std::string_view path = g.key->path;
        const auto dot = path.find('.');
        const std::string_view head = path.substr(0, dot);
        if (dot == std::string_view::npos || head != section) {
          if (!line.empty()) line += "}";
          flush();
          section = dot == std::string_view::npos ? std::string_view{} : head;
        }
        if (with_docs && !documented[index]) {
          std::string doc;
          if (g.key->kind >= 0) {
            doc += enum_names(AgentKind{})[static_cast<std::size_t>(g.key->kind)];
            doc += ": ";
          }
          // A key inside a flow map has no line of its own: its comment names it.
          if (dot != std::string_view::npos) doc += std::string(path) + ": ";
          doc += g.key->doc;
          comment(out, "    ", doc);
          documented[index] = true;
        }
        const std::string value = render_value(*g.key, g.value, decimals);
        if (dot == std::string_view::npos) {
          line = std::string(path) + ": " + value;
          flush();
        } else {
          line += line.empty() ? std::string(head) + ": {" : ", ";
          line += std::string(path.substr(dot + 1)) + ": " + value;
        }
      }
      if (!line.empty()) line += "}";
      flush();
    }
  }
  return out;
}

}  // namespace coordsim::scenario::detail
