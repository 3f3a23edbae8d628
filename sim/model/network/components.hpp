#pragma once
// Fragmentation of a static graph: connected components and the largest one's share of nodes.
#include <cstdint>
#include <vector>

#include "model/network/graph.hpp"

namespace coordsim::model::network {

struct ComponentStats {
  std::uint32_t components = 0;  // isolated nodes count as components of one
  std::uint32_t largest = 0;     // nodes in the largest component
  double largest_share = 0.0;    // largest / nodes (0 for an empty graph)
};

/// Components by union-find over the CSR rows (Boost's connected_components gives the same
/// partition on boost_graph(g), more slowly). `labels`, if given, receives each node's component
/// number, components numbered in order of their smallest node.
[[nodiscard]] ComponentStats component_stats(const Graph& g,
                                             std::vector<std::uint32_t>* labels = nullptr);

}  // namespace coordsim::model::network
