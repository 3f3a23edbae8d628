#include "model/network/interaction_graph.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "kernel/rng.hpp"
#include "model/network/components.hpp"
#include "model/network/graph.hpp"

namespace coordsim::model::network {
namespace {

using kernel::AgentId;

TEST(InteractionGraph, TracksComponentsAsTradesHappen) {
  InteractionGraph g(6);
  EXPECT_EQ(g.components(), 6U);
  EXPECT_EQ(g.largest_component(), 1U);
  EXPECT_EQ(g.active_components(), 0U);
  EXPECT_TRUE(g.record(AgentId{0}, AgentId{1}));
  EXPECT_TRUE(g.record(AgentId{2}, AgentId{3}));
  EXPECT_FALSE(g.record(AgentId{1}, AgentId{0}));  // repeat trade: no change
  EXPECT_EQ(g.components(), 4U);
  EXPECT_EQ(g.active_nodes(), 4U);
  EXPECT_EQ(g.active_components(), 2U);
  EXPECT_EQ(g.largest_component(), 2U);
  EXPECT_TRUE(g.record(AgentId{3}, AgentId{1}));
  EXPECT_EQ(g.components(), 3U);
  EXPECT_EQ(g.active_components(), 1U);
  EXPECT_EQ(g.largest_component(), 4U);
  EXPECT_DOUBLE_EQ(g.largest_share(), 4.0 / 6.0);
  EXPECT_TRUE(g.connected(AgentId{0}, AgentId{2}));
  EXPECT_FALSE(g.connected(AgentId{0}, AgentId{5}));
  EXPECT_EQ(g.component_size(AgentId{2}), 4U);
  EXPECT_FALSE(g.record(AgentId{5}, AgentId{5}));  // activates 5, joins nothing
  EXPECT_EQ(g.active_components(), 2U);
  EXPECT_EQ(g.components(), 3U);
  EXPECT_EQ(g.interactions(), 5U);
}

TEST(InteractionGraph, AgreesWithBoostComponentsOverSeeds) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 21), counter);
    const std::uint32_t n = 50 + rng.below(2000);
    const std::uint32_t trades = rng.below(2 * n);
    InteractionGraph ig(n);
    std::vector<Edge> edges;
    std::uint32_t largest_seen = 0;
    for (std::uint32_t t = 0; t < trades; ++t) {
      const NodeId a = rng.below(n);
      const NodeId b = rng.below(n);
      ig.record(AgentId{a}, AgentId{b});
      edges.push_back({a, b});
      ASSERT_GE(ig.largest_component(), largest_seen);  // monotone
      largest_seen = ig.largest_component();
    }
    const ComponentStats s = component_stats(Graph::from_edges(n, edges));
    EXPECT_EQ(ig.components(), s.components);
    EXPECT_EQ(ig.largest_component(), s.largest);
    EXPECT_DOUBLE_EQ(ig.largest_share(), s.largest_share);
  }
}

}  // namespace
}  // namespace coordsim::model::network
