#include "scenario/resolve.hpp"

#include <cmath>
#include <filesystem>
#include <optional>

#include "scenario/suggest.hpp"

namespace coordsim::scenario::detail {
namespace {

/// Distribution parameters stay exact in a double only below 2^53.
constexpr double kMaxExactDouble = 9007199254740992.0;
constexpr std::size_t kMaxNameLength = 64;
constexpr std::string_view kNoMergeKeys =
    "YAML merge keys (<<) are not supported: repeat the keys, or share them with `extends:`";

enum class Unit : std::uint8_t { kPlain, kFraction, kTokens, kDuration };

Unit dist_unit(Type t) {
  switch (t) {
    case Type::kFractionDist:
      return Unit::kFraction;
    case Type::kTokenDist:
      return Unit::kTokens;
    case Type::kDurationDist:
      return Unit::kDuration;
    default:
      return Unit::kPlain;
  }
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

std::string join_path(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '.') {
      out.push_back(path.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
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

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) out += (i > 0 ? ", " : "") + std::string(words[i]);
  return out;
}

bool in_range(const KeySpec& k, double v) {
  const bool above_lo = k.lo_open ? v > k.lo : v >= k.lo;
  return above_lo && v <= k.hi;
}

std::string expected_phrase(const KeySpec& k, int decimals) {
  std::string out = describe_type(k);
  const std::string range = describe_range(k, decimals);
  if (range.empty()) return out;
  if (range.front() == '>' || range.front() == '<') return out + " " + range;
  return out + " in " + range;
}

class Resolver {
 public:
  explicit Resolver(Context& ctx) : ctx_(ctx) {}

  Resolved run(const Node& root) {
    Resolved r;
    r.root = Mark{root.mark.source, 0, 0};
    if (!root.is_map()) {
      ctx_.expected(root.mark, "", "a map of scenario keys at the top level", root);
      return r;
    }
    prepare_units(root);
    for (const KeySpec& key : top_keys()) {
      if (key.type == Type::kGroups) {
        resolve_groups(root, r);
        r.top.push_back(Entry{&key, std::monostate{}});  // where render_yaml writes the groups
        continue;
      }
      const Node* node = lookup(root, key.path, r);
      Value v = value_for(key, node, std::string(key.path), r);
      if (key.path == "output.path")
        v = substitute(std::get<std::string>(v), "<name>", r.data.name);
      key.set_top(r.data, v);
      r.top.push_back(Entry{&key, std::move(v)});
    }
    check_unknown(root, "", r);
    check_tick_rounding(r);
    return r;
  }

 private:
  // token.decimals is needed to read token amounts anywhere: read it first, quietly (the main
  // pass reports its errors).
  void prepare_units(const Node& root) {
    if (const Node* token = root.find("token"); token != nullptr && token->is_map()) {
      if (const Node* d = token->find("decimals"); d != nullptr && d->is_scalar()) {
        const auto v = parse_integer(d->text);
        if (v && *v >= 0 && *v <= kMaxDecimals) decimals_ = static_cast<int>(*v);
      }
    }
  }

  static std::string substitute(std::string s, std::string_view from, std::string_view to) {
    for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
      s.replace(pos, from.size(), to);
    }
    return s;
  }

  /// The node at a dotted path, or null; a section that is not a map is reported once.
  const Node* lookup(const Node& root, std::string_view path, Resolved& r) {
    const Node* cur = &root;
    std::string so_far;
    const auto segments = split(path);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const Node* next = cur->find(segments[i]);
      if (next == nullptr) return nullptr;
      so_far = join_path(so_far, segments[i]);
      if (i + 1 < segments.size() && !next->is_map()) {
        if (bad_sections_.insert(so_far).second) {
          ctx_.expected(next->mark, so_far, "a map (the `" + so_far + "` section)", *next);
          r.failed.insert(so_far);
        }
        return nullptr;
      }
      cur = next;
    }
    return cur;
  }

  /// The parsed value of `node`, or the key's default if it is absent or invalid.
  Value value_for(const KeySpec& key, const Node* node, const std::string& path, Resolved& r) {
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
      ctx_.error(at, path, "missing required key `" + std::string(key.path) + "`",
                 "required: " + std::string(key.doc));
      r.failed.insert(path);
    }
    return default_value(key, path);
  }

