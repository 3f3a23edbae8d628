#include "run/live.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "io/output_path.hpp"
#include "io/recorder.hpp"
#include "kernel/scheduler.hpp"
#include "model/world/invariants.hpp"
#include "model/world/metrics.hpp"
#include "run/checkpoint.hpp"
#include "run/recording.hpp"
#include "run/run.hpp"
#include "run/tables.hpp"
#include "scenario/units.hpp"

namespace coordsim::run {

namespace world = model::world;
using kernel::SimDuration;
using kernel::SimTime;

// The last actions, kept in a ring so that memory does not grow with the run.
class LiveRun::Recent final : public world::ActionSink {
 public:
  explicit Recent(std::size_t capacity) : ring_(std::max<std::size_t>(1, capacity)) {}
  void on_action(const world::ActionRecord& r) override {
    ring_[seen_ % ring_.size()] = r;
    ++seen_;
    // Actions before the recorded frontier are in the file already (a seek backwards re-runs
    // them); the ones at or after it are new.
    if (log != nullptr && r.time >= record_from) log->on_action(r);
  }
  [[nodiscard]] std::size_t count() const noexcept {
    return static_cast<std::size_t>(std::min<std::uint64_t>(seen_, ring_.size()));
  }
  [[nodiscard]] const world::ActionRecord& at(std::size_t i) const noexcept {
    const std::uint64_t first = seen_ - count();
    return ring_[(first + i) % ring_.size()];
  }
  [[nodiscard]] std::uint64_t seen() const noexcept { return seen_; }
  void clear() noexcept { seen_ = 0; }

  detail::EventLog* log = nullptr;
  SimTime record_from;

 private:
  std::vector<world::ActionRecord> ring_;
  std::uint64_t seen_ = 0;
};

struct LiveRun::State {
  std::unique_ptr<kernel::Scheduler> scheduler;
  world::InvariantChecker checker;
  LoopPosition loop;
  std::vector<world::MetricValue> values;  // reused by every sample
};

LiveRun::LiveRun(scenario::Spec spec, LiveOptions options)
    : spec_(std::move(spec)),
      options_(std::move(options)),
      recent_(std::make_unique<Recent>(options_.recent_actions)),
      replay_base_(spec_) {
  const auto& sd = spec_.data();
  if (!options_.replay.empty()) {
    check_interventions(spec_, options_.replay, "replayed interventions");
  }
  replay_listed_.assign(options_.replay.size(), false);
  interval_ = std::max(SimDuration{1}, sd.ticks(sd.output.sample_interval));
  build();
  if (!options_.output.empty()) {
    std::vector<std::filesystem::path> inputs = options_.inputs;
    if (!sd.network.file.empty()) inputs.emplace_back(sd.network.file);
    (void)io::check_output(options_.output, inputs, options_.force);
    if (options_.output.has_parent_path()) {
      std::filesystem::create_directories(options_.output.parent_path());
    }
    recorder_ = std::make_unique<io::Recorder>(
        options_.output, detail::run_info_for(spec_, options_.coordsim_version, 1),
        detail::layout_for(sd));
    if (sd.output.events.enabled) {
      log_ = std::make_unique<detail::EventLog>(sd, world_->population(), *recorder_);
      log_->open(*world_);  // the opening balances, as run() writes them
      recent_->log = log_.get();
    }
    const auto every = sd.ticks(sd.output.checkpoint_every).ticks();
    next_checkpoint_ = every > 0 ? SimTime{static_cast<std::uint64_t>(every)} : SimTime::never();
    snapshot_recorded_.assign(sd.output.snapshots.size(), false);
  }
  next_sample_ = SimTime::zero();
  sample();
}

LiveRun::~LiveRun() {
  if (!recorder_) return;
  try {
    finish_recording();
  } catch (...) {  // the recorder keeps what reached the disk, marked incomplete
    recorder_->set_keep_incomplete(true);
  }
}

void LiveRun::build() {
  try {
    world_ = std::make_unique<world::World>(spec_);
  } catch (const std::invalid_argument& e) {
    throw RunInputError(fmt::format("scenario {}: {}", spec_->name, e.what()));
  }
  state_ = std::make_unique<State>();
  state_->scheduler = std::make_unique<kernel::Scheduler>(world_->actor_count(), world_->block());
  world_->seed_events(*state_->scheduler);
  // Seeded (a restore or a rebuild then overwrites the kernel's state from a checkpoint, and
  // builds a new world for it): the seed list is not read again, as in run() (run.cpp, Engine).
  world_->release_seed_events();
  world_->set_action_sink(recent_.get());
  world_->set_serial_log(true);  // one sequential scheduler
  if (log_) log_->rebind(world_->population());
  state_->loop.snapshot_done.assign(spec_->output.snapshots.size(), 0);
}

SimTime LiveRun::now() const noexcept { return state_->scheduler->now(); }

bool LiveRun::finished() const noexcept { return now() >= end(); }

std::uint64_t LiveRun::events() const noexcept { return state_->scheduler->committed(); }

double LiveRun::tick_seconds() const noexcept { return scenario::to_seconds(spec_->tick); }

void LiveRun::run_to(SimTime until) {
  recent_->record_from = frontier_;
  if (detail::checks_every_event(spec_.data())) {
    detail::CheckedWorld checked{world_.get(), &state_->checker};
    state_->scheduler->run_until(checked, until);
  } else {
    state_->scheduler->run_until(*world_, until);
  }
  // Folding the domains' collections at any barrier gives the same state as at run()'s
  // barriers: the fold is in a fixed order and nothing reads them between barriers.
  world_->at_barrier();
  frontier_ = std::max(frontier_, until);
}

void LiveRun::advance_to(SimTime until) {
  until = std::min(until, end());
  for (;;) {
    const SimTime target = std::min(until, next_sample_);
    // Read afresh each time: a change applied at a sample replaces spec_ (the same snapshots).
    const auto& snapshots = spec_->output.snapshots;
    // A snapshot holds the state at exactly its time, as run() takes it (run.cpp, advance_to).
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
      const SimTime at{static_cast<std::uint64_t>(spec_->ticks(snapshots[i]).ticks())};
      if (state_->loop.snapshot_done[i] != 0 || at > target) continue;
      if (now() < at) run_to(at);
      state_->loop.snapshot_done[i] = 1;
      if (recorder_ && !snapshot_recorded_[i]) {
        recorder_->write_table(fmt::format("/snapshots/t{}", at.ticks()), agent_table(*world_));
        snapshot_recorded_[i] = true;
      }
    }
    if (now() < target) run_to(target);
    if (now() < next_sample_) break;
    sample();
  }
}

