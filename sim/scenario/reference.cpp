// The key reference of docs/scenarios.md, rendered from the schema the loader validates with.
#include <string>

#include "scenario/load.hpp"
#include "scenario/schema.hpp"

namespace coordsim::scenario {
namespace {

using detail::KeySpec;
using detail::Type;

std::string cell(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out;
}

std::string words(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    out += (i > 0 ? ", `" : "`") + std::string(names[i]) + "`";
  }
  return out;
}

std::string type_name(const KeySpec& k) {
  std::string t;
  switch (k.type) {
    case Type::kString:
      t = "text";
      break;
    case Type::kName:
      t = "name";
      break;
    case Type::kPath:
      t = "file path";
      break;
    case Type::kBool:
      t = "bool";
      break;
    case Type::kInt:
      t = "integer";
      break;
    case Type::kUnsigned:
      t = "integer (64-bit unsigned)";
      break;
    case Type::kNumber:
      t = "number";
      break;
    case Type::kFraction:
      t = "fraction";
      break;
    case Type::kPpm:
      t = "fraction (exact, ppm)";
      break;
    case Type::kDuration:
      t = "duration";
      break;
    case Type::kTokens:
      t = "tokens";
      break;
    case Type::kEnum:
      t = "one of " + words(k.choices);
      break;
    case Type::kNumberDist:
      t = "distribution of numbers";
      break;
    case Type::kFractionDist:
      t = "distribution of fractions";
      break;
    case Type::kTokenDist:
      t = "distribution of tokens";
      break;
    case Type::kDurationDist:
      t = "distribution of durations";
      break;
    case Type::kEnumList:
      t = "list of " + words(k.choices);
      break;
    case Type::kNameList:
      t = "list of group names";
      break;
    case Type::kDurationList:
      t = "list of durations";
      break;
    case Type::kTokenList:
      t = "list of token amounts";
      break;
    case Type::kGroups:
      t = "list of groups";
      break;
  }
  if (!k.unit.empty()) t += " (" + std::string(k.unit) + ")";
  return t;
}

void table_header(std::string& out) {
  out += "| key | type | default | range | description |\n";
  out += "|---|---|---|---|---|\n";
}

void row(std::string& out, const KeySpec& k, std::string_view shown_path) {
  const std::string def = k.required ? "**required**" : "`" + std::string(k.default_text) + "`";
  const std::string range = detail::describe_range(k, 6);
  out += "| `" + std::string(shown_path) + "` | " + cell(type_name(k)) + " | " + cell(def) + " | " +
         cell(range) + " | " + cell(k.doc) + " |\n";
}

}  // namespace

std::string reference_markdown() {
  std::string out;
  out += "## General\n\n";
  table_header(out);
  for (const KeySpec& k : detail::top_keys()) {
    if (k.path.find('.') == std::string_view::npos) row(out, k, k.path);
  }
  for (const auto& section : detail::section_docs()) {
    out += "\n## `" + std::string(section.name) + "`\n\n" + std::string(section.doc) + "\n\n";
    if (section.name == "population") {
      out +=
          "Each item of the list is one group of agents of one kind. A key written `a.b` "
          "below sits in the map `a` of the group: `behaviour: {rule: logit, period: 6h}`. "
          "Keys of every group:\n\n";
      table_header(out);
      for (const KeySpec& k : detail::group_keys()) {
        if (k.kind == -1) row(out, k, k.path);
      }
      for (std::size_t kind = 0; kind < enum_names(AgentKind{}).size(); ++kind) {
        out += "\n### `" + std::string(enum_names(AgentKind{})[kind]) + "` groups\n\n";
        table_header(out);
        for (const KeySpec& k : detail::group_keys()) {
          if (k.kind == static_cast<int>(kind)) row(out, k, k.path);
        }
      }
      continue;
    }
    table_header(out);
    const std::string prefix = std::string(section.name) + ".";
    for (const KeySpec& k : detail::top_keys()) {
      if (k.path.substr(0, prefix.size()) == prefix) row(out, k, k.path);
    }
  }
  return out;
}

}  // namespace coordsim::scenario
