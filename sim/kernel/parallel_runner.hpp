#pragma once
// Conservative synchronous windows over shards (the YAWNS / bounded-lag family).
//
// Actors are partitioned into shards, each with its own Scheduler. Every event from one actor to
// another is at least one lookahead L in the future, so in the window [T, T + L), T being the
// earliest pending event anywhere, no shard can create work for another shard: the shards run the
// window in parallel, then exchange the events they produced for each other at a barrier.
//
// Why the result is the same bytes for any number of shards and threads:
//  - an actor's state is touched only by events targeted at it, and those are processed in the
//    total key order whichever shard holds it;
//  - keys are assigned by the source's own counter, not by arrival or thread;
//  - the merge at the barrier pushes into heaps ordered by that total key, so the order in which
//    outboxes are drained cannot change what is popped next.
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <memory>
#include <span>
#include <stdexcept>
#include <thread>
#include <vector>

#include "kernel/scheduler.hpp"

namespace coordsim::kernel {

class ParallelRunner {
 public:
  ParallelRunner(std::vector<std::uint32_t> shard_of, std::uint32_t shards, SimDuration lookahead,
                 int threads)
      : routing_{std::move(shard_of), lookahead},
        seq_(routing_.shard_of.size(), 0),
        // More workers than cores only adds contention (and TBB warns about it): clamp. The
        // result is the same for any number of workers, so the clamp changes only the speed.
        arena_(threads > 0 ? std::min(threads, static_cast<int>(std::max(
                                                   1U, std::thread::hardware_concurrency())))
                           : tbb::task_arena::automatic) {
    if (lookahead.ticks() < 1)
      throw std::invalid_argument("parallel runs need a lookahead >= 1 tick");
    threads_ = std::max(1, arena_.max_concurrency());
    for (std::uint32_t s = 0; s < shards; ++s) {
      shards_.push_back(std::make_unique<Scheduler>(s, routing_, seq_.data(), seq_.size()));
    }
  }

  /// Contiguous ranges of `actors` over `shards` shards: the simplest partition.
  static std::vector<std::uint32_t> contiguous(std::size_t actors, std::uint32_t shards) {
    std::vector<std::uint32_t> of(actors);
    for (std::size_t a = 0; a < actors; ++a) {
      of[a] = static_cast<std::uint32_t>(a * shards / std::max<std::size_t>(actors, 1));
    }
    return of;
  }

  [[nodiscard]] std::uint32_t shards() const noexcept {
    return static_cast<std::uint32_t>(shards_.size());
  }
  [[nodiscard]] Scheduler& shard(std::uint32_t s) noexcept { return *shards_[s]; }
  [[nodiscard]] Scheduler& owner(AgentId a) noexcept {
    return *shards_[routing_.shard_of[index(a)]];
  }
  [[nodiscard]] std::uint64_t committed() const noexcept {
    std::uint64_t n = 0;
    for (const auto& s : shards_) n += s->committed();
    return n;
  }
  [[nodiscard]] std::size_t pending() const noexcept {
    std::size_t n = 0;
    for (const auto& s : shards_) n += s->queue().size();
    return n;
  }
  [[nodiscard]] std::uint64_t windows() const noexcept { return windows_; }
  /// The per-source sequence counters, shared by every shard.
  [[nodiscard]] std::span<const std::uint32_t> sequence_numbers() const noexcept { return seq_; }
  /// The clock: every shard's after run_until (they all end at the same time).
  [[nodiscard]] SimTime now() const noexcept { return shards_.front()->now(); }

  /// Every shard's pending events, sorted by key: the same list for any partition, because the
  /// key is total. For checkpoints; call between runs (the outboxes are empty then).
  [[nodiscard]] std::vector<Event> pending_events() const {
    std::vector<Event> all;
    all.reserve(pending());
    for (const auto& s : shards_) {
      const auto raw = s->queue().raw();
      all.insert(all.end(), raw.begin(), raw.end());
    }
    std::sort(all.begin(), all.end(), before);
    return all;
  }

