#include "scenario/scalar.hpp"

#include <filesystem>

#include "scenario/suggest.hpp"
#include "scenario/units.hpp"

namespace coordsim::scenario::detail {
namespace {

template <class T>
std::optional<Value> ranged(const KeySpec& key, const Node& node, const std::string& path,
                            const ParseContext& pc, const std::optional<T>& v,
                            const std::string& why, double as_double) {
  if (!v) {
    pc.bad(key, node, path, why);
    return std::nullopt;
  }
  if (!in_range(key, as_double)) {
    pc.bad(key, node, path, "out of range");
    return std::nullopt;
  }
  return Value{*v};
}

}  // namespace

std::optional<Value> parse_scalar(const KeySpec& key, const Node& node, const std::string& path,
                                  const ParseContext& pc) {
  if (!node.is_scalar()) {
    pc.bad(key, node, path, {});
    return std::nullopt;
  }
  const std::string& text = node.text;
  std::string why;
  switch (key.type) {
    case Type::kString:
      return Value{text};
    case Type::kName:
      if (!valid_name(text)) {
        pc.bad(key, node, path, "at most 64 characters, not starting with `.` or `-`");
        return std::nullopt;
      }
      return Value{text};
    case Type::kPath: {
      if (text.empty()) return Value{std::string{}};
      const std::filesystem::path p = pc.ctx.source(node.mark.source).dir / text;
      return Value{p.lexically_normal().string()};
    }
    case Type::kBool: {
      const auto v = parse_bool(text, &why);
      if (!v) {
        pc.bad(key, node, path, why);
        return std::nullopt;
      }
      return Value{*v};
    }
    case Type::kInt: {
      const auto v = parse_integer(text, &why);
      return ranged(key, node, path, pc, v, why, v ? static_cast<double>(*v) : 0.0);
    }
    case Type::kUnsigned: {
      const auto v = parse_unsigned(text, &why);
      return ranged(key, node, path, pc, v, why, v ? static_cast<double>(*v) : 0.0);
    }
    case Type::kNumber: {
      const auto v = parse_number(text, &why);
      return ranged(key, node, path, pc, v, why, v.value_or(0.0));
    }
    case Type::kFraction: {
      const auto v = parse_fraction(text, &why);
      return ranged(key, node, path, pc, v, why, v.value_or(0.0));
    }
    case Type::kPpm: {
      const auto v = parse_ppm(text, &why);
      return ranged(key, node, path, pc, v, why, v ? static_cast<double>(v->value()) : 0.0);
    }
    case Type::kDuration: {
      const auto v = parse_duration(text, &why);
      return ranged(key, node, path, pc, v, why, v ? static_cast<double>(v->value()) : 0.0);
    }
    case Type::kTokens: {
      const auto v = parse_tokens(text, pc.decimals, &why);
      return ranged(key, node, path, pc, v, why, v ? static_cast<double>(v->raw()) : 0.0);
    }
    case Type::kEnum: {
      for (const auto c : key.choices) {
        if (c == text) return Value{text};
      }
      pc.bad(key, node, path, {}, did_you_mean(text, key.choices));
      return std::nullopt;
    }
    default:
      break;
  }
  pc.bad(key, node, path, {});
  return std::nullopt;
}

}  // namespace coordsim::scenario::detail
