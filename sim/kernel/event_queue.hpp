#pragma once
// The pending-event set: a 4-ary heap while it is small, a radix heap once it is large.
//
// Both pop the same events in the same order, the total key (time, target, source, seq), so the
// switch changes only the speed (cross-checked in tests/kernel/event_queue_test.cpp). Why two:
//  - below ~64Ki events the heap lives in cache and each operation is a few comparisons on lines
//    already loaded; the radix heap's extra moves would cost more than they save;
//  - above, each of the heap's log4(n) levels is a cache miss, while the radix heap only appends
//    to and scans its 65 buckets in sequence (radix_heap.hpp). Measured on PHOLD and the hold model
//    at 1,024 to 4,194,304 events against the heap and a ladder queue (docs/performance.md, issue
//    16): the radix heap is X at 1Mi events and Y at 4Mi.
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
    radix_.clear();
    radix_mode_ = false;
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

  /// Bytes the containers hold (capacities), for the memory-per-pending-event report.
  [[nodiscard]] std::size_t bytes() const noexcept { return heap_.bytes() + radix_.bytes(); }

 private:
  void to_radix() {
    for (const Event& e : heap_.raw()) radix_.push(e);
    heap_.clear();
    radix_mode_ = true;
  }
  void to_heap() {
    for (const Event& e : radix_.raw()) heap_.push(e);
    radix_.clear();
    radix_mode_ = false;
  }

  QuadHeap heap_;
  RadixHeap radix_;
  bool radix_mode_ = false;
};

}  // namespace coordsim::kernel
