#include "run/run.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "io/recorder.hpp"
#include "kernel/parallel_runner.hpp"
#include "kernel/scheduler.hpp"
#include "model/world/invariants.hpp"
#include "model/world/metrics.hpp"
#include "model/world/world.hpp"
#include "run/tables.hpp"

namespace coordsim::run {

namespace world = model::world;
using kernel::SimTime;

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

// Filters the actions the scenario asked to log and hands them to the recorder in batches.
class EventLog final : public world::ActionSink {
 public:
  EventLog(const scenario::SpecData& spec, const world::Population& pop, io::Recorder& recorder)
      : pop_(&pop), recorder_(&recorder), kinds_(world::kActionNames.size(), spec.output.events.kinds.empty()),
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
  void on_action(const world::ActionRecord& r) override {
    if (!kinds_[static_cast<std::size_t>(r.kind)]) return;
    if (r.actor.value() < pop_->agents() && !groups_[pop_->group(r.actor)]) return;
    buffer_.push_back(io::EventRecord{r.time.ticks(), static_cast<std::uint16_t>(r.kind),
                                      static_cast<std::uint16_t>(r.reason), r.actor.value(), r.target.value(),
                                      r.session, r.amount.raw()});
    if (buffer_.size() >= kBatch) flush();
  }
  void flush() {
    if (!buffer_.empty()) recorder_->append_events(buffer_);
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kBatch = 8192;
  const world::Population* pop_;
  io::Recorder* recorder_;
  std::vector<bool> kinds_;
  std::vector<bool> groups_;
  std::vector<io::EventRecord> buffer_;
};

// In every_event mode the checker runs after each event (slow: for debugging and tests).
struct CheckedWorld {
  world::World* w;
  world::InvariantChecker* checker;
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    w->handle(e, s);
    checker->check(*w, s.now(), s.committed() + 1, "after an event");
  }
};

io::RecordingLayout layout_for(const scenario::SpecData& spec) {
  io::RecordingLayout layout;
  for (const auto& m : world::metric_defs()) {
    layout.metrics.push_back(io::MetricColumn{std::string(m.name), std::string(m.unit), std::string(m.description),
                                              m.integer ? io::MetricType::int64 : io::MetricType::float64});
  }
  if (spec.output.events.enabled) {
    io::EventNames names;
    for (auto n : world::kActionNames) names.kinds.emplace_back(n);
    for (std::size_t r = 0; r < model::sessions::kReasonCount; ++r) {
      names.reasons.emplace_back(model::sessions::to_string(static_cast<model::sessions::Reason>(r)));
    }
    layout.events = std::move(names);
  }
  return layout;
}

}  // namespace

