#include "model/network/generators.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "kernel/rng.hpp"
#include "model/network/edge_list.hpp"

namespace coordsim::model::network {
namespace {

__extension__ using U128 = unsigned __int128;

// Uniform in [0, n) for 64-bit n (multiply-shift; bias below n / 2^64).
std::uint64_t below64(kernel::Rng& rng, std::uint64_t n) noexcept {
  return static_cast<std::uint64_t>((static_cast<U128>(rng.next()) * n) >> 64);
}

void require(bool ok, const std::string& what) {
  if (!ok) throw GraphSpecError("network: " + what);
}

}  // namespace

std::vector<Edge> erdos_renyi_edges(std::uint32_t n, double p, std::uint64_t key) {
  std::vector<Edge> edges;
  if (n < 2 || p <= 0.0) return edges;
  std::uint64_t counter = 0;
  kernel::Rng rng(key, counter);
  if (p >= 1.0) {
    for (NodeId v = 1; v < n; ++v) {
      for (NodeId w = 0; w < v; ++w) edges.push_back({v, w});
    }
    return edges;
  }
  edges.reserve(static_cast<std::size_t>(p * 0.5 * n * (n - 1.0) * 1.05) + 16);
  // Walk the lower triangle (v, w < v) in row order, jumping a geometric number of pairs.
  const double log_q = std::log1p(-p);
  std::int64_t v = 1;
  std::int64_t w = -1;
  while (v < n) {
    const double skip = std::floor(std::log(kernel::to_unit_open0(rng.next())) / log_q);
    w += 1 + (skip > 4.0e18 ? static_cast<std::int64_t>(4.0e18) : static_cast<std::int64_t>(skip));
    while (w >= v && v < n) {
      w -= v;
      ++v;
    }
    if (v < n) edges.push_back({static_cast<NodeId>(v), static_cast<NodeId>(w)});
  }
  return edges;
}

std::vector<Edge> barabasi_albert_edges(std::uint32_t n, std::uint32_t m, std::uint64_t key) {
  std::vector<Edge> edges;
  if (m == 0 || n <= m) return edges;
  std::uint64_t counter = 0;
  kernel::Rng rng(key, counter);
  const std::uint64_t total = static_cast<std::uint64_t>(n - m) * m;
  edges.reserve(total);
  std::vector<NodeId> endpoints;  // each node once per incident edge: sampling it is by degree
  endpoints.reserve(2 * total);
  std::vector<NodeId> chosen(m);
  for (NodeId t = 0; t < m; ++t) chosen[t] = t;  // node m attaches to every seed node
  for (NodeId source = m; source < n; ++source) {
    if (source > m) {
      for (std::uint32_t i = 0; i < m; ++i) {
        NodeId t = 0;
        do {  // distinct targets; m is small, so a linear check is cheapest
          t = endpoints[below64(rng, endpoints.size())];
        } while (std::find(chosen.begin(), chosen.begin() + i, t) != chosen.begin() + i);
        chosen[i] = t;
      }
    }
    for (const NodeId t : chosen) {
      edges.push_back({source, t});
      endpoints.push_back(t);
      endpoints.push_back(source);
    }
  }
  return edges;
}

std::vector<Edge> watts_strogatz_edges(std::uint32_t n, std::uint32_t k, double rewire,
                                       std::uint64_t key) {
  std::vector<Edge> edges;
  if (n < 2 || k < 2) return edges;
  std::uint64_t counter = 0;
  kernel::Rng rng(key, counter);
  edges.reserve(static_cast<std::size_t>(n) * (k / 2));
  for (NodeId u = 0; u < n; ++u) {
    for (std::uint32_t j = 1; j <= k / 2; ++j) {
      NodeId v = static_cast<NodeId>((static_cast<std::uint64_t>(u) + j) % n);
      if (rng.bernoulli(rewire)) {
        do {
          v = static_cast<NodeId>(below64(rng, n));
        } while (v == u);
      }
      edges.push_back({u, v});
    }
  }
  return edges;
}

std::vector<Edge> power_law_edges(std::uint32_t n, double mean_degree, double exponent,
                                  std::uint64_t key) {
  std::vector<Edge> edges;
  if (n < 2 || mean_degree <= 0.0) return edges;
  std::uint64_t counter = 0;
  kernel::Rng rng(key, counter);
  // Cumulative weights: w_i = (i + 1)^-alpha with alpha = 1 / (exponent - 1) gives a degree
  // distribution with tail exponent `exponent`. The cap keeps every edge probability below one.
  const double alpha = 1.0 / (exponent - 1.0);
  std::vector<double> cumulative(n);
  double sum = 0.0;
  for (NodeId i = 0; i < n; ++i) {
    sum += std::pow(static_cast<double>(i) + 1.0, -alpha);
    cumulative[i] = sum;
  }
  const double scale = mean_degree * n / sum;
  const double cap = std::sqrt(mean_degree * n);
  sum = 0.0;
  double previous = 0.0;
  for (NodeId i = 0; i < n; ++i) {
    const double w = std::min((cumulative[i] - previous) * scale, cap);
    previous = cumulative[i];
    sum += w;
    cumulative[i] = sum;
  }
  const auto count = static_cast<std::uint64_t>(std::llround(mean_degree * n / 2.0));
  edges.reserve(count);
  auto pick = [&]() {
    const double x = rng.uniform() * sum;
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
    return static_cast<NodeId>(std::min<std::ptrdiff_t>(it - cumulative.begin(), n - 1));
  };
  for (std::uint64_t e = 0; e < count; ++e) {
    const NodeId u = pick();
    const NodeId v = pick();
    edges.push_back({u, v});
  }
  return edges;
}

Graph generate(const GraphSpec& spec, std::uint64_t seed, std::uint64_t stream) {
  const std::uint64_t key = kernel::stream_key(seed, stream);
  const std::uint32_t n = spec.nodes;
  switch (spec.kind) {
    case GraphKind::kErdosRenyi:
      require(std::isfinite(spec.mean_degree) && spec.mean_degree >= 0.0,
              "erdos_renyi needs mean_degree >= 0");
      require(n < 2 || spec.mean_degree <= n - 1.0, "erdos_renyi mean_degree must be <= nodes - 1");
      return Graph::from_edges(
          n, erdos_renyi_edges(n, n < 2 ? 0.0 : spec.mean_degree / (n - 1.0), key));
    case GraphKind::kBarabasiAlbert:
      require(spec.m >= 1 && spec.m < n, "barabasi_albert needs 1 <= m < nodes");
      return Graph::from_edges(n, barabasi_albert_edges(n, spec.m, key));
    case GraphKind::kWattsStrogatz:
      require(spec.k >= 2 && spec.k % 2 == 0 && spec.k < n,
              "watts_strogatz needs an even k, 2 <= k < nodes");
      require(spec.rewire >= 0.0 && spec.rewire <= 1.0, "watts_strogatz needs 0 <= rewire <= 1");
      return Graph::from_edges(n, watts_strogatz_edges(n, spec.k, spec.rewire, key));
    case GraphKind::kPowerLaw:
      require(std::isfinite(spec.exponent) && spec.exponent > 2.0, "power_law needs exponent > 2");
      require(std::isfinite(spec.mean_degree) && spec.mean_degree > 0.0 &&
                  (n < 2 || spec.mean_degree <= n - 1.0),
              "power_law needs 0 < mean_degree <= nodes - 1");
      return Graph::from_edges(n, power_law_edges(n, spec.mean_degree, spec.exponent, key));
    case GraphKind::kEdgeList: {
      require(!spec.path.empty(), "edge_list needs a path");
      EdgeList list = read_edge_list(spec.path, n);
      return Graph::from_edges(list.nodes, std::move(list.edges));
    }
  }
  throw GraphSpecError("network: unknown graph kind");
}

}  // namespace coordsim::model::network
