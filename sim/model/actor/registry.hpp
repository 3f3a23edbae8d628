#pragma once
// Compile-time registration of actor systems' event handlers: each system lists the kinds it
// handles (`using Handlers = actor::Handlers<actor::On<Kind::kX, &System::on_x>, ...>;`, in its
// own header), a world lists its systems once (`Systems::members()`: a tuple of pointers to its
// members), and dispatch_table() folds both into one constexpr array from event kind to a thunk.
// A kind handled by several systems in turn (a dispatch exception) is registered as a free
// function taking (Systems&, const Event&, Context&), in the world's `Systems::Exceptions`.
//
// Why a table of thunks and not a virtual interface: the kernel calls the world once per event
// (tens of millions of events per run); a thunk is one indirect call through a constant table,
// each thunk a direct call to its handler, and nothing is allocated. The table is built by the
// compiler, which also refuses a kind registered twice (the thunk would silently shadow one).
#include <array>
#include <cstddef>
#include <stdexcept>
#include <tuple>
#include <type_traits>

#include "kernel/event.hpp"
#include "model/actor/context.hpp"
#include "model/actor/event_kinds.hpp"

namespace coordsim::model::actor {

/// One registration: events of kind `K` go to `Fn`, either a member function of a system
/// (`void (S::*)(const kernel::Event&, Context&)`, const or not, a result ignored) or a free
/// function `void (*)(Systems&, const kernel::Event&, Context&)`. `K` is a shared kind
/// (actor::Kind), or for a system registered from its own folder one of its own
/// (world/register_system.hpp).
template <auto K, auto Fn>
struct On {
  static constexpr auto kKind = K;
  static constexpr auto kFn = Fn;
};

/// A system's list of registrations (an alias `Handlers` in its class).
template <class... Ons>
struct Handlers {};

namespace detail {

template <class M>
struct ClassOf;
template <class S, class R, class... A>
struct ClassOf<R (S::*)(A...)> {
  using type = S;
};
template <class S, class R, class... A>
struct ClassOf<R (S::*)(A...) const> {
  using type = S;
};
/// The type of the member a data member pointer names.
template <class M>
struct MemberType;
template <class S, class T>
struct MemberType<T S::*> {
  using type = T;
};

template <class S>
concept HasHandlers = requires {
  typename S::Handlers;
};

/// Whether a tuple of member pointers holds one of type P.
template <class P, class... M>
constexpr bool has_member(const std::tuple<M...>& /*members*/) {
  return (std::is_same_v<P, M> || ...);
}
}  // namespace detail

/// Whether S is one of the systems Systems::members() lists.
template <class S, class Systems>
inline constexpr bool kIsMember = detail::has_member<S Systems::*>(Systems::members());

/// The system of type S among `systems` (found through Systems::members(); each type once).
/// Const if `systems` is.
template <class S, class Systems>
[[nodiscard]] constexpr auto& system(Systems& systems) noexcept {
  using Plain = std::remove_const_t<Systems>;
  constexpr S Plain::*kMember = std::get<S Plain::*>(Plain::members());
  return systems.*kMember;
}

/// Calls one registered handler on its system.
template <class Systems, auto Fn>
void call(Systems& systems, const kernel::Event& e, Context& ctx) {
  if constexpr (std::is_member_function_pointer_v<decltype(Fn)>) {
    using S = typename detail::ClassOf<decltype(Fn)>::type;
    (void)(system<S>(systems).*Fn)(e, ctx);
  } else {
    Fn(systems, e, ctx);
  }
}

template <class Systems>
using Thunk = void (*)(Systems&, const kernel::Event&, Context&);

template <class Systems>
using DispatchTable = std::array<Thunk<Systems>, static_cast<std::size_t>(Kind::kCount)>;

/// A registration list resolved: each kind's thunk, and which kinds have one. Whether a kind is
/// registered is kept as a bool beside its thunk, never read from the pointer: GCC does not
/// fold a function pointer's comparison with nullptr in a constant expression under the
/// sanitizers (-fsanitize=address,undefined), so the checks below must not compare pointers.
template <class Systems>
struct Registered {
  DispatchTable<Systems> table{};
  std::array<bool, static_cast<std::size_t>(Kind::kCount)> has{};
};

namespace detail {

template <class Systems, class... Ons>
constexpr void fill(Registered<Systems>& r, Handlers<Ons...> /*list*/) {
  static_assert((std::is_same_v<std::remove_cv_t<decltype(Ons::kKind)>, Kind> && ...),
                "a system of the registration list handles shared kinds (actor::Kind)");
  const auto put = [&r](std::size_t k, Thunk<Systems> thunk) {
    // Not a constant expression, so a kind registered twice does not compile.
    if (r.has[k]) throw std::logic_error("an event kind is registered twice");
    r.has[k] = true;
    r.table[k] = thunk;
  };
  (put(static_cast<std::size_t>(Ons::kKind), &call<Systems, Ons::kFn>), ...);
}

}  // namespace detail

/// Every registered kind's thunk: the members' Handlers in members() order, then the exceptions
/// (`Exceptions` is optional).
template <class Systems>
[[nodiscard]] constexpr Registered<Systems> registered() {
  Registered<Systems> r;
  std::apply(
      [&r](auto... member) {
        const auto one = [&r]<class S>(S* /*tag*/) {
          if constexpr (detail::HasHandlers<S>) detail::fill(r, typename S::Handlers{});
        };
        (one(static_cast<typename detail::MemberType<decltype(member)>::type*>(nullptr)), ...);
      },
      Systems::members());
  if constexpr (requires { typename Systems::Exceptions; })
    detail::fill(r, typename Systems::Exceptions{});
  return r;
}

/// The dispatch table: a kind nobody registered stays nullptr (covers_every_kind says whether
/// there is one).
template <class Systems>
[[nodiscard]] constexpr DispatchTable<Systems> dispatch_table() {
  return registered<Systems>().table;
}

template <class Systems>
[[nodiscard]] constexpr bool covers_every_kind() {
  for (const bool has : registered<Systems>().has)
    if (!has) return false;
  return true;
}

}  // namespace coordsim::model::actor
