#pragma once
// The scheduler: one event queue, its clock, and the routing of newly scheduled events. A run on
// one thread uses one Scheduler; a parallel run uses one per shard (see parallel_runner.hpp).
// It is a template over the model so that dispatch is a direct (inlinable) call: no virtual call
// and no allocation per event.
//
// The model is any type with `void handle(const Event&, Scheduler&)`; it may also have
// `void prefetch(const Event&)`, which asks the memory for the state an event will touch (see
// run_until). A handler may touch only the
// state of the event's target actor and must reach every other actor by scheduling an event; an
// event for an actor of another shard must be at least one lookahead in the future. Those two
// rules are what let shards run in parallel and still give the bytes of the sequential run.
#include <cassert>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "kernel/event.hpp"
#include "kernel/event_queue.hpp"

namespace coordsim::kernel {

/// A model that can ask for the state an upcoming event will touch ahead of handling it.
template <class Model>
concept Prefetching = requires(Model& m, const Event& e) {
  m.prefetch(e);
};

/// Where events for other shards go, shared by the shards of one parallel run.
struct ShardRouting {
  std::vector<std::uint32_t> shard_of;  // actor index -> shard
  SimDuration lookahead{1};
};

class Scheduler {
 public:
  /// A scheduler that owns every actor: `actors` is the number of ids that may create events.
  /// `lookahead` is the least delay of an event from one actor to another (0: not checked).
  explicit Scheduler(std::size_t actors, SimDuration lookahead = SimDuration{0})
      : owned_seq_(actors, 0),
        next_seq_(owned_seq_.data()),
        actors_(actors),
        lookahead_(lookahead) {}

  /// One shard of a parallel run: the sequence counters are shared (each shard writes only those
  /// of its own actors), events for other shards go to per-destination outboxes.
  Scheduler(std::uint32_t shard, const ShardRouting& routing, std::uint32_t* shared_seq,
            std::size_t actors)
      : next_seq_(shared_seq),
        actors_(actors),
        lookahead_(routing.lookahead),
        // With a single shard nothing is ever routed: skip the per-event lookup of the target's
        // shard (a cache miss per event on large runs).
        routing_(max_shard(routing) > 0 ? &routing : nullptr),
        shard_(shard),
        outboxes_(max_shard(routing) + 1) {}

  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;
  Scheduler(Scheduler&&) noexcept = default;
  Scheduler& operator=(Scheduler&&) noexcept = default;
  ~Scheduler() = default;

  [[nodiscard]] SimTime now() const noexcept { return now_; }
  [[nodiscard]] std::uint64_t committed() const noexcept { return committed_; }
  [[nodiscard]] const EventQueue& queue() const noexcept { return queue_; }
  [[nodiscard]] std::size_t actors() const noexcept { return actors_; }
  [[nodiscard]] std::uint32_t shard() const noexcept { return shard_; }
  [[nodiscard]] std::span<const std::uint32_t> sequence_numbers() const noexcept {
    return {next_seq_, actors_};
  }
  void reserve(std::size_t events) { queue_.reserve(events); }

  /// Schedules an event from `source` to `target` at `at`. `at` must not be in the past.
  void schedule(SimTime at, AgentId target, AgentId source, EventKind kind, std::uint16_t aux = 0,
                std::uint64_t payload = 0) {
    assert(at >= now_ && "an event may not be scheduled in the past");
    assert(index(source) < actors_ && index(target) < actors_);
    // Enforced for every pair of actors, not only across shards: otherwise a model could pass on
    // one thread and give different results when the same actors land in different shards.
    if (target != source && at < now_ + lookahead_) {
      throw std::logic_error("an event to another actor must be at least one lookahead ahead");
    }
    const Event e{at, target, source, next_seq_[index(source)]++, kind, aux, payload};
    if (routing_ != nullptr) {
      const std::uint32_t dest = routing_->shard_of[index(target)];
      if (dest != shard_) {
        // Safe to defer to the barrier: the lookahead guarantees it lies beyond this window.
        assert(at >= window_end_ && "a cross-shard event must respect the lookahead");
        if (at < window_end_) throw std::logic_error("cross-shard event inside the window");
        outboxes_[dest].push_back(e);
        return;
      }
    }
    if (hole_) {
      // The event being handled still sits at the root: overwrite it instead of push + pop.
      queue_.replace_top(e);
      hole_ = false;
    } else {
      queue_.push(e);
    }
  }

  /// Processes every event with time < `end` in key order; the clock ends at `end` if the queue
  /// still holds later events, at the last event's time otherwise.
  template <class Model>
  void run_until(Model& model, SimTime end) {
    window_end_ = end;
    while (!queue_.empty()) {
      const Event e = queue_.top();
      if (!(e.time < end)) break;
      now_ = e.time;
      if constexpr (Prefetching<Model>) {
        if (queue_.large()) {
          // Millions of actors: each event's state (the model's and its sequence counter) is a
          // cache miss. Popping first makes the next event known now, so its misses overlap the
          // handling of this one; the heap's fused replace_top it gives up is no saving in the
          // radix heap (issue 16, docs/performance.md).
          queue_.pop();
          if (!queue_.empty()) {
            const Event& next = queue_.top();
            model.prefetch(next);
            __builtin_prefetch(&next_seq_[index(next.target)], 1);
          }
          model.handle(e, *this);
          ++committed_;
          continue;
        }
      }
      hole_ = true;
      model.handle(e, *this);
      if (hole_) {
        queue_.pop();
        hole_ = false;
      }
      ++committed_;
    }
    if (end != SimTime::never() && now_ < end) now_ = end;
  }

  /// Events this shard produced for shard `dest` during the last window (parallel runs only).
  [[nodiscard]] std::vector<Event>& outbox(std::uint32_t dest) noexcept { return outboxes_[dest]; }
  /// Accepts an event routed from another shard at a window barrier. Its key is already final.
  void deliver(const Event& e) { queue_.push(e); }

  /// Restores a saved state (checkpoint resume): the clock, the counters and the pending events.
  /// The heap layout may differ from the saved one; the order of processing cannot, because the
  /// key is total.
  void restore(SimTime now, std::uint64_t committed, std::span<const std::uint32_t> seq,
               std::span<const Event> pending) {
    if (seq.size() != actors_) throw std::invalid_argument("actor count mismatch");
    now_ = now;
    committed_ = committed;
    std::copy(seq.begin(), seq.end(), next_seq_);
    queue_.clear();
    for (const Event& e : pending) queue_.push(e);
  }

 private:
  static std::size_t max_shard(const ShardRouting& r) {
    std::uint32_t m = 0;
    for (std::uint32_t s : r.shard_of) m = s > m ? s : m;
    return m;
  }

  EventQueue queue_;
  std::vector<std::uint32_t> owned_seq_;
  std::uint32_t* next_seq_ = nullptr;
  std::size_t actors_ = 0;
  SimDuration lookahead_{0};
  const ShardRouting* routing_ = nullptr;
  std::uint32_t shard_ = 0;
  std::vector<std::vector<Event>> outboxes_;
  SimTime now_ = SimTime::zero();
  SimTime window_end_ = SimTime::never();
  std::uint64_t committed_ = 0;
  bool hole_ = false;
};

}  // namespace coordsim::kernel
