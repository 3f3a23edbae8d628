#pragma once
// The exogenous reference price the market makers arbitrage toward: geometric Brownian motion
// sampled at a fixed interval,
//
//   log S(n+1) = log S(n) + (drift - volatility^2 / 2) * dt + volatility * sqrt(dt) * Z(n)
//
// with Z(n) standard normal from draws 2n and 2n+1 of stream (seed, stream) of kernel/rng.hpp.
// Step n's shock depends only on (seed, stream, n), so the path is the same however it is
// stepped, and the whole state is (step, log price): checkpointable, no hidden generator.
// The price is a double: it is an exogenous signal, never a balance.
#include <cstdint>
#include <stdexcept>

#include "kernel/archive.hpp"

namespace coordsim::model::market {

/// Bad process parameters.
class PriceProcessError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct GbmParams {
  double initial_price = 1.0;  // quote base units per token base unit
  double drift = 0.0;          // per unit of time
  double volatility = 0.0;     // per sqrt(unit of time)
  double dt = 1.0;             // sampling interval, in the same unit of time
};

class GbmPrice {
 public:
  /// @throws PriceProcessError unless initial_price > 0, volatility >= 0, dt > 0, all finite.
  GbmPrice(const GbmParams& params, std::uint64_t seed, std::uint64_t stream);

  [[nodiscard]] double price() const noexcept;
  [[nodiscard]] double log_price() const noexcept { return log_price_; }
  [[nodiscard]] std::uint64_t step() const noexcept { return step_; }

  /// Advance one interval; returns the new price.
  double advance() noexcept;

  /// The normal shock Z(n) of step n (pure function of the key and n).
  [[nodiscard]] double shock(std::uint64_t n) const noexcept;

  /// Checkpoints: (step, log price); the parameters and key come from the scenario.
  /// @throws kernel::ArchiveError
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

 private:
  GbmParams params_;
  std::uint64_t key_;
  double log_price_;
  double drift_term_;   // (drift - volatility^2 / 2) * dt
  double shock_scale_;  // volatility * sqrt(dt)
  std::uint64_t step_ = 0;
};

}  // namespace coordsim::model::market
