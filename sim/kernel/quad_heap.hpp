#pragma once
// An implicit 4-ary min-heap over the total event key: the kernel's only queue until issue 16, now
// the small-queue half of EventQueue and the bottom rung of LadderQueue (event_queue.hpp).
//
// Why 4-ary: a node's four children share one 128-byte span (two cache lines of 32-byte events), so
// a sift-down touches half as many levels as a binary heap for the same cache traffic. Measured
// against std::priority_queue and a binary heap in tests/kernel/event_queue_bench.cpp; the numbers
// are in docs/performance.md.
//
// replace_top() fuses "pop the event being processed" with "push the one it schedules", the
// common case in discrete-event loops: one sift instead of two.
#include <cassert>
#include <cstddef>
#include <span>
#include <vector>

#include "kernel/event.hpp"

namespace coordsim::kernel {

class QuadHeap {
 public:
  [[nodiscard]] bool empty() const noexcept { return heap_.empty(); }
  [[nodiscard]] std::size_t size() const noexcept { return heap_.size(); }
  [[nodiscard]] const Event& top() const noexcept {
    assert(!heap_.empty());
    return heap_.front();
  }
  void reserve(std::size_t n) { heap_.reserve(n); }
  void clear() noexcept { heap_.clear(); }
  /// Bytes held (capacity, not size): for the memory-per-event report.
  [[nodiscard]] std::size_t bytes() const noexcept { return heap_.capacity() * sizeof(Event); }

  void push(const Event& e) {
    heap_.push_back(e);
    sift_up(heap_.size() - 1, e);
  }

  void pop() noexcept {
    assert(!heap_.empty());
    const Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
  }

  /// Removes the top and inserts `e` in one sift.
  void replace_top(const Event& e) noexcept {
    assert(!heap_.empty());
    sift_down(e);
  }

  /// The events in heap order (not sorted).
  [[nodiscard]] std::span<const Event> raw() const noexcept { return heap_; }

 private:
  static constexpr std::size_t kArity = 4;

  // Floyd's variant: move the hole all the way down along the smallest children without looking
  // at `e`, then sift `e` up from there. New events usually belong near the bottom (they are
  // later than most pending ones), so this saves a comparison per level.
  void sift_down(const Event& e) noexcept {
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = kArity * i + 1;
      if (first >= n) break;
      const std::size_t last = first + kArity < n ? first + kArity : n;
      std::size_t best = first;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (before(heap_[c], heap_[best])) best = c;
      }
      heap_[i] = heap_[best];
      i = best;
    }
    sift_up(i, e);
  }

  // Moves the hole at `i` up until `e` fits; writes `e` once at the end.
  void sift_up(std::size_t i, const Event& e) noexcept {
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  std::vector<Event> heap_;
};

}  // namespace coordsim::kernel