  Value default_value(const KeySpec& key, const std::string& path) {
    if (key.required) return placeholder(key);
    // Parsed once per load: a population of many groups repeats the same defaults.
    if (const auto it = defaults_.find(&key); it != defaults_.end()) return it->second;
    Value v = placeholder(key);
    if (const auto node = parse_yaml(key.default_text, Context::defaults_source(), ctx_)) {
      if (auto parsed = parse(key, *node, path)) v = std::move(*parsed);
    }
    defaults_.emplace(&key, v);
    return v;
  }

  /// A value of the right type for a key that has no valid one, so that setters can run.
  static Value placeholder(const KeySpec& key) {
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

  void bad(const KeySpec& key, const Node& node, const std::string& path, const std::string& why,
           std::string hint = {}) {
    ctx_.expected(node.mark, path, expected_phrase(key, decimals_), node, why, std::move(hint));
  }

  template <class T>
  std::optional<Value> ranged(const KeySpec& key, const Node& node, const std::string& path,
                              const std::optional<T>& v, const std::string& why, double as_double) {
    if (!v) {
      bad(key, node, path, why);
      return std::nullopt;
    }
    if (!in_range(key, as_double)) {
      bad(key, node, path, "out of range");
      return std::nullopt;
    }
    return Value{*v};
  }

  std::optional<Value> parse(const KeySpec& key, const Node& node, const std::string& path) {
    const bool is_dist = key.type == Type::kNumberDist || key.type == Type::kFractionDist ||
                         key.type == Type::kTokenDist || key.type == Type::kDurationDist;
    const bool is_list = key.type == Type::kEnumList || key.type == Type::kNameList ||
                         key.type == Type::kDurationList || key.type == Type::kTokenList;
    if (is_dist) {
      auto d = parse_dist(key, node, path);
      if (!d) return std::nullopt;
      return Value{*d};
    }
    if (is_list) return parse_list(key, node, path);
    if (!node.is_scalar()) {
      bad(key, node, path, {});
      return std::nullopt;
    }
    const std::string& text = node.text;
    std::string why;
    switch (key.type) {
      case Type::kString:
        return Value{text};
      case Type::kName:
        if (!valid_name(text)) {
          bad(key, node, path, "at most 64 characters, not starting with `.` or `-`");
          return std::nullopt;
        }
        return Value{text};
      case Type::kPath: {
        if (text.empty()) return Value{std::string{}};
        const std::filesystem::path p = ctx_.source(node.mark.source).dir / text;
        return Value{p.lexically_normal().string()};
      }
      case Type::kBool: {
        const auto v = parse_bool(text, &why);
        if (!v) {
          bad(key, node, path, why);
          return std::nullopt;
        }
        return Value{*v};
      }
      case Type::kInt: {
        const auto v = parse_integer(text, &why);
        return ranged(key, node, path, v, why, v ? static_cast<double>(*v) : 0.0);
      }
      case Type::kUnsigned: {
        const auto v = parse_unsigned(text, &why);
        return ranged(key, node, path, v, why, v ? static_cast<double>(*v) : 0.0);
      }
      case Type::kNumber: {
        const auto v = parse_number(text, &why);
        return ranged(key, node, path, v, why, v.value_or(0.0));
      }
      case Type::kFraction: {
        const auto v = parse_fraction(text, &why);
        return ranged(key, node, path, v, why, v.value_or(0.0));
      }
      case Type::kPpm: {
        const auto v = parse_ppm(text, &why);
        return ranged(key, node, path, v, why, v ? static_cast<double>(v->value()) : 0.0);
      }
      case Type::kDuration: {
        const auto v = parse_duration(text, &why);
        return ranged(key, node, path, v, why, v ? static_cast<double>(v->value()) : 0.0);
      }
      case Type::kTokens: {
        const auto v = parse_tokens(text, decimals_, &why);
        return ranged(key, node, path, v, why, v ? static_cast<double>(v->raw()) : 0.0);
      }
      case Type::kEnum: {
        for (const auto c : key.choices) {
          if (c == text) return Value{text};
        }
        bad(key, node, path, {}, did_you_mean(text, key.choices));
        return std::nullopt;
      }
      default:
        break;
    }
    bad(key, node, path, {});
    return std::nullopt;
  }

  std::optional<Value> parse_list(const KeySpec& key, const Node& node, const std::string& path) {
    if (!node.is_seq()) {
      bad(key, node, path, {}, node.is_scalar() ? "write a list as [a, b] (or [] for none)" : "");
      return std::nullopt;
    }
    std::vector<std::string> words;
    std::vector<Micros> durations;
    std::vector<Amount> amounts;
    bool ok = true;
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      const Node& item = node.items[i];
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      std::string why;
      if (!item.is_scalar()) {
        ctx_.expected(item.mark, item_path, "a single value", item);
        ok = false;
        continue;
      }
      if (key.type == Type::kDurationList) {
        const auto d = parse_duration(item.text, &why);
        if (!d) {
          ctx_.expected(item.mark, item_path, "a duration (e.g. 90s, 15m, 24h, 7d)", item, why);
          ok = false;
        } else {
          durations.push_back(*d);
        }
        continue;
      }
      if (key.type == Type::kTokenList) {
        // Each item is one token amount within the key's range.
        const auto a = parse_tokens(item.text, decimals_, &why);
        const bool fits = a && in_range(key, static_cast<double>(a->raw()));
        if (a && !fits) why = "out of range";
        if (!fits) {
          const std::string range = describe_range(key, decimals_);
          ctx_.expected(item.mark, item_path,
                        unit_phrase(Unit::kTokens) + (range.empty() ? "" : " " + range), item, why);
          ok = false;
        } else {
          amounts.push_back(*a);
        }
        continue;
      }
      if (key.type == Type::kEnumList) {
        bool known = false;
        for (const auto c : key.choices) known = known || c == item.text;
        if (!known) {
          ctx_.expected(item.mark, item_path, "one of " + join(key.choices), item, {},
                        did_you_mean(item.text, key.choices));
          ok = false;
          continue;
        }
      } else if (!valid_name(item.text)) {
        ctx_.expected(item.mark, item_path, "a group name", item);
        ok = false;
        continue;
      }
      words.push_back(item.text);
    }
    if (!ok) return std::nullopt;
    if (key.type == Type::kDurationList) return Value{std::move(durations)};
    if (key.type == Type::kTokenList) return Value{std::move(amounts)};
    return Value{std::move(words)};
  }

