#include "scenario/kind.hpp"

#include <stdexcept>
#include <utility>

#include "scenario/resolve.hpp"

namespace coordsim::scenario {
namespace {

struct Registry {
  std::vector<KindDef> kinds;
  // Every kind's name in AgentKind order: the built-in ones, then the registered ones.
  std::vector<std::string_view> names{kAgentKindNames.begin(), kAgentKindNames.end()};
  bool closed = false;
};

// A function-local static: kinds register from other files' static initialisers, whose order
// relative to this file's is unspecified.
Registry& registry() {
  static Registry r;
  return r;
}

std::string group_key(std::size_t index, std::string_view key) {
  return "population[" + std::to_string(index) + "]." + std::string(key);
}

}  // namespace

std::span<const std::string_view> enum_names(AgentKind /*tag*/) { return registry().names; }

AgentKind register_kind(KindDef def) {
  Registry& r = registry();
  if (r.closed) {
    throw std::logic_error("agent kind `" + std::string(def.name) +
                           "` registered after the scenario schema was read");
  }
  for (const std::string_view n : r.names) {
    if (n == def.name)
      throw std::logic_error("agent kind `" + std::string(n) + "` registered twice");
  }
  const auto kind = static_cast<AgentKind>(r.names.size());
  for (detail::KeySpec& row : def.rows) row.kind = static_cast<int>(kind);
  r.names.push_back(def.name);
  r.kinds.push_back(std::move(def));
  return kind;
}

std::span<const KindDef> registered_kinds() noexcept { return registry().kinds; }

const KindDef* registered_kind(AgentKind kind) noexcept {
  const auto i = static_cast<std::size_t>(kind);
  if (i < kAgentKindNames.size() || i >= registry().names.size()) return nullptr;
  return &registry().kinds[i - kAgentKindNames.size()];
}

bool params_match(const Group& g) noexcept {
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
  Registry& r = registry();
  r.closed = true;
  for (const KindDef& def : r.kinds)
    built_in.insert(built_in.end(), def.rows.begin(), def.rows.end());
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
