// `coordsim viz ...`: starts coordsim-viz, installed beside this program, with the same
// arguments. The visualizer is optional in the build, so this is a launcher and not a link:
// coordsim itself never depends on ImGui or a display.
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>

#include "app/commands.hpp"

namespace coordsim::app {

namespace {

std::filesystem::path viz_program() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return (ec ? std::filesystem::path(".") : self.parent_path()) / "coordsim-viz";
}

}  // namespace

Action add_viz_command(CLI::App& app) {
  auto* viz = app.add_subcommand(
      "viz", "Watch a scenario run live, or replay a recorded run (starts coordsim-viz)");
  viz->prefix_command();  // every argument after `viz` goes to coordsim-viz, --help included
  viz->set_help_flag();
  viz->footer(
      "Examples:\n  coordsim viz scenarios/quickstart.yaml --set seed=7\n"
      "  coordsim viz out/quickstart.h5\n"
      "`coordsim viz --help` prints coordsim-viz's options; docs/visualizer.md explains the "
      "panels.");
  return [viz]() -> int {
    const std::filesystem::path program = viz_program();
    std::vector<std::string> args{program.string()};
    for (const auto& a : viz->remaining()) args.push_back(a);
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    fmt::print(stderr,
               "coordsim: cannot start {}: the visualizer was not built (it needs libimgui-dev, "
               "libglfw3-dev and libgl-dev; see docs/visualizer.md)\n",
               program.string());
    return kFailure;
  };
}

}  // namespace coordsim::app
