#pragma once
// The scheduler: one event queue, the clock, and the per-source sequence numbers that complete the
// total event key. It is a template over the model so that dispatch is a direct (inlinable) call:
// no virtual call and no allocation per event.
//
// The model is any type with `void handle(const Event&, Scheduler&)`.
#include <cassert>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "kernel/event.hpp"
#include "kernel/event_queue.hpp"

namespace coordsim::kernel {

class Scheduler {
 public:
  /// `actors` is the number of ids that may create events (agents and protocol actors).
  explicit Scheduler(std::size_t actors) : next_seq_(actors, 0) {}

  [[nodiscard]] SimTime now() const noexcept { return now_; }
  [[nodiscard]] std::uint64_t committed() const noexcept { return committed_; }
  [[nodiscard]] const EventQueue& queue() const noexcept { return queue_; }
  [[nodiscard]] std::size_t actors() const noexcept { return next_seq_.size(); }
  [[nodiscard]] std::span<const std::uint32_t> sequence_numbers() const noexcept { return next_seq_; }
  void reserve(std::size_t events) { queue_.reserve(events); }

  /// Schedules an event from `source` to `target` at `at`. `at` must not be in the past.
  void schedule(SimTime at, AgentId target, AgentId source, EventKind kind, std::uint16_t aux = 0,
                std::uint64_t payload = 0) {
    assert(at >= now_ && "an event may not be scheduled in the past");
    assert(index(source) < next_seq_.size());
    const Event e{at, target, source, next_seq_[index(source)]++, kind, aux, payload};
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
    while (!queue_.empty()) {
      const Event e = queue_.top();
      if (!(e.time < end)) break;
      now_ = e.time;
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

  /// Restores a saved state (checkpoint resume): the clock, the counters and the pending events.
  void restore(SimTime now, std::uint64_t committed, std::vector<std::uint32_t> seq,
               std::span<const Event> pending) {
    if (seq.size() != next_seq_.size()) throw std::invalid_argument("actor count mismatch");
    now_ = now;
    committed_ = committed;
    next_seq_ = std::move(seq);
    queue_.clear();
    for (const Event& e : pending) queue_.push(e);
  }

 private:
  EventQueue queue_;
  std::vector<std::uint32_t> next_seq_;
  SimTime now_ = SimTime::zero();
  std::uint64_t committed_ = 0;
  bool hole_ = false;
};

}  // namespace coordsim::kernel
