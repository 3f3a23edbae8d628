#include "scenario/key_reader.hpp"

#include <cstdint>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "scenario/distribution_parser.hpp"
#include "scenario/list.hpp"
#include "scenario/scalar.hpp"

namespace coordsim::scenario::detail {
namespace {

/// A value of the right type for a key that has no valid one, so that setters can run.
Value placeholder(const KeySpec& key) {
  switch (key.type) {
    case Type::kString:
    case Type::kName:
    case Type::kPath:
      return std::string{};
    case Type::kEnum:
      return std::string(key.choices.front());
    case Type::kBool:
      return false;
    case Type::kInt:
      return std::int64_t{0};
    case Type::kUnsigned:
      return std::uint64_t{0};
    case Type::kNumber:
    case Type::kFraction:
      return 0.0;
    case Type::kPpm:
      return Ppm{0};
    case Type::kDuration:
      return Micros{0};
    case Type::kTokens:
      return Amount{0};
    case Type::kNumberDist:
    case Type::kFractionDist:
    case Type::kTokenDist:
    case Type::kDurationDist:
      return Distribution{};
    case Type::kEnumList:
    case Type::kNameList:
      return std::vector<std::string>{};
    case Type::kDurationList:
      return std::vector<Micros>{};
    case Type::kTokenList:
      return std::vector<Amount>{};
    case Type::kGroups:
      break;
  }
  return std::monostate{};
}

}  // namespace

Value KeyReader::read(const KeySpec& key, const Node* node, const std::string& path, Resolved& r) {
  if (node != nullptr) {
    r.marks[path] = node->mark;
    if (auto v = parse(key, *node, path)) return std::move(*v);
    r.failed.insert(path);
  } else if (key.required) {
    const auto dot = path.rfind('.');
    const auto bracket = path.rfind(']');
    Mark at = r.root;
    // A required key of a group is reported at the group.
    if (bracket != std::string::npos && dot == bracket + 1) {
      const auto it = r.marks.find(std::string_view(path).substr(0, bracket + 1));
      if (it != r.marks.end()) at = it->second;
    }
    pc_.ctx.error(at, path, "missing required key `" + std::string(key.path) + "`",
                  "required: " + std::string(key.doc));
    r.failed.insert(path);
  }
  return default_value(key, path);
}

std::optional<Value> KeyReader::parse(const KeySpec& key, const Node& node,
                                      const std::string& path) {
  switch (key.type) {
    case Type::kNumberDist:
    case Type::kFractionDist:
    case Type::kTokenDist:
    case Type::kDurationDist: {
      auto d = parse_distribution(key, node, path, pc_);
      if (!d) return std::nullopt;
      return Value{*d};
    }
    case Type::kEnumList:
    case Type::kNameList:
    case Type::kDurationList:
    case Type::kTokenList:
      return parse_list(key, node, path, pc_);
    default:
      return parse_scalar(key, node, path, pc_);
  }
}

Value KeyReader::default_value(const KeySpec& key, const std::string& path) {
  if (key.required) return placeholder(key);
  if (const auto it = defaults_.find(&key); it != defaults_.end()) return it->second;
  Value v = placeholder(key);
  if (const auto node = parse_yaml(key.default_text, Context::defaults_source(), pc_.ctx)) {
    if (auto parsed = parse(key, *node, path)) v = std::move(*parsed);
  }
  defaults_.emplace(&key, v);
  return v;
}

}  // namespace coordsim::scenario::detail
