#pragma once
// The parameters of an agent kind registered from outside sim/scenario (scenario/kind.hpp): the
// kind's own struct, held by value in one alternative of Group::params. Why a box and not one
// more alternative per kind: the variant would have to name every kind, so a new kind would edit
// spec.hpp; the box keeps the Spec's value semantics (copy, ==) without knowing the struct.
// `Group::as<P>()` reads it as it reads a built-in kind's params.
#include <memory>
#include <variant>

namespace coordsim::scenario {

class ExtensionParams {
 public:
  ExtensionParams() = default;
  /// A box holding `p` (P: a copyable struct with operator==).
  template <class P>
  static ExtensionParams of(P p) {
    ExtensionParams box;
    box.ops_ = &kOps<P>;
    box.value_ =
        std::shared_ptr<void>(new P(std::move(p)), [](void* v) { delete static_cast<P*>(v); });
    return box;
  }

  /// Whether the box holds a P.
  template <class P>
  [[nodiscard]] bool holds() const noexcept {
    return ops_ == &kOps<P>;
  }
  /// Whether both boxes hold the same struct type.
  [[nodiscard]] bool same_type(const ExtensionParams& other) const noexcept {
    return ops_ == other.ops_;
  }
  /// @throws std::bad_variant_access if the box does not hold a P (as std::get does).
  template <class P>
  [[nodiscard]] const P& get() const {
    if (!holds<P>()) throw std::bad_variant_access();
    return *static_cast<const P*>(value_.get());
  }
  /// The P to fill while the loader reads the group's keys; never shared with a copy.
  template <class P>
  [[nodiscard]] P& get_mut() {
    if (!holds<P>()) throw std::bad_variant_access();
    if (value_.use_count() > 1) value_ = std::make_shared<P>(get<P>());
    return *static_cast<P*>(value_.get());
  }

  friend bool operator==(const ExtensionParams& a, const ExtensionParams& b) {
    if (a.ops_ != b.ops_) return false;
    return a.ops_ == nullptr || a.ops_->equal(a.value_.get(), b.value_.get());
  }

 private:
  struct Ops {
    bool (*equal)(const void*, const void*);
  };
  // One Ops per struct: its address is the struct's identity (an inline variable is one object
  // in the whole program).
  template <class P>
  static constexpr Ops kOps{[](const void* a, const void* b) {
    return *static_cast<const P*>(a) == *static_cast<const P*>(b);
  }};

  const Ops* ops_ = nullptr;
  // Shared between copies (a Spec is immutable once loaded); get_mut() unshares it.
  std::shared_ptr<void> value_;
};

}  // namespace coordsim::scenario
