#include "bench/phold.hpp"

#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

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
      keys_(c.lps),
      counters_(c.lps, 0),
      processed_(c.lps, 0) {
  if (c.lps == 0) throw std::invalid_argument("PHOLD needs at least one LP");
  if (!(c.remote >= 0.0 && c.remote <= 1.0)) throw std::invalid_argument("remote must be in [0, 1]");
  if (!(c.mean >= 0.0)) throw std::invalid_argument("mean must be non-negative");
  if (lookahead_ < 1) throw std::invalid_argument("lookahead must be at least one tick");
  if (!(c.end > 0.0)) throw std::invalid_argument("end must be positive");
  for (std::uint32_t lp = 0; lp < c.lps; ++lp) keys_[lp] = kernel::stream_key(c.seed, lp);
}

void Phold::seed_events(kernel::Scheduler& s) {
  s.reserve(lps_);
  for (std::uint32_t lp = 0; lp < lps_; ++lp) {
    kernel::Rng rng(keys_[lp], counters_[lp]);
    const auto delay = lookahead_ + static_cast<std::int64_t>(rng.exponential(mean_ticks_));
    const kernel::SimTime t = kernel::SimTime::zero() + kernel::SimDuration{delay};
    if (t < end_) s.schedule(t, kernel::AgentId{lp}, kernel::AgentId{lp}, 0);
  }
}

PholdResult run_phold(const PholdConfig& config) {
  Phold model(config);
  kernel::Scheduler scheduler(config.lps);
  model.seed_events(scheduler);
  const auto start = std::chrono::steady_clock::now();
  scheduler.run_until(model, kernel::SimTime::never());
  const auto stop = std::chrono::steady_clock::now();
  PholdResult r;
  r.events = scheduler.committed();
  r.wall_s = std::chrono::duration<double>(stop - start).count();
  r.checksum = std::accumulate(model.processed().begin(), model.processed().end(), std::uint64_t{0});
  return r;
}

}  // namespace coordsim::bench
