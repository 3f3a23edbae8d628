#pragma once
// The pending-event set: a 4-ary heap while it is small, a radix heap once it is large.
//
// Both pop the same events in the same order, the total key (time, target, source, seq), so the
// switch changes only the speed (cross-checked in tests/kernel/event_queue_test.cpp). Why two:
//  - below 64Ki events the heap lives in cache, and its fused replace_top is one sift per event;
//    PHOLD at 1,024 and 65,536 LPs runs exactly the code of before issue 16;
//  - above, each of the heap's log4(n) levels is a dependent load from another cache line, while
//    the radix heap only appends to and scans its 64 buckets in sequence (radix_heap.hpp). In the
//    hold model with PHOLD's increments it was 5x the heap at 1Mi events and 4x at 4Mi, and 2x a
//    ladder queue (ladder_queue.hpp); PHOLD went from 0.5x the bare reference loop to 1.8x at
//    1Mi and 4Mi LPs (docs/performance.md, issue 16). Its buckets share one pool of chunks
//    (chunk_pool.hpp), so it holds about the heap's 32 bytes per pending event at its peak, plus
//    8 KiB per bucket.
// The switch keeps a factor 4 of hysteresis (radix above kRadixAbove, heap again below a quarter of
// it), so a size hovering at the boundary does not move every event back and forth.
#include <cstddef>
#include <vector>

#include "kernel/event.hpp"
#include "kernel/quad_heap.hpp"
#include "kernel/radix_heap.hpp"

namespace coordsim::kernel {

class EventQueue {
 public:
  static constexpr std::size_t kRadixAbove = std::size_t{1} << 16;

  [[nodiscard]] bool empty() const noexcept { return size() == 0; }
  [[nodiscard]] std::size_t size() const noexcept {
    return radix_mode_ ? radix_.size() : heap_.size();
  }
  [[nodiscard]] const Event& top() const noexcept {
    return radix_mode_ ? radix_.top() : heap_.top();
  }
  /// True while the radix heap is in use: the queue no longer fits in cache.
  [[nodiscard]] bool large() const noexcept { return radix_mode_; }
  void reserve(std::size_t n) {
    if (n <= kRadixAbove) heap_.reserve(n);
  }
  void clear() noexcept {
    heap_.clear();
    radix_ = RadixHeap{};  // back in heap mode: the chunks would sit unused
    radix_mode_ = false;
    peak_bytes_ = 0;
  }

  void push(const Event& e) {
    if (radix_mode_) {
      radix_.push(e);
      return;
    }
    heap_.push(e);
    if (heap_.size() > kRadixAbove) to_radix();
  }

  void pop() {
    if (!radix_mode_) {
      heap_.pop();
      return;
    }
    radix_.pop();
    if (radix_.size() < kRadixAbove / 4) to_heap();
  }

  /// Removes the top and inserts `e`: one sift in the heap, usually one append in the radix heap.
  void replace_top(const Event& e) {
    if (radix_mode_) {
      radix_.replace_top(e);
    } else {
      heap_.replace_top(e);
    }
  }

  /// Every pending event, in no particular order (a copy): for checkpoints and inspection.
  [[nodiscard]] std::vector<Event> raw() const {
    if (radix_mode_) return radix_.raw();
    return {heap_.raw().begin(), heap_.raw().end()};
  }

  /// The most bytes the containers have held (capacities), for the memory-per-pending-event
  /// report: now, or just before a switch freed the structure left behind.
  [[nodiscard]] std::size_t bytes() const noexcept {
    const std::size_t now = heap_.bytes() + radix_.bytes();
    return now > peak_bytes_ ? now : peak_bytes_;
  }

 private:
  // Each switch also frees the other structure's memory: a heap of millions of events left
  // allocated beside the radix heap cost 32 bytes per event for nothing (scenarios/million.yaml).
  void to_radix() {
    for (const Event& e : heap_.raw()) radix_.push(e);
    peak_bytes_ = bytes();
    heap_ = QuadHeap{};
    radix_mode_ = true;
  }
  void to_heap() {
    for (const Event& e : radix_.raw()) heap_.push(e);
    peak_bytes_ = bytes();
    radix_ = RadixHeap{};
    radix_mode_ = false;
  }

  QuadHeap heap_;
  RadixHeap radix_;
  std::size_t peak_bytes_ = 0;
  bool radix_mode_ = false;
};

}  // namespace coordsim::kernel
