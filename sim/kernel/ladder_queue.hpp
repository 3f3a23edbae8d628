#pragma once
// A ladder queue (Tang, Goh and Thng 2005) cut down to three tiers, exact in the full event key.
//
//   near_  a QuadHeap over the full key (time, target, source, seq): every event with
//          time <= near_max_. It is small (a bucket's worth), so it stays in cache.
//   rung   a calendar of buckets of `width_` ticks each, from `rung_start_`: every event with
//          near_max_ < time <= rung_max_. Pushing is an O(1) prepend to one bucket's list.
//   top_   an unsorted vector: every event with time > rung_max_, appended in O(1).
//
// When near_ runs dry the next non-empty bucket moves into it; when the rung is used up it is
// rebuilt from top_ with about one bucket per event over top_'s time span. Each event is written
// two or three times (push, maybe a rebuild, the move into near_) and sifted through a heap of a
// few dozen events, instead of through the log4(n) levels of one heap of n events, most of which
// miss the cache once n reaches the millions.
//
// Exactness (tiered_queue.hpp): the tiers partition time (near_ before the rung before top_), so
// the global minimum is near_'s minimum, and near_ orders by the full key. An event earlier than
// near_max_ (a parallel window delivers events at or after its end, which may precede the receiving
// shard's minimum) goes to near_ too. A bucket with a great many equal or close times only makes
// near_ larger: the queue then degrades into the heap it contains, never into a wrong order.
//
// Bucket lists live in one pool of nodes recycled last-in first-out, so the node a push writes is
// usually one just moved out to near_, still in cache.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernel/tiered_queue.hpp"

namespace coordsim::kernel {

class LadderQueue : public TieredQueue<LadderQueue> {
  friend class TieredQueue<LadderQueue>;

 public:
  void reserve(std::size_t n) { nodes_.reserve(n); }
  void clear() noexcept {
    near_.clear();
    top_.clear();
    nodes_.clear();
    heads_.clear();
    free_ = kNone;
    next_bucket_ = 0;
    top_min_ = kMaxTick;
    top_max_ = 0;
    size_ = 0;
  }

  /// Every pending event, in no particular order (a copy): for checkpoints and inspection.
  [[nodiscard]] std::vector<Event> raw() const {
    std::vector<Event> all(near_.raw().begin(), near_.raw().end());
    for (std::size_t b = next_bucket_; b < heads_.size(); ++b) {
      for (std::uint32_t n = heads_[b]; n != kNone; n = nodes_[n].next) all.push_back(nodes_[n].e);
    }
    all.insert(all.end(), top_.begin(), top_.end());
    return all;
  }

  /// Bytes held by the containers (capacities): for the memory-per-event report.
  [[nodiscard]] std::size_t bytes() const noexcept {
    return near_.bytes() + nodes_.capacity() * sizeof(Node) +
           heads_.capacity() * sizeof(std::uint32_t) + top_.capacity() * sizeof(Event);
  }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint64_t kMaxTick = std::numeric_limits<std::uint64_t>::max();

  struct Node {
    Event e;
    std::uint32_t next;
  };

  [[nodiscard]] std::uint64_t near_limit() const noexcept { return near_max_; }

  // Empty: every bucket left is empty too; mark the rung used up and let `t` land in near_.
  void restart(std::uint64_t t) noexcept {
    near_max_ = rung_max_ = t;
    next_bucket_ = heads_.size();
  }

  void place(const Event& e) {
    const std::uint64_t t = e.time.ticks();
    if (t <= rung_max_) {
      std::uint32_t& head = heads_[(t - rung_start_) / width_];
      const std::uint32_t n = new_node();
      nodes_[n] = Node{e, head};
      head = n;
    } else {
      top_.push_back(e);
      top_min_ = std::min(top_min_, t);
      top_max_ = std::max(top_max_, t);
    }
  }

  std::uint32_t new_node() {
    if (free_ != kNone) {
      const std::uint32_t n = free_;
      free_ = nodes_[n].next;
      return n;
    }
    assert(nodes_.size() < kNone && "more pending events than 32-bit node indices");
    nodes_.push_back(Node{});
    return static_cast<std::uint32_t>(nodes_.size() - 1);
  }

  void refill() {
    while (near_.empty()) {
      if (next_bucket_ == heads_.size()) rebuild();
      const std::size_t b = next_bucket_++;
      // The bucket's last tick; the last bucket ends at rung_max_ (which may be cut at kMaxTick).
      near_max_ =
          next_bucket_ == heads_.size() ? rung_max_ : rung_start_ + next_bucket_ * width_ - 1;
      std::uint32_t n = heads_[b];
      heads_[b] = kNone;
      while (n != kNone) {
        const std::uint32_t next = nodes_[n].next;
        near_.push(nodes_[n].e);
        nodes_[n].next = free_;
        free_ = n;
        n = next;
      }
    }
  }

  // Spreads top_ over a new rung of about one bucket per event across [top_min_, top_max_].
  void rebuild() {
    assert(!top_.empty());
    const std::uint64_t span = top_max_ - top_min_;
    const std::uint64_t count = top_.size();
    rung_start_ = top_min_;
    width_ = span / count + 1;
    const std::uint64_t buckets = span / width_ + 1;  // <= count, and covers top_max_
    // The rung ends at its last bucket's last tick, cut at the end of time. `base` is the last
    // bucket's first tick, at most top_max_, so it cannot overflow.
    const std::uint64_t base = rung_start_ + (buckets - 1) * width_;
    rung_max_ = width_ - 1 > kMaxTick - base ? kMaxTick : base + width_ - 1;
    heads_.assign(buckets, kNone);
    next_bucket_ = 0;
    // near_max_ stays: it is below every event of top_, so each of them lands in the rung.
    top_min_ = kMaxTick;
    top_max_ = 0;
    std::vector<Event> spill;
    spill.swap(top_);
    for (const Event& e : spill) place(e);
    spill.clear();
    top_.swap(spill);  // keep the capacity for the next rung's overflow
  }

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> heads_;
  std::vector<Event> top_;
  std::uint32_t free_ = kNone;
  std::uint64_t rung_start_ = 0;
  std::uint64_t width_ = 1;
  std::size_t next_bucket_ = 0;
  std::uint64_t near_max_ = 0;
  std::uint64_t rung_max_ = 0;
  std::uint64_t top_min_ = kMaxTick;
  std::uint64_t top_max_ = 0;
};

}  // namespace coordsim::kernel
