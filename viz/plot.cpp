#include "viz/plot.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>

namespace coordsim::viz {

namespace {

bool is_shown(const std::vector<std::uint8_t>& shown, std::size_t i) {
  return i >= shown.size() || shown[i] != 0;
}

std::size_t points(const Plot& plot, const Series& s) {
  return std::min(plot.x.size(), s.y.size());
}

std::string file_name_of(const std::string& title) {
  std::string name = "coordsim-";
  for (const char c : title) {
    name += std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '-';
  }
  return name + ".csv";
}

}  // namespace

Range y_range(const Plot& plot, const std::vector<std::uint8_t>& shown) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    if (!is_shown(shown, i)) continue;
    const auto& s = plot.series[i];
    for (std::size_t k = 0; k < points(plot, s); ++k) {
      if (!std::isfinite(s.y[k])) continue;
      lo = std::min(lo, s.y[k]);
      hi = std::max(hi, s.y[k]);
    }
  }
  if (lo > hi) return {0, 1};
  if (hi - lo <= std::abs(hi) * 1e-9) {
    const double pad = hi == 0 ? 1 : std::abs(hi) * 0.05;
    return {lo - pad, hi + pad};
  }
  return {lo, hi};
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || target < 1) return ticks;
  const double raw = (hi - lo) / target;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
  }
  return ticks;
}

std::string tick_label(double v) {
  const double a = std::abs(v);
  if (a >= 1e9) return fmt::format("{:.3g}G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:.3g}M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:.3g}k", v / 1e3);
  return fmt::format("{:.4g}", v);
}

std::string to_csv(const Plot& plot, const std::vector<std::uint8_t>& shown) {
  std::string out = fmt::format("{} [{}]", plot.x_name, plot.x_unit);
  std::size_t rows = plot.x.size();
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    if (!is_shown(shown, i)) continue;
    out += fmt::format(",{} [{}]", plot.series[i].name, plot.y_unit);
    rows = std::min(rows, plot.series[i].y.size());
  }
  out += '\n';
  for (std::size_t k = 0; k < rows; ++k) {
    out += fmt::format("{}", plot.x[k] * plot.x_scale);
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
      if (is_shown(shown, i)) out += fmt::format(",{}", plot.series[i].y[k]);
    }
    out += '\n';
  }
  return out;
}

