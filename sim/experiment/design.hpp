#pragma once
// The points of a sweep and the seed of every run. Points are the product grid times the zipped
// rows times the sampled points (each absent part counts as one empty point); runs are ordered
// replication-major (all points of replication 0, then of replication 1...), so a sweep cut short
// is balanced across points.
//
// Seeds are drawn with the counter-based RNG keyed by (sweep hash, point hash) at counter
// `replication`: a point's seeds do not depend on its position in the grid or on the number of
// replications, so adding values or replications keeps the runs already done.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "experiment/sweep.hpp"

namespace coordsim::experiment {

/// One point: (key, value text) in the order the sweep file names the keys.
struct Point {
  std::vector<std::pair<std::string, std::string>> values;
  /// `key=value` overrides, ready for scenario::load_file.
  [[nodiscard]] std::vector<std::string> overrides() const;
  /// `key=value, key=value` for messages.
  [[nodiscard]] std::string label() const;
  /// FNV-1a of the overrides: the point's identity for seeding.
  [[nodiscard]] std::uint64_t hash() const;
};

/// Every point of `sweep`, in order. `sample_key` keys the RNG of random and LHS samples.
[[nodiscard]] std::vector<Point> expand_points(const Sweep& sweep, std::uint64_t sample_key);

/// The unit-cube coordinates of a sample: points x dimensions, row-major, each in [0, 1).
/// Random and LHS use the counter-based RNG under `key`; Sobol uses Boost.Random's generator
/// (Joe-Kuo direction numbers), which starts after the origin.
[[nodiscard]] std::vector<double> unit_sample(SampleMethod method, std::uint32_t points,
                                              std::uint32_t dimensions, std::uint64_t key);

/// A unit coordinate mapped into a range and written as override text.
[[nodiscard]] std::string range_value(const Range& range, double unit);

/// The key of the RNG stream of random and LHS samples, apart from every run's seed stream.
[[nodiscard]] std::uint64_t sample_key(std::uint64_t sweep_hash) noexcept;

/// The seed of (point, replication) under a sweep.
[[nodiscard]] std::uint64_t run_seed(std::uint64_t sweep_hash, std::uint64_t point_hash,
                                     std::uint32_t replication) noexcept;

}  // namespace coordsim::experiment
