#pragma once
// A set of names that other folders extend: the built-in names, then the names registered from
// static initialisers (an agent kind, an attribution rule, a behaviour rule, a world system), each
// code a name's position in names(). Registered names are sorted by name, whatever the order of
// static initialisation, so one set of linked extensions gives the same codes in every process;
// files store the name, never the code. registered_table.hpp adds a value (a rule's functions)
// per name.
//
// Promised:
//   - a registered name is a word (a lowercase letter, then lowercase letters, digits and `_`),
//     neither a built-in name nor one registered before, and the codes fit the enum that holds
//     them; anything else throws std::logic_error naming the name and the reason, and leaves the
//     set as it was;
//   - the set closes at the first names() (or registered()) call, from any thread, once: a
//     registration after that throws. Reading the closed set takes no lock.
// Not promised: a name's code before the set is closed (it depends on the names still to come).
#include <cstddef>
#include <limits>
#include <mutex>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace coordsim::scenario {

class RegisteredNames {
 public:
  /// `what` names one entry in messages ("attribution rule"). `built_in` are the codes 0, 1, ...
  /// (static storage); `codes` is how many codes there are in all. `what` and the names
  /// registered later are kept as views: literals.
  RegisteredNames(std::string_view what, std::span<const std::string_view> built_in,
                  std::size_t codes) noexcept;

  /// How many codes the enum E can hold.
  template <class E>
  static constexpr std::size_t codes_of() noexcept {
    return std::size_t{std::numeric_limits<std::underlying_type_t<E>>::max()} + 1;
  }

  /// Adds `name` (static storage: a literal).
  /// @throws std::logic_error if the set is closed, `name` is not a word, is a built-in or
  /// registered name, or no code is left.
  void add(std::string_view name);

  /// Every name in code order: the built-in ones, then the registered ones by name. Closes the set.
  [[nodiscard]] std::span<const std::string_view> names();
  /// The registered names alone, by name (codes built_in_count(), ...). Closes the set.
  [[nodiscard]] std::span<const std::string_view> registered();
  [[nodiscard]] std::size_t built_in_count() const noexcept { return built_in_.size(); }

 private:
  void close();

  std::string_view what_;
  std::span<const std::string_view> built_in_;
  std::size_t codes_;
  std::mutex mutex_;                     // guards added_ and closed_ until the set is closed
  std::vector<std::string_view> added_;  // in registration order
  bool closed_ = false;
  std::once_flag once_;
  std::vector<std::string_view> all_;  // set once, by close()
};

}  // namespace coordsim::scenario
