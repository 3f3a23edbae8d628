#pragma once
// What the radix heap and the ladder queue share: a small QuadHeap `near_` over the full key
// (time, target, source, seq) holds every event up to a time limit, later events wait in coarser
// tiers that the derived class keeps, and near_ is refilled from them whenever it runs dry. The
// global minimum is therefore always near_'s, so the order is exactly the heap's.
//
// Derived (CRTP, so every call inlines into the event loop) provides:
//   std::uint64_t near_limit() const  events at or before this tick go to near_
//   void restart(std::uint64_t t)     the queue was empty: reset the tiers around time t
//   void place(const Event&)          put an event later than near_limit() in its tier
//   void refill()                     move the next non-empty tier's earliest events into near_
#include <cstddef>
#include <cstdint>

#include "kernel/quad_heap.hpp"

namespace coordsim::kernel {

template <class Derived>
class TieredQueue {
 public:
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] const Event& top() const noexcept { return near_.top(); }

  void push(const Event& e) {
    if (size_++ == 0) self().restart(e.time.ticks());
    put(e);
    if (near_.empty()) self().refill();
  }

  void pop() {
    near_.pop();
    --size_;
    if (near_.empty() && size_ != 0) self().refill();
  }

  /// Removes the top and inserts `e`: one fused sift when `e` belongs to near_ as well.
  void replace_top(const Event& e) {
    if (e.time.ticks() <= self().near_limit()) {
      near_.replace_top(e);
      return;
    }
    near_.pop();
    self().place(e);
    if (near_.empty()) self().refill();
  }

 protected:
  void put(const Event& e) {
    if (e.time.ticks() <= self().near_limit()) {
      near_.push(e);
    } else {
      self().place(e);
    }
  }

  QuadHeap near_;
  std::size_t size_ = 0;

 private:
  Derived& self() noexcept { return static_cast<Derived&>(*this); }
  const Derived& self() const noexcept { return static_cast<const Derived&>(*this); }
};

}  // namespace coordsim::kernel
