#include "experiment/sweep.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "scenario/error.hpp"
#include "scenario/load.hpp"
#include "scenario/tree.hpp"
#include "scenario/units.hpp"

// The sweep file is read with the scenario loader's own YAML tree (scenario/tree.hpp), so it gets
// the same limits (size, depth, alias budget, duplicate keys refused) and the same diagnostics
// (file:line:column: key: expected ..., found ...) without a second YAML dependency.
namespace coordsim::experiment {

namespace {

using scenario::detail::Context;
using scenario::detail::Node;

constexpr std::uint32_t kMaxReplications = 1'000'000;
constexpr std::uint32_t kMaxSamplePoints = 1'000'000;

struct Reader {
  Context& ctx;

  bool scalar(const Node& n, const std::string& path, const std::string& what) {
    if (n.is_scalar()) return true;
    ctx.expected(n.mark, path, what, n);
    return false;
  }

  std::optional<std::uint32_t> count(const Node& n, const std::string& path, std::uint32_t max) {
    const std::string what = fmt::format("a whole number in 1 .. {}", max);
    if (!scalar(n, path, what)) return std::nullopt;
    const auto v = scenario::parse_integer(n.text);
    if (!v || *v < 1 || static_cast<std::uint64_t>(*v) > max) {
      ctx.expected(n.mark, path, what, n);
      return std::nullopt;
    }
    return static_cast<std::uint32_t>(*v);
  }

  // A key that a sweep may vary: not the seed (derived per run) and written once.
  bool sweep_key(const Node& map, std::size_t i, const std::string& section,
                 std::vector<std::string>& seen) {
    const std::string& key = map.keys[i];
    const std::string path = section + "." + key;
    if (key == "seed") {
      ctx.error(map.key_marks[i], path,
                "the seed cannot be set or swept: each run's seed is derived from the sweep, the "
                "point and the replication",
                "use `replications:` for more seeds");
      return false;
    }
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
      ctx.error(map.key_marks[i], path, "this key is already set or swept elsewhere in the sweep",
                "a key may appear in only one of set, product, zip and sample.ranges");
      return false;
    }
    seen.push_back(key);
    return true;
  }

  std::optional<Axis> axis(const Node& values, const std::string& key, const std::string& path) {
    if (!values.is_seq() || values.items.empty()) {
      ctx.expected(values.mark, path, "a non-empty list of values", values);
      return std::nullopt;
    }
    Axis a{key, {}};
    for (std::size_t j = 0; j < values.items.size(); ++j) {
      const Node& v = values.items[j];
      if (!scalar(v, fmt::format("{}[{}]", path, j), "a single value (as after --set key=)")) {
        return std::nullopt;
      }
      a.values.push_back(v.text);
    }
    return a;
  }

  std::vector<Axis> axes(const Node& n, const std::string& section,
                         std::vector<std::string>& seen) {
    std::vector<Axis> out;
    if (!n.is_map()) {
      ctx.expected(n.mark, section, "a map from key paths to lists of values", n);
      return out;
    }
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      if (!sweep_key(n, i, section, seen)) continue;
      if (auto a = axis(n.items[i], n.keys[i], section + "." + n.keys[i])) out.push_back(*a);
    }
    return out;
  }

  // `50`, `2.5`, `30%`, `15m`: the number as written, its value and the unit after it.
  struct Bound {
    std::string number;
    double value = 0;
    std::string unit;
  };
  static std::optional<Bound> bound(const std::string& text) {
    std::size_t end = 0;
    while (end < text.size() &&
           (std::isdigit(static_cast<unsigned char>(text[end])) != 0 || text[end] == '.' ||
            text[end] == '-' || text[end] == '+' || text[end] == 'e' || text[end] == 'E')) {
      ++end;
    }
    const auto value = scenario::parse_number(text.substr(0, end));
    if (end == 0 || !value) return std::nullopt;
    return Bound{text.substr(0, end), *value, text.substr(end)};
  }

  std::optional<Range> range(const Node& n, const std::string& key, const std::string& path) {
    const std::string what = "a list [low, high] of two numbers with the same unit, low < high";
    if (!n.is_seq() || n.items.size() != 2 || !n.items[0].is_scalar() || !n.items[1].is_scalar()) {
      ctx.expected(n.mark, path, what, n);
      return std::nullopt;
    }
    const auto lo = bound(n.items[0].text);
    const auto hi = bound(n.items[1].text);
    if (!lo || !hi || lo->unit != hi->unit || !(lo->value < hi->value)) {
      ctx.expected(n.mark, path, what, n,
                   lo && hi && lo->unit != hi->unit ? "the units differ" : "");
      return std::nullopt;
    }
    const auto decimals = [](const std::string& s) {
      const auto dot = s.find('.');
      return dot == std::string::npos ? 0 : static_cast<int>(s.size() - dot - 1);
    };
    Range r{key, lo->value, hi->value, false, 0, lo->unit};
    const int d = std::max(decimals(lo->number), decimals(hi->number));
    r.integer = d == 0 && (lo->number + hi->number).find_first_of("eE") == std::string::npos;
    r.decimals = r.integer ? 0 : d + 3;
    return r;
  }

