#include "run/run.hpp"

#include <fmt/core.h>
#include <malloc.h>  // malloc_trim
#include <unistd.h>  // sysconf

#include <algorithm>
#include <chrono>
#include <optional>
#include <string_view>
#include <thread>

#include "io/output_path.hpp"
#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "kernel/archive.hpp"
#include "kernel/parallel_runner.hpp"
#include "kernel/scheduler.hpp"
#include "model/world/invariants.hpp"
#include "model/world/metrics.hpp"
#include "model/world/world.hpp"
#include "run/checkpoint.hpp"
#include "run/recording.hpp"
#include "run/tables.hpp"
#include "scenario/load.hpp"
#include "scenario/units.hpp"

// Sanitizers replace malloc (GCC says so by __SANITIZE_*__, clang by __has_feature).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define COORDSIM_SANITIZED_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define COORDSIM_SANITIZED_MALLOC 1
#endif
#endif

namespace coordsim::run {

namespace world = model::world;
using detail::EventLog;
using detail::execution_for;
using detail::layout_for;
using kernel::SimTime;

namespace {

using detail::CheckedWorld;
using detail::checks_every_event;

// A resumed run appends samples to the columns already in the file: they must be this build's
// metrics, by name and type, in order, or values would land under another metric's name.
void require_same_metrics(const std::filesystem::path& source, const io::RecordingLayout& layout,
                          io::Unsealed unsealed) {
  const std::vector<io::MetricColumn> stored = io::read_metric_columns(source, unsealed);
  for (std::size_t i = 0; i < std::max(stored.size(), layout.metrics.size()); ++i) {
    const bool same = i < stored.size() && i < layout.metrics.size() &&
                      stored[i].name == layout.metrics[i].name &&
                      stored[i].type == layout.metrics[i].type;
    const auto described = [](const io::MetricColumn& c) {
      return c.name + (c.type == io::MetricType::kInt64 ? " (int64)" : " (float64)");
    };
    if (!same) {
      throw CheckpointError(fmt::format(
          "{}: metric column {} is '{}' in the file but '{}' in this coordsim; it was written by "
          "a coordsim with other metrics (another version, or a build linking other registered "
          "world systems: docs/extending.md), and only that one can resume it",
          source.string(), i, i < stored.size() ? described(stored[i]) : "(none)",
          i < layout.metrics.size() ? described(layout.metrics[i]) : "(none)"));
    }
  }
}

// Refuse a population the machine cannot hold before allocating it: a scenario file must never
// be able to exhaust memory. The estimate is the measured peak per agent of scenarios/million.yaml
// (docs/performance.md) with a safety margin.
void refuse_if_too_large(const scenario::SpecData& sd) {
  constexpr double kBytesPerAgent = 1500.0;
  const double need = kBytesPerAgent * static_cast<double>(sd.total_agents());
  const double have =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (have > 0 && need > 0.8 * have) {
    throw RunInputError(
        fmt::format("scenario {}: {} agents need about {:.1f} GiB, more than this machine's memory "
                    "({:.1f} GiB) can hold; lower the population counts",
                    sd.name, sd.total_agents(), need / 1073741824.0, have / 1073741824.0));
  }
}

// Everything one run owns while it executes: the world, the kernel, the invariant checker and the
// loop's position. A fresh run seeds the kernel from the world; a resumed one restores all of it
// from a checkpoint instead. Either way execute() continues from `loop_`.
class Engine {
 public:
  Engine(const scenario::Spec& spec, const RunOptions& options, bool seed) : spec_(spec) {
    const auto& sd = spec.data();
    build(options.threads);
    if (seed) {
      if (sequential_) {
        w_->seed_events(*sequential_);
      } else {
        w_->seed_events(*parallel_);
      }
    }
    // Seeded, or about to be restored from a checkpoint: the seed list is not read again.
    w_->release_seed_events();
    loop_.snapshot_done.assign(sd.output.snapshots.size(), 0);
  }

  [[nodiscard]] int threads() const noexcept { return threads_; }
  [[nodiscard]] const LoopPosition& position() const noexcept { return loop_; }

  /// Replaces the whole state by checkpoint `blob`. @throws kernel::ArchiveError
  void restore(std::span<const std::byte> blob) {
    decode(blob, spec_.hash());
    resumed_ = true;
  }

  /// A resumed steered run: `applied` are the changes in force at the checkpoint (spec_ was built
  /// with them), and execute() goes on from entry `next` of RunOptions::interventions.
  void resume_interventions(std::size_t next, std::vector<Intervention> applied) {
    resume_next_ = next;
    resume_applied_ = std::move(applied);
  }

