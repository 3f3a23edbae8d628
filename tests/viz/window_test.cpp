// The real coordsim-viz under xvfb-run (Mesa's software OpenGL): its headless screenshots hold
// the panels where they should be, for a live scenario and for a replayed file; and the
// `coordsim viz` launcher starts it. Bad input exits 2 before any window opens.
#include <gtest/gtest.h>
#include <stb_image.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "io/reader.hpp"
#include "io/seal.hpp"
#include "run/run.hpp"
#include "support.hpp"
#include "viz/panels.hpp"

namespace coordsim::viz::test {
namespace {

struct Result {
  int status = -1;
  std::string out;
};

Result shell(const std::string& command, const fs::path& log) {
  const int raw = std::system((command + " >" + log.string() + " 2>&1").c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, text.str()};
}

bool have_xvfb() { return std::system("command -v xvfb-run >/dev/null 2>&1") == 0; }

std::string viz_under_xvfb(const std::string& args) {
  return "xvfb-run -a -s '-screen 0 1600x900x24' " + std::string(COORDSIM_VIZ_BIN) + " " + args +
         " --size 1600x900";
}

class Png {
 public:
  explicit Png(const fs::path& path) { data_ = stbi_load(path.c_str(), &w_, &h_, &n_, 3); }
  ~Png() { stbi_image_free(data_); }
  Png(const Png&) = delete;
  Png& operator=(const Png&) = delete;
  [[nodiscard]] bool ok() const { return data_ != nullptr; }
  [[nodiscard]] int width() const { return w_; }
  [[nodiscard]] int height() const { return h_; }
  [[nodiscard]] std::array<int, 3> at(int x, int y) const {
    const unsigned char* p = data_ + (static_cast<std::size_t>(y) * static_cast<std::size_t>(w_) +
                                      static_cast<std::size_t>(x)) *
                                         3;
    return {p[0], p[1], p[2]};
  }
  /// Pixels within `tolerance` of `rgb` in the rectangle.
  [[nodiscard]] int count(ImVec2 pos, ImVec2 size, std::array<int, 3> rgb, int tolerance) const {
    int n = 0;
    for (int y = static_cast<int>(pos.y); y < static_cast<int>(pos.y + size.y) && y < h_; ++y) {
      for (int x = static_cast<int>(pos.x); x < static_cast<int>(pos.x + size.x) && x < w_; ++x) {
        const auto c = at(x, y);
        if (std::abs(c[0] - rgb[0]) <= tolerance && std::abs(c[1] - rgb[1]) <= tolerance &&
            std::abs(c[2] - rgb[2]) <= tolerance) {
          ++n;
        }
      }
    }
    return n;
  }

