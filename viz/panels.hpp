#pragma once
// The panels of coordsim-viz, drawn from a snapshot with Dear ImGui. They need no renderer: the
// tests draw them with ImGui's null backend. What a panel decides (a click selects an agent, a
// button asks for a step) goes to the UI state and the controls, never to the world.
#include <imgui.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "viz/driver.hpp"
#include "viz/layout.hpp"
#include "viz/snapshot.hpp"

namespace coordsim::viz {

inline constexpr std::uint32_t kNone = 0xFFFFFFFFU;
/// Above this many agents the graph view draws a density map instead of single nodes (unless
/// the user picks otherwise).
inline constexpr std::uint32_t kDensityAbove = 50'000;
inline constexpr std::size_t kMaxPinned = 8;

struct UiState {
  Request request;
  std::uint32_t selected = kNone;
  int graph_mode = 0;      // 0: automatic, 1: nodes, 2: density
  float fade_s = 3600.0F;  // an interaction's edge fades out over this much simulated time
  float speed = 600.0F;
  bool as_fast = false;
  float stop_at_h = 0.0F;
  int seed = 0;
  std::uint32_t session = kNone;   // the session whose actions the inspector lists
  std::array<char, 160> branch{};  // the key=value of the next branch
  std::map<std::string, std::vector<std::uint8_t>> shown;  // per plot: series on or off
  // Where the graph view drew agent positions last frame: screen = centre + layout * half.
  ImVec2 graph_centre{0, 0};
  float graph_half = 0;
  double fps = 0;
  std::uint64_t frames = 0;
  // Derived plot series, recomputed when a new snapshot arrives.
  std::uint64_t derived_serial = 0;
  std::map<std::string, std::vector<double>> derived;
  // The window's cache of the drawn nodes (viz/main.cpp: an OpenGL texture): given what the
  // nodes depend on (`key`), the graph's rectangle and how to draw them into a draw list, it
  // returns the texture to show, redrawn only when the key or the rectangle changed. Unset (the
  // tests' null backend): the nodes are drawn into the window's draw list every frame.
  std::function<ImTextureID(std::uint64_t key, ImVec2 origin, ImVec2 size,
                            const std::function<void(ImDrawList*)>& draw)>
      node_cache;
};

/// Screen rectangles of the panels for a display size: where they open (and where the
/// screenshot tests look for them).
struct PanelRects {
  ImVec2 pos;
  ImVec2 size;
};
[[nodiscard]] PanelRects panel_rect(const char* name, ImVec2 display);
/// The panel names, in drawing order.
[[nodiscard]] std::span<const char* const> panel_names();

/// The colour of an agent kind (scenario::AgentKind) in the graph and the inspectors.
[[nodiscard]] ImU32 kind_colour(std::uint8_t kind);
[[nodiscard]] const char* kind_name(std::uint8_t kind);

/// A per-second rate from a cumulative column: (c[i] - c[i-1]) / (t[i] - t[i-1]); 0 at i = 0.
[[nodiscard]] std::vector<double> rate_of(std::span<const double> time_s,
                                          std::span<const double> cumulative);
/// The agent drawn nearest to `p` within `radius` pixels, or kNone. `x`, `y` are screen positions.
[[nodiscard]] std::uint32_t nearest(std::span<const float> x, std::span<const float> y, ImVec2 p,
                                    float radius);
/// Agents per cell of a `cells` x `cells` grid over [-1, 1]^2 (row-major, y down).
[[nodiscard]] std::vector<std::uint32_t> density(std::span<const float> x, std::span<const float> y,
                                                 int cells);
/// Selects agent `id`: pins it (oldest pin dropped beyond kMaxPinned) and shows the delegation
/// tree it belongs to.
void select_agent(UiState& ui, std::uint32_t id);

/// Draws every panel for one frame.
void draw_ui(const Snapshot& s, UiState& ui, Controls& controls, const Layout& layout,
             ImVec2 display);

}  // namespace coordsim::viz
