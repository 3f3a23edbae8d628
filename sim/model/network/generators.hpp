#pragma once
// Random graph generators, deterministic in (seed, stream): every random number comes from
// kernel/rng.hpp's counter-based stream, so the same spec and seed give the same graph on every
// run and every thread count. Each is O(nodes + edges) except power_law, O(edges log nodes).
#include <cstdint>
#include <vector>

#include "model/network/graph.hpp"
#include "model/network/spec.hpp"

namespace coordsim::model::network {

/// The stream id used by generate() unless told otherwise.
inline constexpr std::uint64_t kNetworkStream = 0x6E6574776F726BULL;  // "network"

// Edge lists (u, v); Graph::from_edges() removes the few duplicates some of them may contain.

/// G(n, p) by Batagelj and Brandes' geometric skipping: exact, no O(n^2) loop.
[[nodiscard]] std::vector<Edge> erdos_renyi_edges(std::uint32_t n, double p, std::uint64_t key);
/// Preferential attachment: node m links to nodes 0..m-1, every later node to m distinct nodes
/// chosen with probability proportional to degree (uniform over a list of edge endpoints).
[[nodiscard]] std::vector<Edge> barabasi_albert_edges(std::uint32_t n, std::uint32_t m,
                                                      std::uint64_t key);
/// Ring lattice (each node to its k/2 successors), each edge's far end rewired to a uniform
/// other node with probability `rewire`. A rewired edge that duplicates an existing one is
/// dropped by from_edges (probability about k/n per rewiring).
[[nodiscard]] std::vector<Edge> watts_strogatz_edges(std::uint32_t n, std::uint32_t k,
                                                     double rewire, std::uint64_t key);
/// Chung-Lu: expected degree of node i proportional to (i + 1)^(-1/(exponent - 1)), capped at
/// sqrt(n * mean_degree), scaled to `mean_degree`; n * mean_degree / 2 edges with both ends drawn
/// by weight. Self-loops and repeats are dropped, so the realised mean degree is a little lower
/// (about 1-3% at exponent 2.5).
[[nodiscard]] std::vector<Edge> power_law_edges(std::uint32_t n, double mean_degree,
                                                double exponent, std::uint64_t key);

/// Builds the graph a spec describes. @throws GraphSpecError on invalid parameters,
/// EdgeListError (edge_list.hpp) on a bad edge-list file.
[[nodiscard]] Graph generate(const GraphSpec& spec, std::uint64_t seed,
                             std::uint64_t stream = kNetworkStream);

}  // namespace coordsim::model::network
