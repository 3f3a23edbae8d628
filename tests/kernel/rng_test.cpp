#include "kernel/rng.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

namespace coordsim::kernel {
namespace {

// Chi-square statistic of `n` uniform draws into `bins` equal bins.
template <class Draw>
double chi_square(std::size_t n, std::uint32_t bins, Draw draw) {
  std::vector<double> counts(bins, 0.0);
  for (std::size_t i = 0; i < n; ++i) counts[draw()] += 1.0;
  const double expected = static_cast<double>(n) / bins;
  double chi = 0.0;
  for (double c : counts) chi += (c - expected) * (c - expected) / expected;
  return chi;
}

// Upper 0.1% critical value of chi-square with k degrees of freedom (Wilson-Hilferty).
double chi_critical_999(double k) {
  const double z = 3.090;  // standard normal 99.9% quantile
  const double a = 2.0 / (9.0 * k);
  return k * std::pow(1.0 - a + z * std::sqrt(a), 3.0);
}

TEST(Rng, SameKeyAndCounterGiveSameDraw) {
  EXPECT_EQ(draw(stream_key(1, 2), 3), draw(stream_key(1, 2), 3));
  std::uint64_t c1 = 0;
  std::uint64_t c2 = 0;
  Rng a(stream_key(42, 7), c1);
  Rng b(stream_key(42, 7), c2);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
  EXPECT_EQ(c1, 100U);  // the counter lives outside the view, in the agent's column
}

TEST(Rng, DifferentSeedsStreamsAndCountersDiffer) {
  EXPECT_NE(draw(stream_key(1, 2), 3), draw(stream_key(1, 3), 3));
  EXPECT_NE(draw(stream_key(1, 2), 3), draw(stream_key(2, 2), 3));
  EXPECT_NE(draw(stream_key(1, 2), 3), draw(stream_key(1, 2), 4));
}

TEST(Rng, OrderOfDrawingAcrossStreamsDoesNotMatter) {
  // Interleaving draws of two streams must not change either stream's sequence.
  std::uint64_t ca = 0;
  std::uint64_t cb = 0;
  Rng a(stream_key(5, 0), ca);
  Rng b(stream_key(5, 1), cb);
  std::vector<std::uint64_t> alone;
  for (std::uint64_t i = 0; i < 50; ++i) alone.push_back(draw(stream_key(5, 0), i));
  for (std::uint64_t i = 0; i < 50; ++i) {
    if (i % 3 == 0) (void)b.next();
    EXPECT_EQ(a.next(), alone[i]);
  }
}

TEST(Rng, ChiSquareUniformityPerStream) {
  constexpr std::uint32_t kBins = 256;
  for (std::uint64_t stream : {0ULL, 1ULL, 1000ULL, 1ULL << 40}) {
    std::uint64_t counter = 0;
    Rng rng(stream_key(2026, stream), counter);
    const double chi = chi_square(1 << 20, kBins, [&] { return rng.below(kBins); });
    EXPECT_LT(chi, chi_critical_999(kBins - 1)) << "stream " << stream;
  }
}

TEST(Rng, AdjacentStreamsAreIndependent) {
  // Pairs (draw i of stream s, draw i of stream s+1) must fill a 16x16 grid uniformly, and the
  // sample correlation must be near zero: adjacent agents get unrelated numbers.
  constexpr std::uint32_t kSide = 16;
  constexpr std::size_t kN = 1 << 20;
  const std::uint64_t ka = stream_key(9, 100);
  const std::uint64_t kb = stream_key(9, 101);
  std::uint64_t i = 0;
  const double chi = chi_square(kN, kSide * kSide, [&] {
    const std::uint32_t x = to_below(draw(ka, i), kSide);
    const std::uint32_t y = to_below(draw(kb, i), kSide);
    ++i;
    return x * kSide + y;
  });
  EXPECT_LT(chi, chi_critical_999(kSide * kSide - 1));
  double sxy = 0;
  double sx = 0;
  double sy = 0;
  double sxx = 0;
  double syy = 0;
  for (std::uint64_t j = 0; j < kN; ++j) {
    const double x = to_unit(draw(ka, j));
    const double y = to_unit(draw(kb, j));
    sx += x;
    sy += y;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  const double n = kN;
  const double r = (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  EXPECT_LT(std::abs(r), 4.0 / std::sqrt(n));  // 4 standard errors
}

TEST(Rng, DistributionsHaveTheirMeans) {
  std::uint64_t counter = 0;
  Rng rng(stream_key(77, 3), counter);
  constexpr int kN = 400000;
  double exp_sum = 0;
  double norm_sum = 0;
  double norm_sq = 0;
  for (int i = 0; i < kN; ++i) {
    exp_sum += rng.exponential(2.0);
    const double z = rng.normal();
    norm_sum += z;
    norm_sq += z * z;
  }
  // Standard errors: exp 2/sqrt(n); normal mean 1/sqrt(n). Allow 5 of them.
  EXPECT_NEAR(exp_sum / kN, 2.0, 5 * 2.0 / std::sqrt(kN));
  EXPECT_NEAR(norm_sum / kN, 0.0, 5 / std::sqrt(kN));
  EXPECT_NEAR(norm_sq / kN, 1.0, 5 * std::sqrt(2.0 / kN));
}

}  // namespace
}  // namespace coordsim::kernel
