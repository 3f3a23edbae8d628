#pragma once
// A small line plot on ImGui's draw list (ImPlot is not packaged in Debian): several series
// sharing an x axis, a legend whose entries switch series on and off, axes with tick labels and
// units, the values under the mouse, and CSV export of exactly what is shown.
#include <imgui.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace coordsim::viz {

struct Series {
  std::string name;
  std::span<const double> y;  // one value per x
  ImU32 colour = 0;
};

struct Plot {
  std::string title;
  std::string x_name = "time";
  std::string x_unit = "h";
  double x_scale = 1.0 / 3600.0;  // x values (seconds) times this, for display and export
  std::string y_unit;
  std::span<const double> x;
  std::vector<Series> series;
  double cursor_x = -1;  // a vertical marker at this x (unscaled); negative: none
};

struct Range {
  double lo = 0;
  double hi = 1;
};

/// The y range of the shown series (over every x), widened when flat so the line is visible.
[[nodiscard]] Range y_range(const Plot& plot, const std::vector<std::uint8_t>& shown);
/// About `target` round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi].
[[nodiscard]] std::vector<double> nice_ticks(double lo, double hi, int target);
/// A short label for a tick value (1.5k, 2M, 0.25).
[[nodiscard]] std::string tick_label(double value);
/// The shown series as CSV: a header with names and units, one row per x.
[[nodiscard]] std::string to_csv(const Plot& plot, const std::vector<std::uint8_t>& shown);

/// Draws the plot with its legend into the current window, `height` pixels tall for the plot
/// area. `shown` holds one flag per series (resized as needed, new series shown). Returns the
/// index of the x under the mouse, or -1.
int draw_plot(const Plot& plot, std::vector<std::uint8_t>& shown, float height);

}  // namespace coordsim::viz
