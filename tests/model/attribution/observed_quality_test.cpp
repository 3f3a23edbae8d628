#include "model/attribution/observed_quality.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <vector>

#include "kernel/rng.hpp"
#include "model/attribution/errors.hpp"
#include "model/attribution/rules.hpp"
#include "model/attribution/usefulness.hpp"

namespace coordsim::model::attribution {
namespace {

TEST(ObservedQuality, JudgementsGiveTheBetaPosteriorExpectedQuality) {
  const JudgementPrior prior{1.0, 1.0, 1.0, -0.5};
  EXPECT_DOUBLE_EQ(judged_quality({}, prior), 0.25);  // prior mean: half good
  EXPECT_DOUBLE_EQ(judged_quality({3, 1}, prior), 4.0 / 6.0 * 1.0 + 2.0 / 6.0 * -0.5);
  EXPECT_LT(judged_quality({0, 50}, prior), -0.45);
  EXPECT_GT(judged_quality({50, 0}, prior), 0.95);
  EXPECT_THROW(validate(JudgementPrior{0.0, 1.0, 1.0, 0.0}), InvalidConfig);
  EXPECT_THROW(validate(JudgementPrior{1.0, 1.0, std::numeric_limits<double>::quiet_NaN(), 0.0}),
               InvalidConfig);
  EXPECT_THROW(validate(JudgementPrior{1.0, 1.0, 1.0, -1e7}), InvalidConfig);
}

TEST(ObservedQuality, HeldOutEvaluationIsAPureNoisyMeasurementPerContent) {
  const std::uint64_t seed = 17;
  const HeldOutEvaluation e{0.2, kernel::stream_key(seed, 3)};
  // Copies of one content are measured alike, whatever the order of asking.
  EXPECT_EQ(held_out_quality(0.6, 42, e), held_out_quality(0.6, 42, e));
  EXPECT_NE(held_out_quality(0.6, 42, e), held_out_quality(0.6, 43, e));
  EXPECT_EQ(held_out_quality(0.6, 42, HeldOutEvaluation{0.0, e.key}), 0.6);
  // Mean and spread of the error over many contents: within 6 standard errors.
  constexpr int kContents = 20'000;
  double sum = 0.0;
  double squares = 0.0;
  for (int c = 0; c < kContents; ++c) {
    const double error = held_out_quality(0.6, static_cast<std::uint32_t>(c), e) - 0.6;
    sum += error;
    squares += error * error;
  }
  const double mean = sum / kContents;
  const double sd = std::sqrt(squares / kContents - mean * mean);
  EXPECT_NEAR(mean, 0.0, 6.0 * 0.2 / std::sqrt(double{kContents}));
  EXPECT_NEAR(sd, 0.2, 6.0 * 0.2 / std::sqrt(2.0 * kContents));
  EXPECT_THROW(validate(HeldOutEvaluation{-0.1, 0}), InvalidConfig);
  EXPECT_EQ(held_out_quality(2e6, 1, e), kMaxAbsQuality);
}

TEST(ObservedQuality, TheObserverGivesItsSourceAndOnlyTheOracleGivesTheTruth) {
  const JudgementPrior prior{2.0, 1.0, 1.0, -0.5};
  const HeldOutEvaluation evaluation{0.3, kernel::stream_key(4, 9)};
  const Judgements verdicts{2, 1};
  const QualityObserver truth{QualitySource::kTruth, prior, evaluation};
  const QualityObserver held_out{QualitySource::kHeldOut, prior, evaluation};
  const QualityObserver judged{QualitySource::kJudged, prior, evaluation};
  EXPECT_EQ(truth.observe(0.7, 5, verdicts), 0.7);
  EXPECT_EQ(held_out.observe(0.7, 5, verdicts), held_out_quality(0.7, 5, evaluation));
  EXPECT_NE(held_out.observe(0.7, 5, verdicts), 0.7);
  // Judgements do not read the truth at all: two contents with the same verdicts are equal.
  EXPECT_EQ(judged.observe(0.7, 5, verdicts), judged_quality(verdicts, prior));
  EXPECT_EQ(judged.observe(-0.9, 6, verdicts), judged.observe(0.7, 5, verdicts));
  validate(judged);
  EXPECT_THROW(validate(QualityObserver{QualitySource::kJudged, {0.0, 1.0, 1.0, 0.0}, evaluation}),
               InvalidConfig);
  EXPECT_THROW(validate(QualityObserver{QualitySource::kHeldOut, prior, {-1.0, 0}}), InvalidConfig);
}

/// Rows of `n` contributors, one content each, all of true quality `q`; observed through
/// `observer` with `verdicts[c]` for content c (none if absent).
std::vector<Row> observed_rows(std::uint32_t n, double q, const QualityObserver& observer,
                               const std::vector<Judgements>& verdicts = {}) {
  std::vector<Row> rows;
  for (std::uint32_t c = 0; c < n; ++c) {
    const Judgements j = c < verdicts.size() ? verdicts[c] : Judgements{};
    rows.push_back({c, kernel::AgentId{c}, observer.observe(q, c, j)});
  }
  return rows;
}

TEST(ObservedQuality, AJudgedContentWithFailsIsWeightedBelowAnUncheckedOne) {
  // Three contributors of equally good content (the truth cannot tell them apart): the first
  // content failed two checks, the second was never checked, the third passed three.
  const QualityObserver judged{QualitySource::kJudged, {1.0, 1.0, 1.0, -0.5}, {}};
  const std::vector<Judgements> verdicts{{0, 2}, {0, 0}, {3, 0}};
  RuleConfig config;
  config.usefulness.scale = 3.0;
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(3, 1), counter);
  for (const Rule rule : {Rule::kLeaveOneOut, Rule::kShapleyExact, Rule::kBanzhaf}) {
    SCOPED_TRACE(rule_name(rule));
    config.rule = rule;
    compute_weights(config, observed_rows(3, 0.6, judged, verdicts), {}, rng, ws, out);
    EXPECT_EQ(out.weights[0], 0.0);  // expected quality 1/4 - 3/4 / 2 < 0: judged harmful
    EXPECT_GT(out.weights[1], 0.0);
    EXPECT_GT(out.weights[2], out.weights[1]);
    // The oracle weighs the three alike: the difference above is the judgements'.
    const QualityObserver truth{QualitySource::kTruth, {}, {}};
    compute_weights(config, observed_rows(3, 0.6, truth, verdicts), {}, rng, ws, out);
    EXPECT_EQ(out.weights[0], out.weights[1]);
    EXPECT_EQ(out.weights[1], out.weights[2]);
  }
}

TEST(ObservedQuality, ANoisyEvaluationMovesTheWeightsAwayFromTheTruthsButNotFar) {
  // Fifty contributors of equal true quality: the truth pays them alike, a held-out evaluation
  // with noise pays each by its measurement, so weights differ, around the same mean.
  const std::uint64_t seed = 21;
  std::printf("[ info     ] seed %llu\n", static_cast<unsigned long long>(seed));
  const QualityObserver held_out{QualitySource::kHeldOut, {}, {0.1, kernel::stream_key(seed, 2)}};
  const QualityObserver truth{QualitySource::kTruth, {}, {}};
  RuleConfig config;
  config.rule = Rule::kLeaveOneOut;
  config.usefulness.scale = 30.0;
  Workspace ws;
  Attribution observed;
  Attribution oracle;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(seed, 1), counter);
  compute_weights(config, observed_rows(50, 0.6, held_out), {}, rng, ws, observed);
  compute_weights(config, observed_rows(50, 0.6, truth), {}, rng, ws, oracle);
  std::uint32_t differ = 0;
  double ratio_sum = 0.0;
  for (std::size_t i = 0; i < 50; ++i) {
    EXPECT_EQ(oracle.weights[i], oracle.weights[0]);
    EXPECT_GT(observed.weights[i], 0.0);
    if (observed.weights[i] != oracle.weights[i]) ++differ;
    ratio_sum += observed.weights[i] / oracle.weights[i];
  }
  EXPECT_EQ(differ, 50U);
  // Measurement error sd 0.1 on 0.6: the mean weight ratio is 1 within 6 standard errors.
  EXPECT_NEAR(ratio_sum / 50.0, 1.0, 6.0 * (0.1 / 0.6) / std::sqrt(50.0));
}

}  // namespace
}  // namespace coordsim::model::attribution
