#include "bench/phold.hpp"

#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "kernel/parallel_runner.hpp"

namespace coordsim::bench {

namespace {
std::int64_t to_ticks(double seconds, double ticks_per_second) {
  return static_cast<std::int64_t>(std::llround(seconds * ticks_per_second));
}
}  // namespace

Phold::Phold(const PholdConfig& c)
    : lps_(c.lps),
      remote_(c.remote),
      mean_ticks_(c.mean * c.ticks_per_second),
      lookahead_(to_ticks(c.lookahead, c.ticks_per_second)),
      end_(kernel::SimTime{static_cast<std::uint64_t>(to_ticks(c.end, c.ticks_per_second))}),
      keys_(c.seed),
      lps_state_(c.lps, Lp{0, 0, 0}) {
  if (c.lps == 0) throw std::invalid_argument("PHOLD needs at least one LP");
  if (!(c.remote >= 0.0 && c.remote <= 1.0))
    throw std::invalid_argument("remote must be in [0, 1]");
  if (!(c.mean >= 0.0)) throw std::invalid_argument("mean must be non-negative");
  if (lookahead_ < 1) throw std::invalid_argument("lookahead must be at least one tick");
  if (!(c.end > 0.0)) throw std::invalid_argument("end must be positive");
}

std::uint64_t Phold::digest() const noexcept {
  std::uint64_t h = 0;
  for (std::uint32_t lp = 0; lp < lps_; ++lp) {
    h = kernel::mix64(h ^ lps_state_[lp].processed) + kernel::mix64(lps_state_[lp].trace + lp);
  }
  return h;
}

std::vector<std::uint64_t> Phold::processed() const {
  std::vector<std::uint64_t> out(lps_);
  for (std::uint32_t lp = 0; lp < lps_; ++lp) out[lp] = lps_state_[lp].processed;
  return out;
}

PholdResult run_phold(const PholdConfig& config) {
  Phold model(config);
  PholdResult r;
  std::chrono::steady_clock::time_point start;
  std::chrono::steady_clock::time_point stop;
  if (config.threads <= 0) {
    kernel::Scheduler scheduler(config.lps, model.lookahead());
    scheduler.reserve(config.lps);
    model.seed_events(scheduler);
    start = std::chrono::steady_clock::now();
    scheduler.run_until(model, kernel::SimTime::never());
    stop = std::chrono::steady_clock::now();
    r.events = scheduler.committed();
    r.queue_bytes = scheduler.queue().bytes();
  } else {
    const auto shards = static_cast<std::uint32_t>(config.threads);
    kernel::ParallelRunner runner(kernel::ParallelRunner::contiguous(config.lps, shards), shards,
                                  model.lookahead(), config.threads);
    model.seed_events(runner);
    start = std::chrono::steady_clock::now();
    runner.run_until(model, kernel::SimTime::never());
    stop = std::chrono::steady_clock::now();
    r.events = runner.committed();
    r.windows = runner.windows();
    for (std::uint32_t s = 0; s < shards; ++s) r.queue_bytes += runner.shard(s).queue().bytes();
  }
  r.wall_s = std::chrono::duration<double>(stop - start).count();
  const std::vector<std::uint64_t> per_lp = model.processed();
  r.checksum = std::accumulate(per_lp.begin(), per_lp.end(), std::uint64_t{0});
  r.digest = model.digest();
  return r;
}

}  // namespace coordsim::bench
