#pragma once
// An undirected graph over dense node ids, stored as compressed sparse rows (CSR): offsets[v] ..
// offsets[v + 1] index v's neighbours in one flat array, each undirected edge stored in both
// rows, each row sorted. Neighbour sampling is two loads and a random index.
//
// The storage is a Boost.Graph compressed_sparse_row_graph (see boost_graph.hpp), so Boost's
// algorithms run on it directly; this header keeps Boost out of its users.
//
// Memory: 8 bytes per node (64-bit offsets) + 10 bytes per undirected edge (two 32-bit neighbour
// entries and Boost's one-byte empty edge property per direction): 28 bytes per node at mean
// degree 4. Building peaks at about 2.5x that (the edge keys, then Boost's in-place sort inputs).
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace coordsim::model::network {

using NodeId = std::uint32_t;

struct Edge {
  NodeId u = 0;
  NodeId v = 0;
};

struct GraphStorage;  // the Boost CSR graph; defined in graph.cpp and boost_graph.hpp

class Graph {
 public:
  Graph();  // no nodes
  ~Graph();
  Graph(Graph&&) noexcept;
  Graph& operator=(Graph&&) noexcept;
  Graph(const Graph&) = delete;  // large: move it or share it
  Graph& operator=(const Graph&) = delete;

  /// Builds the simple graph of `edges`: self-loops and repeated edges (either orientation) are
  /// dropped. @throws std::out_of_range when an endpoint is >= nodes.
  [[nodiscard]] static Graph from_edges(std::uint32_t nodes, std::vector<Edge> edges);

  [[nodiscard]] std::uint32_t node_count() const noexcept {
    return static_cast<std::uint32_t>(offsets_.size() - 1);
  }
  [[nodiscard]] std::uint64_t edge_count() const noexcept { return neighbours_.size() / 2; }
  [[nodiscard]] std::uint32_t degree(NodeId v) const noexcept {
    return static_cast<std::uint32_t>(offsets_[v + 1] - offsets_[v]);
  }
  [[nodiscard]] std::span<const NodeId> neighbours(NodeId v) const noexcept {
    return neighbours_.subspan(offsets_[v], offsets_[v + 1] - offsets_[v]);
  }
  [[nodiscard]] bool has_edge(NodeId u, NodeId v) const noexcept;
  [[nodiscard]] double mean_degree() const noexcept;

  /// The raw CSR arrays (node_count() + 1 offsets; 2 * edge_count() neighbours).
  [[nodiscard]] std::span<const std::uint64_t> offsets() const noexcept { return offsets_; }
  [[nodiscard]] std::span<const NodeId> neighbour_array() const noexcept { return neighbours_; }
  /// Bytes held by the graph's arrays.
  [[nodiscard]] std::size_t memory_bytes() const noexcept;

  [[nodiscard]] const GraphStorage& storage() const noexcept { return *storage_; }

 private:
  explicit Graph(std::unique_ptr<GraphStorage> storage);
  void bind() noexcept;  // points the spans at the storage's arrays

  std::unique_ptr<GraphStorage> storage_;
  std::span<const std::uint64_t> offsets_;
  std::span<const NodeId> neighbours_;
};

}  // namespace coordsim::model::network