  /// One distribution parameter that carries the key's unit, in base units.
  std::optional<double> unit_value(Unit unit, const Node& n, const std::string& path) {
    if (!n.is_scalar()) {
      ctx_.expected(n.mark, path, unit_phrase(unit), n);
      return std::nullopt;
    }
    std::string why;
    std::optional<double> v;
    switch (unit) {
      case Unit::kPlain:
        v = parse_number(n.text, &why);
        break;
      case Unit::kFraction:
        v = parse_fraction(n.text, &why);
        break;
      case Unit::kTokens:
        if (const auto a = parse_tokens(n.text, decimals_, &why)) v = static_cast<double>(a->raw());
        break;
      case Unit::kDuration:
        if (const auto d = parse_duration(n.text, &why)) v = static_cast<double>(d->value());
        break;
    }
    if (v && std::fabs(*v) > kMaxExactDouble) {
      why = "too large for a distribution parameter (at most 2^53 base units)";
      v.reset();
    }
    if (!v) ctx_.expected(n.mark, path, unit_phrase(unit), n, why);
    return v;
  }

  /// A unitless parameter (sigma, shape, mu).
  std::optional<double> plain_value(const Node& n, const std::string& path) {
    return unit_value(Unit::kPlain, n, path);
  }

  /// The fields of a `{a: x, b: y}` parameter map; each of `names` required (an empty string in
  /// `alternatives` lists names of which exactly one is required).
  bool fields(const Node& n, const std::string& path, std::span<const std::string_view> names,
              std::vector<const Node*>& out) {
    out.assign(names.size(), nullptr);
    if (!n.is_map()) {
      std::string want = "a map {";
      for (std::size_t i = 0; i < names.size(); ++i) {
        want += (i > 0 ? ", " : "") + std::string(names[i]) + ": ...";
      }
      ctx_.expected(n.mark, path, want + "}", n);
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      bool known = false;
      for (std::size_t j = 0; j < names.size(); ++j) {
        if (names[j] == n.keys[i]) {
          out[j] = &n.items[i];
          known = true;
        }
      }
      if (!known) {
        ctx_.error(n.key_marks[i], join_path(path, n.keys[i]), "unknown key `" + n.keys[i] + "`",
                   did_you_mean(n.keys[i], names));
        ok = false;
      }
    }
    return ok;
  }

