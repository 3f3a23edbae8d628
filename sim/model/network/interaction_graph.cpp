#include "model/network/interaction_graph.hpp"

#include <cassert>
#include <numeric>

namespace coordsim::model::network {

InteractionGraph::InteractionGraph(std::uint32_t nodes)
    : parent_(nodes),
      size_(nodes, 1),
      active_(nodes, 0),
      components_(nodes),
      largest_(nodes > 0 ? 1 : 0) {
  std::iota(parent_.begin(), parent_.end(), 0U);
}

std::uint32_t InteractionGraph::root(std::uint32_t v) noexcept {
  while (parent_[v] != v) {
    parent_[v] = parent_[parent_[v]];  // path halving: every other node points to its grandparent
    v = parent_[v];
  }
  return v;
}

void InteractionGraph::activate(std::uint32_t v) noexcept {
  if (active_[v] == 0) {
    active_[v] = 1;
    ++active_nodes_;
  }
}

bool InteractionGraph::record(kernel::AgentId a, kernel::AgentId b) {
  assert(a.value() < node_count() && b.value() < node_count());
  ++interactions_;
  activate(a.value());
  activate(b.value());
  std::uint32_t ra = root(a.value());
  std::uint32_t rb = root(b.value());
  if (ra == rb) return false;
  if (size_[ra] < size_[rb]) std::swap(ra, rb);
  parent_[rb] = ra;
  size_[ra] += size_[rb];
  if (size_[ra] > largest_) largest_ = size_[ra];
  --components_;
  ++joins_;
  return true;
}

double InteractionGraph::largest_share() const noexcept {
  return parent_.empty() ? 0.0
                         : static_cast<double>(largest_) / static_cast<double>(parent_.size());
}

bool InteractionGraph::connected(kernel::AgentId a, kernel::AgentId b) noexcept {
  return root(a.value()) == root(b.value());
}

namespace {
constexpr std::uint32_t kGraphTag = 0x554E4644;  // "UNFD"
}  // namespace

void InteractionGraph::save(kernel::ArchiveWriter& out) const {
  // Saved in a canonical form: every node points straight at the smallest node of its component,
  // which holds the component's size. The trees themselves depend on the order of the unions,
  // which depends on where a run folded its interactions (its barriers): a live run pauses
  // wherever its viewer does, run() where its slices end. The partition does not, so two runs
  // with the same components save the same bytes (run/live.hpp records run()'s checkpoints).
  const auto n = static_cast<std::uint32_t>(parent_.size());
  constexpr std::uint32_t kUnset = ~std::uint32_t{0};
  std::vector<std::uint32_t> smallest(n, kUnset);  // by root
  std::vector<std::uint32_t> parent(n);
  std::vector<std::uint32_t> size(n, 1);
  for (std::uint32_t v = 0; v < n; ++v) {
    std::uint32_t r = v;
    while (parent_[r] != r) r = parent_[r];
    if (smallest[r] == kUnset) {
      smallest[r] = v;
      size[v] = size_[r];
    }
    parent[v] = smallest[r];
  }
  out.tag(kGraphTag);
  out.vec(parent);
  out.vec(size);
  out.vec(active_);
  out.pod(interactions_);
  out.pod(components_);
  out.pod(largest_);
  out.pod(active_nodes_);
  out.pod(joins_);
}

void InteractionGraph::load(kernel::ArchiveReader& in) {
  in.expect_tag(kGraphTag, "interaction graph");
  const std::size_t n = parent_.size();
  in.vec_exact(parent_, n, "interaction graph");
  in.vec_exact(size_, n, "interaction graph");
  in.vec_exact(active_, n, "interaction graph");
  in.pod(interactions_);
  in.pod(components_);
  in.pod(largest_);
  in.pod(active_nodes_);
  in.pod(joins_);
  for (const std::uint32_t p : parent_)
    kernel::ArchiveReader::require(p < n, "interaction graph parent");
  // Union by size keeps every tree shallower than log2(n) + 1 and path halving only shortens
  // paths, so a longer walk means a cycle: refuse it rather than loop in root().
  for (std::uint32_t v = 0; v < n; ++v) {
    std::uint32_t u = v;
    for (int depth = 0; parent_[u] != u; ++depth) {
      kernel::ArchiveReader::require(depth < 64, "interaction graph has a cycle");
      u = parent_[u];
    }
  }
}

}  // namespace coordsim::model::network
