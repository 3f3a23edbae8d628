// coordsim-viz: watch a run live, or replay a recorded one, in a Dear ImGui window (GLFW and
// OpenGL 3). The simulation runs on its own thread (viz/driver.hpp); this file is the window,
// the frame loop and the headless screenshot mode the tests use under xvfb-run.
#define GL_GLEXT_PROTOTYPES
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <fmt/core.h>
#include <imgui.h>
#include <stb_image_write.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <optional>
#include <thread>

#include "io/error.hpp"
#include "run/intervention.hpp"
#include "run/run.hpp"
#include "scenario/error.hpp"
#include "viz/options.hpp"
#include "viz/panels.hpp"

namespace {

using namespace coordsim;
using Clock = std::chrono::steady_clock;

constexpr int kOk = 0;
constexpr int kFailure = 1;
constexpr int kBadInput = 2;
// The headless mode waits at most this long for the layout and the run before its screenshot.
constexpr auto kScreenshotPatience = std::chrono::seconds(120);

bool save_png(const std::filesystem::path& path, int width, int height) {
  std::vector<unsigned char> pixels(static_cast<std::size_t>(width) *
                                    static_cast<std::size_t>(height) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // OpenGL's rows start at the bottom
  return stbi_write_png(path.c_str(), width, height, 4, pixels.data(), width * 4) != 0;
}

// The graph's nodes drawn into a texture, redrawn only when what they show changed (the panels
// compute the key): a paused run or a replay held at a time costs one textured quad per frame
// instead of re-uploading and rasterising 10,000 squares (docs/performance.md, "Visualizer").
class NodeCache {
 public:
  NodeCache() : list_(ImGui::GetDrawListSharedData()) {}
  ~NodeCache() {
    if (fbo_ != 0) glDeleteFramebuffers(1, &fbo_);
    if (texture_ != 0) glDeleteTextures(1, &texture_);
  }
  NodeCache(const NodeCache&) = delete;
  NodeCache& operator=(const NodeCache&) = delete;

  ImTextureID get(std::uint64_t key, ImVec2 origin, ImVec2 size,
                  const std::function<void(ImDrawList*)>& draw) {
    const int w = static_cast<int>(size.x);
    const int h = static_cast<int>(size.y);
    if (w <= 0 || h <= 0) return nullptr;
    if (w != width_ || h != height_) {
      if (!resize(w, h)) return nullptr;
      drawn_ = false;
    }
    if (!drawn_ || key != key_ || origin.x != origin_.x || origin.y != origin_.y) {
      list_._ResetForNewFrame();
      list_.PushClipRect(origin, ImVec2(origin.x + size.x, origin.y + size.y));
      list_.PushTextureID(ImGui::GetIO().Fonts->TexID);
      draw(&list_);
      ImDrawList* lists[] = {&list_};
      ImDrawData data;
      data.Valid = true;
      data.CmdLists = lists;
      data.CmdListsCount = 1;
      data.TotalVtxCount = list_.VtxBuffer.Size;
      data.TotalIdxCount = list_.IdxBuffer.Size;
      data.DisplayPos = origin;
      data.DisplaySize = size;
      data.FramebufferScale = ImVec2(1, 1);
      GLint previous = 0;
      glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
      glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
      glViewport(0, 0, w, h);
      glClearColor(0, 0, 0, 0);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(&data);
      glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
      key_ = key;
      origin_ = origin;
      drawn_ = true;
      ++redraws_;
    }
    // ImGui names a texture by a pointer-sized id; OpenGL's is an integer name.
    return reinterpret_cast<ImTextureID>(  // NOLINT(performance-no-int-to-ptr)
        static_cast<std::uintptr_t>(texture_));
  }
  [[nodiscard]] std::uint64_t redraws() const noexcept { return redraws_; }

 private:
  bool resize(int w, int h) {
    if (texture_ == 0) glGenTextures(1, &texture_);
    if (fbo_ == 0) glGenFramebuffers(1, &fbo_);
    glBindTexture(GL_TEXTURE_2D, texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    GLint previous = 0;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &previous);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, texture_, 0);
    const bool ok = glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous));
    width_ = w;
    height_ = h;
    return ok;
  }

  ImDrawList list_;
  GLuint fbo_ = 0;
  GLuint texture_ = 0;
  int width_ = 0;
  int height_ = 0;
  std::uint64_t key_ = 0;
  ImVec2 origin_{0, 0};
  bool drawn_ = false;
  std::uint64_t redraws_ = 0;
};

