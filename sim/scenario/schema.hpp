#pragma once
// The schema: one table row per scenario key (internal to sim/scenario). Validation, default
// filling, to_yaml, defaults_yaml and the reference in docs/scenarios.md are all driven by it,
// and each row names the SpecData field it fills, so the four cannot disagree.
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "scenario/spec.hpp"

namespace coordsim::scenario::detail {

enum class Type : std::uint8_t {
  kString,  // any text
  kName,    // a name: letters, digits, `_`, `-`, `.`
  kPath,    // a file path, relative to the scenario that writes it
  kBool,
  kInt,
  kUnsigned,  // uint64 (the seed)
  kNumber,    // double
  kFraction,  // double, `0.1` or `10%`
  kPpm,       // exact parts per million, `0.1` or `10%`
  kDuration,
  kTokens,
  kEnum,
  kNumberDist,  // distributions, by the unit of their values
  kFractionDist,
  kTokenDist,
  kDurationDist,
  kEnumList,
  kNameList,
  kDurationList,
  kTokenList,  // token amounts, e.g. one per datanet
  kGroups,     // the population list; its items are described by group_keys()
};

using Value = std::variant<std::monostate, bool, std::int64_t, std::uint64_t, double, Micros, Ppm,
                           Amount, std::string, Distribution, std::vector<std::string>,
                           std::vector<Micros>, std::vector<Amount>>;

using TopSetter = void (*)(SpecData&, const Value&);
using GroupSetter = void (*)(Group&, const Value&);

inline constexpr double kInf = std::numeric_limits<double>::infinity();

/// Stores a validated value into its field. A mismatch between a row's Type and its field's C++
/// type throws std::bad_variant_access on the first load: a programmer error the tests catch.
template <class T>
void assign(T& field, const Value& v) {
  if constexpr (std::is_enum_v<T>) {
    field = enum_from_string<T>(std::get<std::string>(v)).value();
  } else if constexpr (std::is_same_v<T, std::int32_t>) {
    field = static_cast<std::int32_t>(std::get<std::int64_t>(v));
  } else {
    field = std::get<T>(v);
  }
}

struct KeySpec {
  std::string_view path;  // dotted, e.g. `sessions.caps.total`; group keys: `count`
  Type type = Type::kString;
  std::string_view default_text;  // YAML text of the default (ignored when required)
  std::string_view doc;           // one line
  bool required = false;
  // Valid range, inclusive unless lo_open, in the key's base unit (microseconds, token base
  // units, ppm); for distributions it is also the default clamp of samples.
  double lo = -kInf;
  double hi = kInf;
  bool lo_open = false;
  std::span<const std::string_view> choices;  // kEnum, kEnumList
  std::string_view unit;                      // shown in the reference when the type is not enough
  int kind = -1;                              // group keys: the AgentKind, or -1 for every kind
  TopSetter set_top = nullptr;
  GroupSetter set_group = nullptr;

  [[nodiscard]] KeySpec range(double l, double h) const {
    KeySpec k = *this;
    k.lo = l;
    k.hi = h;
    return k;
  }
  /// Strictly above `l`.
  [[nodiscard]] KeySpec above(double l) const {
    KeySpec k = *this;
    k.lo = l;
    k.lo_open = true;
    return k;
  }
  [[nodiscard]] KeySpec at_least(double l) const { return range(l, hi); }
  [[nodiscard]] KeySpec one_of(std::span<const std::string_view> c) const {
    KeySpec k = *this;
    k.choices = c;
    return k;
  }
  [[nodiscard]] KeySpec with_unit(std::string_view u) const {
    KeySpec k = *this;
    k.unit = u;
    return k;
  }
  [[nodiscard]] KeySpec must() const {
    KeySpec k = *this;
    k.required = true;
    return k;
  }
};

/// Top-level keys in document order (population is one row of type kGroups).
const std::vector<KeySpec>& top_keys();
/// Keys of a population group in document order: common ones (kind -1), then per kind.
const std::vector<KeySpec>& group_keys();

struct SectionDoc {
  std::string_view name;
  std::string_view doc;
};
/// One paragraph per top-level section, for the reference.
std::span<const SectionDoc> section_docs();

/// What a key expects, as a phrase: "a duration (e.g. 90s, 15m, 24h, 7d)".
std::string describe_type(const KeySpec& key);
/// The range as text in the key's unit, e.g. "0 .. 50000000" or "> 0s"; empty if unbounded.
std::string describe_range(const KeySpec& key, int decimals);

}  // namespace coordsim::scenario::detail
