#include "model/attribution/observed_quality.hpp"

#include <algorithm>
#include <cmath>

#include "kernel/rng.hpp"
#include "model/attribution/errors.hpp"
#include "model/attribution/usefulness.hpp"

namespace coordsim::model::attribution {

namespace {

bool quality_in_range(double q) { return std::isfinite(q) && std::abs(q) <= kMaxAbsQuality; }

}  // namespace

void validate(const JudgementPrior& prior) {
  if (!std::isfinite(prior.prior_good) || prior.prior_good <= 0.0 ||
      !std::isfinite(prior.prior_bad) || prior.prior_bad <= 0.0) {
    throw InvalidConfig("observed quality: prior pseudo-counts must be finite and > 0");
  }
  if (!quality_in_range(prior.good_quality) || !quality_in_range(prior.bad_quality))
    throw InvalidConfig(
        "observed quality: good_quality and bad_quality must be finite, |q| <= 2^20");
}

double judged_quality(const Judgements& j, const JudgementPrior& prior) noexcept {
  const double good = static_cast<double>(j.passes) + prior.prior_good;
  const double all = good + static_cast<double>(j.fails) + prior.prior_bad;
  const double p_good = good / all;
  return p_good * prior.good_quality + (1.0 - p_good) * prior.bad_quality;
}

void validate(const HeldOutEvaluation& evaluation) {
  if (!std::isfinite(evaluation.noise_sd) || evaluation.noise_sd < 0.0)
    throw InvalidConfig("observed quality: noise_sd must be finite and >= 0");
}

double held_out_quality(double true_quality, std::uint32_t content_id,
                        const HeldOutEvaluation& evaluation) noexcept {
  // Two draws per content (Box-Muller), at counters 2c and 2c + 1: a pure function of the key
  // and the content, whoever asks and in whatever order.
  std::uint64_t counter = 2 * static_cast<std::uint64_t>(content_id);
  kernel::Rng rng(evaluation.key, counter);
  const double measured = true_quality + evaluation.noise_sd * rng.normal();
  return std::clamp(measured, -kMaxAbsQuality, kMaxAbsQuality);
}

double QualityObserver::observe(double true_quality, std::uint32_t content,
                                const Judgements& verdicts) const noexcept {
  switch (source) {
    case QualitySource::kJudged:
      return judged_quality(verdicts, prior);
    case QualitySource::kHeldOut:
      return held_out_quality(true_quality, content, evaluation);
    case QualitySource::kTruth:
      break;
  }
  return true_quality;
}

void validate(const QualityObserver& observer) {
  if (observer.source == QualitySource::kJudged) validate(observer.prior);
  if (observer.source == QualitySource::kHeldOut) validate(observer.evaluation);
}

}  // namespace coordsim::model::attribution
