#pragma once
// The interaction graph that grows as agents trade: an incremental union-find (union by size,
// path halving) over the agents, so components and the largest component are known in O(1) after
// each interaction, and recording one costs O(alpha(n)). Edges are only ever added, so the
// largest component never shrinks and the component count never grows.
//
// Two views of fragmentation: over all nodes (an agent that never traded is a component of one)
// and over active nodes only (those that took part in at least one interaction).
//
// Memory: 8 bytes per node (parent and size, 32-bit each) + 1 byte (active flag).
#include <cstdint>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"

namespace coordsim::model::network {

class InteractionGraph {
 public:
  explicit InteractionGraph(std::uint32_t nodes);

  /// Records an interaction between two agents (in either order; a == b only marks a active).
  /// Returns true if it joined two components. Asserts that both agents exist.
  bool record(kernel::AgentId a, kernel::AgentId b);

  [[nodiscard]] std::uint32_t node_count() const noexcept {
    return static_cast<std::uint32_t>(parent_.size());
  }
  [[nodiscard]] std::uint64_t interactions() const noexcept { return interactions_; }
  [[nodiscard]] std::uint32_t components() const noexcept { return components_; }
  [[nodiscard]] std::uint32_t largest_component() const noexcept { return largest_; }
  [[nodiscard]] double largest_share() const noexcept;
  [[nodiscard]] std::uint32_t active_nodes() const noexcept { return active_nodes_; }
  /// Components among active nodes: each activation adds one, each successful join removes one.
  [[nodiscard]] std::uint32_t active_components() const noexcept { return active_nodes_ - joins_; }
  [[nodiscard]] bool connected(kernel::AgentId a, kernel::AgentId b) noexcept;
  [[nodiscard]] std::uint32_t component_size(kernel::AgentId a) noexcept {
    return size_[root(a.value())];
  }

  /// Checkpoints: the whole union-find. load() needs a graph of the same node count.
  /// @throws kernel::ArchiveError
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

 private:
  std::uint32_t root(std::uint32_t v) noexcept;
  void activate(std::uint32_t v) noexcept;

  std::vector<std::uint32_t> parent_;
  std::vector<std::uint32_t> size_;  // meaningful at roots
  std::vector<std::uint8_t> active_;
  std::uint64_t interactions_ = 0;
  std::uint32_t components_ = 0;
  std::uint32_t largest_ = 0;
  std::uint32_t active_nodes_ = 0;
  std::uint32_t joins_ = 0;
};

}  // namespace coordsim::model::network
