#include "scenario/kind.hpp"

#include <stdexcept>
#include <string>
#include <utility>

#include "scenario/registered_names.hpp"
#include "scenario/registered_table.hpp"
#include "scenario/resolve.hpp"

namespace coordsim::scenario {
namespace {

// Function-local statics: kinds register from other files' static initialisers, whose order
// relative to this file's is unspecified.
RegisteredNames& kind_names() {
  static RegisteredNames names("agent kind", kAgentKindNames,
                               RegisteredNames::codes_of<AgentKind>());
  return names;
}

// Every registered name comes with its KindDef: kind_names() is not reachable from outside.
RegisteredTable<KindDef>& kinds() {
  static RegisteredTable<KindDef> table(kind_names());
  return table;
}

std::string group_key(std::size_t index, std::string_view key) {
  return "population[" + std::to_string(index) + "]." + std::string(key);
}

}  // namespace

std::span<const std::string_view> enum_names(AgentKind /*tag*/) { return kind_names().names(); }

AgentKind RegisteredKind::kind() const {
  const auto code = enum_from_string<AgentKind>(name_);
  if (!code) throw std::logic_error("agent kind `" + std::string(name_) + "` not registered");
  return *code;
}

RegisteredKind register_kind(KindDef def) {
  const std::string_view name = def.name;
  kinds().add(name, std::move(def));
  return RegisteredKind(name);
}

std::span<const KindDef> registered_kinds() { return kinds().in_name_order(); }

const KindDef* registered_kind(AgentKind kind) {
  return kinds().find(static_cast<std::size_t>(kind));
}

bool params_match(const Group& g) {
  if (const KindDef* def = registered_kind(g.kind)) {
    const auto* box = std::get_if<ExtensionParams>(&g.params);
    return box != nullptr && box->same_type(def->params);
  }
  return g.params.index() == static_cast<std::size_t>(g.kind);
}

const SpecData& GroupCheck::spec() const noexcept { return r_.data; }

const Group& GroupCheck::group() const noexcept { return r_.data.population[index_]; }

bool GroupCheck::ok(std::string_view key) const {
  return !r_.failed.contains(group_key(index_, key));
}

bool GroupCheck::ok_top(std::string_view path) const { return !r_.failed.contains(path); }

void GroupCheck::error(std::string_view key, std::string message, std::string hint) {
  std::string path = group_key(index_, key);
  auto mark = r_.marks.find(path);
  // A defaulted key has no place of its own: the group's.
  if (mark == r_.marks.end()) mark = r_.marks.find(path.substr(0, path.find(']') + 1));
  ctx_.error(mark != r_.marks.end() ? mark->second : r_.root, std::move(path), std::move(message),
             std::move(hint));
}

namespace detail {

std::vector<KeySpec> with_registered_kinds(std::vector<KeySpec> built_in) {
  // The kinds in name order: the registered codes, from the first past the built-in ones.
  int kind = static_cast<int>(kAgentKindNames.size());
  for (const KindDef& def : registered_kinds()) {
    for (KeySpec row : def.rows) {
      row.kind = kind;
      built_in.push_back(row);
    }
    ++kind;
  }
  return built_in;
}

void check_registered_kind(const Resolved& r, Context& ctx, std::size_t index) {
  const KindDef* def = registered_kind(r.data.population[index].kind);
  if (def == nullptr || def->check == nullptr) return;
  GroupCheck check(r, ctx, index);
  def->check(check);
}

}  // namespace detail
}  // namespace coordsim::scenario