int draw_plot(const Plot& plot, std::vector<std::uint8_t>& shown, float height) {
  shown.resize(plot.series.size(), 1);
  ImGui::PushID(plot.title.c_str());
  // Legend: one checkbox per series in its colour, then the export button.
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    bool on = shown[i] != 0;
    ImGui::PushStyleColor(ImGuiCol_CheckMark, plot.series[i].colour);
    ImGui::PushStyleColor(ImGuiCol_Text, plot.series[i].colour);
    if (ImGui::Checkbox(plot.series[i].name.c_str(), &on)) shown[i] = on ? 1 : 0;
    ImGui::PopStyleColor(2);
    ImGui::SameLine();
  }
  if (ImGui::SmallButton("CSV")) {
    const std::string path = file_name_of(plot.title);
    std::ofstream(path) << to_csv(plot, shown);
    ImGui::SetClipboardText(path.c_str());
  }
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Write the shown series to %s", file_name_of(plot.title).c_str());
  }

  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = std::max(50.0F, ImGui::GetContentRegionAvail().x);
  ImGui::InvisibleButton("area", ImVec2(width, height));
  const bool hovered = ImGui::IsItemHovered();
  constexpr float kLeft = 58;
  constexpr float kBottom = 18;
  const ImVec2 p0(origin.x + kLeft, origin.y + 4);
  const ImVec2 p1(origin.x + width - 6, origin.y + height - kBottom);
  dl->AddRectFilled(p0, p1, IM_COL32(20, 22, 28, 255));
  dl->AddRect(p0, p1, IM_COL32(90, 90, 100, 255));

  const Range yr = y_range(plot, shown);
  double x_lo = plot.x.empty() ? 0 : plot.x.front();
  double x_hi = plot.x.empty() ? 1 : plot.x.back();
  if (x_hi <= x_lo) x_hi = x_lo + 1;
  const auto sx = [&](double x) {
    return p0.x + static_cast<float>((x - x_lo) / (x_hi - x_lo)) * (p1.x - p0.x);
  };
  const auto sy = [&](double y) {
    return p1.y - static_cast<float>((y - yr.lo) / (yr.hi - yr.lo)) * (p1.y - p0.y);
  };
  const ImU32 grid = IM_COL32(55, 58, 66, 255);
  const ImU32 label = IM_COL32(170, 170, 180, 255);
  for (const double t : nice_ticks(yr.lo, yr.hi, 4)) {
    dl->AddLine(ImVec2(p0.x, sy(t)), ImVec2(p1.x, sy(t)), grid);
    dl->AddText(ImVec2(origin.x + 2, sy(t) - 7), label, tick_label(t).c_str());
  }
  for (const double t : nice_ticks(x_lo * plot.x_scale, x_hi * plot.x_scale, 6)) {
    const float x = sx(t / plot.x_scale);
    dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), grid);
    dl->AddText(ImVec2(x - 8, p1.y + 2), label, tick_label(t).c_str());
  }
  dl->AddText(ImVec2(origin.x + 2, p0.y - 2), label, plot.y_unit.c_str());
  dl->AddText(ImVec2(p1.x - 60, p1.y + 2), label, (plot.x_name + " [" + plot.x_unit + "]").c_str());

  dl->PushClipRect(p0, p1, true);
  for (std::size_t i = 0; i < plot.series.size(); ++i) {
    if (!is_shown(shown, i)) continue;
    const auto& s = plot.series[i];
    const std::size_t n = points(plot, s);
    // One point per pixel column at most: a long run costs what the plot is wide.
    const std::size_t stride = std::max<std::size_t>(1, n / static_cast<std::size_t>(p1.x - p0.x));
    ImVec2 prev;
    bool have = false;
    for (std::size_t k = 0; k < n; k += stride) {
      if (!std::isfinite(s.y[k])) {
        have = false;
        continue;
      }
      const ImVec2 p(sx(plot.x[k]), sy(s.y[k]));
      if (have) dl->AddLine(prev, p, s.colour, 1.5F);
      prev = p;
      have = true;
    }
    if (n > 0 && (n - 1) % stride != 0 && std::isfinite(s.y[n - 1]) && have) {
      dl->AddLine(prev, ImVec2(sx(plot.x[n - 1]), sy(s.y[n - 1])), s.colour, 1.5F);
    }
  }
  if (plot.cursor_x >= 0) {
    const float x = sx(plot.cursor_x);
    dl->AddLine(ImVec2(x, p0.y), ImVec2(x, p1.y), IM_COL32(255, 220, 80, 200), 1.5F);
  }
  dl->PopClipRect();

  int index = -1;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  if (hovered && !plot.x.empty() && mouse.x >= p0.x && mouse.x <= p1.x) {
    const double x = x_lo + static_cast<double>((mouse.x - p0.x) / (p1.x - p0.x)) * (x_hi - x_lo);
    const auto it = std::lower_bound(plot.x.begin(), plot.x.end(), x);
    index = static_cast<int>(
        std::min<std::size_t>(static_cast<std::size_t>(it - plot.x.begin()), plot.x.size() - 1));
    const auto k = static_cast<std::size_t>(index);
    dl->AddLine(ImVec2(sx(plot.x[k]), p0.y), ImVec2(sx(plot.x[k]), p1.y),
                IM_COL32(200, 200, 200, 120));
    ImGui::BeginTooltip();
    ImGui::Text("%s = %.4g %s", plot.x_name.c_str(), plot.x[k] * plot.x_scale, plot.x_unit.c_str());
    for (std::size_t i = 0; i < plot.series.size(); ++i) {
      if (!is_shown(shown, i) || k >= plot.series[i].y.size()) continue;
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(plot.series[i].colour), "%s: %.6g %s",
                         plot.series[i].name.c_str(), plot.series[i].y[k], plot.y_unit.c_str());
    }
    ImGui::EndTooltip();
  }
  ImGui::PopID();
  return index;
}

}  // namespace coordsim::viz
