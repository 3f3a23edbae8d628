#include "scenario/distribution_parser.hpp"

#include <array>
#include <cmath>
#include <cstddef>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/enums.hpp"
#include "scenario/suggest.hpp"
#include "scenario/text.hpp"
#include "scenario/units.hpp"

namespace coordsim::scenario::detail {
namespace {

/// Distribution parameters stay exact in a double only below 2^53.
constexpr double kMaxExactDouble = 9007199254740992.0;

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

class Parser {
 public:
  explicit Parser(const ParseContext& pc) : pc_(pc) {}

  std::optional<Distribution> parse(const KeySpec& key, const Node& node, const std::string& path) {
    const Unit unit = dist_unit(key.type);
    Distribution d;
    d.min = key.lo;
    d.max = key.hi;
    if (node.is_scalar()) {
      const auto v = unit_value(unit, node, path);
      if (!v) return std::nullopt;
      d.a = *v;
      return check(key, d, node, path);
    }
    if (!node.is_map()) {
      pc_.bad(key, node, path, {});
      return std::nullopt;
    }
    const auto family = find_family(node, path, unit, d);
    if (!family || !parameters(*family->node, join_path(path, family->name), unit, d)) {
      return std::nullopt;
    }
    return check(key, d, node, path);
  }

 private:
  struct Family {
    const Node* node = nullptr;
    std::string name;
  };

  /// The one family a distribution map names (its kind set in `d`), with `min` and `max` read
  /// into `d`; nullopt after reporting unknown keys, two families or none.
  std::optional<Family> find_family(const Node& node, const std::string& path, Unit unit,
                                    Distribution& d) {
    static constexpr std::array<std::string_view, 8> kKeys{
        "constant", "uniform", "normal", "lognormal", "pareto", "exponential", "min", "max"};
    Family family;
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
      const auto kind = enum_from_string<DistKind>(k);
      if (!kind) {
        pc_.ctx.error(node.key_marks[i], sub, "unknown key `" + k + "` in a distribution",
                      did_you_mean(k, kKeys));
        ok = false;
        continue;
      }
      if (family.node != nullptr) {
        std::string message = "a distribution names one family, found both `" + family.name;
        message += "` and `";
        message += k;
        message += '`';
        pc_.ctx.error(node.key_marks[i], sub, std::move(message));
        ok = false;
        continue;
      }
      family = Family{&v, k};
      d.kind = *kind;
    }
    if (family.node == nullptr) {
      if (ok) {
        pc_.ctx.expected(node.mark, path,
                         "a value or a map with one of constant, uniform, normal, lognormal, "
                         "pareto, exponential",
                         node);
      }
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
    return family;
  }

  /// The parameters of the family `d.kind` written at `family` (path `fpath`) into `d`.
  bool parameters(const Node& family, const std::string& fpath, Unit unit, Distribution& d) {
    std::vector<const Node*> f;
    switch (d.kind) {
      case DistKind::kConstant: {
        const auto v = unit_value(unit, family, fpath);
        if (!v) return false;
        d.a = *v;
        return true;
      }
      case DistKind::kUniform: {
        if (!family.is_seq() || family.items.size() != 2) {
          pc_.ctx.expected(family.mark, fpath, "a list [lo, hi]", family);
          return false;
        }
        const auto lo = unit_value(unit, family.items[0], fpath + "[0]");
        const auto hi = unit_value(unit, family.items[1], fpath + "[1]");
        if (!lo || !hi) return false;
        d.a = *lo;
        d.b = *hi;
        return true;
      }
      case DistKind::kNormal: {
        static constexpr std::array<std::string_view, 2> kNames{"mean", "sd"};
        if (!fields(family, fpath, kNames, f) || !require(f, kNames, family, fpath)) return false;
        const auto mean = unit_value(unit, *f[0], fpath + ".mean");
        const auto sd = unit_value(unit, *f[1], fpath + ".sd");
        if (!mean || !sd) return false;
        d.a = *mean;
        d.b = *sd;
        return true;
      }
      case DistKind::kLognormal:
        return lognormal(family, fpath, unit, d);
      case DistKind::kPareto: {
        static constexpr std::array<std::string_view, 2> kNames{"scale", "shape"};
        if (!fields(family, fpath, kNames, f) || !require(f, kNames, family, fpath)) return false;
        const auto scale = unit_value(unit, *f[0], fpath + ".scale");
        const auto shape = plain_value(*f[1], fpath + ".shape");
        if (!scale || !shape) return false;
        d.a = *scale;
        d.b = *shape;
        return true;
      }
      case DistKind::kExponential: {
        const Node* mean = &family;
        if (family.is_map()) {
          static constexpr std::array<std::string_view, 1> kNames{"mean"};
          if (!fields(family, fpath, kNames, f) || !require(f, kNames, family, fpath)) {
            return false;
          }
          mean = f[0];
        }
        const auto v = unit_value(unit, *mean, fpath);
        if (!v) return false;
        d.a = *v;
        return true;
      }
    }
    return false;
  }

