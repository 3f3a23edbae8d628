#pragma once
// The Boost.Graph view of a Graph, for running Boost's algorithms on it (breadth-first search,
// connected components, ...). A directed CSR graph that holds both directions of every edge:
// Boost's CSR graph has no undirected variant, and algorithms that follow out-edges (searches,
// components) see exactly the undirected graph.
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>

#include "model/network/graph.hpp"

namespace coordsim::model::network {

using BoostCsr =
    boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, boost::no_property,
                                       boost::no_property, NodeId, std::uint64_t>;

struct GraphStorage {
  BoostCsr csr;
};

[[nodiscard]] inline const BoostCsr& boost_graph(const Graph& g) noexcept {
  return g.storage().csr;
}

}  // namespace coordsim::model::network
