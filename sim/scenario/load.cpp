#include "scenario/load.hpp"

#include "scenario/compose.hpp"
#include "scenario/kind.hpp"
#include "scenario/render.hpp"
#include "scenario/resolve.hpp"
#include "scenario/semantic.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario {

namespace detail {

Spec make_spec(SpecData data, std::string yaml) {
  auto state = std::make_shared<Spec::State>();
  state->hash = fnv1a64(yaml);
  state->data = std::move(data);
  state->yaml = std::move(yaml);
  return Spec(std::move(state));
}

namespace {

Spec finish(std::optional<Node> root, const std::vector<std::string>& overrides, Context& ctx) {
  apply_overrides(root ? &*root : nullptr, overrides, ctx);
  if (!root) {
    ctx.throw_if_errors();
    // Unreachable: compose reports why it returned nothing.
    Diagnostic d;
    d.message = "the scenario could not be read";
    throw ScenarioError({d});
  }
  Resolved r = resolve(*root, ctx);
  check_semantics(r, ctx);
  ctx.throw_if_errors();
  std::string yaml = render_yaml(r, false);
  return make_spec(std::move(r.data), std::move(yaml));
}

}  // namespace
}  // namespace detail

Spec load_file(const std::filesystem::path& path, const std::vector<std::string>& overrides) {
  detail::Context ctx;
  auto root = detail::compose_file(path, ctx);
  return detail::finish(std::move(root), overrides, ctx);
}

std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& path) {
  detail::Context ctx;
  (void)detail::compose_file(path, ctx);
  return ctx.files();
}

Spec load_string(std::string_view yaml, std::string_view file_name,
                 const std::vector<std::string>& overrides) {
  detail::Context ctx;
  auto root = detail::compose_text(yaml, file_name, ctx);
  return detail::finish(std::move(root), overrides, ctx);
}

std::string to_yaml(const Spec& spec) { return spec.yaml(); }

std::string defaults_yaml() {
  // One group of each kind, so that every group key appears with its default.
  constexpr std::string_view kMinimal = R"(name: example
population:
  - {kind: principal, count: 10, endowment: 10000}
  - {kind: ai_agent, count: 20}
  - {kind: contributor, count: 20, endowment: 100}
  - {kind: model_builder, count: 2, endowment: 1000}
  - {kind: validator, count: 5, endowment: 2000}
  - {kind: market_maker, count: 1, endowment: 200000}
)";
  // And one of each kind registered from outside sim/scenario (kind.hpp), with its defaults.
  std::string text(kMinimal);
  for (const KindDef& kind : registered_kinds())
    text += "  - {kind: " + std::string(kind.name) + ", count: 1}\n";
  detail::Context ctx;
  auto root = detail::parse_yaml(text, ctx.add_source("defaults", {}), ctx);
  detail::Resolved r = detail::resolve(*root, ctx);
  detail::check_semantics(r, ctx);
  ctx.throw_if_errors();
  return "# Every scenario key with its default (coordsim "
         "scenario reference: docs/scenarios.md).\n"
         "# Only `name` and `population` are required; everything else may be left out.\n" +
         detail::render_yaml(r, true);
}

std::uint64_t fnv1a64(std::string_view text) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

}  // namespace coordsim::scenario
