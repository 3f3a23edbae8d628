#include "scenario/groups.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "scenario/enums.hpp"
#include "scenario/schema.hpp"
#include "scenario/unknown_keys.hpp"

namespace coordsim::scenario::detail {
namespace {

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
      v = reader.read(key, node, key_path, r);
    }
    if (key.kind == -1 || kind >= 0) key.set_group(g, v);
    entries.push_back(Entry{&key, std::move(v)});
  }
  // The alternative must match the kind even if a kind had no keys (it always has today).
  if (kind >= 0 && g.params.index() != static_cast<std::size_t>(kind)) {
    r.failed.insert(path + ".kind");
  }
  for (std::size_t i = 0; i < item.keys.size(); ++i) {
    check_group_key(item.keys[i], item.key_marks[i], kind, path, ctx, r);
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
