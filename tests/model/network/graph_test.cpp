#include "model/network/graph.hpp"

#include <gtest/gtest.h>

#include <boost/graph/connected_components.hpp>

#include <algorithm>
#include <vector>

#include "model/network/boost_graph.hpp"
#include "model/network/components.hpp"

namespace coordsim::model::network {
namespace {

TEST(Graph, FromEdgesDropsSelfLoopsAndDuplicatesAndSortsRows) {
  const Graph g = Graph::from_edges(5, {{0, 3}, {3, 0}, {2, 2}, {0, 1}, {4, 0}, {1, 0}, {3, 1}});
  EXPECT_EQ(g.node_count(), 5U);
  EXPECT_EQ(g.edge_count(), 4U);  // {0,1} {0,3} {0,4} {1,3}
  const std::vector<NodeId> row0(g.neighbours(0).begin(), g.neighbours(0).end());
  EXPECT_EQ(row0, (std::vector<NodeId>{1, 3, 4}));
  EXPECT_EQ(g.degree(2), 0U);
  EXPECT_EQ(g.degree(3), 2U);
  EXPECT_TRUE(g.has_edge(3, 1));
  EXPECT_TRUE(g.has_edge(1, 3));
  EXPECT_FALSE(g.has_edge(2, 2));
  EXPECT_FALSE(g.has_edge(1, 4));
  EXPECT_FALSE(g.has_edge(1, 99));
  EXPECT_DOUBLE_EQ(g.mean_degree(), 8.0 / 5.0);
  EXPECT_EQ(g.offsets().size(), 6U);
  EXPECT_EQ(g.offsets().back(), 8U);
  EXPECT_EQ(g.neighbour_array().size(), 8U);
  EXPECT_EQ(boost::num_vertices(boost_graph(g)), 5U);
  EXPECT_EQ(boost::num_edges(boost_graph(g)), 8U);  // both directions
  EXPECT_EQ(g.memory_bytes(), 6 * 8U + 8 * 5U);
}

TEST(Graph, RejectsEndpointsOutOfRange) {
  EXPECT_THROW((void)Graph::from_edges(3, {{0, 3}}), std::out_of_range);
}

TEST(Graph, EmptyAndMoved) {
  Graph empty;
  EXPECT_EQ(empty.node_count(), 0U);
  EXPECT_EQ(empty.edge_count(), 0U);
  EXPECT_EQ(component_stats(empty).components, 0U);
  Graph g = Graph::from_edges(3, {{0, 1}});
  Graph moved = std::move(g);
  EXPECT_TRUE(moved.has_edge(1, 0));
}

TEST(Components, CountsAndLargestShareOnHandBuiltGraphs) {
  // triangle {0,1,2}, path {3,4,5,6}, pair {7,8}, isolated 9
  const Graph g = Graph::from_edges(10, {{0, 1}, {1, 2}, {2, 0}, {3, 4}, {5, 4}, {6, 5}, {8, 7}});
  std::vector<std::uint32_t> labels;
  const ComponentStats s = component_stats(g, &labels);
  EXPECT_EQ(s.components, 4U);
  EXPECT_EQ(s.largest, 4U);
  EXPECT_DOUBLE_EQ(s.largest_share, 0.4);
  ASSERT_EQ(labels.size(), 10U);
  EXPECT_EQ(labels[0], labels[2]);
  EXPECT_EQ(labels[3], labels[6]);
  EXPECT_NE(labels[0], labels[3]);
  EXPECT_NE(labels[9], labels[8]);
  const Graph none = Graph::from_edges(4, {});
  EXPECT_EQ(component_stats(none).components, 4U);
  EXPECT_DOUBLE_EQ(component_stats(none).largest_share, 0.25);
  const Graph star = Graph::from_edges(4, {{0, 1}, {0, 2}, {0, 3}});
  EXPECT_EQ(component_stats(star).components, 1U);
  EXPECT_DOUBLE_EQ(component_stats(star).largest_share, 1.0);
}

TEST(Components, AgreeWithBoostConnectedComponents) {
  // Random sparse graphs around the giant-component threshold (mean degree 0.5 .. 2).
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const std::uint32_t n = 3000;
    std::vector<Edge> edges;
    std::uint64_t x = seed;
    for (std::uint32_t i = 0; i < n * seed / 20 + n / 4; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;  // a fixed LCG: test data only
      edges.push_back({static_cast<NodeId>((x >> 33) % n), static_cast<NodeId>((x >> 13) % n)});
    }
    const Graph g = Graph::from_edges(n, edges);
    std::vector<std::uint32_t> ours;
    const ComponentStats s = component_stats(g, &ours);
    std::vector<std::uint32_t> theirs(n);
    const BoostCsr& csr = boost_graph(g);
    const auto count = boost::connected_components(
        csr,
        boost::make_iterator_property_map(theirs.begin(), boost::get(boost::vertex_index, csr)));
    ASSERT_EQ(s.components, count);
    // Same partition: u and v share a label in one labelling iff they do in the other.
    std::vector<std::uint32_t> map(count, 0xFFFFFFFFU);
    for (NodeId v = 0; v < n; ++v) {
      if (map[theirs[v]] == 0xFFFFFFFFU) map[theirs[v]] = ours[v];
      ASSERT_EQ(map[theirs[v]], ours[v]);
    }
    std::vector<std::uint32_t> sizes(count, 0);
    for (const std::uint32_t c : theirs) ++sizes[c];
    EXPECT_EQ(s.largest, *std::max_element(sizes.begin(), sizes.end()));
  }
}

}  // namespace
}  // namespace coordsim::model::network
