#pragma once
// What the world tests say about an effect measured over several seeds: whether one sample's mean
// is above another's beyond the seeds' spread. One rule for every such test, so "separated" means
// the same thing in each (docs/behaviour.md quotes these tests).
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

namespace coordsim::model::world::test {

struct SampleStats {
  double mean = 0;
  double var = 0;  // sample variance (n - 1)
};

inline SampleStats sample_stats(const std::vector<double>& v) {
  SampleStats s;
  for (const double x : v) s.mean += x;
  s.mean /= static_cast<double>(v.size());
  for (const double x : v) s.var += (x - s.mean) * (x - s.mean);
  s.var /= static_cast<double>(v.size() - 1);
  return s;
}

/// The mean of `hi` exceeds the mean of `lo` by more than three standard errors of the difference
/// of the means (Welch). Prints both means and the error, labelled `what`.
inline bool separated(const std::vector<double>& lo, const std::vector<double>& hi,
                      std::string_view what = "means") {
  const SampleStats a = sample_stats(lo);
  const SampleStats b = sample_stats(hi);
  const double se =
      std::sqrt(a.var / static_cast<double>(lo.size()) + b.var / static_cast<double>(hi.size()));
  std::printf("%.*s: %.4f -> %.4f, standard error of the difference %.4f\n",
              static_cast<int>(what.size()), what.data(), a.mean, b.mean, se);
  return b.mean - a.mean > 3.0 * se;
}

}  // namespace coordsim::model::world::test
