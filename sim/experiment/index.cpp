#include "experiment/index.hpp"

#include <fmt/core.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>

#include "io/reader.hpp"
#include "io/recorder.hpp"

namespace coordsim::experiment {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in && in.peek() != std::ifstream::traits_type::eof()) text << in.rdbuf();
  return text.str();
}

// One column per metric, from the first complete run that has it; a run without a value holds 0
// (integers) or NaN (floats), and its status says it is not complete.
std::vector<io::TableColumn> metric_columns(const Plan& plan,
                                            const std::vector<std::uint64_t>& selection,
                                            const std::vector<Outcome>& settled,
                                            const std::filesystem::path& out_dir) {
  std::vector<io::TableColumn> columns;
  for (std::size_t row = 0; row < selection.size(); ++row) {
    if (settled[row].status != RunStatus::kComplete) continue;
    const auto summary = settled[row].file != nullptr
                             ? settled[row].file
                             : std::make_shared<const io::FileSummary>(
                                   io::inspect(out_dir / plan.runs[selection[row]].file));
    if (columns.empty()) {
      for (const auto& m : summary->metrics) {
        io::TableColumn c{m.name, m.unit, "final value: " + m.description, {}};
        if (m.type == io::MetricType::kInt64) {
          c.values = std::vector<std::int64_t>(selection.size(), 0);
        } else {
          c.values =
              std::vector<double>(selection.size(), std::numeric_limits<double>::quiet_NaN());
        }
        columns.push_back(std::move(c));
      }
    }
    for (std::size_t m = 0; m < summary->metrics.size() && m < columns.size(); ++m) {
      const auto& last = summary->metrics[m].last;
      if (!last || summary->metrics[m].name != columns[m].name) continue;
      std::visit(
          [&](auto& values) {
            using T = typename std::decay_t<decltype(values)>::value_type;
            if constexpr (std::is_same_v<T, std::int64_t> || std::is_same_v<T, double>) {
              if (const auto* v = std::get_if<T>(&*last)) values[row] = *v;
            }
          },
          columns[m].values);
    }
  }
  return columns;
}

}  // namespace

std::vector<Outcome> settle(const Plan& plan, const std::vector<std::uint64_t>& selection,
                            const std::vector<Outcome>& outcomes,
                            const std::filesystem::path& out_dir) {
  std::vector<Outcome> settled;
  settled.reserve(selection.size());
  for (const auto i : selection) {
    const auto& run = plan.runs[i];
    if (const auto& e = plan.point_errors[run.point]; !e.empty()) {
      settled.push_back(Outcome{RunStatus::kInvalid, e, -1, nullptr});
    } else if (outcomes[i].status != RunStatus::kPending) {
      settled.push_back(outcomes[i]);
    } else {
      auto state = file_state(out_dir / run.file, plan.scenario_hashes[i]);
      settled.push_back(Outcome{state.status, state.note, -1, std::move(state.summary)});
    }
  }
  return settled;
}

void write_index(const std::filesystem::path& path, const Plan& plan,
                 const std::vector<std::uint64_t>& selection, const std::vector<Outcome>& settled,
                 const std::filesystem::path& out_dir, const std::string& coordsim_version) {
  const std::size_t n = selection.size();
  std::vector<std::uint64_t> index(n);
  std::vector<std::uint64_t> point(n);
  std::vector<std::uint64_t> replication(n);
  std::vector<std::uint64_t> seed(n);
  std::vector<std::string> status(n);
  std::vector<std::string> error(n);
  std::vector<std::string> file(n);
  std::vector<std::string> hash(n);
  std::vector<double> wall(n);
  const auto keys = plan.keys();
  std::vector<std::vector<std::string>> params(keys.size(), std::vector<std::string>(n));
  for (std::size_t row = 0; row < n; ++row) {
    const auto& run = plan.runs[selection[row]];
    index[row] = run.index;
    point[row] = run.point;
    replication[row] = run.replication;
    seed[row] = run.seed;
    status[row] = to_string(settled[row].status);
    error[row] = settled[row].error;
    file[row] = run.file;
    hash[row] = fmt::format("{:016x}", plan.scenario_hashes[run.index]);
    wall[row] = settled[row].wall_seconds >= 0 ? settled[row].wall_seconds
                                               : std::numeric_limits<double>::quiet_NaN();
    for (std::size_t k = 0; k < keys.size(); ++k) {
      params[k][row] = plan.points[run.point].values[k].second;
    }
  }
  std::vector<io::TableColumn> columns{
      {"run", "", "position in run order (replication-major)", std::move(index)},
      {"point", "", "index of the point in the sweep", std::move(point)},
      {"replication", "", "replication of the point, from 0", std::move(replication)},
      {"seed", "", "the run's seed, derived from (sweep, point, replication)", std::move(seed)},
      {"status", "", "complete, incomplete, failed, invalid or pending", std::move(status)},
      {"error", "", "why the run failed or is invalid", std::move(error)},
      {"file", "", "the run file, relative to the sweep's folder", std::move(file)},
      {"scenario_hash", "", "hash of the run's resolved scenario", std::move(hash)},
      {"wall_s", "s", "wall time of the run in this invocation (NaN: not run now)",
       std::move(wall)},
  };
  for (std::size_t k = 0; k < keys.size(); ++k) {
    columns.push_back({keys[k], "", "swept parameter, as written", std::move(params[k])});
  }
  for (auto& c : metric_columns(plan, selection, settled, out_dir)) columns.push_back(std::move(c));

  io::RunInfo info;
  info.coordsim_version = coordsim_version;
  info.scenario_name = "sweep " + plan.sweep.file.filename().string();
  info.scenario_text = read_file(plan.sweep.file);
  info.scenario_hash = fmt::format("{:016x}", plan.sweep_hash);
  io::RecorderOptions options;
  options.replace_stale_partial = true;  // a killed sweep's index is rewritten, never resumed
  io::Recorder recorder(path, info, io::RecordingLayout{}, options);
  recorder.write_table("/runs", std::move(columns));
  recorder.finish(kernel::SimTime{0});
}

}  // namespace coordsim::experiment