  /// Restores a saved state (see Scheduler::restore): the counters, every shard's clock, and each
  /// pending event in its target's shard. `committed` is credited to shard 0: only the sum is
  /// observable. Targets must be actors of this runner.
  void restore(SimTime now, std::uint64_t committed, std::span<const std::uint32_t> seq,
               std::span<const Event> pending) {
    if (seq.size() != seq_.size()) throw std::invalid_argument("actor count mismatch");
    std::vector<std::vector<Event>> per_shard(shards_.size());
    for (const Event& e : pending) {
      if (index(e.target) >= routing_.shard_of.size())
        throw std::invalid_argument("event target out of range");
      per_shard[routing_.shard_of[index(e.target)]].push_back(e);
    }
    for (std::size_t s = 0; s < shards_.size(); ++s) {
      shards_[s]->restore(now, s == 0 ? committed : 0, seq, per_shard[s]);
    }
  }

  /// Schedules an event before the run starts (or between runs), in the target's shard.
  void schedule(SimTime at, AgentId target, AgentId source, EventKind kind, std::uint16_t aux = 0,
                std::uint64_t payload = 0) {
    const Event e{at, target, source, seq_[index(source)]++, kind, aux, payload};
    owner(target).deliver(e);
  }

  template <class Model>
  void run_until(Model& model, SimTime end) {
    arena_.execute([&] {
      for (;;) {
        SimTime earliest = SimTime::never();
        for (const auto& s : shards_) {
          if (!s->queue().empty()) earliest = std::min(earliest, s->queue().top().time);
        }
        if (!(earliest < end)) break;
        const SimTime window_end = std::min(earliest + routing_.lookahead, end);
        for_each_shard([&](std::size_t s) { run_shard(*shards_[s], model, window_end); });
        exchange();
        ++windows_;
      }
      for (const auto& s : shards_) s->run_until(model, end);  // advances every clock to `end`
    });
  }

 private:
  // Runs f(0) ... f(shards - 1), in parallel, and returns when all are done.
  //
  // With COORDSIM_PLAIN_THREADS (the tsan preset) plain std::threads do it instead of TBB: TBB's
  // library is not built with ThreadSanitizer, so TSan cannot see its internal synchronisation
  // and reports its task objects' reuse as races. Plain threads let TSan check our code, and
  // only our code, exactly.
  template <class F>
  void for_each_shard(F&& f) {
#ifdef COORDSIM_PLAIN_THREADS
    const std::size_t n = shards_.size();
    const std::size_t workers =
        std::min<std::size_t>(n, static_cast<std::size_t>(std::max(1, threads_)));
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < workers; ++w) {
      pool.emplace_back([&f, w, workers, n] {
        for (std::size_t i = w; i < n; i += workers) f(i);
      });
    }
    for (std::size_t i = 0; i < n; i += workers) f(i);
    for (auto& t : pool) t.join();
#else
    tbb::parallel_for(std::size_t{0}, shards_.size(), std::forward<F>(f));
#endif
  }

  // Kept out of line on purpose: inlined into TBB's parallel_for body, the same event loop ran
  // 1.4-1.9x slower (measured with GCC 12; docs/performance.md). As its own function it is
  // compiled like the sequential scheduler's loop.
  template <class Model>
  [[gnu::noinline]] static void run_shard(Scheduler& shard, Model& model, SimTime end) {
    shard.run_until(model, end);
  }

  // Each destination drains every source's outbox for it: destinations in parallel, sources in
  // index order (the order does not matter for correctness, see the file comment).
  void exchange() {
    for_each_shard([&](std::size_t d) {
      const auto dest = static_cast<std::uint32_t>(d);
      for (const auto& src : shards_) {
        auto& box = src->outbox(dest);
        for (const Event& e : box) shards_[d]->deliver(e);
        box.clear();
      }
    });
  }

  ShardRouting routing_;
  std::vector<std::uint32_t> seq_;
  std::vector<std::unique_ptr<Scheduler>> shards_;
  tbb::task_arena arena_;
  int threads_ = 1;
  std::uint64_t windows_ = 0;
};

}  // namespace coordsim::kernel
