#include "model/attribution/observed_quality.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "kernel/rng.hpp"
#include "model/attribution/errors.hpp"
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
  EXPECT_THROW(validate(JudgementPrior{1.0, 1.0, NAN, 0.0}), InvalidConfig);
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

}  // namespace
}  // namespace coordsim::model::attribution
