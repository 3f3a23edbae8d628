#pragma once
// Who is who: the groups of the scenario laid out as contiguous id ranges, and the relations
// fixed at build time (which principal funds which ai agent, which slot a maker or builder has).
#include <cstdint>
#include <span>
#include <vector>

#include "kernel/agent_id.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::actor {

class Population {
 public:
  Population() = default;
  /// @throws std::invalid_argument if the population does not fit in 32-bit ids.
  explicit Population(const scenario::SpecData& spec);

  [[nodiscard]] std::uint32_t agents() const noexcept {
    return static_cast<std::uint32_t>(group_.size());
  }
  [[nodiscard]] std::uint16_t group(kernel::AgentId a) const noexcept { return group_[index(a)]; }
  [[nodiscard]] scenario::AgentKind kind(kernel::AgentId a) const noexcept {
    return kind_[index(a)];
  }
  /// First id of group g, and its size.
  [[nodiscard]] std::uint32_t first(std::size_t g) const noexcept { return first_[g]; }
  [[nodiscard]] std::uint32_t count(std::size_t g) const noexcept {
    return first_[g + 1] - first_[g];
  }
  [[nodiscard]] std::size_t groups() const noexcept { return first_.size() - 1; }

  /// All agents of a kind, in id order.
  [[nodiscard]] std::span<const kernel::AgentId> of_kind(scenario::AgentKind k) const noexcept {
    return by_kind_[static_cast<std::size_t>(k)];
  }
  /// Position of an agent within the list of its kind (its maker, builder, ... slot).
  [[nodiscard]] std::uint32_t slot(kernel::AgentId a) const noexcept { return slot_[index(a)]; }

  /// The principal whose funds an ai agent spends (kNoAgent: nobody delegates to it).
  [[nodiscard]] kernel::AgentId principal_of(kernel::AgentId agent) const noexcept {
    return principal_of_[index(agent)];
  }
  /// The ai agents a principal delegates to, in slot order.
  [[nodiscard]] std::span<const kernel::AgentId> agents_of(
      kernel::AgentId principal) const noexcept {
    const auto p = slot_[index(principal)];
    return {delegates_.data() + delegate_first_[p], delegate_first_[p + 1] - delegate_first_[p]};
  }

 private:
  std::vector<std::uint16_t> group_;
  std::vector<scenario::AgentKind> kind_;
  std::vector<std::uint32_t> first_;
  std::vector<std::uint32_t> slot_;
  std::vector<std::vector<kernel::AgentId>> by_kind_;
  std::vector<kernel::AgentId> principal_of_;
  std::vector<kernel::AgentId> delegates_;
  std::vector<std::uint32_t> delegate_first_;
};

}  // namespace coordsim::model::actor