 private:
  unsigned char* data_ = nullptr;
  int w_ = 0;
  int h_ = 0;
  int n_ = 0;
};

std::array<int, 3> rgb(ImU32 c) {
  return {static_cast<int>(c & 0xFFU), static_cast<int>((c >> 8U) & 0xFFU),
          static_cast<int>((c >> 16U) & 0xFFU)};
}

// What every screenshot must show: not blank, each panel's title bar where panel_rect puts it
// (ImGui's dark title colours, never the clear colour behind the windows), agents in the graph.
void expect_panels(const fs::path& png_path) {
  const Png png(png_path);
  ASSERT_TRUE(png.ok()) << png_path;
  ASSERT_EQ(png.width(), 1600);
  ASSERT_EQ(png.height(), 900);
  const ImVec2 display(1600, 900);
  const std::array<int, 3> clear{115, 140, 153};  // glClearColor(0.45, 0.55, 0.60)
  // A gap between the panels would show the clear colour over whole rows or columns; a few
  // pixels of content may happen to match it.
  EXPECT_LT(png.count(ImVec2(0, 0), display, clear, 3), 200) << "a gap between the panels";
  // Not blank: many distinct colours.
  std::vector<int> seen;
  for (int y = 0; y < 900; y += 7) {
    for (int x = 0; x < 1600; x += 7) {
      const auto c = png.at(x, y);
      seen.push_back(c[0] << 16 | c[1] << 8 | c[2]);
    }
  }
  std::sort(seen.begin(), seen.end());
  seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
  EXPECT_GT(seen.size(), 40U);
  for (const char* name : panel_names()) {
    const PanelRects r = panel_rect(name, display);
    // Title bars: ImGui's TitleBg (10, 10, 10) or TitleBgActive (41, 74, 122).
    const ImVec2 bar(r.pos.x + 30, r.pos.y + 3);
    const ImVec2 bar_size(r.size.x - 60, 10);
    const int dark = png.count(bar, bar_size, {10, 10, 10}, 4);
    const int active = png.count(bar, bar_size, {41, 74, 122}, 4);
    EXPECT_GT(dark + active, static_cast<int>(bar_size.x * bar_size.y) / 2) << name;
  }
  // The graph shows the agents in their kinds' colours: principals and contributors at least.
  const PanelRects graph = panel_rect("Interaction graph", display);
  EXPECT_GT(png.count(graph.pos, graph.size, rgb(kind_colour(0)), 6), 20);
  EXPECT_GT(png.count(graph.pos, graph.size, rgb(kind_colour(2)), 6), 20);
  // The metrics plot draws its first series (events per second) in its colour.
  const PanelRects metrics = panel_rect("Metrics", display);
  EXPECT_GT(png.count(ImVec2(metrics.pos.x, metrics.pos.y + 80),
                      ImVec2(metrics.size.x, metrics.size.y - 80), {86, 180, 233}, 6),
            100);
}

std::uint64_t frames_of(const std::string& out) {
  std::smatch m;
  if (!std::regex_search(out, m, std::regex(R"((\d+) frames in)"))) return 0;
  return std::stoull(m[1]);
}

TEST(Window, LiveScreenshot) {
  if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed (scripts/install-deps.sh)";
  ScratchDir dir;
  const fs::path png = dir / "live.png";
  const auto r = shell(viz_under_xvfb(quickstart_path().string() +
                                      " --speed 0 --stop-at 12 --select 0 --frames 12 "
                                      "--screenshot " +
                                      png.string()),
                       dir / "log");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_GE(frames_of(r.out), 12U) << r.out;
  EXPECT_NE(r.out.find("t=43200 s"), std::string::npos) << r.out;  // paused at 12 h
  expect_panels(png);
  // The pinned principal shows in the agent inspector in its kind's colour.
  const Png image(png);
  const PanelRects agents = panel_rect("Agents", ImVec2(1600, 900));
  EXPECT_GT(image.count(agents.pos, agents.size, rgb(kind_colour(0)), 6), 30);
}

TEST(Window, ReplayScreenshot) {
  if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed (scripts/install-deps.sh)";
  ScratchDir dir;
  const fs::path file = dir / "run.h5";
  const auto ran = shell(std::string(COORDSIM_BIN) + " run -q " + quickstart_path().string() +
                             " --set duration=12h --checkpoint-every 3h -o " + file.string(),
                         dir / "run.log");
  ASSERT_EQ(ran.status, 0) << ran.out;
  const fs::path png = dir / "replay.png";
  const auto r =
      shell(viz_under_xvfb(file.string() + " --seek 7.5 --frames 8 --screenshot " + png.string()),
            dir / "log");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_GE(frames_of(r.out), 8U) << r.out;
  EXPECT_NE(r.out.find("t=27000 s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("replay matches the file"), std::string::npos) << r.out;
  expect_panels(png);
}

// -o records the live run: watched to its end, the file is complete and `coordsim run
// --interventions` (nothing was changed, so the plain run) gives the same datasets.
TEST(Window, DashORecordsTheLiveRun) {
  if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed (scripts/install-deps.sh)";
  ScratchDir dir;
  const fs::path live = dir / "live.h5";
  const fs::path png = dir / "end.png";
  const std::string scenario = quickstart_path().string() + " --set duration=2h";
  const auto r = shell(viz_under_xvfb(scenario + " --speed 0 -o " + live.string() +
                                      " --frames 4 --screenshot " + png.string()),
                       dir / "log");
  ASSERT_EQ(r.status, 0) << r.out;
  ASSERT_TRUE(io::inspect(live).complete);
  const fs::path again = dir / "again.h5";
  const auto ran = shell(std::string(COORDSIM_BIN) + " run -q " + scenario + " --interventions " +
                             live.string() + " -o " + again.string(),
                         dir / "log");
  ASSERT_EQ(ran.status, 0) << ran.out;
  EXPECT_EQ(io::dataset_digest(again), io::dataset_digest(live));
}

TEST(Window, BadInputExitsTwoWithoutADisplay) {
  ScratchDir dir;
  const std::string viz = std::string("env -u DISPLAY ") + COORDSIM_VIZ_BIN;
  auto r = shell(viz + " " + (dir / "missing.yaml").string(), dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  r = shell(viz + " " + quickstart_path().string() + " --set population[0].count=-3", dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  r = shell(viz + " " + quickstart_path().string() + " --frobnicate", dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("unknown option --frobnicate"), std::string::npos) << r.out;
  r = shell(viz + " " + (dir / "x.h5").string() + " --seed 3", dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  r = shell(viz + " " + (dir / "x.h5").string() + " -o " + (dir / "y.h5").string(), dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  // -o never writes over the scenario it runs.
  r = shell(viz + " " + quickstart_path().string() + " -o " + quickstart_path().string(),
            dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("is an input of this run"), std::string::npos) << r.out;
  // A good scenario without a display: a clear message, status 1.
  r = shell(viz + " " + quickstart_path().string(), dir / "log");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("no display"), std::string::npos) << r.out;
}

// A file without a seal (a killed run's partial file) is refused, exit 2 with the reason, unless
// --unsealed is given; then it opens (without a display: status 1 and "no display", after the file
// was read; under xvfb: replayed to the end, status 0).
TEST(Window, UnsealedFileOpensOnlyWithUnsealed) {
  ScratchDir dir;
  const fs::path file = dir / ".killed.h5.partial";  // named as a killed run leaves it
  run::RunOptions options;
  options.output = dir / "killed.h5";
  (void)run::run(scenario::load_file(quickstart_path(), {"duration=1h"}), options);
  io::unseal(options.output);
  fs::rename(options.output, file);
  const std::string viz = std::string("env -u DISPLAY ") + COORDSIM_VIZ_BIN;
  auto r = shell(viz + " " + file.string(), dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("carries no seal"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--unsealed"), std::string::npos) << r.out;
  r = shell(viz + " " + file.string() + " --unsealed", dir / "log");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("no display"), std::string::npos) << r.out;
  r = shell(viz + " " + quickstart_path().string() + " --unsealed", dir / "log");
  EXPECT_EQ(r.status, 2) << r.out;
  if (!have_xvfb()) GTEST_SKIP() << "xvfb-run is not installed (scripts/install-deps.sh)";
  r = shell(viz_under_xvfb(file.string() + " --unsealed --seek 1 --frames 3"), dir / "log");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST(Window, CoordsimVizStartsTheVisualizer) {
  ScratchDir dir;
  const auto r = shell(std::string(COORDSIM_BIN) + " viz --help", dir / "log");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("usage: coordsim-viz"), std::string::npos) << r.out;
  const auto bad = shell(std::string(COORDSIM_BIN) + " viz --frobnicate", dir / "log");
  EXPECT_EQ(bad.status, 2) << bad.out;
}

}  // namespace
}  // namespace coordsim::viz::test