std::uint64_t LiveRun::step_event() {
  const auto& queue = state_->scheduler->queue();
  if (finished() || queue.empty()) return 0;
  const std::uint64_t before = events();
  advance_to(queue.top().time + SimDuration{1});
  return events() - before;
}

void LiveRun::step_block() { advance_to(now() + world_->block()); }

void LiveRun::seek(SimTime t) {
  t = std::min(t, end());
  // Keyframe 0 is never dropped, so there is one at or before t unless t is before a branch.
  t = std::max(t, keyframes_.front().time);
  const auto it = std::find_if(keyframes_.rbegin(), keyframes_.rend(),
                               [&](const Keyframe& k) { return k.time <= t; });
  if (t < now() || it->time > now()) restore(*it);
  advance_to(t);
}

void LiveRun::branch(scenario::Spec spec, const std::vector<Intervention>& changes) {
  if (recorder_ && !(on_sample_boundary() && now() >= earliest_change())) {
    throw InterventionError(
        "branch: a recording run changes knobs only at a sample boundary (LiveRun::intervene)");
  }
  rebuild_under(std::move(spec));
  keyframes_.clear();
  keyframes_.push_back(keyframe_now());
  for (const auto& c : changes) interventions_.push_back(c);
  if (recorder_) {
    for (const auto& c : changes) recorded_interventions_.push_back(c);
  }
}

// Continues from the current state under `spec` (the same population, other knobs): the world is
// rebuilt from it and loaded from a checkpoint of now. Unchanged on failure.
void LiveRun::rebuild_under(scenario::Spec spec) {
  const std::vector<std::byte> now_state = state_bytes();
  const std::uint64_t old_hash = spec_.hash();
  scenario::Spec old_spec = std::move(spec_);
  auto old_world = std::move(world_);
  auto old_state = std::move(state_);
  spec_ = std::move(spec);
  try {
    build();
    KernelState kernel_state;
    decode_checkpoint(now_state, old_hash, *world_, state_->checker, kernel_state, state_->loop);
    run::restore(*state_->scheduler, kernel_state);
  } catch (...) {
    spec_ = std::move(old_spec);
    world_ = std::move(old_world);
    state_ = std::move(old_state);
    world_->set_action_sink(recent_.get());
    if (log_) log_->rebind(world_->population());
    throw;
  }
}

LiveRun::Keyframe LiveRun::keyframe_now() const {
  return Keyframe{now(), state_bytes(), spec_, replay_next_};
}

