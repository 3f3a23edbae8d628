#include "money/amount.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace coordsim::money {
namespace {

TEST(WideToString, FormatsSignAndDigits) {
  EXPECT_EQ(to_string(static_cast<Wide>(0)), "0");
  EXPECT_EQ(to_string(static_cast<Wide>(-120)), "-120");
  const Wide min128 = -(static_cast<Wide>(1) << 126) * 2;  // -2^127
  EXPECT_EQ(to_string(min128), "-170141183460469231731687303715884105728");
}

TEST(MulDiv, FloorsTowardMinusInfinityInWideArithmetic) {
  EXPECT_EQ(mul_div(Amount{10}, 1, 3), Amount{3});
  EXPECT_EQ(mul_div(Amount{-10}, 1, 3), Amount{-4});
  // The product overflows 64 bits; the quotient does not.
  const Amount big = Amount::max();
  EXPECT_EQ(mul_div(big, 1'000'000, 1'000'000), big);
  EXPECT_THROW((void)mul_div(big, 2, 1), std::overflow_error);
  EXPECT_THROW((void)mul_div(Amount{1}, 1, 0), std::invalid_argument);
}

TEST(WholeUnits, DropsTheFractionAndSaturatesAtBothEnds) {
  EXPECT_EQ(whole_units(12.9), Amount{12});
  EXPECT_EQ(whole_units(-0.5), Amount{0});
  EXPECT_EQ(whole_units(-1e30), Amount{0});
  EXPECT_EQ(whole_units(std::nan("")), Amount{0});
  EXPECT_EQ(whole_units(1e30), Amount{9'000'000'000'000'000'000});
  EXPECT_EQ(whole_units(std::numeric_limits<double>::infinity()),
            Amount{9'000'000'000'000'000'000});
}

TEST(SaturateInt64, KeepsTheLowerBound) {
  EXPECT_EQ(kernel::saturate_int64(0.4, 1), 1);
  EXPECT_EQ(kernel::saturate_int64(7.0, 1), 7);
  EXPECT_EQ(kernel::saturate_int64(std::nan(""), 1), 1);
}

}  // namespace
}  // namespace coordsim::money
