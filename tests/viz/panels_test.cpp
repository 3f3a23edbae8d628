// The panels under ImGui's null backend, drawn from a real run: where they open, what a click in
// the graph selects, what the density view counts, and the derived plot series.
#include <gtest/gtest.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdint>
#include <functional>

#include "support.hpp"
#include "viz/panels.hpp"

namespace coordsim::viz::test {
namespace {

struct Frame {
  const Snapshot& snapshot;
  UiState& ui;
  Controls& controls;
  const Layout& layout;
  void draw() const {
    ImGui::NewFrame();
    draw_ui(snapshot, ui, controls, layout, ImGui::GetIO().DisplaySize);
    ImGui::Render();
  }
};

class Panels : public ::testing::Test {
 protected:
  Panels() : live_(quickstart()) {
    live_.advance_to(hours(live_, 4));
    fill(snapshot_, live_, {});
    snapshot_.serial = 1;
    layout_.start(live_.world().agent_count(), {});
  }
  run::LiveRun live_;
  Snapshot snapshot_;
  Layout layout_;
  Controls controls_;
  UiState ui_;
};

TEST_F(Panels, OpenWhereTheLayoutSays) {
  NullImGui imgui;
  const Frame frame{snapshot_, ui_, controls_, layout_};
  frame.draw();
  frame.draw();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  for (const char* name : panel_names()) {
    const ImGuiWindow* w = ImGui::FindWindowByName(name);
    ASSERT_NE(w, nullptr) << name;
    const PanelRects r = panel_rect(name, display);
    // ImGui keeps window positions on whole pixels.
    EXPECT_NEAR(w->Pos.x, r.pos.x, 1.0F) << name;
    EXPECT_NEAR(w->Pos.y, r.pos.y, 1.0F) << name;
    EXPECT_NEAR(w->Size.x, r.size.x, 1.0F) << name;
    // Panels tile the display: inside it, and no two overlap.
    EXPECT_LE(r.pos.x + r.size.x, display.x + 0.5F) << name;
    EXPECT_LE(r.pos.y + r.size.y, display.y + 0.5F) << name;
    for (const char* other : panel_names()) {
      if (std::string_view(other) == name) continue;
      const PanelRects o = panel_rect(other, display);
      const bool apart =
          r.pos.x + r.size.x <= o.pos.x + 0.5F || o.pos.x + o.size.x <= r.pos.x + 0.5F ||
          r.pos.y + r.size.y <= o.pos.y + 0.5F || o.pos.y + o.size.y <= r.pos.y + 0.5F;
      EXPECT_TRUE(apart) << name << " overlaps " << other;
    }
  }
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 1000);
}

TEST_F(Panels, ClickOnAnAgentPinsItAndShowsItsTree) {
  NullImGui imgui;
  const Frame frame{snapshot_, ui_, controls_, layout_};
  frame.draw();
  const std::uint32_t agent =
      live_.world().population().of_kind(scenario::AgentKind::kAiAgent)[3].value();
  const ImVec2 at(ui_.graph_centre.x + layout_.x()[agent] * ui_.graph_half,
                  ui_.graph_centre.y + layout_.y()[agent] * ui_.graph_half);
  ASSERT_EQ(nearest(std::vector<float>{at.x}, std::vector<float>{at.y}, at, 1.0F), 0U);
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = at;
  frame.draw();  // hover first, as a user would
  io.MouseDown[0] = true;
  frame.draw();
  io.MouseDown[0] = false;
  frame.draw();
  // The spiral places agents apart by more than the pick radius at this size, so the click
  // found exactly this one.
  EXPECT_EQ(ui_.selected, agent);
  ASSERT_EQ(ui_.request.pinned.size(), 1U);
  EXPECT_EQ(ui_.request.pinned[0], agent);
  EXPECT_EQ(controls_.request().pinned, ui_.request.pinned);
  EXPECT_EQ(controls_.request().principal, agent);

  // The next snapshot carries the pinned agent and its principal's tree; the panels draw them.
  fill(snapshot_, live_, controls_.request());
  snapshot_.serial = 2;
  ASSERT_EQ(snapshot_.pinned.size(), 1U);
  EXPECT_EQ(snapshot_.principal,
            live_.world().population().principal_of(kernel::AgentId{agent}).value());
  EXPECT_FALSE(snapshot_.sessions.empty());
  io.MousePos = ImVec2(-1, -1);
  frame.draw();
}

// The node cache is asked to redraw (a new key) when what the nodes show changes, not when a
// balance moves by less than a drawn quarter pixel; and the cached picture is drawn over every
// node (the tiles it is cut into cover them all).
TEST_F(Panels, NodeCacheKeyFollowsWhatIsDrawn) {
  NullImGui imgui;
  std::vector<std::uint64_t> keys;
  int draws = 0;
  ui_.node_cache = [&](std::uint64_t key, ImVec2 /*origin*/, ImVec2 /*size*/,
                       const std::function<void(ImDrawList*)>& /*draw*/) {
    keys.push_back(key);
    ++draws;
    return reinterpret_cast<ImTextureID>(  // NOLINT(performance-no-int-to-ptr)
        static_cast<std::uintptr_t>(7));
  };
  const Frame frame{snapshot_, ui_, controls_, layout_};
  frame.draw();
  frame.draw();
  ASSERT_EQ(draws, 2);
  EXPECT_EQ(keys[0], keys[1]);
  // Every node lies inside an image quad of the graph window's draw list.
  const ImGuiWindow* w = ImGui::FindWindowByName("Interaction graph");
  ASSERT_NE(w, nullptr);
  std::vector<std::pair<ImVec2, ImVec2>> quads;
  const ImDrawList& dl = *w->DrawList;
  for (const ImDrawCmd& cmd : dl.CmdBuffer) {
    if (cmd.TextureId != reinterpret_cast<ImTextureID>(  // NOLINT(performance-no-int-to-ptr)
                             static_cast<std::uintptr_t>(7))) {
      continue;
    }
    for (unsigned k = 0; k + 3 < cmd.ElemCount; k += 6) {
      const auto vertex = [&](unsigned e) {
        return dl.VtxBuffer[static_cast<int>(cmd.VtxOffset + dl.IdxBuffer[static_cast<int>(e)])]
            .pos;
      };
      const ImVec2 a = vertex(cmd.IdxOffset + k);
      const ImVec2 b = vertex(cmd.IdxOffset + k + 2);
      quads.emplace_back(a, b);
    }
  }
  ASSERT_FALSE(quads.empty());
  for (std::uint32_t i = 0; i < snapshot_.kind.size(); ++i) {
    const float x = ui_.graph_centre.x + layout_.x()[i] * ui_.graph_half;
    const float y = ui_.graph_centre.y + layout_.y()[i] * ui_.graph_half;
    const bool covered = std::any_of(quads.begin(), quads.end(), [&](const auto& q) {
      return x >= q.first.x && x <= q.second.x && y >= q.first.y && y <= q.second.y;
    });
    EXPECT_TRUE(covered) << "agent " << i << " at " << x << "," << y;
  }
  // A balance moved by a token in a million: the same drawn size, no redraw.
  const auto rich =
      static_cast<std::size_t>(std::max_element(snapshot_.wealth.begin(), snapshot_.wealth.end()) -
                               snapshot_.wealth.begin());
  snapshot_.wealth[rich] *= 1.000001F;
  frame.draw();
  EXPECT_EQ(keys[2], keys[0]);
  // A tenfold balance changes the drawn size: redrawn.
  snapshot_.wealth[rich] = snapshot_.wealth[rich] * 10 + 100;
  frame.draw();
  EXPECT_NE(keys[3], keys[0]);
  ui_.node_cache = nullptr;
}

TEST_F(Panels, PinsAreBounded) {
  for (std::uint32_t i = 0; i < kMaxPinned + 3; ++i) select_agent(ui_, i);
  ASSERT_EQ(ui_.request.pinned.size(), kMaxPinned);
  EXPECT_EQ(ui_.request.pinned.front(), 3U);  // the oldest went first
  select_agent(ui_, 5);                       // already pinned: not twice
  EXPECT_EQ(ui_.request.pinned.size(), kMaxPinned);
}

TEST(PanelLogic, DensityCountsEveryAgentOnce) {
  const std::vector<float> x{-1.0F, -0.99F, 0.0F, 0.999F, 1.0F, 2.0F};
  const std::vector<float> y{-1.0F, -0.99F, 0.0F, 0.999F, 1.0F, -3.0F};
  const auto grid = density(x, y, 4);
  std::uint32_t total = 0;
  for (const auto c : grid) total += c;
  EXPECT_EQ(total, x.size());
  EXPECT_EQ(grid[0], 2U);          // the two near (-1, -1)
  EXPECT_EQ(grid[2 * 4 + 2], 1U);  // the centre
  EXPECT_EQ(grid[3 * 4 + 3], 2U);  // (1, 1) and just below it
  EXPECT_EQ(grid[0 * 4 + 3], 1U);  // (2, -3) clamped to the corner
}

TEST(PanelLogic, ResolvedValueReadsTheCanonicalScenario) {
  const scenario::Spec spec = quickstart();
  EXPECT_EQ(resolved_value(spec.yaml(), "incentives.publish_fee"), "10");
  EXPECT_EQ(resolved_value(spec.yaml(), "sessions.caps.per_period"), "50");
  EXPECT_EQ(resolved_value(spec.yaml(), "sessions.default_ttl"), "1h");
  EXPECT_EQ(resolved_value(spec.yaml(), "seed"), "1");
  EXPECT_EQ(resolved_value(spec.yaml(), "sessions.nope"), "");
  EXPECT_EQ(resolved_value(spec.yaml(), "caps.total"), "");  // not at the top level
}

TEST(PanelLogic, RateOfACumulativeColumn) {
  const std::vector<double> t{0, 600, 1200, 1200, 2400};
  const std::vector<double> c{0, 60, 60, 70, 190};
  EXPECT_EQ(rate_of(t, c), (std::vector<double>{0, 0.1, 0, 0, 0.1}));
}

TEST(PanelLogic, ManyAgentsDrawWithTheNullBackend) {
  NullImGui imgui;
  run::LiveRun live(
      scenario::load_file(quickstart_path(), {"duration=10m", "population[2].count=10000"}));
  live.advance_to(live.end());
  Snapshot s;
  fill(s, live, {});
  s.serial = 1;
  Layout layout;
  layout.start(live.world().agent_count(), {});
  Controls controls;
  UiState ui;
  ui.graph_mode = 1;  // every agent as a node
  const Frame frame{s, ui, controls, layout};
  frame.draw();
  frame.draw();
  // At least four vertices per agent went to the draw lists.
  EXPECT_GT(ImGui::GetDrawData()->TotalVtxCount, 4 * 10000);
  ui.graph_mode = 2;
  frame.draw();
  EXPECT_LT(ImGui::GetDrawData()->TotalVtxCount, 4 * 10000);
}

}  // namespace
}  // namespace coordsim::viz::test