  RunSummary execute(io::Recorder& recorder, const RunOptions& options,
                     std::chrono::steady_clock::time_point wall_start);

 private:
  // The world and the kernel for spec_, with nothing scheduled.
  void build(int wanted_threads) {
    const auto& sd = spec_.data();
    refuse_if_too_large(sd);
    try {
      w_ = std::make_unique<world::World>(spec_);
    } catch (const std::invalid_argument& e) {
      throw RunInputError(fmt::format("scenario {}: {}", sd.name, e.what()));
    }
    every_event_ = checks_every_event(sd);
    // Checking after every event reads the whole world, which only one thread may do.
    threads_ = every_event_ ? 1 : std::max(1, wanted_threads);
    sequential_.reset();
    parallel_.reset();
    w_->set_serial_log(threads_ == 1);
    if (threads_ == 1) {
      sequential_ = std::make_unique<kernel::Scheduler>(w_->actor_count(), w_->block());
    } else {
      // One shard per domain: the partition is the world's, fixed by the scenario, so the thread
      // count only decides who runs which shard, never what happens (kernel/parallel_runner.hpp).
      parallel_ = std::make_unique<kernel::ParallelRunner>(w_->domain_map(), w_->domain_count(),
                                                           w_->block(), threads_);
    }
  }

  void decode(std::span<const std::byte> blob, std::uint64_t hash) {
    KernelState k;
    LoopPosition loop;
    decode_checkpoint(blob, hash, *w_, checker_, k, loop);
    kernel::ArchiveReader::require(loop.snapshot_done.size() == loop_.snapshot_done.size(),
                                   "snapshot flags");
    if (sequential_) {
      run::restore(*sequential_, k);
    } else {
      run::restore(*parallel_, k);
    }
    loop_ = std::move(loop);
  }

  // Continues from the current state under `spec` (the same population, other knobs): the world
  // is rebuilt from it and loaded from a checkpoint of now, as LiveRun::branch does.
  void branch(scenario::Spec spec) {
    const std::vector<std::byte> now_state = checkpoint_blob();
    const std::uint64_t old_hash = spec_.hash();
    spec_ = std::move(spec);
    build(threads_);
    w_->release_seed_events();  // the state comes from the checkpoint, not from seeding
    decode(now_state, old_hash);
  }

  [[nodiscard]] std::uint64_t committed() const {
    return sequential_ ? sequential_->committed() : parallel_->committed();
  }
  void advance(SimTime until) {
    if (every_event_) {
      CheckedWorld checked{w_.get(), &checker_};
      sequential_->run_until(checked, until);
    } else if (sequential_) {
      sequential_->run_until(*w_, until);
    } else {
      parallel_->run_until(*w_, until);
    }
    w_->at_barrier();
  }
  [[nodiscard]] std::vector<std::byte> checkpoint_blob() const {
    const KernelState k = sequential_ ? capture(*sequential_) : capture(*parallel_);
    return encode_checkpoint(spec_.hash(), *w_, checker_, k, loop_);
  }

