#pragma once
// What the attribution rules may read as a row's quality: an OBSERVABLE estimate, never the hidden
// true quality (no real protocol knows it). Two sources a protocol has:
//
//   judged_quality     validators' verdicts on the row (passed / failed checks), turned into an
//                      expected quality by a Beta prior over "the row is good":
//                        P(good) = (passes + prior_good) / (passes + fails + prior_good +
//                        prior_bad) quality = P(good) * good_quality + (1 - P(good)) * bad_quality
//   held_out_quality   a noisy held-out evaluation of the content:
//                        quality = true_quality + noise_sd * Z,  Z ~ N(0, 1)
//                      The evaluation is a measurement: the caller hands it the truth, the rules
//                      only ever see the measurement. Z is a function of (key, content id), so
//                      every copy of one content is measured the same (the value-based rules
//                      require copies to agree), and re-measuring gives the same number.
//
// The world computes one of these per content (QualityObserver, from attribution.quality_source)
// and puts it in Row::quality for compute_weights; the truth goes only to model_value() (metrics:
// how much true usefulness the payouts bought). QualitySource::kTruth hands the truth through
// unchanged: an oracle kept only so that the observable sources can be compared against it.
#include <cstdint>

#include "scenario/enums.hpp"

namespace coordsim::model::attribution {

/// Validators' verdicts on one content (all copies pooled: a check of a copy checks the content).
struct Judgements {
  std::uint32_t passes = 0;
  std::uint32_t fails = 0;
};

struct JudgementPrior {
  double prior_good = 1.0;    // Beta prior pseudo-counts (> 0)
  double prior_bad = 1.0;     // (> 0)
  double good_quality = 1.0;  // quality credited to a good row
  double bad_quality = -0.5;  // quality debited for a bad (poisoned) row
};

/// @throws InvalidConfig unless the pseudo-counts are finite and > 0 and the qualities finite
/// with |quality| <= kMaxAbsQuality.
void validate(const JudgementPrior& prior);

/// Expected quality given the verdicts (formula above). Unchecked content gets the prior mean.
[[nodiscard]] double judged_quality(const Judgements& j, const JudgementPrior& prior) noexcept;

struct HeldOutEvaluation {
  double noise_sd = 0.1;  // >= 0: 0 is a perfect (and so unrealistic) evaluation
  std::uint64_t key = 0;  // kernel::stream_key(seed, evaluation stream)
};

/// @throws InvalidConfig unless noise_sd is finite and >= 0.
void validate(const HeldOutEvaluation& evaluation);

/// true_quality + noise_sd * Z(key, content_id), clamped to +-kMaxAbsQuality.
[[nodiscard]] double held_out_quality(double true_quality, std::uint32_t content_id,
                                      const HeldOutEvaluation& evaluation) noexcept;

using QualitySource = scenario::QualitySource;

/// What the rules see of one content under the chosen source. Every copy of a content gets the
/// same value (judgements are pooled per content, the evaluation is keyed by it).
struct QualityObserver {
  QualitySource source = QualitySource::kHeldOut;
  JudgementPrior prior{};          // kJudged
  HeldOutEvaluation evaluation{};  // kHeldOut

  /// judged_quality(verdicts), held_out_quality(true_quality, content) or true_quality. The truth
  /// is an argument because a measurement needs something to measure; kJudged ignores it.
  [[nodiscard]] double observe(double true_quality, std::uint32_t content,
                               const Judgements& verdicts) const noexcept;
};

/// @throws InvalidConfig if the chosen source's parameters are out of range.
void validate(const QualityObserver& observer);

}  // namespace coordsim::model::attribution
