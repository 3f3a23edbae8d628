#pragma once
// A radix heap (Ahuja, Mehlhorn, Orlin, Tarjan 1990) over the event time, exact in the full key.
//
// Event times are integers and a run never schedules into its past, so the queue is a monotone
// integer priority queue: bucket i > 0 holds the events whose time first differs from `last_` (the
// time of the current minimum) at bit i - 1. Pushing appends to one of 64 buckets; when near_ runs
// dry the lowest non-empty bucket is redistributed below itself around its minimum. Every move is
// a sequential read or append, never a random access into a large array.
//
// The buckets are chains of 8 KiB chunks from one pool (chunk_pool.hpp), and a redistributed
// bucket gives each chunk back as soon as it is read: the storage is bounded by the peak number of
// pending events plus a chunk per bucket, where a vector per bucket kept the sum of every bucket's
// own peak (3-6x the events; +45% peak RSS on scenarios/million.yaml, issue 16).
//
// Exactness (tiered_queue.hpp): near_, a heap over the full key, holds every event with
// time <= last_, so ties at one time pop in key order, and an event pushed *before* last_ (a
// parallel window delivers events at or after the window's end, which may precede the receiving
// shard's minimum) lands there too. Every bucketed event is later than every near_ event.
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernel/chunk_pool.hpp"
#include "kernel/tiered_queue.hpp"

namespace coordsim::kernel {

class RadixHeap : public TieredQueue<RadixHeap> {
  friend class TieredQueue<RadixHeap>;

 public:
  void reserve(std::size_t /*n*/) {}  // bucket sizes are not known in advance
  /// Empties the queue; the chunks stay in the pool for reuse.
  void clear() noexcept {
    near_.clear();
    for (auto& b : buckets_) b.release(pool_);
    min_.fill(kNoTime);
    size_ = 0;
  }

  /// Every pending event, in no particular order (a copy): for checkpoints and inspection.
  [[nodiscard]] std::vector<Event> raw() const {
    std::vector<Event> all(near_.raw().begin(), near_.raw().end());
    all.reserve(size_);
    for (const auto& b : buckets_) b.for_each([&all](const Event& e) { all.push_back(e); });
    return all;
  }

  /// Bytes held by the containers (capacities): for the memory-per-event report.
  [[nodiscard]] std::size_t bytes() const noexcept { return near_.bytes() + pool_.bytes(); }
  /// Events the buckets' chunks can hold (in use or free): at most the peak number of events
  /// bucketed at one time plus a partly filled chunk per bucket.
  [[nodiscard]] std::size_t bucket_capacity() const noexcept {
    return pool_.chunks() * EventChunk::kEvents;
  }
  /// Events near_ can hold (the heap of every event at the current minimum's time).
  [[nodiscard]] std::size_t near_capacity() const noexcept { return near_.bytes() / sizeof(Event); }

 private:
  [[nodiscard]] std::uint64_t near_limit() const noexcept { return last_; }
  void restart(std::uint64_t t) noexcept { last_ = t; }
  void place(const Event& e) {
    const std::uint64_t t = e.time.ticks();
    const std::size_t b = std::bit_width(t ^ last_) - 1;  // t > last_ here, so b < 64
    buckets_[b].push_back(e, pool_);
    min_[b] = t < min_[b] ? t : min_[b];
  }

  // Redistributes the lowest non-empty bucket around its minimum. (Moving a small bucket into
  // near_ whole instead, last_ = its maximum, was tried: +4% instructions and the same misses per
  // hold operation at 1Mi events under cachegrind, so not kept.) The minimum is kept per bucket as
  // events arrive, so the bucket is read once, not twice. Every event of bucket i lands in near_
  // or a bucket below i, so the drain may reuse the chunks it gives back at once.
  void refill() {
    std::size_t i = 0;
    while (buckets_[i].empty()) ++i;
    last_ = min_[i];
    min_[i] = kNoTime;
    buckets_[i].drain(pool_, [this](const Event& e) { put(e); });
  }

  static constexpr std::uint64_t kNoTime = ~std::uint64_t{0};
  static constexpr std::array<std::uint64_t, 64> all_never() noexcept {
    std::array<std::uint64_t, 64> a{};
    a.fill(kNoTime);
    return a;
  }

  // buckets_[i]: events whose time first differs from last_ at bit i (bucket 0 of the paper is
  // near_).
  std::array<ChunkList, 64> buckets_{};
  std::array<std::uint64_t, 64> min_ = all_never();  // earliest time in each bucket
  ChunkPool pool_;
  std::uint64_t last_ = 0;
};

}  // namespace coordsim::kernel
