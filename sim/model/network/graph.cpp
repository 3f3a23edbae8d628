#include "model/network/graph.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include "model/network/boost_graph.hpp"

namespace coordsim::model::network {
namespace {

// Walks CSR arrays as the (source, target) pairs, in row order, that Boost's sorted-edges
// constructor reads (it needs ++, != and ->first / ->second).
struct SortedEdgeIterator {
  const std::vector<std::uint64_t>* offsets;
  const std::vector<NodeId>* columns;
  NodeId row;
  std::size_t at;
  std::pair<NodeId, NodeId> current{};

  // Skips rows with no entries left, so that `row` is the source of entry `at`.
  SortedEdgeIterator normalised() const {
    SortedEdgeIterator it = *this;
    while (it.at < it.columns->size() && (*it.offsets)[it.row + 1] <= it.at) ++it.row;
    return it;
  }
  SortedEdgeIterator& operator++() {
    ++at;
    *this = normalised();
    return *this;
  }
  const std::pair<NodeId, NodeId>* operator->() {
    current = {row, (*columns)[at]};
    return &current;
  }
  bool operator!=(const SortedEdgeIterator& o) const { return at != o.at; }
};

}  // namespace

Graph::Graph() : Graph(std::make_unique<GraphStorage>(GraphStorage{BoostCsr()})) {}
Graph::~Graph() = default;
Graph::Graph(Graph&&) noexcept = default;
Graph& Graph::operator=(Graph&&) noexcept = default;

Graph::Graph(std::unique_ptr<GraphStorage> storage) : storage_(std::move(storage)) { bind(); }

void Graph::bind() noexcept {
  offsets_ = storage_->csr.m_forward.m_rowstart;
  neighbours_ = storage_->csr.m_forward.m_column;
}

Graph Graph::from_edges(std::uint32_t nodes, std::vector<Edge> edges) {
  // Canonical (min, max) keys, sorted and deduplicated: one entry per undirected edge.
  std::vector<std::uint64_t> keys;
  keys.reserve(edges.size());
  for (const Edge& e : edges) {
    if (e.u >= nodes || e.v >= nodes) {
      throw std::out_of_range("graph: edge (" + std::to_string(e.u) + ", " + std::to_string(e.v) +
                              ") names a node >= " + std::to_string(nodes));
    }
    if (e.u == e.v) continue;
    const NodeId a = std::min(e.u, e.v);
    const NodeId b = std::max(e.u, e.v);
    keys.push_back((static_cast<std::uint64_t>(a) << 32) | b);
  }
  edges.clear();
  edges.shrink_to_fit();
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  // CSR by counting sort. Walking the keys in (min, max) order appends to every row first its
  // smaller neighbours, then its larger ones, each in increasing order: rows come out sorted.
  std::vector<std::uint64_t> offsets(static_cast<std::size_t>(nodes) + 1, 0);
  for (const std::uint64_t k : keys) {
    ++offsets[(k >> 32) + 1];
    ++offsets[(k & 0xFFFF'FFFFULL) + 1];
  }
  for (std::size_t v = 1; v < offsets.size(); ++v) offsets[v] += offsets[v - 1];
  std::vector<NodeId> columns(2 * keys.size());
  {
    std::vector<std::uint64_t> cursor(offsets.begin(), offsets.end() - 1);
    for (const std::uint64_t k : keys) {
      const auto a = static_cast<NodeId>(k >> 32);
      const auto b = static_cast<NodeId>(k & 0xFFFF'FFFFULL);
      columns[cursor[a]++] = b;
      columns[cursor[b]++] = a;
    }
  }
  keys.clear();
  keys.shrink_to_fit();
  // Boost copies the rows from a sorted (source, target) sequence in one linear pass.
  const SortedEdgeIterator begin{&offsets, &columns, 0, 0};
  const SortedEdgeIterator end{&offsets, &columns, nodes, columns.size()};
  auto storage = std::make_unique<GraphStorage>(GraphStorage{
      BoostCsr(boost::edges_are_sorted, begin.normalised(), end, nodes, columns.size())});
  return Graph(std::move(storage));
}

bool Graph::has_edge(NodeId u, NodeId v) const noexcept {
  if (u >= node_count() || v >= node_count()) return false;
  const auto row = neighbours(u);
  return std::binary_search(row.begin(), row.end(), v);
}

double Graph::mean_degree() const noexcept {
  if (node_count() == 0) return 0.0;
  return static_cast<double>(neighbours_.size()) / static_cast<double>(node_count());
}

std::size_t Graph::memory_bytes() const noexcept {
  // The CSR arrays plus Boost's per-directed-edge property slot (an empty struct, one byte).
  return offsets_.size() * sizeof(std::uint64_t) + neighbours_.size() * (sizeof(NodeId) + 1);
}

}  // namespace coordsim::model::network
