#include "model/market/reference_price.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace coordsim::model::market {
namespace {

TEST(GbmPrice, IsDeterministicForSeedAndStreamAndDiffersOtherwise) {
  const GbmParams params{100.0, 0.05, 0.4, 0.01};
  GbmPrice a(params, 7, 3);
  GbmPrice b(params, 7, 3);
  GbmPrice c(params, 7, 4);
  GbmPrice d(params, 8, 3);
  bool differs_c = false;
  bool differs_d = false;
  for (int i = 0; i < 100; ++i) {
    const double pa = a.advance();
    EXPECT_EQ(pa, b.advance());
    differs_c = differs_c || pa != c.advance();
    differs_d = differs_d || pa != d.advance();
    EXPECT_GT(pa, 0.0);
  }
  EXPECT_TRUE(differs_c);
  EXPECT_TRUE(differs_d);
  EXPECT_EQ(a.step(), 100U);
}

TEST(GbmPrice, StepShocksArePureFunctionsOfTheStepIndex) {
  const GbmParams params{1.0, 0.0, 0.2, 1.0};
  GbmPrice a(params, 1, 1);
  const double z5 = a.shock(5);
  for (int i = 0; i < 10; ++i) a.advance();
  EXPECT_EQ(a.shock(5), z5);
  // Rebuilding the path from the shocks gives the same price.
  GbmPrice b(params, 1, 1);
  double log_p = 0.0;
  for (std::uint64_t n = 0; n < 10; ++n) log_p += -0.5 * 0.2 * 0.2 + 0.2 * b.shock(n);
  EXPECT_NEAR(a.log_price(), log_p, 1e-12);
}

TEST(GbmPrice, LogReturnsHaveTheModelsMeanAndVariance) {
  const double mu = 0.1;
  const double sigma = 0.3;
  const double dt = 0.01;
  GbmPrice p({50.0, mu, sigma, dt}, 2024, 0);
  const int n = 200'000;
  double sum = 0.0;
  double sum_sq = 0.0;
  double prev = p.log_price();
  for (int i = 0; i < n; ++i) {
    p.advance();
    const double r = p.log_price() - prev;
    prev = p.log_price();
    sum += r;
    sum_sq += r * r;
  }
  const double mean = sum / n;
  const double var = sum_sq / n - mean * mean;
  const double expected_mean = (mu - 0.5 * sigma * sigma) * dt;
  const double expected_var = sigma * sigma * dt;
  // Standard error of the mean is sigma*sqrt(dt/n) = 6.7e-5; allow 5 of them.
  EXPECT_NEAR(mean, expected_mean, 5 * sigma * std::sqrt(dt / n));
  // The sample variance's standard error is about var*sqrt(2/n) = 3e-6 relative 0.3%; allow 2%.
  EXPECT_NEAR(var, expected_var, 0.02 * expected_var);
}

TEST(GbmPrice, ZeroVolatilityIsPureDrift) {
  GbmPrice p({10.0, 0.5, 0.0, 0.1}, 1, 1);
  for (int i = 0; i < 20; ++i) p.advance();
  EXPECT_NEAR(p.price(), 10.0 * std::exp(0.5 * 0.1 * 20), 1e-9);
}

TEST(GbmPrice, RejectsBadParameters) {
  EXPECT_THROW(GbmPrice({0.0, 0.0, 0.1, 1.0}, 1, 1), PriceProcessError);
  EXPECT_THROW(GbmPrice({1.0, 0.0, -0.1, 1.0}, 1, 1), PriceProcessError);
  EXPECT_THROW(GbmPrice({1.0, 0.0, 0.1, 0.0}, 1, 1), PriceProcessError);
  EXPECT_THROW(GbmPrice({1.0, std::numeric_limits<double>::quiet_NaN(), 0.1, 1.0}, 1, 1),
               PriceProcessError);
}

}  // namespace
}  // namespace coordsim::model::market
