#pragma once
// Where each agent sits in the graph view: Boost.Graph's Fruchterman-Reingold force-directed
// layout of the scenario's network, computed once on its own thread. Until it is ready the view
// uses a cheap placement (agents on a spiral, grouped by id), so the screen never waits.
//
// Boost's layout costs far more than linear time in practice (about 5 s for 1,000 nodes and a
// minute for 3,000 on this machine under load), so only the kForceNodes best-connected agents
// are laid out by force; every other agent sits beside one of its laid-out neighbours (or on
// the spiral's rim if it has none). Closing the window cancels a layout still running.
#include <atomic>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

namespace coordsim::viz {

class Layout {
 public:
  Layout() = default;
  ~Layout();
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;

  /// Places `agents` on the spiral now and starts the force-directed layout on a thread.
  void start(std::uint32_t agents, std::vector<std::pair<std::uint32_t, std::uint32_t>> edges);
  /// Whether the force-directed positions replaced the spiral (call from the screen thread; the
  /// switch happens there, so positions never change under a reader).
  bool poll();
  [[nodiscard]] bool ready() const noexcept { return ready_; }
  /// Positions in [-1, 1]^2, one per agent.
  [[nodiscard]] const std::vector<float>& x() const noexcept { return x_; }
  [[nodiscard]] const std::vector<float>& y() const noexcept { return y_; }

  /// The force-directed layout itself (deterministic: a fixed generator seed), normalised to
  /// [-1, 1]^2. Exposed for tests.
  static void compute(std::uint32_t agents,
                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& edges,
                      std::vector<float>& x, std::vector<float>& y,
                      const std::atomic<bool>* cancel = nullptr);
  static constexpr std::uint32_t kForceNodes = 600;

 private:
  std::vector<float> x_;
  std::vector<float> y_;
  std::vector<float> next_x_;
  std::vector<float> next_y_;
  std::atomic<bool> done_{false};
  std::atomic<bool> cancel_{false};
  bool ready_ = false;
  std::thread thread_;
};

}  // namespace coordsim::viz
