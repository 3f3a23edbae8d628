#include "model/network/generators.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "model/network/components.hpp"

namespace coordsim::model::network {
namespace {

bool same_graph(const Graph& a, const Graph& b) {
  return std::ranges::equal(a.offsets(), b.offsets()) &&
         std::ranges::equal(a.neighbour_array(), b.neighbour_array());
}

GraphSpec spec_of(GraphKind kind, std::uint32_t nodes) {
  GraphSpec s;
  s.kind = kind;
  s.nodes = nodes;
  return s;
}

TEST(Generators, SameSeedSameGraphDifferentSeedDifferentGraph) {
  for (const GraphKind kind : {GraphKind::kErdosRenyi, GraphKind::kBarabasiAlbert,
                               GraphKind::kWattsStrogatz, GraphKind::kPowerLaw}) {
    SCOPED_TRACE(static_cast<int>(kind));
    const GraphSpec s = spec_of(kind, 2000);
    const Graph a = generate(s, 42);
    const Graph b = generate(s, 42);
    const Graph c = generate(s, 43);
    const Graph d = generate(s, 42, 7);
    EXPECT_TRUE(same_graph(a, b));
    for (NodeId v = 0; v < a.node_count(); ++v) {
      ASSERT_TRUE(std::ranges::is_sorted(a.neighbours(v)));  // has_edge relies on it
      ASSERT_EQ(std::ranges::adjacent_find(a.neighbours(v)), a.neighbours(v).end());
    }
    EXPECT_FALSE(same_graph(a, c));
    EXPECT_FALSE(same_graph(a, d));
  }
}

TEST(Generators, ErdosRenyiMeanDegreeAndEdgeCountMatchTheModelOverSeeds) {
  const std::uint32_t n = 20'000;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    GraphSpec s = spec_of(GraphKind::kErdosRenyi, n);
    s.mean_degree = 6.0;
    const Graph g = generate(s, seed);
    // Edges ~ Binomial(n(n-1)/2, p): mean n*d/2 = 60000, sd ~ 245; allow 5 sd.
    EXPECT_NEAR(static_cast<double>(g.edge_count()), 60'000.0, 5 * 245.0);
    // Degrees are about Poisson(6): the share of isolated nodes is about e^-6 = 0.25%.
    std::uint32_t isolated = 0;
    for (NodeId v = 0; v < n; ++v) isolated += g.degree(v) == 0 ? 1U : 0U;
    EXPECT_NEAR(isolated / static_cast<double>(n), std::exp(-6.0), 0.0015);
  }
}

TEST(Generators, ErdosRenyiExtremes) {
  GraphSpec s = spec_of(GraphKind::kErdosRenyi, 30);
  s.mean_degree = 29.0;  // p = 1: complete graph
  EXPECT_EQ(generate(s, 1).edge_count(), 30U * 29U / 2U);
  s.mean_degree = 0.0;
  EXPECT_EQ(generate(s, 1).edge_count(), 0U);
}

TEST(Generators, BarabasiAlbertHasMinDegreeMAndAHeavyTail) {
  GraphSpec s = spec_of(GraphKind::kBarabasiAlbert, 20'000);
  s.m = 3;
  const Graph g = generate(s, 5);
  EXPECT_EQ(g.edge_count(), static_cast<std::uint64_t>(20'000 - 3) * 3);  // m distinct per node
  EXPECT_NEAR(g.mean_degree(), 6.0, 0.01);
  std::uint32_t min_degree = 1'000'000;
  std::uint32_t max_degree = 0;
  for (NodeId v = 0; v < g.node_count(); ++v) {
    min_degree = std::min(min_degree, g.degree(v));
    max_degree = std::max(max_degree, g.degree(v));
  }
  EXPECT_EQ(min_degree, 3U);
  EXPECT_GT(max_degree, 100U);                   // hubs: ~ m * sqrt(n) ~ 400 expected
  EXPECT_EQ(component_stats(g).components, 1U);  // every new node attaches to the giant one
}

TEST(Generators, WattsStrogatzWithoutRewiringIsTheRingLattice) {
  GraphSpec s = spec_of(GraphKind::kWattsStrogatz, 1000);
  s.k = 6;
  s.rewire = 0.0;
  const Graph g = generate(s, 9);
  EXPECT_EQ(g.edge_count(), 3000U);
  for (NodeId v = 0; v < 1000; ++v) ASSERT_EQ(g.degree(v), 6U);
  EXPECT_TRUE(g.has_edge(0, 999));
  EXPECT_TRUE(g.has_edge(0, 3));
  EXPECT_FALSE(g.has_edge(0, 4));
}

TEST(Generators, WattsStrogatzRewiringKeepsTheMeanDegree) {
  GraphSpec s = spec_of(GraphKind::kWattsStrogatz, 20'000);
  s.k = 4;
  s.rewire = 0.3;
  const Graph g = generate(s, 11);
  EXPECT_NEAR(g.mean_degree(), 4.0, 0.01);  // only rare duplicates are dropped
  std::uint32_t lattice_edges = 0;
  for (NodeId v = 0; v < 20'000; ++v) lattice_edges += g.has_edge(v, (v + 1) % 20'000) ? 1U : 0U;
  EXPECT_NEAR(lattice_edges / 20'000.0, 0.7, 0.02);  // about 1 - rewire of the ring survives
}

TEST(Generators, PowerLawHitsTheMeanDegreeAndHasHubs) {
  GraphSpec s = spec_of(GraphKind::kPowerLaw, 50'000);
  s.mean_degree = 4.0;
  s.exponent = 2.5;
  const Graph g = generate(s, 3);
  EXPECT_NEAR(g.mean_degree(), 4.0, 0.2);  // a few percent lost to collapsed repeats
  EXPECT_LT(g.mean_degree(), 4.0);
  std::uint32_t max_degree = 0;
  for (NodeId v = 0; v < g.node_count(); ++v) max_degree = std::max(max_degree, g.degree(v));
  EXPECT_GT(max_degree, 100U);
}

TEST(Generators, InvalidSpecsThrow) {
  GraphSpec s = spec_of(GraphKind::kBarabasiAlbert, 5);
  s.m = 5;
  EXPECT_THROW((void)generate(s, 1), GraphSpecError);
  s = spec_of(GraphKind::kWattsStrogatz, 100);
  s.k = 3;
  EXPECT_THROW((void)generate(s, 1), GraphSpecError);
  s.k = 4;
  s.rewire = 1.5;
  EXPECT_THROW((void)generate(s, 1), GraphSpecError);
  s = spec_of(GraphKind::kPowerLaw, 100);
  s.exponent = 2.0;
  EXPECT_THROW((void)generate(s, 1), GraphSpecError);
  s = spec_of(GraphKind::kErdosRenyi, 10);
  s.mean_degree = 10.0;
  EXPECT_THROW((void)generate(s, 1), GraphSpecError);
  s = spec_of(GraphKind::kEdgeList, 10);
  EXPECT_THROW((void)generate(s, 1), GraphSpecError);
}

// Scale: a million nodes at mean degree 4. Prints the time and memory; asserts only structure.
TEST(Generators, AMillionNodes) {
  for (const GraphKind kind : {GraphKind::kErdosRenyi, GraphKind::kBarabasiAlbert}) {
    GraphSpec s = spec_of(kind, 1'000'000);
    s.mean_degree = 4.0;
    s.m = 2;
    const auto start = std::chrono::steady_clock::now();
    const Graph g = generate(s, 1);
    const ComponentStats c = component_stats(g);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    std::printf(
        "kind %d: 1e6 nodes, %llu edges, %u components, largest share %.4f, %.2f s, "
        "%.1f bytes/node\n",
        static_cast<int>(kind), static_cast<unsigned long long>(g.edge_count()), c.components,
        c.largest_share, took.count(), static_cast<double>(g.memory_bytes()) / g.node_count());
    EXPECT_EQ(g.node_count(), 1'000'000U);
    EXPECT_NEAR(g.mean_degree(), 4.0, 0.02);
    EXPECT_GT(c.largest_share, 0.9);  // mean degree 4 is far above the giant-component threshold
  }
}

}  // namespace
}  // namespace coordsim::model::network
