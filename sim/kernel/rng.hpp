#pragma once
// Counter-based random numbers: draw number `counter` of stream `stream` under `seed` is a pure
// function of those three integers. There is no generator object whose state depends on who drew
// before, so agents can draw in any order, on any thread, and still see the same numbers.
//
// The mixer is a 64-bit avalanche finaliser (Pelle Evensen's rrmxmx, stronger than SplitMix64's)
// over key + counter * golden-gamma, the construction of SplitMix64 with a per-stream starting
// point. tests/kernel/rng_test.cpp checks uniformity (chi-square) and independence between streams.
#include <bit>
#include <cmath>
#include <cstdint>

namespace coordsim::kernel {

[[nodiscard]] constexpr std::uint64_t mix64(std::uint64_t v) noexcept {
  v ^= std::rotr(v, 49) ^ std::rotr(v, 24);
  v *= 0x9FB21C651E98DF25ULL;
  v ^= v >> 28;
  v *= 0x9FB21C651E98DF25ULL;
  return v ^ (v >> 28);
}

inline constexpr std::uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ULL;

/// The keys of all streams under one seed. Computing a key on the fly costs two mixes, which is
/// cheaper than a cache miss on a stored key when there are millions of streams.
class StreamKeys {
 public:
  constexpr explicit StreamKeys(std::uint64_t seed) noexcept
      : seed_mix_(mix64(seed ^ 0xC2B2AE3D27D4EB4FULL)) {}
  [[nodiscard]] constexpr std::uint64_t operator()(std::uint64_t stream) const noexcept {
    return mix64(seed_mix_ + mix64(stream + kGoldenGamma));
  }

 private:
  std::uint64_t seed_mix_;
};

/// The key of one stream: a well-mixed function of (seed, stream id).
[[nodiscard]] constexpr std::uint64_t stream_key(std::uint64_t seed,
                                                 std::uint64_t stream) noexcept {
  return StreamKeys(seed)(stream);
}

/// Draw `counter` of the stream with key `key`: uniform over all 64-bit values.
[[nodiscard]] constexpr std::uint64_t draw(std::uint64_t key, std::uint64_t counter) noexcept {
  return mix64(key + counter * kGoldenGamma);
}

/// Uniform in [0, 1), 53 random bits.
[[nodiscard]] constexpr double to_unit(std::uint64_t bits) noexcept {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}
/// Uniform in (0, 1]: safe to take the logarithm of.
[[nodiscard]] constexpr double to_unit_open0(std::uint64_t bits) noexcept {
  return static_cast<double>((bits >> 11) + 1) * 0x1.0p-53;
}
/// Uniform integer in [0, n) by Lemire's multiply-shift (bias below 2^-32 for n < 2^32).
[[nodiscard]] constexpr std::uint32_t to_below(std::uint64_t bits, std::uint32_t n) noexcept {
  return static_cast<std::uint32_t>(((bits >> 32) * n) >> 32);
}

/// A view of one stream whose counter lives elsewhere (typically in an agent's column), so that
/// the counter is part of the checkpointed state and not hidden in an object.
class Rng {
 public:
  constexpr Rng(std::uint64_t key, std::uint64_t& counter) noexcept
      : key_(key), counter_(&counter) {}

  [[nodiscard]] std::uint64_t next() noexcept { return draw(key_, (*counter_)++); }
  [[nodiscard]] double uniform() noexcept { return to_unit(next()); }
  [[nodiscard]] double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform(); }
  [[nodiscard]] std::uint32_t below(std::uint32_t n) noexcept { return to_below(next(), n); }
  [[nodiscard]] bool bernoulli(double p) noexcept { return uniform() < p; }
  [[nodiscard]] double exponential(double mean) noexcept {
    return -mean * std::log(to_unit_open0(next()));
  }
  /// Standard normal by Box-Muller (two draws, one value: no cached spare, so no hidden state).
  [[nodiscard]] double normal() noexcept {
    const double u1 = to_unit_open0(next());
    const double u2 = to_unit(next());
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  [[nodiscard]] double normal(double mean, double sd) noexcept { return mean + sd * normal(); }
  [[nodiscard]] double lognormal(double mu, double sigma) noexcept {
    return std::exp(normal(mu, sigma));
  }
  /// Pareto with scale x_m and shape alpha.
  [[nodiscard]] double pareto(double x_m, double alpha) noexcept {
    return x_m / std::pow(to_unit_open0(next()), 1.0 / alpha);
  }

 private:
  std::uint64_t key_;
  std::uint64_t* counter_;
};

}  // namespace coordsim::kernel
