#include "experiment/design.hpp"

#include <fmt/core.h>

#include <boost/random/sobol.hpp>
#include <cmath>
#include <numeric>

#include "kernel/rng.hpp"
#include "scenario/load.hpp"

namespace coordsim::experiment {

std::vector<std::string> Point::overrides() const {
  std::vector<std::string> out;
  out.reserve(values.size());
  for (const auto& [k, v] : values) out.push_back(fmt::format("{}={}", k, v));
  return out;
}

std::string Point::label() const {
  std::string out;
  for (const auto& o : overrides()) out += (out.empty() ? "" : ", ") + o;
  return out.empty() ? "(the base scenario)" : out;
}

std::uint64_t Point::hash() const {
  std::string text;
  for (const auto& o : overrides()) text += o + "\n";
  return scenario::fnv1a64(text);
}

std::vector<double> unit_sample(SampleMethod method, std::uint32_t points, std::uint32_t dimensions,
                                std::uint64_t key) {
  std::vector<double> u(std::size_t{points} * dimensions);
  const kernel::StreamKeys streams(key);
  switch (method) {
    case SampleMethod::kRandom: {
      const std::uint64_t k = streams(0);
      for (std::size_t i = 0; i < u.size(); ++i) u[i] = kernel::to_unit(kernel::draw(k, i));
      break;
    }
    case SampleMethod::kLhs: {
      // One stratum of width 1/points per point in every dimension: a random permutation of the
      // strata per dimension (Fisher-Yates on stream 2j), a uniform offset inside (stream 2j+1).
      std::vector<std::uint32_t> perm(points);
      for (std::uint32_t j = 0; j < dimensions; ++j) {
        std::iota(perm.begin(), perm.end(), 0U);
        std::uint64_t counter = 0;
        kernel::Rng shuffle(streams(2ULL * j), counter);
        for (std::uint32_t i = points; i > 1; --i) std::swap(perm[i - 1], perm[shuffle.below(i)]);
        const std::uint64_t offsets = streams(2ULL * j + 1);
        for (std::uint32_t i = 0; i < points; ++i) {
          const double within = kernel::to_unit(kernel::draw(offsets, i));
          u[std::size_t{i} * dimensions + j] = (perm[i] + within) / points;
        }
      }
      break;
    }
    case SampleMethod::kSobol: {
      // Boost's engine starts after the origin (a corner, not a useful sample), at the centre.
      boost::random::sobol gen(dimensions);
      constexpr double kScale = 0x1.0p-64;  // the engine's values span all 64 bits
      for (auto& x : u) x = static_cast<double>(gen()) * kScale;
      break;
    }
  }
  return u;
}

std::string range_value(const Range& range, double unit) {
  if (range.integer) {
    const double span = range.hi - range.lo + 1;
    const double v = std::min(range.hi, range.lo + std::floor(unit * span));
    return fmt::format("{}{}", static_cast<std::int64_t>(v), range.suffix);
  }
  return fmt::format("{:.{}f}{}", range.lo + unit * (range.hi - range.lo), range.decimals,
                     range.suffix);
}

std::uint64_t sample_key(std::uint64_t sweep_hash) noexcept {
  // Under another seed than the runs' streams, so no point hash can land on the sample's stream.
  constexpr std::uint64_t kSampleSalt = 0x73616D706C65ULL;  // "sample"
  return kernel::stream_key(sweep_hash ^ kSampleSalt, 0);
}

std::uint64_t run_seed(std::uint64_t sweep_hash, std::uint64_t point_hash,
                       std::uint32_t replication) noexcept {
  return kernel::draw(kernel::stream_key(sweep_hash, point_hash), replication);
}

std::vector<Point> expand_points(const Sweep& sweep, std::uint64_t sample_key) {
  std::vector<Point> points{Point{}};
  // Product: each axis multiplies the list, the later axis varying fastest.
  for (const auto& axis : sweep.product) {
    std::vector<Point> next;
    next.reserve(points.size() * axis.values.size());
    for (const auto& p : points) {
      for (const auto& v : axis.values) {
        next.push_back(p);
        next.back().values.emplace_back(axis.key, v);
      }
    }
    points = std::move(next);
  }
  const auto cross = [&](std::size_t rows, auto&& fill) {
    std::vector<Point> next;
    next.reserve(points.size() * rows);
    for (const auto& p : points) {
      for (std::size_t r = 0; r < rows; ++r) {
        next.push_back(p);
        fill(r, next.back());
      }
    }
    points = std::move(next);
  };
  if (!sweep.zip.empty()) {
    cross(sweep.zip.front().values.size(), [&](std::size_t r, Point& p) {
      for (const auto& axis : sweep.zip) p.values.emplace_back(axis.key, axis.values[r]);
    });
  }
  if (sweep.sample) {
    const auto& s = *sweep.sample;
    const auto dims = static_cast<std::uint32_t>(s.ranges.size());
    const auto u = unit_sample(s.method, s.points, dims, sample_key);
    cross(s.points, [&](std::size_t r, Point& p) {
      for (std::uint32_t j = 0; j < dims; ++j) {
        p.values.emplace_back(s.ranges[j].key, range_value(s.ranges[j], u[r * dims + j]));
      }
    });
  }
  return points;
}

}  // namespace coordsim::experiment
