#include "viz/layout.hpp"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/fruchterman_reingold.hpp>
#include <boost/graph/random_layout.hpp>
#include <boost/graph/topology.hpp>
#include <boost/random/linear_congruential.hpp>
#include <cmath>

namespace coordsim::viz {

Layout::~Layout() {
  if (thread_.joinable()) thread_.join();
}

void Layout::start(std::uint32_t agents,
                   std::vector<std::pair<std::uint32_t, std::uint32_t>> edges) {
  x_.resize(agents);
  y_.resize(agents);
  // A golden-angle spiral: even density, neighbours in id order (groups) close together.
  for (std::uint32_t i = 0; i < agents; ++i) {
    const double r = std::sqrt((i + 0.5) / std::max(1U, agents));
    const double a = 2.399963229728653 * i;
    x_[i] = static_cast<float>(r * std::cos(a));
    y_[i] = static_cast<float>(r * std::sin(a));
  }
  thread_ = std::thread([this, agents, e = std::move(edges)] {
    compute(agents, e, next_x_, next_y_);
    done_ = true;
  });
}

bool Layout::poll() {
  if (!ready_ && done_) {
    thread_.join();
    x_ = std::move(next_x_);
    y_ = std::move(next_y_);
    ready_ = true;
  }
  return ready_;
}

void Layout::compute(std::uint32_t agents,
                     const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges,
                     std::vector<float>& x, std::vector<float>& y) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  using Topology = boost::square_topology<boost::minstd_rand>;
  using Point = Topology::point_type;
  Graph g(agents);
  for (const auto& [a, b] : edges) boost::add_edge(a, b, g);
  boost::minstd_rand gen(42);  // fixed: the same scenario always gets the same picture
  const double side = 10.0 * std::sqrt(static_cast<double>(std::max(1U, agents)));
  Topology topology(gen, side);
  std::vector<Point> position(agents);
  auto map =
      boost::make_iterator_property_map(position.begin(), boost::get(boost::vertex_index, g));
  boost::random_graph_layout(g, map, topology);
  if (agents > 1) {
    boost::fruchterman_reingold_force_directed_layout(
        g, map, topology, boost::cooling(boost::linear_cooling<double>(60)));
  }
  double lo_x = 1e300;
  double hi_x = -1e300;
  double lo_y = 1e300;
  double hi_y = -1e300;
  for (const auto& p : position) {
    lo_x = std::min(lo_x, p[0]);
    hi_x = std::max(hi_x, p[0]);
    lo_y = std::min(lo_y, p[1]);
    hi_y = std::max(hi_y, p[1]);
  }
  const double span = std::max({hi_x - lo_x, hi_y - lo_y, 1e-9});
  x.resize(agents);
  y.resize(agents);
  for (std::uint32_t i = 0; i < agents; ++i) {
    x[i] = static_cast<float>((position[i][0] - (lo_x + hi_x) / 2) / span * 2);
    y[i] = static_cast<float>((position[i][1] - (lo_y + hi_y) / 2) / span * 2);
  }
}

}  // namespace coordsim::viz
