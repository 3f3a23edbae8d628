#include "scenario/registered_names.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace coordsim::scenario {
namespace {

bool word(std::string_view s) noexcept {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

bool contains(std::span<const std::string_view> names, std::string_view name) noexcept {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

RegisteredNames::RegisteredNames(std::string_view what, std::span<const std::string_view> built_in,
                                 std::size_t codes) noexcept
    : what_(what), built_in_(built_in), codes_(codes) {}

void RegisteredNames::add(std::string_view name) {
  const std::string quoted = std::string(what_) + " `" + std::string(name) + "`";
  const std::lock_guard lock(mutex_);
  if (closed_) {
    throw std::logic_error(quoted + " registered after the set of " + std::string(what_) +
                           "s was read (register at namespace scope: a static initialiser)");
  }
  if (!word(name)) {
    throw std::logic_error(quoted + " refused: a name is lowercase letters, digits and `_`, " +
                           "from a letter");
  }
  if (contains(built_in_, name)) throw std::logic_error(quoted + " refused: a built-in name");
  if (contains(added_, name)) throw std::logic_error(quoted + " registered twice");
  if (built_in_.size() + added_.size() >= codes_) {
    throw std::logic_error(quoted + " refused: all " + std::to_string(codes_) + " codes of " +
                           std::string(what_) + "s are taken");
  }
  added_.push_back(name);
}

std::span<const std::string_view> RegisteredNames::names() {
  std::call_once(once_, [this] { close(); });
  return all_;
}

std::span<const std::string_view> RegisteredNames::registered() {
  return names().subspan(built_in_.size());
}

void RegisteredNames::close() {
  const std::lock_guard lock(mutex_);
  closed_ = true;
  std::vector<std::string_view> added = added_;
  std::sort(added.begin(), added.end());  // codes by name, not by static-initialisation order
  all_.assign(built_in_.begin(), built_in_.end());
  all_.insert(all_.end(), added.begin(), added.end());
}

}  // namespace coordsim::scenario