// The LiveOptions::replay changes due at sample time `at`, applied together as run() applies
// them. A change passed again after a seek backwards is listed (and recorded) only once.
void LiveRun::apply_replay(SimTime at) {
  const auto& list = options_.replay;
  if (replay_next_ >= list.size() || list[replay_next_].time != at) return;
  std::vector<Intervention> changes;
  scenario::Spec next = apply_due(spec_, list, replay_next_, at, changes);
  if (log_) log_->flush();
  rebuild_under(std::move(next));
  for (std::size_t i = 0; i < changes.size(); ++i) {
    list_replayed(replay_next_ - changes.size() + i, changes[i]);
  }
}

// Lists (and records) replayed change `i` the first time the run has it applied, in time order
// among the others: a jump to a keyframe after it has it applied without passing it.
void LiveRun::list_replayed(std::size_t i, const Intervention& change) {
  if (replay_listed_[i]) return;
  replay_listed_[i] = true;
  const auto by_time = [](const Intervention& a, const Intervention& b) { return a.time < b.time; };
  interventions_.insert(
      std::upper_bound(interventions_.begin(), interventions_.end(), change, by_time), change);
  if (recorder_) {
    recorded_interventions_.insert(std::upper_bound(recorded_interventions_.begin(),
                                                    recorded_interventions_.end(), change, by_time),
                                   change);
  }
}

void LiveRun::add_keyframe(SimTime time, std::vector<std::byte> blob) {
  // The scenario the recorder was under at `time`: a checkpoint is written before the changes
  // due at its time.
  scenario::Spec spec = replay_base_;
  std::size_t next = 0;
  const auto& list = options_.replay;
  for (; next < list.size() && list[next].time < time; ++next) {
    spec = apply_knob(spec, list[next].time, list[next].key, list[next].new_value).spec;
  }
  // Decoded once into a scratch world first, so a bad blob is refused here, not at a seek.
  world::World scratch(spec);
  world::InvariantChecker checker;
  KernelState kernel_state;
  LoopPosition loop;
  decode_checkpoint(blob, spec.hash(), scratch, checker, kernel_state, loop);
  if (loop.time != time) throw kernel::ArchiveError("live run: keyframe time disagrees");
  const auto at = std::lower_bound(keyframes_.begin(), keyframes_.end(), time,
                                   [](const Keyframe& k, SimTime t) { return k.time < t; });
  if (at != keyframes_.end() && at->time == time) return;
  keyframes_.insert(at, Keyframe{time, std::move(blob), std::move(spec), next});
}

// Samples as run() does: invariants first, then the metrics (the event count among them).
void LiveRun::sample() {
  const SimTime at = next_sample_;
  state_->checker.check(*world_, at, events(), "sample");
  world::sample_metrics(*world_, at, events(), state_->values);
  std::vector<double> row;
  row.reserve(state_->values.size());
  for (const auto& v : state_->values) {
    row.push_back(std::visit([](auto x) { return static_cast<double>(x); }, v));
  }
  sample_times_.push_back(at);
  samples_.push_back(std::move(row));
  state_->loop.time = at;
  ++state_->loop.samples;
  next_sample_ = at >= end() ? SimTime::never() : std::min(at + interval_, end());
  if ((state_->loop.samples - 1) % keyframe_every_ == 0) keep_keyframe();
  if (recorder_ && state_->loop.samples > recorded_samples_) record_sample(at);
  apply_replay(at);
  apply_pending();
  if (recorder_ && at >= end()) finish_recording();
}

// The sample and, where run() would take one, the checkpoint.
void LiveRun::record_sample(SimTime at) {
  recorder_->append_sample(at, state_->values);
  recorded_samples_ = state_->loop.samples;
  if (at < next_checkpoint_) return;
  if (log_) log_->flush();
  const double tick_s = tick_seconds();
  // The changes so far go into the file with the checkpoint (the end replaces the table): a
  // killed recording resumes (`coordsim resume`) under the knobs in force at its checkpoint.
  if (!recorded_interventions_.empty()) {
    recorder_->write_table("/interventions", intervention_table(recorded_interventions_, tick_s));
  }
  recorder_->write_checkpoint(
      fmt::format("sample at t={}s", static_cast<double>(at.ticks()) * tick_s), state_bytes(), at);
  recorder_->sync();
  const auto every =
      static_cast<std::uint64_t>(spec_->ticks(spec_->output.checkpoint_every).ticks());
  next_checkpoint_ = SimTime{(at.ticks() / every + 1) * every};
}

// A recording has every event before the frontier in its file, made under the knobs of then:
// a change can apply at the first sample time at or after it, not before.
SimTime LiveRun::earliest_change() const noexcept {
  if (!recorder_) return SimTime::zero();
  const auto every = static_cast<std::uint64_t>(interval_.ticks());
  return std::min(end(), SimTime{(frontier_.ticks() + every - 1) / every * every});
}