  std::optional<Distribution> parse_dist(const KeySpec& key, const Node& node,
                                         const std::string& path) {
    const Unit unit = dist_unit(key.type);
    Distribution d;
    d.min = key.lo;
    d.max = key.hi;
    if (node.is_scalar()) {
      const auto v = unit_value(unit, node, path);
      if (!v) return std::nullopt;
      d.a = *v;
      return check_dist(key, d, node, path);
    }
    if (!node.is_map()) {
      bad(key, node, path, {});
      return std::nullopt;
    }
    static constexpr std::array<std::string_view, 8> kKeys{
        "constant", "uniform", "normal", "lognormal", "pareto", "exponential", "min", "max"};
    const Node* family = nullptr;
    std::string family_name;
    bool ok = true;
    for (std::size_t i = 0; i < node.keys.size(); ++i) {
      const std::string& k = node.keys[i];
      const Node& v = node.items[i];
      const std::string sub = join_path(path, k);
      if (k == "min" || k == "max") {
        const auto b = unit_value(unit, v, sub);
        if (!b) {
          ok = false;
        } else {
          (k == "min" ? d.min : d.max) = *b;
        }
        continue;
      }
      const auto kind = enum_from_string_dist(k);
      if (!kind) {
        ctx_.error(node.key_marks[i], sub, "unknown key `" + k + "` in a distribution",
                   did_you_mean(k, kKeys));
        ok = false;
        continue;
      }
      if (family != nullptr) {
        std::string message = "a distribution names one family, found both `" + family_name;
        message += "` and `";
        message += k;
        message += '`';
        ctx_.error(node.key_marks[i], sub, std::move(message));
        ok = false;
        continue;
      }
      family = &v;
      family_name = k;
      d.kind = *kind;
    }
    if (family == nullptr) {
      if (ok) {
        ctx_.expected(node.mark, path,
                      "a value or a map with one of constant, uniform, normal, lognormal, pareto, "
                      "exponential",
                      node);
      }
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    const std::string fpath = join_path(path, family_name);
    std::vector<const Node*> f;
    switch (d.kind) {
      case DistKind::kConstant: {
        const auto v = unit_value(unit, *family, fpath);
        if (!v) return std::nullopt;
        d.a = *v;
        break;
      }
      case DistKind::kUniform: {
        if (!family->is_seq() || family->items.size() != 2) {
          ctx_.expected(family->mark, fpath, "a list [lo, hi]", *family);
          return std::nullopt;
        }
        const auto lo = unit_value(unit, family->items[0], fpath + "[0]");
        const auto hi = unit_value(unit, family->items[1], fpath + "[1]");
        if (!lo || !hi) return std::nullopt;
        d.a = *lo;
        d.b = *hi;
        break;
      }
      case DistKind::kNormal: {
        static constexpr std::array<std::string_view, 2> kNames{"mean", "sd"};
        if (!fields(*family, fpath, kNames, f) || !require(f, kNames, *family, fpath)) {
          return std::nullopt;
        }
        const auto mean = unit_value(unit, *f[0], fpath + ".mean");
        const auto sd = unit_value(unit, *f[1], fpath + ".sd");
        if (!mean || !sd) return std::nullopt;
        d.a = *mean;
        d.b = *sd;
        break;
      }
      case DistKind::kLognormal: {
        static constexpr std::array<std::string_view, 3> kNames{"median", "mu", "sigma"};
        if (!fields(*family, fpath, kNames, f)) return std::nullopt;
        if ((f[0] == nullptr) == (f[1] == nullptr) || f[2] == nullptr) {
          ctx_.expected(family->mark, fpath,
                        "a map {median: ..., sigma: ...} or {mu: ..., sigma: ...}", *family);
          return std::nullopt;
        }
        const auto sigma = plain_value(*f[2], fpath + ".sigma");
        if (!sigma) return std::nullopt;
        d.b = *sigma;
        if (f[0] != nullptr) {
          const auto median = unit_value(unit, *f[0], fpath + ".median");
          if (!median) return std::nullopt;
          d.a = *median;
        } else {
          const auto mu = plain_value(*f[1], fpath + ".mu");
          if (!mu) return std::nullopt;
          // mu is the mean of ln(X) with X in whole tokens, seconds, or plain numbers: store the
          // median e^mu in base units, whole base units where the unit has them.
          double median = std::exp(*mu);
          if (unit == Unit::kTokens) median = std::round(median * std::pow(10.0, decimals_));
          if (unit == Unit::kDuration) median = std::round(median * 1e6);
          if (!std::isfinite(median) || median > kMaxExactDouble) {
            ctx_.expected(f[1]->mark, fpath + ".mu", "a smaller mu", *f[1], "e^mu is too large");
            return std::nullopt;
          }
          d.a = median;
        }
        break;
      }
      case DistKind::kPareto: {
        static constexpr std::array<std::string_view, 2> kNames{"scale", "shape"};
        if (!fields(*family, fpath, kNames, f) || !require(f, kNames, *family, fpath)) {
          return std::nullopt;
        }
        const auto scale = unit_value(unit, *f[0], fpath + ".scale");
        const auto shape = plain_value(*f[1], fpath + ".shape");
        if (!scale || !shape) return std::nullopt;
        d.a = *scale;
        d.b = *shape;
        break;
      }
      case DistKind::kExponential: {
        const Node* mean = family;
        if (family->is_map()) {
          static constexpr std::array<std::string_view, 1> kNames{"mean"};
          if (!fields(*family, fpath, kNames, f) || !require(f, kNames, *family, fpath)) {
            return std::nullopt;
          }
          mean = f[0];
        }
        const auto v = unit_value(unit, *mean, fpath);
        if (!v) return std::nullopt;
        d.a = *v;
        break;
      }
    }
    return check_dist(key, d, node, path);
  }

  static std::optional<DistKind> enum_from_string_dist(std::string_view k) {
    for (std::size_t i = 0; i < kDistKindNames.size(); ++i) {
      if (kDistKindNames[i] == k) return static_cast<DistKind>(i);
    }
    return std::nullopt;
  }

  bool require(const std::vector<const Node*>& f, std::span<const std::string_view> names,
               const Node& family, const std::string& path) {
    bool ok = true;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (f[i] == nullptr) {
        ctx_.error(family.mark, path, "missing `" + std::string(names[i]) + "`");
        ok = false;
      }
    }
    return ok;
  }

