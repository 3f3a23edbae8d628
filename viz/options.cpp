#include "viz/options.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

#include "io/reader.hpp"
#include "model/world/metrics.hpp"
#include "run/intervention.hpp"
#include "scenario/load.hpp"

namespace coordsim::viz {

namespace {

double number(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty()) {
    throw UsageError(fmt::format("{} expects a number, got '{}'", flag, text));
  }
  return v;
}

std::uint64_t whole(const std::string& flag, const std::string& text) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    throw UsageError(fmt::format("{} expects a non-negative integer, got '{}'", flag, text));
  }
  return v;
}

}  // namespace

std::string usage() {
  return R"(usage: coordsim-viz SCENARIO.yaml [--set key=value]... [--seed S]
       coordsim-viz RUN.h5 [--seek H] [--unsealed]
options:
  --set KEY=VALUE    override a scenario key (repeatable; live only)
  --seed S           override the scenario's seed (live only)
  -o, --output FILE  record the live run to FILE (HDF5, as `coordsim run` writes it), with
                     every knob changed in the window in its /interventions table; the file
                     is finished at the run's end, or kept marked incomplete if the window
                     closes first. Reproduce it with
                       coordsim run SCENARIO.yaml [same --set/--seed] --interventions FILE
  --speed X          simulated seconds per wall second (default 600); 0: as fast as it goes
  --stop-at H        pause when the run reaches H simulated hours
  --seek H           start a replay at H hours
  --unsealed         Read the file even though it carries no seal (a killed run's .NAME.partial,
                     or a file of an older coordsim): its bytes cannot be checked before libhdf5
                     reads them, so use it only for files you trust (replay only)
  --select ID        pin agent ID in the inspectors (and show its delegation tree)
  --size WxH         window size in pixels (default 1600x900)
  --frames N         draw N frames, then exit (prints the frame rate)
  --screenshot FILE  with --frames: save the last frame as PNG; waits for the layout and for
                     the run to pause (--stop-at) or finish first
  --max-fps F        draw at most F frames per second (default 40; 0: as many as it can):
                     the frames beyond what the eye needs cost the simulation CPU
  --screen-nice N    run the screen's threads (window, layout, llvmpipe) N nice levels below
                     the simulation's (default 0: the same priority; 0 to 19): on a busy
                     machine a higher value slows the screen instead of the simulation
  --measure          run the scenario to its end as fast as it goes, first unwatched (no
                     window, nothing published), then watched; print both event rates and the
                     frame rate, then exit
knob changes (Branch... in the Run panel, key=value): single values under incentives.,
sessions., adversaries., or population[N].KEY (not count, kind, name); each applies right
after the next sample (at once if the run stands on one), so a file records it exactly
a recorded run replays with its knob changes applied at their times, as
coordsim run --interventions applies them
exit status: 0 ok, 1 failure (no display, OpenGL), 2 bad usage, bad scenario, refused -o, or a
run file that cannot be read (damaged, or unsealed without --unsealed))";
}

