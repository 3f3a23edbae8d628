#include "scenario/groups.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "scenario/enums.hpp"
#include "scenario/kind.hpp"
#include "scenario/schema.hpp"
#include "scenario/unknown_keys.hpp"

namespace coordsim::scenario::detail {
namespace {

/// The node at a dotted group key (`behaviour.rule` is `rule` in the map `behaviour`), or null.
const Node* find_path(const Node& item, std::string_view path) {
  const Node* node = &item;
  while (node != nullptr) {
    const auto dot = path.find('.');
    if (!node->is_map()) return nullptr;
    node = node->find(path.substr(0, dot));
    if (dot == std::string_view::npos) return node;
    path.remove_prefix(dot + 1);
  }
  return nullptr;
}

/// Whether `name` is a map of group keys (`behaviour`) for `kind`, or for any kind if kind < 0.
bool is_section(std::string_view name, int kind) {
  for (const KeySpec& key : group_keys()) {
    if ((kind < 0 || key.kind == -1 || key.kind == kind) && key.path.size() > name.size() &&
        key.path.substr(0, name.size()) == name && key.path[name.size()] == '.') {
      return true;
    }
  }
  return false;
}

/// Checks one key of a group item, and each key inside it if it is a section such as `behaviour`.
void check_keys(const std::string& name, const Node& value, const Mark& mark, int kind,
                const std::string& path, Context& ctx, Resolved& r) {
  if (!is_section(name, kind)) {
    if (kind >= 0 && is_section(name, -1)) {
      const std::string key_path = path + "." + name;
      r.failed.insert(key_path);
      std::string owners;
      for (const KeySpec& key : group_keys()) {
        if (key.kind < 0 || !key.path.starts_with(name + ".")) continue;
        const std::string_view owner = enum_names(AgentKind{})[static_cast<std::size_t>(key.kind)];
        if (owners.find(owner) == std::string::npos)
          owners += (owners.empty() ? "" : ", ") + std::string(owner);
      }
      ctx.error(mark, key_path,
                "`" + name + "` is not a key of " +
                    std::string(enum_names(AgentKind{})[static_cast<std::size_t>(kind)]) +
                    " groups",
                "it belongs to " + owners + " groups");
      return;
    }
    check_group_key(name, mark, kind, path, ctx, r);
    return;
  }
  if (!value.is_map()) {
    const std::string key_path = path + "." + name;
    ctx.expected(value.mark, key_path, "a map of `" + name + ".` keys, e.g. `{rule: logit}`",
                 value);
    r.failed.insert(key_path);
    return;
  }
  for (std::size_t i = 0; i < value.keys.size(); ++i) {
    check_keys(name + "." + value.keys[i], value.items[i], value.key_marks[i], kind, path, ctx, r);
  }
}

void resolve_group(const Node& item, std::size_t index, KeyReader& reader, Context& ctx,
                   Resolved& r) {
  const std::string path = "population[" + std::to_string(index) + "]";
  r.marks[path] = item.mark;
  Group g;
  std::vector<Entry> entries;
  if (!item.is_map()) {
    ctx.expected(item.mark, path, "a map describing an agent group (kind, count, ...)", item);
    r.failed.insert(path);
    r.data.population.push_back(std::move(g));
    r.groups.push_back(std::move(entries));
    return;
  }
  int kind = -1;
  if (const Node* k = item.find("kind"); k != nullptr && k->is_scalar()) {
    if (const auto e = enum_from_string<AgentKind>(k->text)) kind = static_cast<int>(*e);
  }
  // A registered kind's params are filled in its own struct (scenario/kind.hpp).
  if (const KindDef* def = kind >= 0 ? registered_kind(static_cast<AgentKind>(kind)) : nullptr)
    g.params = def->params;
  for (const KeySpec& key : group_keys()) {
    if (key.kind != -1 && key.kind != kind) continue;
    const std::string key_path = path + "." + std::string(key.path);
    const Node* node = find_path(item, key.path);
    Value v;
    if (key.path == "name" && node == nullptr) {
      const std::string kind_name =
          kind >= 0 ? std::string(enum_names(AgentKind{})[static_cast<std::size_t>(kind)])
                    : "group";
      v = kind_name + std::to_string(index);
    } else {
      v = reader.read(key, node, key_path, r);
    }
    if (key.kind == -1 || kind >= 0) key.set_group(g, v);
    entries.push_back(Entry{&key, std::move(v)});
  }
  // The alternative must match the kind even if a kind had no keys (it always has today).
  if (kind >= 0 && !params_match(g)) {
    r.failed.insert(path + ".kind");
  }
  for (std::size_t i = 0; i < item.keys.size(); ++i) {
    check_keys(item.keys[i], item.items[i], item.key_marks[i], kind, path, ctx, r);
  }
  r.data.population.push_back(std::move(g));
  r.groups.push_back(std::move(entries));
}

}  // namespace

void resolve_groups(const Node& root, KeyReader& reader, Context& ctx, Resolved& r) {
  const Node* node = root.find("population");
  if (node == nullptr) {
    ctx.error(r.root, "population", "missing required key `population`",
              "add a list of agent groups, e.g. `population: [{kind: principal, count: 10}]`");
    r.failed.insert("population");
    return;
  }
  r.marks["population"] = node->mark;
  if (!node->is_seq() || node->items.empty()) {
    ctx.expected(node->mark, "population", "a list of at least one agent group", *node);
    r.failed.insert("population");
    return;
  }
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    resolve_group(node->items[i], i, reader, ctx, r);
  }
}

}  // namespace coordsim::scenario::detail