  /// Well-formedness of a parsed distribution against its key's range.
  std::optional<Distribution> check_dist(const KeySpec& key, const Distribution& d,
                                         const Node& node, const std::string& path) {
    std::string problem;
    const std::string range = describe_range(key, decimals_);
    const auto within = [&](double v) { return v >= key.lo && v <= key.hi; };
    switch (d.kind) {
      case DistKind::kConstant:
        if (!in_range(key, d.a)) problem = "the value must be " + range_words(range);
        break;
      case DistKind::kUniform:
        if (d.a > d.b) {
          problem = "uniform needs lo <= hi";
        } else if (!within(d.a) || !within(d.b)) {
          problem = "both bounds must be " + range_words(range);
        }
        break;
      case DistKind::kNormal:
        if (d.b < 0) problem = "sd must not be negative";
        break;
      case DistKind::kLognormal:
        if (d.b < 0) problem = "sigma must not be negative";
        if (d.a <= 0) problem = "median must be positive";
        break;
      case DistKind::kPareto:
        if (d.a <= 0) problem = "scale must be positive";
        if (d.b <= 0) problem = "shape must be positive";
        break;
      case DistKind::kExponential:
        if (d.a <= 0) problem = "the mean must be positive";
        break;
    }
    if (problem.empty() && d.min > d.max) problem = "min must not exceed max";
    if (problem.empty() && (!within(d.min) || !within(d.max))) {
      problem = "min and max must be " + range_words(range);
    }
    if (problem.empty() && key.lo_open && !(nominal_mean(d) > key.lo)) {
      problem = "its mean must be " + range_words(range);
    }
    if (!problem.empty()) {
      ctx_.expected(node.mark, path, "a well-formed " + describe_type(key), node, problem);
      return std::nullopt;
    }
    return d;
  }