  /// `{median, sigma}` or `{mu, sigma}`.
  bool lognormal(const Node& family, const std::string& fpath, Unit unit, Distribution& d) {
    static constexpr std::array<std::string_view, 3> kNames{"median", "mu", "sigma"};
    std::vector<const Node*> f;
    if (!fields(family, fpath, kNames, f)) return false;
    if ((f[0] == nullptr) == (f[1] == nullptr) || f[2] == nullptr) {
      pc_.ctx.expected(family.mark, fpath,
                       "a map {median: ..., sigma: ...} or {mu: ..., sigma: ...}", family);
      return false;
    }
    const auto sigma = plain_value(*f[2], fpath + ".sigma");
    if (!sigma) return false;
    d.b = *sigma;
    if (f[0] != nullptr) {
      const auto median = unit_value(unit, *f[0], fpath + ".median");
      if (!median) return false;
      d.a = *median;
      return true;
    }
    const auto mu = plain_value(*f[1], fpath + ".mu");
    if (!mu) return false;
    // mu is the mean of ln(X) with X in whole tokens, seconds, or plain numbers: store the
    // median e^mu in base units, whole base units where the unit has them.
    double median = std::exp(*mu);
    if (unit == Unit::kTokens) median = std::round(median * std::pow(10.0, pc_.decimals));
    if (unit == Unit::kDuration) {
      median = std::round(median * static_cast<double>(kMicrosPerSecond));
    }
    if (!std::isfinite(median) || median > kMaxExactDouble) {
      pc_.ctx.expected(f[1]->mark, fpath + ".mu", "a smaller mu", *f[1], "e^mu is too large");
      return false;
    }
    d.a = median;
    return true;
  }

  /// One distribution parameter that carries the key's unit, in base units.
  std::optional<double> unit_value(Unit unit, const Node& n, const std::string& path) {
    if (!n.is_scalar()) {
      pc_.ctx.expected(n.mark, path, unit_phrase(unit), n);
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
        if (const auto a = parse_tokens(n.text, pc_.decimals, &why))
          v = static_cast<double>(a->raw());
        break;
      case Unit::kDuration:
        if (const auto d = parse_duration(n.text, &why)) v = static_cast<double>(d->value());
        break;
    }
    if (v && std::fabs(*v) > kMaxExactDouble) {
      why = "too large for a distribution parameter (at most 2^53 base units)";
      v.reset();
    }
    if (!v) pc_.ctx.expected(n.mark, path, unit_phrase(unit), n, why);
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
      pc_.ctx.expected(n.mark, path, want + "}", n);
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
        pc_.ctx.error(n.key_marks[i], join_path(path, n.keys[i]), "unknown key `" + n.keys[i] + "`",
                      did_you_mean(n.keys[i], names));
        ok = false;
      }
    }
    return ok;
  }

  bool require(const std::vector<const Node*>& f, std::span<const std::string_view> names,
               const Node& family, const std::string& path) {
    bool ok = true;
    for (std::size_t i = 0; i < f.size(); ++i) {
      if (f[i] == nullptr) {
        pc_.ctx.error(family.mark, path, "missing `" + std::string(names[i]) + "`");
        ok = false;
      }
    }
    return ok;
  }

  /// Well-formedness of a parsed distribution against its key's range.
  std::optional<Distribution> check(const KeySpec& key, const Distribution& d, const Node& node,
                                    const std::string& path) {
    std::string problem;
    const std::string range = describe_range(key, pc_.decimals);
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
      pc_.ctx.expected(node.mark, path, "a well-formed " + describe_type(key), node, problem);
      return std::nullopt;
    }
    return d;
  }

  static std::string range_words(const std::string& range) {
    if (range.empty()) return "finite";
    if (range.front() == '>' || range.front() == '<') return range;
    return "in " + range;
  }

  const ParseContext& pc_;
};

}  // namespace

std::optional<Distribution> parse_distribution(const KeySpec& key, const Node& node,
                                               const std::string& path, const ParseContext& pc) {
  return Parser(pc).parse(key, node, path);
}

}  // namespace coordsim::scenario::detail
