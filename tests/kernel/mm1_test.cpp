// Validation against queueing theory: an M/M/1 queue built on the kernel must reproduce the mean
// waiting time in queue Wq = rho / (mu - lambda) within a confidence interval computed here by
// batch means. If the scheduler reordered or dropped events, Wq would come out wrong.
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <vector>

#include "kernel/rng.hpp"
#include "kernel/scheduler.hpp"

namespace coordsim::kernel {
namespace {

constexpr EventKind kArrival = 1;
constexpr EventKind kDeparture = 2;
constexpr double kTicksPerUnit = 1e6;

struct MM1 {
  double lambda = 0;
  double mu = 0;
  std::uint64_t seed = 0;
  std::uint64_t max_customers = 0;
  std::uint64_t arrivals_counter = 0;
  std::uint64_t service_counter = 0;
  std::deque<SimTime> waiting;  // arrival times of customers in the queue (not in service)
  bool busy = false;
  std::uint64_t arrivals = 0;
  std::vector<double> waits;  // time in queue, per customer, in order of service start

  static constexpr AgentId kSource{0};
  static constexpr AgentId kServer{1};

  SimDuration draw(double rate, std::uint64_t stream, std::uint64_t& counter) const {
    Rng rng(stream_key(seed, stream), counter);
    return SimDuration{static_cast<std::int64_t>(rng.exponential(kTicksPerUnit / rate)) + 1};
  }
  void start_service(SimTime arrived, SimTime now, Scheduler& s) {
    busy = true;
    waits.push_back(static_cast<double>((now - arrived).ticks()) / kTicksPerUnit);
    s.schedule(now + draw(mu, 1, service_counter), kServer, kServer, kDeparture);
  }
  void handle(const Event& e, Scheduler& s) {
    if (e.kind == kArrival) {
      ++arrivals;
      if (arrivals < max_customers) {
        s.schedule(e.time + draw(lambda, 0, arrivals_counter), kServer, kSource, kArrival);
      }
      if (busy) {
        waiting.push_back(e.time);
      } else {
        start_service(e.time, e.time, s);
      }
    } else {
      busy = false;
      if (!waiting.empty()) {
        const SimTime arrived = waiting.front();
        waiting.pop_front();
        start_service(arrived, e.time, s);
      }
    }
  }
};

TEST(MM1, MeanWaitMatchesTheory) {
  constexpr double kLambda = 0.5;
  constexpr double kMu = 1.0;
  const double rho = kLambda / kMu;
  const double expected = rho / (kMu - kLambda);  // = 1.0
  for (std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
    std::printf("MM1 seed=%llu\n", static_cast<unsigned long long>(seed));
    MM1 m;
    m.lambda = kLambda;
    m.mu = kMu;
    m.seed = seed;
    m.max_customers = 420000;
    Scheduler s(2);
    s.schedule(SimTime{0}, MM1::kServer, MM1::kSource, kArrival);
    s.run_until(m, SimTime::never());
    ASSERT_EQ(m.waits.size(), 420000U);
    // Drop a warm-up, then 40 batches of 10,000 customers each: batch means are ~independent.
    constexpr std::size_t kWarmup = 20000;
    constexpr std::size_t kBatches = 40;
    constexpr std::size_t kBatch = 10000;
    std::vector<double> means;
    for (std::size_t b = 0; b < kBatches; ++b) {
      double sum = 0;
      for (std::size_t i = 0; i < kBatch; ++i) sum += m.waits[kWarmup + b * kBatch + i];
      means.push_back(sum / kBatch);
    }
    double mean = 0;
    for (double x : means) mean += x;
    mean /= kBatches;
    double var = 0;
    for (double x : means) var += (x - mean) * (x - mean);
    var /= (kBatches - 1);
    const double half_width = 3.558 * std::sqrt(var / kBatches);  // t(0.9995, 39): a 99.9% interval
    EXPECT_NEAR(mean, expected, half_width) << "mean " << mean << " +- " << half_width;
    EXPECT_LT(half_width, 0.15) << "the interval must be narrow enough to mean something";
  }
}

}  // namespace
}  // namespace coordsim::kernel