RunSummary run(const scenario::Spec& spec, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const auto& sd = spec.data();
  // Refuse a population the machine cannot hold before allocating it: a scenario file must never
  // be able to exhaust memory. The estimate is the measured peak per agent of scenarios/million.yaml
  // (docs/performance.md) with a safety margin.
  constexpr double kBytesPerAgent = 1500.0;
  const double need = kBytesPerAgent * static_cast<double>(sd.total_agents());
  const double have = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (have > 0 && need > 0.8 * have) {
    throw RunInputError(fmt::format("scenario {}: {} agents need about {:.1f} GiB, more than this machine's memory "
                                    "({:.1f} GiB) can hold; lower the population counts",
                                    sd.name, sd.total_agents(), need / 1073741824.0, have / 1073741824.0));
  }
  std::unique_ptr<world::World> w;
  try {
    w = std::make_unique<world::World>(spec);
  } catch (const std::invalid_argument& e) {
    throw RunInputError(fmt::format("scenario {}: {}", sd.name, e.what()));
  }

  io::RunInfo info;
  info.coordsim_version = options.coordsim_version;
  info.scenario_name = sd.name;
  info.scenario_text = spec.yaml();
  info.seed = sd.seed;
  info.scenario_hash = fmt::format("{:016x}", spec.hash());
  info.tick_seconds = static_cast<double>(sd.tick.value()) / 1e6;
  info.execution = io::ExecutionInfo{utc_now(), static_cast<std::uint32_t>(std::max(1, options.threads)), 1, host_name()};
  io::RecorderOptions ropts;
  ropts.flush_interval = options.flush_interval;
  const std::filesystem::path output = options.output.empty() ? std::filesystem::path(sd.output.path) : options.output;
  if (output.has_parent_path()) std::filesystem::create_directories(output.parent_path());
  io::Recorder recorder(output, info, layout_for(sd), ropts);

  std::unique_ptr<EventLog> log;
  if (sd.output.events.enabled) {
    log = std::make_unique<EventLog>(sd, w->population(), recorder);
    w->set_action_sink(log.get());
  }

  world::InvariantChecker checker;
#ifdef NDEBUG
  constexpr bool kDebugBuild = false;
#else
  constexpr bool kDebugBuild = true;  // debug builds check every invariant after every event
#endif
  const bool every_event = kDebugBuild || sd.invariants.check == scenario::InvariantCheck::kEveryEvent;
  // Checking after every event reads the whole world, which only one thread may do.
  const int threads = every_event ? 1 : std::max(1, options.threads);
  std::unique_ptr<kernel::Scheduler> sequential;
  std::unique_ptr<kernel::ParallelRunner> parallel;
  if (threads == 1) {
    sequential = std::make_unique<kernel::Scheduler>(w->actor_count(), w->block());
    w->seed_events(*sequential);
  } else {
    // One shard per domain: the partition is the world's, fixed by the scenario, so the thread
    // count only decides who runs which shard, never what happens (kernel/parallel_runner.hpp).
    parallel = std::make_unique<kernel::ParallelRunner>(w->domain_map(), w->domain_count(), w->block(), threads);
    w->seed_events(*parallel);
  }
  auto committed = [&] { return sequential ? sequential->committed() : parallel->committed(); };
  CheckedWorld checked{w.get(), &checker};
  auto advance = [&](SimTime until) {
    if (every_event) {
      sequential->run_until(checked, until);
    } else if (sequential) {
      sequential->run_until(*w, until);
    } else {
      parallel->run_until(*w, until);
    }
    w->at_barrier();
  };

  const kernel::SimDuration interval = std::max(kernel::SimDuration{1}, sd.ticks(sd.output.sample_interval));
  const SimTime end = w->end();
  const double tick_s = info.tick_seconds;
  std::vector<world::MetricValue> values;
  std::vector<std::size_t> snapshot_done(sd.output.snapshots.size(), 0);
  RunSummary summary;
  auto last_progress = wall_start;

  auto sample = [&](SimTime t) {
    checker.check(*w, t, committed(), "sample");
    world::sample_metrics(*w, t, values);
    values[0] = static_cast<std::int64_t>(committed());
    recorder.append_sample(t, values);
    ++summary.samples;
  };

  bool stopped = false;
  sample(SimTime::zero());
  SimTime t = SimTime::zero();
  while (t < end) {
    const SimTime next = std::min(t + interval, end);
    // Run towards the next sample in slices, so that progress and stop requests stay responsive
    // even when a sampling interval holds millions of events. Slicing never changes results:
    // it only decides where to pause, not what happens.
    const std::int64_t slices = 16;
    const auto span = (next - t).ticks();
    for (std::int64_t k = 1; k <= slices; ++k) {
      const SimTime until = k == slices ? next : t + kernel::SimDuration{span * k / slices};
      advance(until);
      const auto now = std::chrono::steady_clock::now();
      if (options.on_progress && now - last_progress > std::chrono::milliseconds(500)) {
        last_progress = now;
        options.on_progress(Progress{static_cast<double>(until.ticks()) * tick_s, static_cast<double>(end.ticks()) * tick_s,
                                     committed(), std::chrono::duration<double>(now - wall_start).count()});
      }
      if (options.stop != nullptr && options.stop->load()) {
        stopped = true;
        t = until;
        break;
      }
    }
    if (stopped) break;
    t = next;
    for (std::size_t i = 0; i < sd.output.snapshots.size(); ++i) {
      const SimTime at{static_cast<std::uint64_t>(sd.ticks(sd.output.snapshots[i]).ticks())};
      if (snapshot_done[i] == 0 && at <= t) {
        snapshot_done[i] = 1;
        recorder.write_table(fmt::format("/snapshots/t{}", at.ticks()), agent_table(*w));
      }
    }
    sample(t);
  }

  if (log) log->flush();
  recorder.write_table("/agents", agent_table(*w));
  recorder.write_table("/sessions", session_table(*w));
  recorder.write_table("/graph", graph_table(*w));
  recorder.write_table("/invariants", invariant_table(checker, sd));
  recorder.finish(t, !stopped);

  summary.output = output;
  summary.scenario_name = sd.name;
  summary.seed = sd.seed;
  summary.events = committed();
  summary.threads = threads;
  summary.sim_seconds = static_cast<double>(t.ticks()) * tick_s;
  summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  summary.complete = !stopped;
  summary.invariant_checks = checker.checks();
  const auto defs = world::metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i) summary.last.emplace_back(std::string(defs[i].name), values[i]);
  return summary;
}

std::string format_summary(const RunSummary& s) {
  std::string out = fmt::format("{} (seed {}): {} events, {:.0f} simulated s in {:.2f} s wall ({:.2f} M events/s, {} thread{}){}\n",
                                s.scenario_name, s.seed, s.events, s.sim_seconds, s.wall_seconds,
                                s.wall_seconds > 0 ? static_cast<double>(s.events) / s.wall_seconds / 1e6 : 0.0,
                                s.threads, s.threads == 1 ? "" : "s", s.complete ? "" : "  [STOPPED EARLY: file marked incomplete]");
  out += fmt::format("  output: {}  ({} samples, invariants checked {} times, all held)\n", s.output.string(), s.samples,
                     s.invariant_checks);
  const char* shown[] = {"actions_applied", "rejected_cap_exceeded", "rejected_expired", "rejected_revoked",
                         "live_sessions", "value_taken", "pool_price", "inferences", "rows",
                         "rewards_final_honest", "rewards_final_adversarial", "batches_final", "graph_largest_share"};
  for (const char* name : shown) {
    for (const auto& [n, v] : s.last) {
      if (n != name) continue;
      if (std::holds_alternative<double>(v)) {
        out += fmt::format("  {:<28} {:.6g}\n", n, std::get<double>(v));
      } else {
        out += fmt::format("  {:<28} {}\n", n, std::get<std::int64_t>(v));
      }
    }
  }
  return out;
}

}  // namespace coordsim::run
