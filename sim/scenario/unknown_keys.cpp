#include "scenario/unknown_keys.hpp"

#include <cstddef>
#include <string_view>
#include <vector>

#include "scenario/enums.hpp"
#include "scenario/schema.hpp"
#include "scenario/suggest.hpp"
#include "scenario/text.hpp"

namespace coordsim::scenario::detail {
namespace {

constexpr std::string_view kNoMergeKeys =
    "YAML merge keys (<<) are not supported: repeat the keys, or share them with `extends:`";

/// "`max_ttl` belongs under `sessions`" when the key exists in another section.
std::string elsewhere(const std::string& key) {
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

void check_map(const Node& map, const std::string& prefix, Context& ctx, Resolved& r) {
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
      if (map.items[i].is_map()) check_map(map.items[i], full, ctx, r);
      continue;
    }
    r.failed.insert(full);
    std::string hint = did_you_mean(key, siblings);
    if (hint.empty()) hint = elsewhere(key);
    if (key == "<<") hint = kNoMergeKeys;
    if (hint.empty() && prefix.empty() && key == "extends") {
      hint = "`extends` is only read from files (load_file), not from overrides";
    }
    ctx.error(map.key_marks[i], full, "unknown key `" + key + "`", hint);
  }
}

}  // namespace

void check_unknown_keys(const Node& root, Context& ctx, Resolved& r) {
  check_map(root, "", ctx, r);
}

void check_group_key(const std::string& name, const Mark& mark, int kind, const std::string& path,
                     Context& ctx, Resolved& r) {
  std::vector<std::string_view> valid;
  std::string owners;
  for (const KeySpec& key : group_keys()) {
    if (key.kind == -1 || key.kind == kind) valid.push_back(key.path);
    if (key.path == name) {
      if (key.kind == -1 || key.kind == kind) return;
      if (!owners.empty()) owners += ", ";
      owners += enum_names(AgentKind{})[static_cast<std::size_t>(key.kind)];
    }
  }
  if (kind < 0 && !owners.empty()) return;  // the kind itself is wrong; that is reported
  const std::string key_path = path + "." + name;
  r.failed.insert(key_path);
  if (!owners.empty()) {
    ctx.error(mark, key_path,
              "`" + name + "` is not a key of " +
                  std::string(enum_names(AgentKind{})[static_cast<std::size_t>(kind)]) + " groups",
              "it belongs to " + owners + " groups");
    return;
  }
  ctx.error(mark, key_path, "unknown key `" + name + "`",
            name == "<<" ? std::string(kNoMergeKeys) : did_you_mean(name, valid));
}

}  // namespace coordsim::scenario::detail
