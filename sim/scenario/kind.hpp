#pragma once
// Agent kinds declared outside sim/scenario: a new kind writes, in its own folder, its params
// struct, its schema rows (kind_row) and its checks between keys (a function taking a
// GroupCheck), and registers them with one line, at namespace scope in one of its .cpp files:
//
//   const scenario::RegisteredKind kFaucet =
//       scenario::register_kind<FaucetParams>("faucet", rows(), &check);
//
// Linking that file into an executable is the registration: from then on `kind: faucet` is a
// word the loader knows, its keys are validated, defaulted, rendered and reported with
// file:line:column like every built-in key, and `Group::as<FaucetParams>()` reads them.
//
// The six built-in kinds (enums.hpp) are not registered here: their params are alternatives of
// GroupParams and their rows and checks are in schema.cpp and semantic.cpp. A registered kind's
// AgentKind follows theirs, in name order (registered_names.hpp, as for registered rules and
// systems): 6, 7, ... whatever the order of static initialisation, so every process that links
// the same kinds numbers them alike. The code is known once the set of kinds is closed, at its
// first read (the loader's schema, a Population, RegisteredKind::kind()); registering later
// throws std::logic_error. Files carry the name, never the code.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/extension_params.hpp"
#include "scenario/schema.hpp"
#include "scenario/spec.hpp"

namespace coordsim::scenario {

namespace detail {
struct Resolved;
class Context;
}  // namespace detail

/// What a registered kind's checks between keys see: the resolved scenario, and where to report.
class GroupCheck {
 public:
  GroupCheck(const detail::Resolved& r, detail::Context& ctx, std::size_t index)
      : r_(r), ctx_(ctx), index_(index) {}

  [[nodiscard]] const SpecData& spec() const noexcept;
  /// The group checked, and its index in `population`.
  [[nodiscard]] const Group& group() const noexcept;
  [[nodiscard]] std::size_t index() const noexcept { return index_; }
  /// Whether the group's key `key` (e.g. `period`) was valid alone: a relation between keys is
  /// checked only between valid ones (an invalid value is already reported).
  [[nodiscard]] bool ok(std::string_view key) const;
  /// As ok() for a top-level key (e.g. `block_interval`).
  [[nodiscard]] bool ok_top(std::string_view path) const;
  /// Reports a problem at the group's key `key`: file:line:column of its value (or of the
  /// group, if the key was defaulted), the key path, the message and a hint.
  void error(std::string_view key, std::string message, std::string hint = {});

 private:
  const detail::Resolved& r_;
  detail::Context& ctx_;
  std::size_t index_;
};

/// A registered kind: its name, its group keys and its checks.
struct KindDef {
  std::string_view name;              // the `kind:` word; static storage (a literal)
  std::vector<detail::KeySpec> rows;  // its keys, in document order (kind_row)
  void (*check)(GroupCheck&) = nullptr;
  ExtensionParams params;  // an empty params struct of the kind's type
};

namespace detail {
/// The struct a data member pointer belongs to (only in decltype).
template <class P, class T>
P struct_of(T P::*member);
/// The kind's params while its keys are read (the loader put an empty one there first).
template <class P>
P& extension_params(Group& g) {
  return std::get<ExtensionParams>(g.params).get_mut<P>();
}
}  // namespace detail

/// One schema row of a registered kind: the key `path` fills the params field `Member` (a data
/// member pointer, `&FaucetParams::drip`). The rest is as for the built-in rows (schema.hpp):
/// a Type, the YAML text of the default, one line of doc, then .range(), .must(), ... .
template <auto Member>
[[nodiscard]] detail::KeySpec kind_row(std::string_view path, detail::Type type,
                                       std::string_view default_text, std::string_view doc) {
  using P = decltype(detail::struct_of(Member));
  detail::KeySpec k;
  k.path = path;
  k.type = type;
  k.default_text = default_text;
  k.doc = doc;
  k.set_group = [](Group& g, const detail::Value& v) {
    detail::assign(detail::extension_params<P>(g).*Member, v);
  };
  return k;
}

/// The handle register_kind returns: the kind's name, and its AgentKind once the set is closed
/// (codes go by name, so a kind's is not known while others may still register).
class RegisteredKind {
 public:
  explicit constexpr RegisteredKind(std::string_view name) noexcept : name_(name) {}
  [[nodiscard]] constexpr std::string_view name() const noexcept { return name_; }
  /// Its AgentKind. Closes the set of kinds: call it after static initialisation (in a function,
  /// not in another file's initialiser).
  [[nodiscard]] AgentKind kind() const;

 private:
  std::string_view name_;
};

/// Registers a kind whose groups' params are a P (a struct with operator==; its fields are
/// filled by `rows`). Its name is a literal: a lowercase letter, then lowercase letters, digits
/// and `_`.
/// @throws std::logic_error if the name is not such a word, is a built-in kind's or taken, no
/// AgentKind code is left, or the set of kinds is closed (RegisteredNames::add); nothing is added.
RegisteredKind register_kind(KindDef def);
template <class P>
RegisteredKind register_kind(std::string_view name, std::vector<detail::KeySpec> rows,
                             void (*check)(GroupCheck&) = nullptr) {
  return register_kind(KindDef{name, std::move(rows), check, ExtensionParams::of(P{})});
}

/// The registered kinds, in AgentKind order after the built-in ones (by name). Closes the set.
[[nodiscard]] std::span<const KindDef> registered_kinds();
/// The registered kind `kind`, or null for a built-in one (without closing the set) or a code
/// past the kinds.
[[nodiscard]] const KindDef* registered_kind(AgentKind kind);

/// Whether a group's params are of its kind's type (false after an invalid `kind:`).
[[nodiscard]] bool params_match(const Group& g);

namespace detail {
/// The built-in group rows followed by every registered kind's (each with its AgentKind), in
/// AgentKind order; closes the set of kinds. schema.cpp's group_keys() is this, once.
std::vector<KeySpec> with_registered_kinds(std::vector<KeySpec> built_in);
/// Runs a registered kind's checks on population[index] (semantic.cpp).
void check_registered_kind(const Resolved& r, Context& ctx, std::size_t index);
}  // namespace detail

}  // namespace coordsim::scenario
