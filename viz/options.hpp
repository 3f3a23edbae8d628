#pragma once
// The command line of coordsim-viz, and opening what it names: a scenario to run live or a
// recorded run to replay. Kept apart from the window so the tests call it directly.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/seal.hpp"
#include "viz/driver.hpp"

namespace coordsim::viz {

/// Bad usage: exit status 2, the message printed with the usage line.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  std::filesystem::path input;  // SCENARIO.yaml (live) or RUN.h5 (replay)
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::filesystem::path screenshot;  // empty: none
  std::filesystem::path output;      // live: record the run (and its knob changes) here
  std::uint64_t frames = 0;          // 0: until the window closes
  double speed = 600.0;              // simulated seconds per wall second; 0: as fast as it goes
  double stop_at_h = -1;             // pause at this simulated time; negative: never
  double seek_h = -1;                // start at this time (replay); negative: 0
  std::optional<std::uint32_t> select;
  int width = 1600;
  int height = 900;
  // The screen's share of a 2-core machine is the simulation's loss (docs/performance.md,
  // "Visualizer"): frames beyond this rate are not drawn (0: as many as it can), and the screen's
  // threads (the window, the layout, Mesa's llvmpipe rasterisers) run this much nicer than the
  // simulation's (0: the same priority).
  double max_fps = 40;
  int screen_nice = 0;
  bool help = false;
  bool measure = false;   // time the run unwatched, then watched (docs/performance.md)
  bool unsealed = false;  // replay: read a run file without a seal (io/seal.hpp)
  [[nodiscard]] io::Unsealed unsealed_mode() const {
    return unsealed ? io::Unsealed::kRead : io::Unsealed::kRefuse;
  }
  /// A run file (RUN.h5, or a killed run's .RUN.h5.partial) rather than a scenario.
  [[nodiscard]] bool replay() const {
    return input.extension() == ".h5" ||
           (input.extension() == ".partial" && input.stem().extension() == ".h5");
  }
};

[[nodiscard]] std::string usage();
/// @throws UsageError
[[nodiscard]] Options parse_options(const std::vector<std::string>& args);

/// The spec factory for a live run (the scenario file with --set and --seed; a restart's seed
/// replaces the seed) or a replay (the scenario stored in the file). @throws ScenarioError,
/// io::IoError (io::UnsealedFileError: a replay of an unsealed file without --unsealed)
[[nodiscard]] Driver::SpecFactory spec_factory(const Options& options);
/// A recorded run's metrics, checkpoints and knob changes (/interventions).
/// @throws io::IoError (io::UnsealedFileError: no seal and `unsealed` is kRefuse),
///         run::InterventionError
[[nodiscard]] Recording load_recording(const std::filesystem::path& path,
                                       io::Unsealed unsealed = io::Unsealed::kRefuse);
/// How each live run is made: with -o, recording to that file (never over the scenario).
[[nodiscard]] run::LiveOptions live_options(const Options& options, std::string version);

}  // namespace coordsim::viz