// The screen gives way to the simulation on a machine with few cores: Linux sets a nice value
// per thread, and the threads this one starts afterwards (the layout's, and Mesa's llvmpipe
// rasterisers, made with the OpenGL context) inherit it. The simulation's thread is started
// before, so it keeps the process's priority. Raising a nice value needs no privilege.
void lower_screen_priority(int nice) {
  if (nice <= 0) return;
  const auto tid = static_cast<id_t>(gettid());
  errno = 0;
  const int now = getpriority(PRIO_PROCESS, tid);
  if (errno != 0) return;
  if (setpriority(PRIO_PROCESS, tid, std::min(19, now + nice)) != 0) {
    std::fprintf(stderr, "coordsim-viz: cannot lower the screen's priority (--screen-nice)\n");
  }
}

// llvmpipe starts one rasteriser thread per core by default. Two, whatever the core count: on this
// 2-core machine one thread drew 23-29 fps with 10,000 agents and two 30-32 at the 40 fps cap with
// the same events/s drop (within noise), and more than two only compete with the simulation on a
// larger machine (docs/performance.md, "Visualizer", quiet-machine table). A user's own setting
// wins.
constexpr const char* kLlvmpipeThreads = "2";

struct Glfw {
  Glfw() : ok(glfwInit() == GLFW_TRUE) {}
  ~Glfw() {
    if (ok) glfwTerminate();
  }
  Glfw(const Glfw&) = delete;
  Glfw& operator=(const Glfw&) = delete;
  bool ok;
};

