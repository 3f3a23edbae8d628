#include "run/recording.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "model/world/metrics.hpp"
#include "scenario/units.hpp"

namespace coordsim::run::detail {

namespace world = model::world;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

}  // namespace

io::RecordingLayout layout_for(const scenario::SpecData& spec) {
  io::RecordingLayout layout;
  for (const auto& m : world::metric_defs()) {
    layout.metrics.push_back(
        io::MetricColumn{std::string(m.name), std::string(m.unit), std::string(m.description),
                         m.is_integer() ? io::MetricType::kInt64 : io::MetricType::kFloat64});
  }
  if (spec.output.events.enabled) {
    io::EventNames names;
    for (auto n : world::kActionNames) names.kinds.emplace_back(n);
    for (std::size_t r = 0; r < model::sessions::kReasonCount; ++r) {
      names.reasons.emplace_back(
          model::sessions::to_string(static_cast<model::sessions::Reason>(r)));
    }
    layout.events = std::move(names);
  }
  return layout;
}

io::ExecutionInfo execution_for(int threads) {
  return io::ExecutionInfo{utc_now(), static_cast<std::uint32_t>(std::max(1, threads)), 1,
                           host_name()};
}

io::RunInfo run_info_for(const scenario::Spec& spec, const std::string& version, int threads) {
  const auto& sd = spec.data();
  io::RunInfo info;
  info.coordsim_version = version;
  info.scenario_name = sd.name;
  info.scenario_text = spec.yaml();
  info.seed = sd.seed;
  info.scenario_hash = fmt::format("{:016x}", spec.hash());
  info.tick_seconds = scenario::to_seconds(sd.tick);
  info.execution = execution_for(threads);
  return info;
}

EventLog::EventLog(const scenario::SpecData& spec, const world::Population& pop,
                   io::Recorder& recorder)
    : pop_(&pop),
      recorder_(&recorder),
      kinds_(world::kActionNames.size(), spec.output.events.kinds.empty()),
      groups_(pop.groups(), spec.output.events.groups.empty()) {
  for (const auto& k : spec.output.events.kinds) {
    for (std::size_t i = 0; i < world::kActionNames.size(); ++i) {
      if (world::kActionNames[i] == k) kinds_[i] = true;
    }
  }
  for (const auto& g : spec.output.events.groups) {
    for (std::size_t i = 0; i < spec.population.size(); ++i) {
      if (spec.population[i].name == g) groups_[i] = true;
    }
  }
  buffer_.reserve(kBatch);
}

void EventLog::on_action(const world::ActionRecord& r) {
  if (!kinds_[static_cast<std::size_t>(r.kind)]) return;
  if (r.actor.value() < pop_->agents() && !groups_[pop_->group(r.actor)]) return;
  buffer_.push_back(io::EventRecord{r.time.ticks(), static_cast<std::uint16_t>(r.kind),
                                    static_cast<std::uint16_t>(r.reason), r.actor.value(),
                                    r.target.value(), r.session, r.amount.raw()});
  if (buffer_.size() >= kBatch) flush();
}

void EventLog::flush() {
  if (!buffer_.empty()) recorder_->append_events(buffer_);
  buffer_.clear();
}

}  // namespace coordsim::run::detail
