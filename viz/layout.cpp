#include "viz/layout.hpp"

#include <pthread.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/fruchterman_reingold.hpp>
#include <boost/graph/random_layout.hpp>
#include <boost/graph/topology.hpp>
#include <boost/random/linear_congruential.hpp>
#include <cmath>

namespace coordsim::viz {

namespace {

// Boost's linear cooling, ended early on request: the layout loop stops at a zero temperature.
struct Cooling {
  const std::atomic<bool>* cancel;
  boost::linear_cooling<double> base;
  double operator()() { return cancel != nullptr && cancel->load() ? 0.0 : base(); }
};

// A deterministic offset in [-1, 1] from an id (no generator state to share).
double jitter(std::uint32_t id, std::uint32_t salt) {
  std::uint64_t h = (static_cast<std::uint64_t>(id) << 32U | salt) * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29U;
  return static_cast<double>(h % 20001U) / 10000.0 - 1.0;
}

}  // namespace

constexpr std::uint32_t kNoSlot = 0xFFFFFFFFU;

Layout::~Layout() {
  cancel_ = true;
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
    pthread_setname_np(pthread_self(), "coordsim-layout");  // told apart in a profile
    compute(agents, e, next_x_, next_y_, &cancel_);
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
                     std::vector<float>& x, std::vector<float>& y,
                     const std::atomic<bool>* cancel) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  using Topology = boost::square_topology<boost::minstd_rand>;
  using Point = Topology::point_type;
  // The kForceNodes agents of highest degree (ties: lower id) are laid out by force.
  std::vector<std::uint32_t> degree(agents, 0);
  for (const auto& [a, b] : edges) {
    ++degree[a];
    ++degree[b];
  }
  std::vector<std::uint32_t> order(agents);
  for (std::uint32_t i = 0; i < agents; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return degree[a] > degree[b]; });
  const std::uint32_t forced = std::min(agents, kForceNodes);
  std::vector<std::uint32_t> slot(agents, kNoSlot);
  for (std::uint32_t i = 0; i < forced; ++i) slot[order[i]] = i;

  Graph g(forced);
  for (const auto& [a, b] : edges) {
    if (slot[a] != kNoSlot && slot[b] != kNoSlot) boost::add_edge(slot[a], slot[b], g);
  }
  boost::minstd_rand gen(42);  // fixed: the same scenario always gets the same picture
  const double side = 10.0 * std::sqrt(static_cast<double>(std::max(1U, forced)));
  Topology topology(gen, side);
  std::vector<Point> position(forced);
  auto map =
      boost::make_iterator_property_map(position.begin(), boost::get(boost::vertex_index, g));
  boost::random_graph_layout(g, map, topology);
  if (forced > 1) {
    boost::fruchterman_reingold_force_directed_layout(
        g, map, topology, boost::cooling(Cooling{cancel, boost::linear_cooling<double>(60)}));
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
  x.assign(agents, 0.0F);
  y.assign(agents, 0.0F);
  for (std::uint32_t i = 0; i < agents; ++i) {
    if (slot[i] == kNoSlot) continue;
    x[i] = static_cast<float>((position[slot[i]][0] - (lo_x + hi_x) / 2) / span * 1.8);
    y[i] = static_cast<float>((position[slot[i]][1] - (lo_y + hi_y) / 2) / span * 1.8);
  }
  // The others: beside their first laid-out neighbour, else around the rim.
  std::vector<std::uint32_t> anchor(agents, kNoSlot);
  for (const auto& [a, b] : edges) {
    if (slot[a] == kNoSlot && slot[b] != kNoSlot && anchor[a] == kNoSlot) anchor[a] = b;
    if (slot[b] == kNoSlot && slot[a] != kNoSlot && anchor[b] == kNoSlot) anchor[b] = a;
  }
  const double near = 1.6 / std::sqrt(static_cast<double>(std::max(1U, forced)));
  for (std::uint32_t i = 0; i < agents; ++i) {
    if (slot[i] != kNoSlot) continue;
    if (anchor[i] != kNoSlot) {
      x[i] = std::clamp(static_cast<float>(static_cast<double>(x[anchor[i]]) + near * jitter(i, 1)),
                        -1.0F, 1.0F);
      y[i] = std::clamp(static_cast<float>(static_cast<double>(y[anchor[i]]) + near * jitter(i, 2)),
                        -1.0F, 1.0F);
    } else {
      const double a = 3.14159265358979 * jitter(i, 3);
      const double r = 0.93 + 0.06 * jitter(i, 4);
      x[i] = static_cast<float>(r * std::cos(a));
      y[i] = static_cast<float>(r * std::sin(a));
    }
  }
}

}  // namespace coordsim::viz
