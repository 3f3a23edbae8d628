#pragma once
// Helpers of the visualizer tests: the quickstart scenario cut short, a live run of it, and an
// ImGui context with the null backend (fonts built, no renderer).
#include <gtest/gtest.h>
#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "../app/cli.hpp"  // ScratchDir, run_cli, source_dir
#include "run/live.hpp"
#include "scenario/load.hpp"

namespace coordsim::viz::test {

namespace fs = std::filesystem;
using app::test::ScratchDir;

inline fs::path quickstart_path() { return app::test::source_dir() / "scenarios/quickstart.yaml"; }

inline scenario::Spec quickstart(const std::string& duration = "6h") {
  const scenario::Spec spec = scenario::load_file(quickstart_path(), {"duration=" + duration});
  std::printf("seed %llu\n", static_cast<unsigned long long>(spec->seed));
  return spec;
}

inline kernel::SimTime hours(const run::LiveRun& live, double h) {
  return kernel::SimTime{static_cast<std::uint64_t>(h * 3600.0 / live.tick_seconds())};
}

/// An ImGui context drawing into nothing: what the panels need to run without a window.
class NullImGui {
 public:
  explicit NullImGui(ImVec2 display = ImVec2(1600, 900)) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    io.DeltaTime = 1.0F / 60.0F;
    // The OpenGL 3 backend sets this; without it 10,000 nodes overflow 16-bit indices.
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  }
  ~NullImGui() { ImGui::DestroyContext(); }
  NullImGui(const NullImGui&) = delete;
  NullImGui& operator=(const NullImGui&) = delete;
};

}  // namespace coordsim::viz::test