  std::optional<Sample> sample(const Node& n, std::vector<std::string>& seen) {
    if (!n.is_map()) {
      ctx.expected(n.mark, "sample", "a map with method, points and ranges", n);
      return std::nullopt;
    }
    Sample s;
    bool ok = true;
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      const std::string& k = n.keys[i];
      const Node& v = n.items[i];
      if (k == "method") {
        const std::string what = "one of random, lhs, sobol";
        if (!scalar(v, "sample.method", what)) {
          ok = false;
        } else if (v.text == "random") {
          s.method = SampleMethod::kRandom;
        } else if (v.text == "lhs") {
          s.method = SampleMethod::kLhs;
        } else if (v.text == "sobol") {
          s.method = SampleMethod::kSobol;
        } else {
          ctx.expected(v.mark, "sample.method", what, v);
          ok = false;
        }
      } else if (k == "points") {
        const auto p = count(v, "sample.points", kMaxSamplePoints);
        ok = ok && p.has_value();
        s.points = p.value_or(0);
      } else if (k == "ranges") {
        if (!v.is_map() || v.keys.empty()) {
          ctx.expected(v.mark, "sample.ranges", "a map from key paths to [low, high]", v);
          ok = false;
          continue;
        }
        for (std::size_t j = 0; j < v.keys.size(); ++j) {
          if (!sweep_key(v, j, "sample.ranges", seen)) continue;
          if (auto r = range(v.items[j], v.keys[j], "sample.ranges." + v.keys[j])) {
            s.ranges.push_back(*r);
          } else {
            ok = false;
          }
        }
      } else {
        ctx.error(n.key_marks[i], "sample." + k, "unknown key",
                  "expected method, points or ranges");
        ok = false;
      }
    }
    for (const char* required : {"method", "points", "ranges"}) {
      if (n.find(required) == nullptr) {
        ctx.error(n.mark, std::string("sample.") + required, "missing key");
        ok = false;
      }
    }
    return ok ? std::optional(s) : std::nullopt;
  }
};

std::uint64_t count_runs(const Sweep& s) {
  std::uint64_t n = s.replications;
  for (const auto& a : s.product) n *= a.values.size();
  if (!s.zip.empty()) n *= s.zip.front().values.size();
  if (s.sample) n *= s.sample->points;
  return n;
}

void check_zip(const Node& zip, const std::vector<Axis>& axes, Context& ctx) {
  for (std::size_t i = 1; i < axes.size(); ++i) {
    if (axes[i].values.size() != axes[0].values.size()) {
      ctx.error(
          zip.mark, "zip",
          fmt::format("the lists must have equal lengths: {} has {} values, {} has {}", axes[0].key,
                      axes[0].values.size(), axes[i].key, axes[i].values.size()));
      return;
    }
  }
}

}  // namespace

const char* to_string(SampleMethod method) noexcept {
  switch (method) {
    case SampleMethod::kRandom:
      return "random";
    case SampleMethod::kLhs:
      return "lhs";
    case SampleMethod::kSobol:
      return "sobol";
  }
  return "?";
}

Sweep parse_sweep(std::string_view text, const std::filesystem::path& file) {
  Context ctx;
  const auto dir = std::filesystem::absolute(file).parent_path();
  const auto src = ctx.add_source(file.string(), dir);
  const auto root = scenario::detail::parse_yaml(text, src, ctx);
  ctx.throw_if_errors();
  Sweep s;
  s.file = file;
  Reader r{ctx};
  if (!root->is_map()) {
    ctx.expected(root->mark, "", "a map with base, replications, set, product, zip, sample", *root);
    ctx.throw_if_errors();
  }
  std::vector<std::string> seen;
  const Node* zip_node = nullptr;
  for (std::size_t i = 0; i < root->keys.size(); ++i) {
    const std::string& k = root->keys[i];
    const Node& v = root->items[i];
    if (k == "base") {
      if (r.scalar(v, "base", "a scenario file path (relative to the sweep file)")) {
        s.base = dir / v.text;
      }
    } else if (k == "replications") {
      s.replications = r.count(v, "replications", kMaxReplications).value_or(1);
    } else if (k == "set") {
      if (!v.is_map()) {
        ctx.expected(v.mark, "set", "a map from key paths to values (as with --set)", v);
        continue;
      }
      for (std::size_t j = 0; j < v.keys.size(); ++j) {
        if (!r.sweep_key(v, j, "set", seen)) continue;
        if (r.scalar(v.items[j], "set." + v.keys[j], "a single value (as after --set key=)")) {
          s.set.push_back(v.keys[j] + "=" + v.items[j].text);
        }
      }
    } else if (k == "product") {
      s.product = r.axes(v, "product", seen);
    } else if (k == "zip") {
      s.zip = r.axes(v, "zip", seen);
      zip_node = &v;
    } else if (k == "sample") {
      s.sample = r.sample(v, seen);
    } else {
      ctx.error(root->key_marks[i], k, "unknown key",
                "expected base, replications, set, product, zip or sample");
    }
  }
  if (root->find("base") == nullptr) ctx.error(root->mark, "base", "missing key");
  if (zip_node != nullptr) check_zip(*zip_node, s.zip, ctx);
  ctx.throw_if_errors();
  if (const auto n = count_runs(s); n > kMaxRuns) {
    ctx.error(root->mark, "",
              fmt::format("the sweep expands to {} runs, more than {}", n, kMaxRuns));
  }
  ctx.throw_if_errors();
  return s;
}

Sweep load_sweep(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw scenario::ScenarioError(
        {scenario::Diagnostic{file.string(), 0, 0, "", "cannot read the sweep file", "", "", ""}});
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > scenario::kMaxFileBytes) {
    throw scenario::ScenarioError({scenario::Diagnostic{
        file.string(), 0, 0, "", "the sweep file is larger than 16 MiB", "", "", ""}});
  }
  return parse_sweep(text.str(), file);
}

}  // namespace coordsim::experiment