  static std::string range_words(const std::string& range) {
    if (range.empty()) return "finite";
    if (range.front() == '>' || range.front() == '<') return range;
    return "in " + range;
  }

  void resolve_groups(const Node& root, Resolved& r) {
    const Node* node = root.find("population");
    if (node == nullptr) {
      ctx_.error(r.root, "population", "missing required key `population`",
                 "add a list of agent groups, e.g. `population: [{kind: principal, count: 10}]`");
      r.failed.insert("population");
      return;
    }
    r.marks["population"] = node->mark;
    if (!node->is_seq() || node->items.empty()) {
      ctx_.expected(node->mark, "population", "a list of at least one agent group", *node);
      r.failed.insert("population");
      return;
    }
    for (std::size_t i = 0; i < node->items.size(); ++i) {
      resolve_group(node->items[i], i, r);
    }
  }

  void resolve_group(const Node& item, std::size_t index, Resolved& r) {
    const std::string path = "population[" + std::to_string(index) + "]";
    r.marks[path] = item.mark;
    Group g;
    std::vector<Entry> entries;
    if (!item.is_map()) {
      ctx_.expected(item.mark, path, "a map describing an agent group (kind, count, ...)", item);
      r.failed.insert(path);
      r.data.population.push_back(std::move(g));
      r.groups.push_back(std::move(entries));
      return;
    }
    int kind = -1;
    if (const Node* k = item.find("kind"); k != nullptr && k->is_scalar()) {
      if (const auto e = enum_from_string<AgentKind>(k->text)) kind = static_cast<int>(*e);
    }
    for (const KeySpec& key : group_keys()) {
      if (key.kind != -1 && key.kind != kind) continue;
      const std::string key_path = path + "." + std::string(key.path);
      const Node* node = item.find(key.path);
      Value v;
      if (key.path == "name" && node == nullptr) {
        const std::string kind_name =
            kind >= 0 ? std::string(kAgentKindNames[static_cast<std::size_t>(kind)]) : "group";
        v = kind_name + std::to_string(index);
      } else {
        v = value_for(key, node, key_path, r);
      }
      if (key.kind == -1 || kind >= 0) key.set_group(g, v);
      entries.push_back(Entry{&key, std::move(v)});
    }
    // The alternative must match the kind even if a kind had no keys (it always has today).
    if (kind >= 0 && g.params.index() != static_cast<std::size_t>(kind)) {
      r.failed.insert(path + ".kind");
    }
    for (std::size_t i = 0; i < item.keys.size(); ++i) {
      check_group_key(item.keys[i], item.key_marks[i], kind, path, r);
    }
    r.data.population.push_back(std::move(g));
    r.groups.push_back(std::move(entries));
  }

  void check_group_key(const std::string& name, const Mark& mark, int kind, const std::string& path,
                       Resolved& r) {
    std::vector<std::string_view> valid;
    std::string owners;
    for (const KeySpec& key : group_keys()) {
      if (key.kind == -1 || key.kind == kind) valid.push_back(key.path);
      if (key.path == name) {
        if (key.kind == -1 || key.kind == kind) return;
        if (!owners.empty()) owners += ", ";
        owners += kAgentKindNames[static_cast<std::size_t>(key.kind)];
      }
    }
    if (kind < 0 && !owners.empty()) return;  // the kind itself is wrong; that is reported
    const std::string key_path = path + "." + name;
    r.failed.insert(key_path);
    if (!owners.empty()) {
      ctx_.error(mark, key_path,
                 "`" + name + "` is not a key of " +
                     std::string(kAgentKindNames[static_cast<std::size_t>(kind)]) + " groups",
                 "it belongs to " + owners + " groups");
      return;
    }
    ctx_.error(mark, key_path, "unknown key `" + name + "`",
               name == "<<" ? std::string(kNoMergeKeys) : did_you_mean(name, valid));
  }

