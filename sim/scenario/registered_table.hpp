#pragma once
// A value per registered name (registered_names.hpp), found by the name's code: a rule's
// functions, a world system's or an agent kind's definition. add() registers the name and its value
// together, under one lock, so the table and the names agree whatever thread closes the set first;
// the table is built once, at the first find() past the built-in codes or the first
// in_name_order(), and read without a lock after that. A name registered with the names alone (no
// value) finds null.
#include <cstddef>
#include <mutex>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "scenario/registered_names.hpp"

namespace coordsim::scenario {

template <class T>
class RegisteredTable {
 public:
  explicit RegisteredTable(RegisteredNames& names) noexcept : names_(names) {}

  /// Registers `name` (a literal) with the names, and `value` under it.
  /// @throws std::logic_error if the names refuse it (RegisteredNames::add); nothing is added.
  void add(std::string_view name, T value) {
    const std::lock_guard lock(mutex_);
    names_.add(name);
    added_.emplace_back(name, std::move(value));
  }

  /// The value of the name of `code`; null for a built-in code (without closing the set: the
  /// built-in rules' path does not change), a code past the names or a name without a value.
  [[nodiscard]] const T* find(std::size_t code) {
    const std::size_t built_in = names_.built_in_count();
    if (code < built_in) return nullptr;
    const std::span<const T* const> by_code = table().by_code;
    return code - built_in < by_code.size() ? by_code[code - built_in] : nullptr;
  }

  /// The values, in the order of their names. Closes the set.
  [[nodiscard]] std::span<const T> in_name_order() { return table().values; }

 private:
  struct Table {
    std::vector<T> values;          // in name order
    std::vector<const T*> by_code;  // code - built_in_count() -> into values, or null
  };

  const Table& table() {
    std::call_once(once_, [this] {
      const std::lock_guard lock(mutex_);  // an add() that passed the names completes first
      const auto registered = names_.registered();
      table_.values.reserve(registered.size());  // no reallocation: by_code points into it
      for (const std::string_view name : registered) {
        const T* found = nullptr;
        for (auto& [n, value] : added_) {
          if (n != name) continue;
          table_.values.push_back(std::move(value));
          found = &table_.values.back();
        }
        table_.by_code.push_back(found);
      }
      added_.clear();
    });
    return table_;
  }

  RegisteredNames& names_;
  std::mutex mutex_;
  std::vector<std::pair<std::string_view, T>> added_;  // in registration order, until built
  std::once_flag once_;
  Table table_;
};

}  // namespace coordsim::scenario
