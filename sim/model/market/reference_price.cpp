#include "model/market/reference_price.hpp"

#include <cmath>

#include "kernel/rng.hpp"

namespace coordsim::model::market {

GbmPrice::GbmPrice(const GbmParams& params, std::uint64_t seed, std::uint64_t stream)
    : params_(params), key_(kernel::stream_key(seed, stream)) {
  const bool finite = std::isfinite(params.initial_price) && std::isfinite(params.drift) &&
                      std::isfinite(params.volatility) && std::isfinite(params.dt);
  if (!finite || !(params.initial_price > 0.0) || params.volatility < 0.0 || !(params.dt > 0.0)) {
    throw PriceProcessError("gbm: need a finite initial_price > 0, volatility >= 0 and dt > 0");
  }
  log_price_ = std::log(params.initial_price);
  drift_term_ = (params.drift - 0.5 * params.volatility * params.volatility) * params.dt;
  shock_scale_ = params.volatility * std::sqrt(params.dt);
}

double GbmPrice::price() const noexcept { return std::exp(log_price_); }

double GbmPrice::shock(std::uint64_t n) const noexcept {
  std::uint64_t counter = 2 * n;
  kernel::Rng rng(key_, counter);
  return rng.normal();
}

double GbmPrice::advance() noexcept {
  log_price_ += drift_term_ + shock_scale_ * shock(step_);
  ++step_;
  return price();
}

namespace {
constexpr std::uint32_t kPriceTag = 0x47424D50;  // "GBMP"
}  // namespace

void GbmPrice::save(kernel::ArchiveWriter& out) const {
  out.tag(kPriceTag);
  out.pod(step_);
  out.pod(log_price_);
}

void GbmPrice::load(kernel::ArchiveReader& in) {
  in.expect_tag(kPriceTag, "reference price");
  in.pod(step_);
  in.pod(log_price_);
  kernel::ArchiveReader::require(std::isfinite(log_price_), "reference price is not finite");
}

}  // namespace coordsim::model::market