Options parse_options(const std::vector<std::string>& args) {
  Options o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw UsageError(a + " needs a value");
      return args[++i];
    };
    if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (a == "--unsealed") {
      o.unsealed = true;
    } else if (a == "--measure") {
      o.measure = true;
    } else if (a == "--set") {
      o.sets.push_back(value());
    } else if (a == "-o" || a == "--output") {
      o.output = value();
    } else if (a == "--seed") {
      o.seed = whole(a, value());
    } else if (a == "--speed") {
      o.speed = number(a, value());
    } else if (a == "--stop-at") {
      o.stop_at_h = number(a, value());
    } else if (a == "--seek") {
      o.seek_h = number(a, value());
    } else if (a == "--select") {
      o.select = static_cast<std::uint32_t>(whole(a, value()));
    } else if (a == "--frames") {
      o.frames = whole(a, value());
    } else if (a == "--max-fps") {
      o.max_fps = number(a, value());
    } else if (a == "--screen-nice") {
      o.screen_nice = static_cast<int>(std::min<std::uint64_t>(whole(a, value()), 20));
    } else if (a == "--screenshot") {
      o.screenshot = value();
    } else if (a == "--size") {
      const std::string& v = value();
      const auto x = v.find('x');
      if (x == std::string::npos) throw UsageError("--size expects WIDTHxHEIGHT, got '" + v + "'");
      o.width = static_cast<int>(whole(a, v.substr(0, x)));
      o.height = static_cast<int>(whole(a, v.substr(x + 1)));
      if (o.width < 320 || o.height < 240 || o.width > 8192 || o.height > 8192) {
        throw UsageError("--size must be between 320x240 and 8192x8192");
      }
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError("unknown option " + a);
    } else if (o.input.empty()) {
      o.input = a;
    } else {
      throw UsageError("one input file only (got '" + o.input.string() + "' and '" + a + "')");
    }
  }
  if (o.help) return o;
  if (o.input.empty()) throw UsageError("no scenario or run file given");
  if (o.replay() && (!o.sets.empty() || o.seed)) {
    throw UsageError("--set and --seed apply to a scenario, not to a recorded run");
  }
  if (o.unsealed && !o.replay()) {
    throw UsageError("--unsealed reads a recorded run (RUN.h5), not a scenario");
  }
  if (o.replay() && !o.output.empty()) {
    throw UsageError("-o records a live run; a recorded run is already a file");
  }
  if (!o.screenshot.empty() && o.frames == 0) throw UsageError("--screenshot needs --frames N");
  if (o.speed < 0) throw UsageError("--speed must not be negative");
  if (o.max_fps < 0) throw UsageError("--max-fps must not be negative");
  if (o.screen_nice > 19) throw UsageError("--screen-nice must be between 0 and 19");
  return o;
}

Driver::SpecFactory spec_factory(const Options& o) {
  if (o.replay()) {
    const io::RunInfo info = io::read_run_info(o.input, o.unsealed_mode());
    const std::string name = o.input.string();
    // Checked once here, so that a foreign file fails before the window opens.
    (void)scenario::load_string(info.scenario_text, name);
    return [text = info.scenario_text, name](std::optional<std::uint64_t> seed,
                                             const std::vector<std::string>& extra) {
      std::vector<std::string> sets = extra;
      if (seed) sets.push_back(fmt::format("seed={}", *seed));
      return scenario::load_string(text, name, sets);
    };
  }
  std::vector<std::string> sets = o.sets;
  if (o.seed) sets.push_back(fmt::format("seed={}", *o.seed));
  (void)scenario::load_file(o.input, sets);
  return [path = o.input, sets](std::optional<std::uint64_t> seed,
                                const std::vector<std::string>& extra) {
    std::vector<std::string> all = sets;
    all.insert(all.end(), extra.begin(), extra.end());
    if (seed) all.push_back(fmt::format("seed={}", *seed));
    return scenario::load_file(path, all);
  };
}

run::LiveOptions live_options(const Options& o, std::string version) {
  run::LiveOptions live;
  if (o.replay()) return live;
  live.output = o.output;
  live.coordsim_version = std::move(version);
  live.inputs = scenario::scenario_files(o.input);
  return live;
}

Recording load_recording(const std::filesystem::path& path, io::Unsealed unsealed) {
  Recording r;
  const io::RunInfo info = io::read_run_info(path, unsealed);
  for (const auto t : io::read_metric_time(path, unsealed)) {
    r.time_s.push_back(static_cast<double>(t) * info.tick_seconds);
  }
  std::vector<std::string> names;
  for (const auto& c : io::read_metric_columns(path, unsealed)) names.push_back(c.name);
  for (const auto& def : model::world::metric_defs()) {
    auto& out = r.columns.emplace_back();
    if (std::find(names.begin(), names.end(), def.name) == names.end()) continue;
    std::visit([&](const auto& v) { out.assign(v.begin(), v.end()); },
               io::read_metric(path, std::string(def.name), unsealed));
  }
  const std::uint64_t checkpoints = io::inspect(path, unsealed).checkpoints;
  for (std::uint64_t k = 0; k < checkpoints; ++k) {
    io::Checkpoint cp = io::read_checkpoint(path, k, unsealed);
    r.checkpoints.emplace_back(cp.time, std::move(cp.blob));
  }
  // A steered run (coordsim-viz -o, coordsim run --interventions) re-simulates only with its
  // knob changes applied where the recorder applied them.
  r.interventions = run::read_interventions(path, unsealed);
  return r;
}

}  // namespace coordsim::viz
