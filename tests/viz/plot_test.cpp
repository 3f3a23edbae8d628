// The plotting widget's pure parts (ticks, ranges, CSV) and its hover under the null backend.
#include <gtest/gtest.h>

#include <cmath>

#include "support.hpp"
#include "viz/plot.hpp"

namespace coordsim::viz::test {
namespace {

TEST(Plot, TicksAreRoundAndCoverTheRange) {
  const auto t = nice_ticks(0.0, 97.0, 5);
  ASSERT_GE(t.size(), 3U);
  EXPECT_EQ(t.front(), 0.0);
  EXPECT_EQ(t[1] - t[0], 20.0);
  EXPECT_LE(t.back(), 97.0);
  const auto small = nice_ticks(0.0012, 0.0049, 4);
  ASSERT_FALSE(small.empty());
  for (const double v : small) {
    EXPECT_GE(v, 0.0012);
    EXPECT_LE(v, 0.0049 + 1e-12);
  }
  EXPECT_NEAR(small[1] - small[0], 0.001, 1e-12);
  EXPECT_TRUE(nice_ticks(1.0, 1.0, 4).empty());
  EXPECT_EQ(tick_label(1500.0), "1500");
  EXPECT_EQ(tick_label(15000.0), "15k");
  EXPECT_EQ(tick_label(2.5e6), "2.5M");
  EXPECT_EQ(tick_label(0.25), "0.25");
}

TEST(Plot, RangeOfShownSeriesOnly) {
  const std::vector<double> x{0, 3600, 7200};
  const std::vector<double> a{1, 2, 3};
  const std::vector<double> b{-50, 0, 50};
  Plot p;
  p.x = x;
  p.series = {Series{"a", a, 0}, Series{"b", b, 0}};
  Range r = y_range(p, {1, 1});
  EXPECT_EQ(r.lo, -50);
  EXPECT_EQ(r.hi, 50);
  r = y_range(p, {1, 0});
  EXPECT_EQ(r.lo, 1);
  EXPECT_EQ(r.hi, 3);
  // A flat series gets some height, so its line is not drawn on the frame.
  const std::vector<double> flat{7, 7, 7};
  p.series = {Series{"flat", flat, 0}};
  r = y_range(p, {1});
  EXPECT_LT(r.lo, 7);
  EXPECT_GT(r.hi, 7);
}

TEST(Plot, CsvHasWhatIsShownWithUnits) {
  const std::vector<double> x{0, 1800, 3600};
  const std::vector<double> a{1, 2, 3};
  const std::vector<double> b{10, 20, 30};
  Plot p;
  p.x = x;
  p.y_unit = "tokens";
  p.series = {Series{"a", a, 0}, Series{"b", b, 0}};
  EXPECT_EQ(to_csv(p, {1, 1}), "time [h],a [tokens],b [tokens]\n0,1,10\n0.5,2,20\n1,3,30\n");
  EXPECT_EQ(to_csv(p, {0, 1}), "time [h],b [tokens]\n0,10\n0.5,20\n1,30\n");
}

TEST(Plot, HoverFindsTheSampleUnderTheMouse) {
  NullImGui imgui;
  std::vector<double> x(101);
  std::vector<double> y(101);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<double>(i) * 60.0;
    y[i] = std::sin(static_cast<double>(i) / 10.0);
  }
  Plot p;
  p.title = "hover";
  p.x = x;
  p.series = {Series{"sin", y, IM_COL32(255, 0, 0, 255)}};
  std::vector<std::uint8_t> shown;
  int hovered = -2;
  for (int frame = 0; frame < 3; ++frame) {
    // The plot spans x 58..(width - 6) of the window's content; aim at its middle.
    ImGui::GetIO().MousePos = ImVec2(100 + 8 + 58 + (600 - 16 - 58 - 6) / 2.0F, 100 + 200);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(100, 100));
    ImGui::SetNextWindowSize(ImVec2(600, 400));
    ImGui::Begin("plot window", nullptr, ImGuiWindowFlags_NoTitleBar);
    hovered = draw_plot(p, shown, 300);
    ImGui::End();
    ImGui::Render();
  }
  EXPECT_NEAR(hovered, 50, 2);
  ASSERT_EQ(shown.size(), 1U);
  EXPECT_EQ(shown[0], 1);
}

}  // namespace
}  // namespace coordsim::viz::test