bool LiveRun::on_sample_boundary() const noexcept {
  return !sample_times_.empty() && sample_times_.back() == now() && state_->loop.time == now();
}

SimTime LiveRun::intervene(const std::string& key, const std::string& value) {
  if (finished()) throw InterventionError("intervention " + key + ": the run has ended");
  // Validated now, against the scenario the changes already waiting lead to, so that a bad key
  // or value is refused at once with the loader's reason.
  scenario::Spec base = spec_;
  for (const auto& p : pending_) base = apply_knob(base, p.time, p.key, p.new_value).spec;
  SimTime at = on_sample_boundary() ? now() : next_sample_;
  at = std::max(at, earliest_change());
  AppliedKnob k = apply_knob(base, at, key, value);
  pending_.push_back(std::move(k.change));
  if (at == now()) apply_pending();
  return at;
}

void LiveRun::apply_pending() {
  if (pending_.empty() || !on_sample_boundary()) return;
  const SimTime at = now();
  if (at < earliest_change()) return;  // a seek backwards: the change is due later
  scenario::Spec next = spec_;
  std::vector<Intervention> changes;
  try {
    for (auto& p : pending_) {
      AppliedKnob k = apply_knob(next, at, p.key, p.new_value);
      next = std::move(k.spec);
      changes.push_back(std::move(k.change));
    }
    branch(std::move(next), changes);
    refused_.clear();
  } catch (const std::exception& e) {
    refused_ = e.what();
  }
  pending_.clear();
}

void LiveRun::finish_recording() {
  if (!recorder_) return;
  // The file holds the run up to the frontier; its end tables are of the state there.
  if (now() < frontier_) seek(frontier_);
  if (!recorder_) return;  // the seek reached the end, and the last sample finished the file
  if (log_) log_->flush();
  const bool complete = now() >= end();
  detail::write_end_tables(*recorder_, *world_, state_->checker, spec_.data(),
                           recorded_interventions_);
  if (!complete) recorder_->set_keep_incomplete(true);
  recorder_->finish(now(), complete);
  recent_->log = nullptr;
  log_.reset();
  recorder_.reset();
}

void LiveRun::keep_keyframe() {
  // After a seek backwards the later keyframes are still valid (the run is deterministic).
  if (!keyframes_.empty() && keyframes_.back().time >= now()) return;
  keyframes_.push_back(keyframe_now());
  if (keyframes_.size() <= std::max<std::size_t>(2, options_.max_keyframes)) return;
  std::vector<Keyframe> kept;
  for (std::size_t i = 0; i < keyframes_.size(); i += 2) kept.push_back(std::move(keyframes_[i]));
  keyframes_ = std::move(kept);
  keyframe_every_ *= 2;
}

std::vector<std::byte> LiveRun::state_bytes() const {
  return encode_checkpoint(spec_.hash(), *world_, state_->checker, capture(*state_->scheduler),
                           state_->loop);
}

void LiveRun::restore(const Keyframe& k) {
  spec_ = k.spec;
  replay_next_ = k.replay_next;
  build();
  KernelState kernel_state;
  decode_checkpoint(k.blob, spec_.hash(), *world_, state_->checker, kernel_state, state_->loop);
  run::restore(*state_->scheduler, kernel_state);
  // A jump forwards (to a recorded file's checkpoint) skips samples: their rows are NaN, their
  // times those of the sampling grid.
  const auto rows = static_cast<std::size_t>(state_->loop.samples);
  sample_times_.resize(std::min(sample_times_.size(), rows));
  samples_.resize(sample_times_.size());
  const std::vector<double> unknown(world::metric_defs().size(),
                                    std::numeric_limits<double>::quiet_NaN());
  while (sample_times_.size() < rows) {
    const auto row = static_cast<std::int64_t>(sample_times_.size());
    sample_times_.push_back(std::min(SimTime::zero() + interval_ * row, end()));
    samples_.push_back(unknown);
  }
  const SimTime at = state_->loop.time;
  next_sample_ = at >= end() ? SimTime::never() : std::min(at + interval_, end());
  recent_->clear();
  // The changes the keyframe's scenario has are in force: listed (their old values as the list
  // gives them, those before each).
  for (std::size_t i = 0; i < replay_next_; ++i) list_replayed(i, options_.replay[i]);
  // A keyframe holds the state of its sample before the changes due there: they apply now, as
  // they did the first time the run stood here.
  apply_replay(at);
}

std::size_t LiveRun::recent_count() const noexcept { return recent_->count(); }
const world::ActionRecord& LiveRun::recent(std::size_t i) const noexcept { return recent_->at(i); }
std::uint64_t LiveRun::actions_seen() const noexcept { return recent_->seen(); }

}  // namespace coordsim::run
