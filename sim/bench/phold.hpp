#pragma once
// PHOLD, the standard benchmark model of parallel discrete-event simulation (Fujimoto 1990; ROSS).
// N logical processes each start with one event. Processing an event at time t schedules one new
// event at t + lookahead + Exp(mean) for an LP drawn uniformly over all N (the sender included, as
// in ROSS and the reference loop) with probability `remote`, else for the same LP. Events at or
// past `end` are dropped, so the population only shrinks at the end.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernel/rng.hpp"
#include "kernel/scheduler.hpp"

namespace coordsim::bench {

struct PholdConfig {
  std::uint32_t lps = 1024;
  double remote = 0.1;     // probability that an event goes to another LP
  double mean = 1.0;       // mean of the exponential delay, simulated seconds
  double lookahead = 0.1;  // minimum delay, simulated seconds
  double end = 100.0;      // simulated seconds
  std::uint64_t seed = 42;
  double ticks_per_second = 1e6;  // one tick is a microsecond
  int threads = 0;                // 0: the plain sequential scheduler; K >= 1: K shards in windows
};

struct PholdResult {
  std::uint64_t events = 0;
  double wall_s = 0.0;
  std::uint64_t checksum = 0;  // sum of per-LP event counts: must equal `events`
  std::uint64_t windows = 0;   // synchronisation windows (parallel runner only)
  std::uint64_t digest = 0;    // order-sensitive hash of every LP's last payload and count
  // Bytes the event queues hold at the end (their capacity, which never shrinks during a run, so
  // the peak). Until the end time one event per LP is pending, so bytes / lps is the memory per
  // pending event.
  std::size_t queue_bytes = 0;
};

/// The model the scheduler drives. Public so that tests can step it and look at its state.
class Phold {
 public:
  explicit Phold(const PholdConfig& config);

  /// Seeds one event per LP into `s` (a Scheduler or a ParallelRunner).
  template <class Sink>
  void seed_events(Sink& s) {
    for (std::uint32_t lp = 0; lp < lps_; ++lp) {
      kernel::Rng rng(keys_(lp), lps_state_[lp].counter);
      const auto delay = lookahead_ + static_cast<std::int64_t>(rng.exponential(mean_ticks_));
      const kernel::SimTime t = kernel::SimTime::zero() + kernel::SimDuration{delay};
      if (t < end_) s.schedule(t, kernel::AgentId{lp}, kernel::AgentId{lp}, 0);
    }
  }

  /// Called by the scheduler for the next event while it handles the current one (large runs).
  void prefetch(const kernel::Event& e) const noexcept {
    __builtin_prefetch(&lps_state_[kernel::index(e.target)], 1);
  }

  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    Lp& lp = lps_state_[kernel::index(e.target)];
    ++lp.processed;
    // An order-sensitive trace of what this LP saw, for the cross-kernel equality tests.
    lp.trace = static_cast<std::uint32_t>(
        kernel::mix64(lp.trace ^ e.payload ^ (e.time.ticks() << 20) ^ e.source.value()));
    kernel::Rng rng(keys_(e.target.value()), lp.counter);
    kernel::AgentId dst = e.target;
    if (rng.uniform() < remote_) dst = kernel::AgentId{rng.below(lps_)};
    const auto delay = lookahead_ + static_cast<std::int64_t>(rng.exponential(mean_ticks_));
    const kernel::SimTime t = e.time + kernel::SimDuration{delay};
    if (t < end_) s.schedule(t, dst, e.target, 0, 0, e.payload + 1);
  }

  /// Events processed per LP.
  [[nodiscard]] std::vector<std::uint64_t> processed() const;
  [[nodiscard]] kernel::SimTime end() const noexcept { return end_; }
  [[nodiscard]] kernel::SimDuration lookahead() const noexcept {
    return kernel::SimDuration{lookahead_};
  }
  /// A hash of every LP's event count and trace: equal digests mean equal histories.
  [[nodiscard]] std::uint64_t digest() const noexcept;

 private:
  std::uint32_t lps_;
  double remote_;
  double mean_ticks_;
  std::int64_t lookahead_;
  kernel::SimTime end_;
  kernel::StreamKeys keys_;
  // Everything an event touches of its LP in one 16-byte record (four per cache line); the RNG
  // key is recomputed, not stored. Measured: four separate arrays cost ~20% at 1,024 LPs and a
  // stored key ~10% at 262,144 (docs/performance.md).
  struct Lp {
    std::uint64_t counter;
    std::uint32_t processed;
    std::uint32_t trace;
  };
  std::vector<Lp> lps_state_;
};

/// Runs PHOLD to its end and times the event loop (set-up excluded, as phold_ref does).
[[nodiscard]] PholdResult run_phold(const PholdConfig& config);

}  // namespace coordsim::bench