  scenario::Spec spec_;
  std::unique_ptr<world::World> w_;
  world::InvariantChecker checker_;
  std::unique_ptr<kernel::Scheduler> sequential_;
  std::unique_ptr<kernel::ParallelRunner> parallel_;
  bool every_event_ = false;
  int threads_ = 1;
  bool resumed_ = false;
  LoopPosition loop_;
  std::size_t resume_next_ = 0;
  std::vector<Intervention> resume_applied_;
};

RunSummary Engine::execute(io::Recorder& recorder, const RunOptions& options,
                           std::chrono::steady_clock::time_point wall_start) {
  // The scenario as the run began: a branch replaces spec_ (only knobs change, see
  // intervention.hpp), so what is read here once stays valid.
  const scenario::Spec original = spec_;
  const auto& sd = original.data();
  std::unique_ptr<EventLog> log;
  if (sd.output.events.enabled) {
    log = std::make_unique<EventLog>(sd, w_->population(), recorder);
    w_->set_action_sink(log.get());
    if (!resumed_) log->open(*w_);
  }

  const kernel::SimDuration interval =
      std::max(kernel::SimDuration{1}, sd.ticks(sd.output.sample_interval));
  const SimTime end = w_->end();
  const double tick_s = scenario::to_seconds(sd.tick);
  std::vector<world::MetricValue> values;
  RunSummary summary;
  auto last_progress = wall_start;

  auto sample = [&](SimTime at) {
    checker_.check(*w_, at, committed(), "sample");
    world::sample_metrics(*w_, at, committed(), values);
    recorder.append_sample(at, values);
    ++loop_.samples;
  };

  // Checkpoints at the first sample at or after each multiple of `every` (0: none). Nothing here
  // runs per event: the cost is one comparison per sample when checkpoints are off.
  const auto every = static_cast<std::uint64_t>(
      std::max<std::int64_t>(0, sd.ticks(sd.output.checkpoint_every).ticks()));
  auto next_multiple = [&](SimTime after) {
    return every == 0 ? SimTime::never() : SimTime{(after.ticks() / every + 1) * every};
  };
  SimTime next_checkpoint = next_multiple(loop_.time);
  auto checkpoint = [&](SimTime at) {
    // The log's buffer goes to the recorder first, so the checkpoint's event count covers every
    // action up to `at` (a resumed run starts with an empty buffer).
    if (log) log->flush();
    const std::uint64_t sequence = recorder.write_checkpoint(
        fmt::format("sample at t={}s", static_cast<double>(at.ticks()) * tick_s), checkpoint_blob(),
        at);
    // Durable before the run moves on: a run killed from now on can resume from here. Once per
    // checkpoint interval, so the wait is negligible against the simulation between two.
    recorder.sync();
    ++summary.checkpoints;
    if (options.on_checkpoint)
      options.on_checkpoint(sequence, static_cast<double>(at.ticks()) * tick_s);
    next_checkpoint = next_multiple(at);
  };

  // A snapshot holds the state at exactly its time, by the rule samples follow (every event
  // before that time applied, none at or after it): the run pauses there, whatever the sample
  // interval. Pausing never changes results (see the slices below).
  auto advance_to = [&](SimTime until) {
    for (std::size_t i = 0; i < sd.output.snapshots.size(); ++i) {
      const SimTime at{static_cast<std::uint64_t>(sd.ticks(sd.output.snapshots[i]).ticks())};
      if (loop_.snapshot_done[i] != 0 || at > until) continue;
      advance(at);
      loop_.snapshot_done[i] = 1;
      recorder.write_table(fmt::format("/snapshots/t{}", at.ticks()), agent_table(*w_));
    }
    advance(until);
  };

  // Interventions apply right after the sample at their time (and its checkpoint), before any
  // later event: the point LiveRun applies them at, whatever the wall clock did there.
  std::size_t next_intervention = resume_next_;
  std::vector<Intervention> applied = resume_applied_;
  // The whole list is in the file from the start (and again from a resume's start): a killed or
  // stopped run resumes with every change, past and still to come (resume() reads the table
  // before io::Recorder::resume drops what was written after the checkpoint).
  if (!options.interventions.empty()) {
    recorder.write_table("/interventions",
                         intervention_table(options.interventions, scenario::to_seconds(sd.tick)));
  }
  auto intervene = [&](SimTime at) {
    const auto& list = options.interventions;
    if (next_intervention >= list.size() || list[next_intervention].time != at) return;
    scenario::Spec next = apply_due(spec_, list, next_intervention, at, applied);
    if (log) log->flush();
    branch(std::move(next));
    if (log) {
      log->rebind(w_->population());
      w_->set_action_sink(log.get());
    }
  };

  bool stopped = false;
  SimTime t = loop_.time;
  if (resumed_) {
    // The sample at `t` is already in the file; recompute it only for the summary. The changes
    // due at `t` came after its checkpoint, so they apply now.
    world::sample_metrics(*w_, t, committed(), values);
    intervene(t);
  } else {
    sample(SimTime::zero());
    intervene(SimTime::zero());
  }
  while (t < end) {
    const SimTime next = std::min(t + interval, end);
    // Run towards the next sample in slices, so that progress and stop requests stay responsive
    // even when a sampling interval holds millions of events. Slicing never changes results:
    // it only decides where to pause, not what happens.
    const std::int64_t slices = 16;
    const auto span = (next - t).ticks();
    for (std::int64_t k = 1; k <= slices; ++k) {
      const SimTime until = k == slices ? next : t + kernel::SimDuration{span * k / slices};
      advance_to(until);
      const auto now = std::chrono::steady_clock::now();
      if (options.on_progress && now - last_progress > std::chrono::milliseconds(500)) {
        last_progress = now;
        options.on_progress(Progress{static_cast<double>(until.ticks()) * tick_s,
                                     static_cast<double>(end.ticks()) * tick_s, committed(),
                                     std::chrono::duration<double>(now - wall_start).count()});
      }
      if (options.stop != nullptr && options.stop->load()) {
        stopped = true;
        t = until;
        break;
      }
    }
    if (stopped) break;
    t = next;
    sample(t);
    loop_.time = t;
    if (t >= next_checkpoint) checkpoint(t);
    intervene(t);
  }

  if (log) log->flush();
  // A stopped run lists the changes still to come as well (after end_time_ticks), so that
  // `coordsim resume` applies them; a finished one has applied every change.
  for (std::size_t i = next_intervention; i < options.interventions.size(); ++i)
    applied.push_back(options.interventions[i]);
  // The pending events (2.1 million on million.yaml, all past the end) are never processed: free
  // the kernel before the end tables are built, whose columns are the run's peak memory.
  const std::uint64_t events = committed();
  sequential_.reset();
  parallel_.reset();
#if defined(__GLIBC__) && !defined(COORDSIM_SANITIZED_MALLOC)
  // Not under ASan or TSan (COORDSIM_SANITIZED_MALLOC, at the top of this file): they replace
  // malloc, glibc's arenas are never set up, and malloc_trim from a thread other than the main
  // one reads a null arena (a SEGV in a sweep's worker thread under ASan).
  // The queues' chunks were allocated by the worker threads, in glibc's per-thread arenas: freed,
  // they stay resident, and the tables below are allocated by this thread elsewhere. Giving the
  // free pages back is what makes the release lower the peak (-92 MiB on million.yaml,
  // docs/performance.md).
  malloc_trim(0);
#endif
  detail::write_end_tables(recorder, *w_, checker_, spec_.data(), applied);
  recorder.finish(t, !stopped);
  w_->set_action_sink(nullptr);

  summary.output = recorder.final_path();
  summary.scenario_name = sd.name;
  summary.seed = sd.seed;
  summary.events = events;
  summary.samples = loop_.samples;
  summary.threads = threads_;
  summary.sim_seconds = static_cast<double>(t.ticks()) * tick_s;
  summary.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  summary.complete = !stopped;
  summary.invariant_checks = checker_.checks();
  const auto defs = world::metric_defs();
  for (std::size_t i = 0; i < defs.size(); ++i)
    summary.last.emplace_back(std::string(defs[i].name), values[i]);
  return summary;
}

// The files a run reads besides the ones the caller names: the network's edge list.
std::vector<std::filesystem::path> inputs_of(const scenario::SpecData& sd,
                                             const RunOptions& options) {
  std::vector<std::filesystem::path> inputs = options.inputs;
  if (!sd.network.file.empty()) inputs.emplace_back(sd.network.file);
  return inputs;
}

RunSummary replaced(RunSummary summary, const io::OutputCheck& target) {
  summary.replaced = target.replaces;
  summary.replaced_run_file = target.replaces_run_file;
  return summary;
}

}  // namespace

RunSummary run(const scenario::Spec& spec, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  const auto& sd = spec.data();
  const std::filesystem::path output =
      options.output.empty() ? std::filesystem::path(sd.output.path) : options.output;
  const io::OutputCheck target = io::check_output(output, inputs_of(sd, options), options.force);
  check_interventions(spec, options.interventions, options.interventions_from);
  Engine engine(spec, options, true);
  const io::RunInfo info = detail::run_info_for(spec, options.coordsim_version, engine.threads());
  io::RecorderOptions ropts;
  ropts.flush_interval = options.flush_interval;
  if (output.has_parent_path()) std::filesystem::create_directories(output.parent_path());
  io::Recorder recorder(output, info, layout_for(sd), ropts);
  return replaced(engine.execute(recorder, options, wall_start), target);
}

std::filesystem::path default_resume_output(const std::filesystem::path& source) {
  const std::string name = source.filename().string();
  const std::string_view suffix = ".partial";
  if (name.size() > suffix.size() + 1 && name.front() == '.' && name.ends_with(suffix)) {
    return source.parent_path() / name.substr(1, name.size() - 1 - suffix.size());
  }
  return source;
}

RunSummary resume(const std::filesystem::path& source, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  if (!options.interventions.empty()) {
    throw InterventionError(
        "resume: a resumed run applies the knob changes recorded in its file, no others");
  }
  io::check_input_file(source);
  const io::Unsealed unsealed = options.unsealed ? io::Unsealed::kRead : io::Unsealed::kRefuse;
  const io::RunInfo info = io::read_run_info(source, unsealed);
  const scenario::Spec spec = scenario::load_string(info.scenario_text, source.string());
  if (fmt::format("{:016x}", spec.hash()) != info.scenario_hash) {
    throw CheckpointError(
        fmt::format("{}: the scenario stored in the file does not reproduce its hash {}; "
                    "it was written by an incompatible coordsim",
                    source.string(), info.scenario_hash));
  }
  require_same_metrics(source, layout_for(spec.data()), unsealed);
  const std::optional<io::Checkpoint> cp = io::read_latest_checkpoint(source, unsealed);
  if (!cp) {
    throw CheckpointError(
        fmt::format("{}: the file holds no checkpoint to resume from "
                    "(run with --checkpoint-every DURATION to store them)",
                    source.string()));
  }
  // A steered run (coordsim-viz -o, coordsim run --interventions): its checkpoint was taken under
  // the scenario with every change before its time in force (those at its time apply after it).
  RunOptions opts = options;
  opts.interventions = read_interventions(source, unsealed);
  opts.interventions_from = source.string();
  check_interventions(spec, opts.interventions, opts.interventions_from);
  scenario::Spec at_checkpoint = spec;
  std::size_t next_intervention = 0;
  std::vector<Intervention> applied;
  while (next_intervention < opts.interventions.size() &&
         opts.interventions[next_intervention].time < cp->time) {
    at_checkpoint = apply_due(std::move(at_checkpoint), opts.interventions, next_intervention,
                              opts.interventions[next_intervention].time, applied);
  }
  if (opts.threads < 0) {
    // The scenario's own choice, as `coordsim run` makes it (0: every core).
    opts.threads = spec->threads == 0
                       ? static_cast<int>(std::max(1U, std::thread::hardware_concurrency()))
                       : static_cast<int>(spec->threads);
  }
  const std::filesystem::path output =
      options.output.empty() ? default_resume_output(source) : options.output;
  std::vector<std::filesystem::path> inputs = inputs_of(spec.data(), options);
  // Finishing the run in its own file is the default (no -o); naming it as the output is refused.
  if (!options.output.empty() || output != source) inputs.push_back(source);
  const io::OutputCheck target = io::check_output(output, inputs, options.force);
  Engine engine(at_checkpoint, opts, false);
  engine.resume_interventions(next_intervention, std::move(applied));
  try {
    engine.restore(cp->blob);
  } catch (const kernel::ArchiveError& e) {
    throw CheckpointError(fmt::format("{}: checkpoint {} cannot be resumed: {}", source.string(),
                                      cp->sequence, e.what()));
  }
  if (engine.position().samples != cp->metric_rows || engine.position().time != cp->time) {
    throw CheckpointError(
        fmt::format("{}: checkpoint {} disagrees with the recording it is stored in",
                    source.string(), cp->sequence));
  }
  io::RecorderOptions ropts;
  ropts.flush_interval = options.flush_interval;
  if (output.has_parent_path()) std::filesystem::create_directories(output.parent_path());
  io::Recorder recorder =
      io::Recorder::resume(source, output, cp->sequence, execution_for(engine.threads()), ropts);
  RunSummary summary = replaced(engine.execute(recorder, opts, wall_start), target);
  summary.resumed = true;
  summary.resumed_from_seconds = static_cast<double>(cp->time.ticks()) * info.tick_seconds;
  return summary;
}

std::string format_summary(const RunSummary& s) {
  std::string out = fmt::format(
      "{} (seed {}): {} events, {:.0f} simulated s in {:.2f} s wall ({:.2f} M events/s, {} "
      "thread{}){}\n",
      s.scenario_name, s.seed, s.events, s.sim_seconds, s.wall_seconds,
      s.wall_seconds > 0 ? static_cast<double>(s.events) / s.wall_seconds / 1e6 : 0.0, s.threads,
      s.threads == 1 ? "" : "s", s.complete ? "" : "  [STOPPED EARLY: file marked incomplete]");
  out += fmt::format("  output: {}  ({} samples, invariants checked {} times, all held)\n",
                     s.output.string(), s.samples, s.invariant_checks);
  if (s.replaced) {
    out += fmt::format(
        "  replaced the file that was at {} ({})\n", s.output.string(),
        s.replaced_run_file ? "an earlier coordsim run file" : "not a run file: --force");
  }
  const char* shown[] = {"actions_applied",      "rejected_cap_exceeded",
                         "rejected_expired",     "rejected_revoked",
                         "live_sessions",        "value_taken",
                         "pool_price",           "book_best_bid",
                         "book_best_ask",        "book_volume",
                         "inferences",           "rows",
                         "rewards_final_honest", "rewards_final_adversarial",
                         "batches_final",        "graph_largest_share"};
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