  /// Reports keys that the schema does not know, with the nearest valid key as a hint.
  void check_unknown(const Node& map, const std::string& prefix, Resolved& r) {
    for (std::size_t i = 0; i < map.keys.size(); ++i) {
      const std::string& key = map.keys[i];
      const std::string full = join_path(prefix, key);
      if (full == "population") continue;
      bool leaf = false;
      bool section = false;
      std::vector<std::string_view> siblings;
      for (const KeySpec& k : top_keys()) {
        if (k.path == full) leaf = true;
        const std::string_view p = k.path;
        if (p.size() > full.size() && p.substr(0, full.size()) == full && p[full.size()] == '.') {
          section = true;
        }
        // The keys valid at this level: the next segment of each path under `prefix`.
        if (prefix.empty() || (p.size() > prefix.size() && p.substr(0, prefix.size()) == prefix &&
                               p[prefix.size()] == '.')) {
          const std::string_view rest = prefix.empty() ? p : p.substr(prefix.size() + 1);
          siblings.push_back(rest.substr(0, rest.find('.')));
        }
      }
      if (leaf) continue;
      if (section) {
        if (map.items[i].is_map()) check_unknown(map.items[i], full, r);
        continue;
      }
      r.failed.insert(full);
      std::string hint = did_you_mean(key, siblings);
      if (hint.empty()) hint = elsewhere(key);
      if (key == "<<") hint = kNoMergeKeys;
      if (hint.empty() && prefix.empty() && key == "extends") {
        hint = "`extends` is only read from files (load_file), not from overrides";
      }
      ctx_.error(map.key_marks[i], full, "unknown key `" + key + "`", hint);
    }
  }

  /// "`max_ttl` belongs under `sessions`" when the key exists in another section.
  static std::string elsewhere(const std::string& key) {
    for (const KeySpec& k : top_keys()) {
      const std::string_view p = k.path;
      const auto dot = p.rfind('.');
      if (dot != std::string_view::npos && p.substr(dot + 1) == key) {
        return "did you mean `" + std::string(p) + "`? (`" + key + "` belongs under `" +
               std::string(p.substr(0, dot)) + "`)";
      }
    }
    for (const KeySpec& k : group_keys()) {
      if (k.path == key) {
        return "`" + key + "` is a key of population groups";
      }
    }
    return {};
  }

  /// A positive duration that is less than half a tick would silently become 0 ticks.
  void check_tick_rounding(Resolved& r) {
    const Micros tick = r.data.tick;
    if (tick.value() <= 0) return;
    const auto check = [&](const std::string& path, double micros) {
      if (micros <= 0 || to_ticks(Micros{std::llround(micros)}, tick).ticks() > 0) return;
      if (r.failed.contains(path) || r.failed.contains("tick")) return;
      const auto it = r.marks.find(path);
      const Mark at = it != r.marks.end() ? it->second : r.root;
      ctx_.error(at, path,
                 format_duration(Micros{std::llround(micros)}) +
                     " is less than half a tick (tick = " + format_duration(tick) +
                     ") and would round to 0 ticks",
                 "use a longer duration or a shorter tick");
      r.failed.insert(path);
    };
    const auto check_entry = [&](const Entry& e, const std::string& path) {
      switch (e.key->type) {
        case Type::kDuration:
          check(path, static_cast<double>(std::get<Micros>(e.value).value()));
          break;
        case Type::kDurationDist: {
          const auto& d = std::get<Distribution>(e.value);
          check(path, d.kind == DistKind::kUniform ? d.b : nominal_mean(d));
          break;
        }
        case Type::kDurationList:
          for (const Micros m : std::get<std::vector<Micros>>(e.value)) {
            check(path, static_cast<double>(m.value()));
          }
          break;
        default:
          break;
      }
    };
    for (const Entry& e : r.top) check_entry(e, std::string(e.key->path));
    for (std::size_t g = 0; g < r.groups.size(); ++g) {
      for (const Entry& e : r.groups[g]) {
        check_entry(e, "population[" + std::to_string(g) + "]." + std::string(e.key->path));
      }
    }
  }

  Context& ctx_;
  int decimals_ = 6;
  std::set<std::string, std::less<>> bad_sections_;
  std::map<const KeySpec*, Value> defaults_;
};

}  // namespace

Resolved resolve(const Node& root, Context& ctx) { return Resolver(ctx).run(root); }

}  // namespace coordsim::scenario::detail
