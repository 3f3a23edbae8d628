#pragma once
// Event storage for many append-then-drain lists (the radix heap's buckets) out of one shared pool
// of fixed-size chunks.
//
// Why: with a std::vector per bucket every bucket keeps the capacity of its own peak (and up to
// twice that), so the radix heap held the sum of all 64 buckets' peaks: 130-195 bytes per pending
// event in PHOLD and +385 MiB on scenarios/million.yaml (issue 16, docs/performance.md). Here a
// list is a chain of chunks, and a drained list hands its chunks back to the pool at once (all but
// its first), where the next append to any list reuses them. The pool therefore holds at most the
// peak number of events stored at one time, rounded up to whole chunks, plus one partly filled or
// empty chunk per list and the one being drained.
//
// Steady state allocates nothing: the pool only grows when every chunk is in use, and it keeps its
// chunks until it is destroyed. The free list is last in, first out, so the chunk a drain has just
// read (still in cache) is the next one written.
#include <cassert>
#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "kernel/event.hpp"

namespace coordsim::kernel {

// 8 KiB: big enough that the chunk hop (one pointer per 255 events) costs nothing and that a
// hardware prefetcher streams the appends, small enough that 64 partly filled lists hold only
// 512 KiB. alignas(64) keeps every 32-byte event inside one cache line.
struct alignas(64) EventChunk {
  static constexpr std::size_t kEvents = 255;
  Event events[kEvents];
  EventChunk* next;
};
static_assert(sizeof(EventChunk) == 8192);

class ChunkPool {
 public:
  ChunkPool() = default;
  // Moving hands over every chunk, and the lists built on them stay valid; the source is left
  // empty. No copies: the lists built on a pool point into its chunks.
  ChunkPool(ChunkPool&& o) noexcept
      : owned_(std::move(o.owned_)), free_(std::exchange(o.free_, nullptr)) {}
  ChunkPool& operator=(ChunkPool&& o) noexcept {
    if (this != &o) {
      owned_ = std::move(o.owned_);
      free_ = std::exchange(o.free_, nullptr);
      o.owned_.clear();
    }
    return *this;
  }
  ChunkPool(const ChunkPool&) = delete;
  ChunkPool& operator=(const ChunkPool&) = delete;
  ~ChunkPool() = default;

  /// A chunk to write into, from the free list, or newly allocated when every chunk is in use.
  [[nodiscard]] EventChunk* take() {
    if (free_ == nullptr) {
      owned_.push_back(std::make_unique_for_overwrite<EventChunk>());  // no zeroing: written first
      return owned_.back().get();
    }
    EventChunk* c = free_;
    free_ = c->next;
    return c;
  }
  /// Returns a chunk whose events have all been read.
  void give(EventChunk* c) noexcept {
    c->next = free_;
    free_ = c;
  }
  /// Chunks allocated (in use or free): the pool's whole footprint is chunks() *
  /// sizeof(EventChunk).
  [[nodiscard]] std::size_t chunks() const noexcept { return owned_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept {
    return owned_.size() * sizeof(EventChunk) + owned_.capacity() * sizeof(owned_[0]);
  }

 private:
  std::vector<std::unique_ptr<EventChunk>> owned_;
  EventChunk* free_ = nullptr;
};

/// One list of events in chunks from a ChunkPool: append, then read and drain it whole. A drained
/// list keeps its first chunk: the radix heap empties and refills its low buckets about once per
/// event, and taking a chunk from the pool and giving it back each time showed in the instruction
/// count (with the second scan for the minimum, since removed: 733 instead of 705 instructions per
/// event in PHOLD at 262,144 LPs, callgrind, docs/performance.md).
class ChunkList {
 public:
  ChunkList() = default;
  ChunkList(ChunkList&& o) noexcept
      : end_(std::exchange(o.end_, nullptr)),
        limit_(std::exchange(o.limit_, nullptr)),
        first_(std::exchange(o.first_, nullptr)),
        head_(std::exchange(o.head_, nullptr)),
        tail_(std::exchange(o.tail_, nullptr)) {}
  ChunkList& operator=(ChunkList&& o) noexcept {
    end_ = std::exchange(o.end_, nullptr);
    limit_ = std::exchange(o.limit_, nullptr);
    first_ = std::exchange(o.first_, nullptr);
    head_ = std::exchange(o.head_, nullptr);
    tail_ = std::exchange(o.tail_, nullptr);
    return *this;
  }
  ChunkList(const ChunkList&) = delete;
  ChunkList& operator=(const ChunkList&) = delete;
  ~ChunkList() = default;

  [[nodiscard]] bool empty() const noexcept { return end_ == first_; }

  void push_back(const Event& e, ChunkPool& pool) {
    if (end_ == limit_) grow(pool);
    *end_++ = e;
  }

  /// Calls f(event) for every event, in insertion order.
  template <class F>
  void for_each(F&& f) const {
    if (empty()) return;
    for (const EventChunk* c = head_; c != nullptr; c = c->next) {
      const Event* last = c == tail_ ? end_ : c->events + EventChunk::kEvents;
      for (const Event* e = c->events; e != last; ++e) f(*e);
    }
  }

  /// Calls f(event) for every event in insertion order and empties the list, giving every chunk
  /// but the first back to `pool` as soon as it has been read. `f` may append to other lists of
  /// the same pool, even into the chunks given back, but not to this one.
  template <class F>
  void drain(ChunkPool& pool, F&& f) {
    if (empty()) return;
    EventChunk* const tail = tail_;
    const Event* const end = end_;
    for (EventChunk* c = head_; c != nullptr;) {
      const Event* last = c == tail ? end : c->events + EventChunk::kEvents;
      for (const Event* e = c->events; e != last; ++e) f(*e);
      EventChunk* const next = c->next;
      if (c != head_) pool.give(c);
      c = next;
    }
    assert(end_ == end && "drain's f appended to the list being drained");
    head_->next = nullptr;
    tail_ = head_;
    end_ = first_;
    limit_ = first_ + EventChunk::kEvents;
  }

  /// Gives every chunk back to `pool`, the first included, without reading the events.
  void release(ChunkPool& pool) noexcept {
    for (EventChunk* c = head_; c != nullptr;) {
      EventChunk* const next = c->next;
      pool.give(c);
      c = next;
    }
    *this = ChunkList{};
  }

 private:
  void grow(ChunkPool& pool) {
    EventChunk* const c = pool.take();
    c->next = nullptr;
    if (tail_ == nullptr) {
      head_ = c;
      first_ = c->events;
    } else {
      tail_->next = c;
    }
    tail_ = c;
    end_ = c->events;
    limit_ = c->events + EventChunk::kEvents;
  }

  // end_ and limit_ first: an append reads only them.
  Event* end_ = nullptr;    // where the next event goes, in tail_
  Event* limit_ = nullptr;  // one past tail_'s last slot: the append that reaches it takes a chunk
  Event* first_ = nullptr;  // head_->events: the list is empty when end_ is back here
  EventChunk* head_ = nullptr;
  EventChunk* tail_ = nullptr;
};

}  // namespace coordsim::kernel