// The simulation thread alone, as fast as it goes, publishing nothing: the baseline of what
// watching costs.
double unwatched_seconds(const viz::Options& options, std::uint64_t& events) {
  // A replay re-simulates with the file's knob changes, as the watched run does.
  run::LiveOptions live;
  if (options.replay())
    live.replay = run::read_interventions(options.input, options.unsealed_mode());
  viz::Driver driver(viz::spec_factory(options), std::nullopt, live);
  driver.controls().speed = 0.0;
  driver.controls().publish = false;
  driver.start();
  while (!driver.finished()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  events = driver.events();
  return driver.seconds_to_finish();
}

int watch(const viz::Options& options) {
  // Before the GL context, which reads it, and before any thread starts (setenv is not safe
  // while another thread reads the environment).
  (void)setenv("LP_NUM_THREADS", kLlvmpipeThreads, 0);
  std::uint64_t unwatched_events = 0;
  const double unwatched = options.measure ? unwatched_seconds(options, unwatched_events) : 0.0;
  std::optional<viz::Recording> recording;
  if (options.replay()) recording = viz::load_recording(options.input, options.unsealed_mode());
  viz::Driver driver(viz::spec_factory(options), std::move(recording),
                     viz::live_options(options, COORDSIM_VERSION));
  viz::Controls& controls = driver.controls();
  controls.speed = options.measure ? 0.0 : options.speed;
  controls.stop_at_s = options.stop_at_h >= 0 ? options.stop_at_h * 3600.0 : -1.0;
  driver.start();
  if (options.seek_h >= 0) controls.seek_s = options.seek_h * 3600.0;
  lower_screen_priority(options.screen_nice);

  glfwSetErrorCallback([](int code, const char* text) {
    std::fprintf(stderr, "coordsim-viz: GLFW error %d: %s\n", code, text);
  });
  const Glfw glfw;
  if (!glfw.ok) {
    std::fputs("coordsim-viz: no display (set DISPLAY, or run under xvfb-run -a)\n", stderr);
    return kFailure;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  GLFWwindow* window =
      glfwCreateWindow(options.width, options.height, "coordsim-viz", nullptr, nullptr);
  if (window == nullptr) {
    std::fputs("coordsim-viz: cannot create an OpenGL 3 window\n", stderr);
    return kFailure;
  }
  glfwMakeContextCurrent(window);
  // Headless runs measure and capture: no waiting for a vertical blank.
  glfwSwapInterval(options.frames > 0 ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the panels always open where panel_rect() puts them
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 130");

  viz::Layout layout;
  layout.start(driver.agents(), driver.edges());
  viz::UiState ui;
  ui.speed = static_cast<float>(options.speed > 0 ? options.speed : 600.0);
  ui.as_fast = options.speed <= 0;
  ui.stop_at_h = static_cast<float>(std::max(0.0, options.stop_at_h));
  if (options.select) viz::select_agent(ui, *options.select);
  std::optional<NodeCache> node_cache;
  node_cache.emplace();
  ui.node_cache = [&](std::uint64_t key, ImVec2 origin, ImVec2 size,
                      const std::function<void(ImDrawList*)>& draw) {
    return node_cache->get(key, origin, size, draw);
  };

  const auto start = Clock::now();
  // Frames beyond --max-fps are not drawn: the loop sleeps until the next one is due (vsync does
  // not pace it under Xvfb, nor with --frames).
  const auto frame_period = options.max_fps > 0
                                ? std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(1.0 / options.max_fps))
                                : Clock::duration::zero();
  auto next_frame = start;
  auto fps_from = start;
  std::uint64_t fps_frames = 0;
  int status = kOk;
  while (glfwWindowShouldClose(window) == 0) {
    glfwPollEvents();
    (void)driver.buffer().take();
    layout.poll();
    const viz::Snapshot& snapshot = driver.buffer().front();
    if (!driver.error().empty()) {
      std::fprintf(stderr, "coordsim-viz: the simulation stopped: %s\n", driver.error().c_str());
      status = kFailure;
      break;
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    viz::draw_ui(snapshot, ui, controls, layout, io.DisplaySize);
    ImGui::Render();
    int fb_w = 0;
    int fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.45F, 0.55F, 0.60F, 1.0F);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ++ui.frames;
    ++fps_frames;
    const auto now = Clock::now();
    if (now - fps_from >= std::chrono::seconds(1)) {
      ui.fps =
          static_cast<double>(fps_frames) / std::chrono::duration<double>(now - fps_from).count();
      fps_from = now;
      fps_frames = 0;
    }
    if (options.measure && driver.finished()) {
      const double watched = driver.seconds_to_finish();
      const double rate_u = static_cast<double>(unwatched_events) / unwatched;
      const double rate_w = static_cast<double>(driver.events()) / watched;
      std::printf(
          "coordsim-viz: measure: unwatched %llu events in %.2f s (%.0f events/s); watched %llu "
          "events in %.2f s (%.0f events/s, %.1f fps); drop %.1f%%\n",
          static_cast<unsigned long long>(unwatched_events), unwatched, rate_u,
          static_cast<unsigned long long>(driver.events()), watched, rate_w,
          static_cast<double>(ui.frames) / watched, 100.0 * (1.0 - rate_w / rate_u));
      break;
    }
    if (options.frames > 0 && ui.frames >= options.frames) {
      if (options.screenshot.empty()) break;
      // The picture shows the finished layout and a run that has stopped where it was told.
      const bool settled =
          layout.ready() && snapshot.serial > 1 && (snapshot.finished || !snapshot.playing) &&
          (options.seek_h < 0 || snapshot.now_s >= options.seek_h * 3600.0 || snapshot.finished);
      if (settled || now - start > kScreenshotPatience) {
        // This frame drew the settled snapshot; the back buffer holds it until the swap.
        if (!save_png(options.screenshot, fb_w, fb_h)) {
          std::fprintf(stderr, "coordsim-viz: cannot write %s\n", options.screenshot.c_str());
          status = kFailure;
        }
        break;
      }
    }
    glfwSwapBuffers(window);
    if (frame_period > Clock::duration::zero()) {
      next_frame += frame_period;
      const auto after = Clock::now();
      // A late frame is not caught up with a burst of quick ones.
      if (next_frame < after) {
        next_frame = after;
      } else {
        std::this_thread::sleep_until(next_frame);
      }
    }
  }
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  const viz::Snapshot& last = driver.buffer().front();
  std::printf(
      "coordsim-viz: %llu frames in %.2f s (%.1f fps), %u agents, t=%.0f s, %llu events, "
      "snapshot %llu, %llu node redraws%s\n",
      static_cast<unsigned long long>(ui.frames), wall, static_cast<double>(ui.frames) / wall,
      driver.agents(), last.now_s, static_cast<unsigned long long>(last.events),
      static_cast<unsigned long long>(last.serial),
      static_cast<unsigned long long>(node_cache->redraws()),
      last.replay ? (last.replay_mismatch < 0 ? ", replay matches the file"
                                              : ", REPLAY DIFFERS from the file")
                  : "");
  controls.quit = true;
  ui.node_cache = nullptr;
  node_cache.reset();  // its GL objects go while the context is alive
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const viz::Options options =
        viz::parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (options.help) {
      std::puts(viz::usage().c_str());
      return kOk;
    }
    return watch(options);
  } catch (const viz::UsageError& e) {
    std::fprintf(stderr, "coordsim-viz: %s\n%s\n", e.what(), viz::usage().c_str());
    return kBadInput;
  } catch (const scenario::ScenarioError& e) {
    std::fprintf(stderr, "coordsim-viz: %s\n", e.what());
    return kBadInput;
  } catch (const run::RunInputError& e) {
    std::fprintf(stderr, "coordsim-viz: %s\n", e.what());
    return kBadInput;
  } catch (const run::InterventionError& e) {
    std::fprintf(stderr, "coordsim-viz: %s\n", e.what());
    return kBadInput;
  } catch (const io::IoError& e) {
    std::fprintf(stderr, "coordsim-viz: %s\n", e.what());
    return kBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "coordsim-viz: error: %s\n", e.what());
  } catch (...) {
    std::fputs("coordsim-viz: error: unknown exception\n", stderr);
  }
  return kFailure;
}
