// Prices in 15 bits: a round trip stays within one step, limits round away from the touch, the
// range ends saturate into "no limit", and nothing outside the range or invalid escapes.
#include "model/actor/price_code.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace coordsim::model::actor::price_code {
namespace {

constexpr double kStep = 1.0 / kStepsPerLog;  // one code, in log units

TEST(PriceCode, RoundTripsWithinHalfAStepAcrossTheRange) {
  for (double ratio = 1.0 / 63.0; ratio < 63.0; ratio *= 1.0137) {
    const double back = decode(encode(ratio, Round::kNearest));
    EXPECT_LE(std::abs(std::log(back / ratio)), kStep / 2 + 1e-12) << ratio;
  }
  EXPECT_NEAR(decode(encode(1.0, Round::kNearest)), 1.0, 1e-12);
}

TEST(PriceCode, LimitsRoundAwayFromTheTouch) {
  for (double ratio = 0.5; ratio < 2.0; ratio *= 1.00071) {
    EXPECT_GE(decode(encode(ratio, Round::kUp)), ratio * (1 - 1e-12)) << ratio;
    EXPECT_LE(decode(encode(ratio, Round::kDown)), ratio * (1 + 1e-12)) << ratio;
    EXPECT_LE(std::log(decode(encode(ratio, Round::kUp)) / ratio), kStep + 1e-12);
  }
}

TEST(PriceCode, TheEndsOfTheRangeAreNoLimit) {
  EXPECT_EQ(encode(1000.0, Round::kUp), kHighest);
  EXPECT_EQ(encode(1e-6, Round::kDown), kLowest);
  EXPECT_TRUE(unlimited(kHighest, /*buy=*/true));
  EXPECT_FALSE(unlimited(kHighest, /*buy=*/false));
  EXPECT_TRUE(unlimited(kLowest, /*buy=*/false));
  EXPECT_FALSE(unlimited(kLowest, /*buy=*/true));
  EXPECT_TRUE(unlimited(kNone, true));
  EXPECT_FALSE(unlimited(encode(1.0, Round::kNearest), true));
  EXPECT_NEAR(decode(kHighest), 64.0, 1e-9);
  EXPECT_NEAR(decode(kLowest), 1.0 / 64.0, 1e-12);
}

TEST(PriceCode, NoPriceIsCodeZero) {
  EXPECT_EQ(encode(0.0, Round::kNearest), kNone);
  EXPECT_EQ(encode(-1.0, Round::kUp), kNone);
  EXPECT_EQ(encode(std::nan(""), Round::kDown), kNone);
  EXPECT_EQ(encode(std::numeric_limits<double>::infinity(), Round::kDown), kNone);
  EXPECT_EQ(decode(kNone), 0.0);
}

}  // namespace
}  // namespace coordsim::model::actor::price_code
