#include "experiment/plan.hpp"

#include <fmt/core.h>

#include "io/reader.hpp"
#include "scenario/error.hpp"
#include "scenario/load.hpp"

namespace coordsim::experiment {

const char* to_string(RunStatus status) noexcept {
  switch (status) {
    case RunStatus::kPending:
      return "pending";
    case RunStatus::kComplete:
      return "complete";
    case RunStatus::kIncomplete:
      return "incomplete";
    case RunStatus::kFailed:
      return "failed";
    case RunStatus::kInvalid:
      return "invalid";
  }
  return "?";
}

std::vector<std::string> Plan::keys() const {
  std::vector<std::string> out;
  if (!points.empty()) {
    for (const auto& [k, v] : points.front().values) out.push_back(k);
  }
  return out;
}

std::vector<std::string> Plan::overrides(const PlannedRun& run) const {
  std::vector<std::string> out = sweep.set;
  for (auto& o : points[run.point].overrides()) out.push_back(std::move(o));
  out.push_back(fmt::format("seed={}", run.seed));
  return out;
}

scenario::Spec Plan::spec(const PlannedRun& run) const {
  return scenario::load_file(sweep.base, overrides(run));
}

Plan make_plan(Sweep sweep) {
  Plan plan;
  plan.sweep = std::move(sweep);
  plan.sweep_hash = scenario::load_file(plan.sweep.base, plan.sweep.set).hash();
  plan.points = expand_points(plan.sweep, sample_key(plan.sweep_hash));
  const auto n_points = static_cast<std::uint32_t>(plan.points.size());
  plan.runs.reserve(std::size_t{n_points} * plan.sweep.replications);
  for (std::uint32_t r = 0; r < plan.sweep.replications; ++r) {
    for (std::uint32_t p = 0; p < n_points; ++p) {
      plan.runs.push_back(PlannedRun{plan.runs.size(), p, r,
                                     run_seed(plan.sweep_hash, plan.points[p].hash(), r),
                                     fmt::format("runs/p{:04}-r{:03}.h5", p, r)});
    }
  }
  plan.point_errors.assign(n_points, {});
  plan.scenario_hashes.assign(plan.runs.size(), 0);
  return plan;
}

std::size_t validate(Plan& plan) {
  std::size_t invalid = 0;
  for (const auto& run : plan.runs) {
    auto& error = plan.point_errors[run.point];
    if (!error.empty()) continue;
    try {
      plan.scenario_hashes[run.index] = plan.spec(run).hash();
    } catch (const scenario::ScenarioError& e) {
      error = e.what();
      while (!error.empty() && error.back() == '\n') error.pop_back();
      ++invalid;
    }
  }
  return invalid;
}

std::vector<std::uint64_t> shard_runs(const Plan& plan, std::uint32_t shard, std::uint32_t shards) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t i = shard; i < plan.runs.size(); i += shards) out.push_back(i);
  return out;
}

FileState file_state(const std::filesystem::path& file, std::uint64_t scenario_hash) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) return {};
  try {
    auto s = std::make_shared<const io::FileSummary>(io::inspect(file));
    if (s->run.scenario_hash != fmt::format("{:016x}", scenario_hash)) {
      return {RunStatus::kPending, "its file was made from another scenario", nullptr};
    }
    if (!s->complete) return {RunStatus::kIncomplete, "its file is incomplete", nullptr};
    return {RunStatus::kComplete, {}, std::move(s)};
  } catch (const std::exception& e) {
    return {RunStatus::kIncomplete, std::string("its file is unreadable: ") + e.what(), nullptr};
  }
}

}  // namespace coordsim::experiment
