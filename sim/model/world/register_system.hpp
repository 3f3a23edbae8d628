#pragma once
// register_system<S>(name): a world system's one-line registration (extension.hpp says what it
// gives). S has, each optional:
//   - its own kinds: `enum class OwnKind : kernel::EventKind { ..., kCount };`,
//     `static constexpr std::array<std::string_view, N> kKindNames` (their names, written to
//     output files as causes) and `using Handlers = actor::Handlers<actor::On<OwnKind::kX,
//     &S::on_x>, ...>;`, every own kind once (all three, or none of them);
//   - a constructor from `const world::ExtensionSetup&` (else S is default-constructed);
//   - `build(ledger, streams, end, add)` (add(time, target, code, aux, payload)),
//     `save(kernel::ArchiveWriter&) const`, `load(kernel::ArchiveReader&)` and
//     `template <class In> static constexpr auto metric_rows()` (read as
//     `in.world.template system<S>()`).
// A system with metric rows only (an observer: no kinds, nothing to save) adds columns and no
// byte anywhere else (tests/examples/gini). Include this header only in the file that registers.
#include <array>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "model/actor/registry.hpp"
#include "model/world/extension.hpp"
#include "model/world/metrics.hpp"

namespace coordsim::model::world {

namespace detail {

template <class S, auto Fn>
void call_own(void* self, const kernel::Event& e, actor::Context& ctx) {
  (void)(static_cast<S*>(self)->*Fn)(e, ctx);
}

template <class S, class... Ons>
std::vector<ExtensionHandler> own_handlers(actor::Handlers<Ons...> /*list*/) {
  static_assert(
      (std::is_same_v<std::remove_cv_t<decltype(Ons::kKind)>, typename S::OwnKind> && ...),
      "a registered system handles only its own kinds (OwnKind); a shared kind it "
      "must take part in is a dispatch exception of systems.hpp");
  std::vector<ExtensionHandler> out(S::kKindNames.size(), nullptr);
  const auto put = [&out](std::size_t k, ExtensionHandler fn) {
    if (k >= out.size() || out[k] != nullptr)
      throw std::logic_error("a registered system's kind is out of range or registered twice");
    out[k] = fn;
  };
  (put(static_cast<std::size_t>(Ons::kKind), &call_own<S, Ons::kFn>), ...);
  for (const ExtensionHandler fn : out)
    if (fn == nullptr) throw std::logic_error("a registered system's kind has no handler");
  return out;
}

template <class S>
std::span<const MetricDef> rows_of() {
  if constexpr (requires { S::template metric_rows<MetricInput>(); }) {
    static constexpr auto kRows = S::template metric_rows<MetricInput>();
    return kRows;
  } else {
    return {};
  }
}

}  // namespace detail

/// Registers S under `name` (see above). Call once, at namespace scope in one of its .cpp files.
template <class S>
int register_system(std::string_view name) {
  ExtensionDef d;
  d.name = name;
  d.type = &detail::kTypeTag<S>;
  if constexpr (requires { typename S::OwnKind; }) {
    static_assert(S::kKindNames.size() == static_cast<std::size_t>(S::OwnKind::kCount),
                  "one name per own kind");
    d.kinds.assign(S::kKindNames.begin(), S::kKindNames.end());
    d.handlers = detail::own_handlers<S>(typename S::Handlers{});
  } else {
    static_assert(
        !requires { typename S::Handlers; } && !requires { S::kKindNames; },
        "a system with handlers or kind names declares its OwnKind");
  }
  if constexpr (std::is_constructible_v<S, const ExtensionSetup&>) {
    d.make = [](const ExtensionSetup& s) -> void* { return new S(s); };
  } else {
    d.make = [](const ExtensionSetup& /*s*/) -> void* { return new S(); };
  }
  d.destroy = [](void* self) noexcept { delete static_cast<S*>(self); };
  if constexpr (requires(S & s, ledger::Ledger & l, actor::Streams & r, const InitialAdd& a) {
                  s.build(l, r, kernel::SimTime{}, a);
                }) {
    d.build = [](void* self, ledger::Ledger& l, actor::Streams& r, kernel::SimTime end,
                 const InitialAdd& add) { static_cast<S*>(self)->build(l, r, end, add); };
  }
  if constexpr (requires(const S& s, kernel::ArchiveWriter& w) { s.save(w); })
    d.save = [](const void* self, kernel::ArchiveWriter& w) {
      static_cast<const S*>(self)->save(w);
    };
  if constexpr (requires(S & s, kernel::ArchiveReader & r) { s.load(r); })
    d.load = [](void* self, kernel::ArchiveReader& r) { static_cast<S*>(self)->load(r); };
  d.metric_rows = detail::rows_of<S>();
  return register_extension(std::move(d));
}

}  // namespace coordsim::model::world
