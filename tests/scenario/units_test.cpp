#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "kernel/rng.hpp"
#include "scenario/units.hpp"

namespace coordsim::scenario {
namespace {

std::int64_t us(std::string_view text) {
  std::string why;
  const auto d = parse_duration(text, &why);
  EXPECT_TRUE(d.has_value()) << text << ": " << why;
  return d ? d->value() : -1;
}

std::string duration_error(std::string_view text) {
  std::string why;
  EXPECT_FALSE(parse_duration(text, &why).has_value()) << text;
  return why;
}

std::int64_t base(std::string_view text, int decimals) {
  std::string why;
  const auto a = parse_tokens(text, decimals, &why);
  EXPECT_TRUE(a.has_value()) << text << ": " << why;
  return a ? a->raw() : -1;
}

std::string token_error(std::string_view text, int decimals) {
  std::string why;
  EXPECT_FALSE(parse_tokens(text, decimals, &why).has_value()) << text;
  return why;
}

TEST(Durations, ParseEveryUnitExactly) {
  EXPECT_EQ(us("90s"), 90'000'000);
  EXPECT_EQ(us("15m"), 15 * 60'000'000LL);
  EXPECT_EQ(us("24h"), 24 * 3'600'000'000LL);
  EXPECT_EQ(us("7d"), 7 * 86'400'000'000LL);
  EXPECT_EQ(us("250ms"), 250'000);
  EXPECT_EQ(us("10us"), 10);
  EXPECT_EQ(us("1.5h"), 5'400'000'000LL);
  EXPECT_EQ(us("0.000001s"), 1);
  EXPECT_EQ(us("0"), 0);
  EXPECT_EQ(us("0s"), 0);
  EXPECT_EQ(us("1_000s"), 1'000'000'000);
}

TEST(Durations, RejectWhatIsNotADuration) {
  EXPECT_NE(duration_error("90").find("missing unit"), std::string::npos);
  EXPECT_NE(duration_error("-5s").find("negative"), std::string::npos);
  EXPECT_NE(duration_error("5x").find("unknown unit `x`"), std::string::npos);
  EXPECT_NE(duration_error("0.0000001s").find("microsecond"), std::string::npos);
  EXPECT_NE(duration_error("99999999999999d").find("too large"), std::string::npos);
  EXPECT_FALSE(duration_error("s").empty());
  EXPECT_FALSE(duration_error("").empty());
  EXPECT_FALSE(duration_error("1h30m").empty());
}

TEST(Durations, FormatPicksTheLargestExactUnit) {
  EXPECT_EQ(format_duration(Micros{0}), "0s");
  EXPECT_EQ(format_duration(Micros{90'000'000}), "90s");
  EXPECT_EQ(format_duration(Micros{5'400'000'000}), "90m");
  EXPECT_EQ(format_duration(Micros{7 * 86'400'000'000LL}), "7d");
  EXPECT_EQ(format_duration(Micros{250'000}), "250ms");
  EXPECT_EQ(format_duration(Micros{1}), "1us");
}

TEST(Durations, FormatThenParseIsIdentity) {
  constexpr std::uint64_t kSeed = 20240601;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(kSeed, 1), counter);
  for (int i = 0; i < 5000; ++i) {
    // Mix small values with whole seconds, minutes and days so every unit is exercised.
    const std::int64_t scale = std::int64_t{1} << (rng.below(4) * 12);
    const auto v = static_cast<std::int64_t>(rng.below(1'000'000)) * scale;
    const Micros m{v};
    const auto back = parse_duration(format_duration(m));
    ASSERT_TRUE(back.has_value()) << "seed " << kSeed << " value " << v;
    EXPECT_EQ(*back, m) << "seed " << kSeed;
  }
}

TEST(Tokens, ConvertDecimalsExactly) {
  EXPECT_EQ(base("12.5", 6), 12'500'000);
  EXPECT_EQ(base("100", 6), 100'000'000);
  EXPECT_EQ(base("0.1", 6), 100'000);
  EXPECT_EQ(base("0.000001", 6), 1);
  EXPECT_EQ(base("1_000_000", 6), 1'000'000'000'000);
  EXPECT_EQ(base("1e9", 6), 1'000'000'000'000'000);
  EXPECT_EQ(base("12.500000000", 6), 12'500'000);  // trailing zeros add no precision
  EXPECT_EQ(base("5", 0), 5);
  EXPECT_EQ(base("1", 18), 1'000'000'000'000'000'000);
  EXPECT_EQ(base("0.000000000000000001", 18), 1);
  EXPECT_EQ(base("9223372036854.775807", 6), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(base("0", 6), 0);
}

TEST(Tokens, RefuseToRoundOrOverflow) {
  EXPECT_NE(token_error("0.0000001", 6).find("token.decimals = 6"), std::string::npos);
  EXPECT_NE(token_error("0.5", 0).find("fractional digits"), std::string::npos);
  EXPECT_NE(token_error("9223372036854.775808", 6).find("too large"), std::string::npos);
  EXPECT_NE(token_error("10", 18).find("too large"), std::string::npos);
  EXPECT_NE(token_error("-1", 6).find("negative"), std::string::npos);
  EXPECT_FALSE(token_error("1,5", 6).empty());
  EXPECT_FALSE(token_error("1__0", 6).empty());
  EXPECT_FALSE(token_error("ten", 6).empty());
  EXPECT_FALSE(token_error(".nan", 6).empty());
}

TEST(Tokens, FormatThenParseIsIdentity) {
  EXPECT_EQ(format_tokens(Amount{12'500'000}, 6), "12.5");
  EXPECT_EQ(format_tokens(Amount{1}, 6), "0.000001");
  EXPECT_EQ(format_tokens(Amount{0}, 6), "0");
  EXPECT_EQ(format_tokens(Amount{1'000'000}, 0), "1000000");
  constexpr std::uint64_t kSeed = 77;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(kSeed, 2), counter);
  for (int i = 0; i < 5000; ++i) {
    const int decimals = static_cast<int>(rng.below(19));
    const auto raw = static_cast<std::int64_t>(rng.next() >> 1);
    const auto back = parse_tokens(format_tokens(Amount{raw}, decimals), decimals);
    ASSERT_TRUE(back.has_value()) << "seed " << kSeed << " raw " << raw << " decimals " << decimals;
    EXPECT_EQ(back->raw(), raw) << "seed " << kSeed;
  }
}

TEST(Ppm, PercentAndFractionAreExact) {
  EXPECT_EQ(parse_ppm("0.3%")->value(), 3000);
  EXPECT_EQ(parse_ppm("0.003")->value(), 3000);
  EXPECT_EQ(parse_ppm("10%")->value(), 100'000);
  EXPECT_EQ(parse_ppm("100%")->value(), kPpmPerOne);
  EXPECT_EQ(parse_ppm("1")->value(), kPpmPerOne);
  EXPECT_EQ(parse_ppm("0.0001%")->value(), 1);
  std::string why;
  EXPECT_FALSE(parse_ppm("0.00001%", &why));
  EXPECT_NE(why.find("part per million"), std::string::npos);
  EXPECT_FALSE(parse_ppm("-1%"));
  EXPECT_EQ(format_ppm(Ppm{3000}), "0.3%");
  EXPECT_EQ(format_ppm(Ppm{500'000}), "50%");
  EXPECT_EQ(format_ppm(Ppm{1}), "0.0001%");
  for (std::int64_t v = 0; v <= kPpmPerOne; v += 997) {
    EXPECT_EQ(parse_ppm(format_ppm(Ppm{v}))->value(), v);
  }
}

TEST(Numbers, FractionsAndDoubles) {
  EXPECT_DOUBLE_EQ(*parse_fraction("10%"), 0.1);
  EXPECT_DOUBLE_EQ(*parse_fraction("0.25"), 0.25);
  EXPECT_DOUBLE_EQ(*parse_number("-1e-3"), -0.001);
  EXPECT_DOUBLE_EQ(*parse_number("+2.5"), 2.5);
  std::string why;
  EXPECT_FALSE(parse_number(".nan", &why));
  EXPECT_NE(why.find("NaN"), std::string::npos);
  EXPECT_FALSE(parse_number(".inf"));
  EXPECT_FALSE(parse_number("-.Inf"));
  EXPECT_FALSE(parse_number("nan"));
  EXPECT_FALSE(parse_number("1e400", &why));
  EXPECT_NE(why.find("range"), std::string::npos);
  EXPECT_FALSE(parse_number("0x10"));
  EXPECT_FALSE(parse_number(""));
  constexpr std::uint64_t kSeed = 5;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(kSeed, 3), counter);
  for (int i = 0; i < 5000; ++i) {
    const double v = rng.normal(0.0, 1e6) * rng.uniform();
    EXPECT_EQ(*parse_number(format_number(v)), v) << "seed " << kSeed;
  }
}

TEST(Numbers, Integers) {
  EXPECT_EQ(*parse_integer("1_000_000"), 1'000'000);
  EXPECT_EQ(*parse_integer("1e6"), 1'000'000);
  EXPECT_EQ(*parse_integer("-5"), -5);
  EXPECT_EQ(*parse_integer("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
  std::string why;
  EXPECT_FALSE(parse_integer("2.5", &why));
  EXPECT_NE(why.find("whole"), std::string::npos);
  EXPECT_FALSE(parse_integer("99999999999999999999", &why));
  EXPECT_NE(why.find("range"), std::string::npos);
  EXPECT_EQ(*parse_unsigned("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_FALSE(parse_unsigned("18446744073709551616"));
  EXPECT_FALSE(parse_unsigned("-1"));
  EXPECT_EQ(parse_bool("true"), true);
  EXPECT_EQ(parse_bool("False"), false);
  EXPECT_FALSE(parse_bool("yes"));
}

TEST(Ticks, RoundToNearest) {
  const Micros tick{1'000'000};
  EXPECT_EQ(to_ticks(Micros{1'500'000}, tick).ticks(), 2);
  EXPECT_EQ(to_ticks(Micros{1'400'000}, tick).ticks(), 1);
  EXPECT_EQ(to_ticks(Micros{400'000}, tick).ticks(), 0);
  EXPECT_EQ(to_ticks(Micros{86'400'000'000}, tick).ticks(), 86'400);
}

TEST(Durations, InSecondsAndDaysAgreeWithTheParser) {
  EXPECT_EQ(parse_duration("1d")->value(), kMicrosPerDay);
  EXPECT_EQ(parse_duration("1h")->value(), kMicrosPerHour);
  EXPECT_EQ(parse_duration("1m")->value(), kMicrosPerMinute);
  EXPECT_DOUBLE_EQ(to_seconds(*parse_duration("250ms")), 0.25);
  EXPECT_DOUBLE_EQ(to_seconds(*parse_duration("2h")), 7200.0);
  EXPECT_DOUBLE_EQ(to_days(*parse_duration("36h")), 1.5);
  EXPECT_DOUBLE_EQ(to_days(Micros{0}), 0.0);
}

}  // namespace
}  // namespace coordsim::scenario
