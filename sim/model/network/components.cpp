#include "model/network/components.hpp"

#include <algorithm>
#include <numeric>

namespace coordsim::model::network {
namespace {

std::uint32_t root(std::vector<std::uint32_t>& parent, std::uint32_t v) noexcept {
  while (parent[v] != v) {
    parent[v] = parent[parent[v]];  // path halving
    v = parent[v];
  }
  return v;
}

}  // namespace

ComponentStats component_stats(const Graph& g, std::vector<std::uint32_t>* labels) {
  // Union-find over each undirected edge once (the row entries above the diagonal). About five
  // times faster than Boost's depth-first connected_components on a million nodes, and 8 bytes
  // per node; tests check that both agree.
  const std::uint32_t n = g.node_count();
  if (n == 0) return {};
  std::vector<std::uint32_t> parent(n);
  std::vector<std::uint32_t> size(n, 1);
  std::iota(parent.begin(), parent.end(), 0U);
  std::uint32_t components = n;
  for (NodeId u = 0; u < n; ++u) {
    for (const NodeId v : g.neighbours(u)) {
      if (v <= u) continue;
      std::uint32_t ru = root(parent, u);
      std::uint32_t rv = root(parent, v);
      if (ru == rv) continue;
      if (size[ru] < size[rv]) std::swap(ru, rv);
      parent[rv] = ru;
      size[ru] += size[rv];
      --components;
    }
  }
  std::uint32_t largest = 0;
  for (NodeId v = 0; v < n; ++v) {
    if (parent[v] == v) largest = std::max(largest, size[v]);
  }
  if (labels != nullptr) {
    // Number components in order of their first node; `size` is reused as the root -> label map.
    constexpr std::uint32_t kUnset = 0xFFFF'FFFFU;
    std::fill(size.begin(), size.end(), kUnset);
    labels->assign(n, 0);
    std::uint32_t next = 0;
    for (NodeId v = 0; v < n; ++v) {
      const std::uint32_t r = root(parent, v);
      if (size[r] == kUnset) size[r] = next++;
      (*labels)[v] = size[r];
    }
  }
  return {components, largest, static_cast<double>(largest) / static_cast<double>(n)};
}

}  // namespace coordsim::model::network
