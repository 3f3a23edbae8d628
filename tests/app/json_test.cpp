// The JSON literals of `inspect --json`: every string a damaged file could hold must come out as
// valid JSON and valid UTF-8.
#include "app/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

#include "kernel/rng.hpp"

namespace coordsim::app {
namespace {

TEST(JsonString, EscapesWhatJsonRequires) {
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(json_string("\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
  EXPECT_EQ(json_string(std::string("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
  EXPECT_EQ(json_string(std::string("a\0b", 3)), "\"a\\u0000b\"");
  EXPECT_EQ(json_string("/ and \x7f stay"), "\"/ and \x7f stay\"");
}

TEST(JsonString, KeepsValidUtf8) {
  for (const char* s : {"caf\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xed\x9f\xbf",
                        "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf"}) {
    EXPECT_EQ(json_string(s), std::string("\"") + s + "\"") << s;
  }
}

TEST(JsonString, ReplacesEachInvalidByte) {
  const std::string r = "\\ufffd";
  EXPECT_EQ(json_string("\xff"), "\"" + r + "\"");
  EXPECT_EQ(json_string("a\x80z"), "\"a" + r + "z\"");              // lone continuation byte
  EXPECT_EQ(json_string("\xc3"), "\"" + r + "\"");                  // truncated sequence at the end
  EXPECT_EQ(json_string("\xc0\xaf"), "\"" + r + r + "\"");          // overlong '/'
  EXPECT_EQ(json_string("\xed\xa0\x80"), "\"" + r + r + r + "\"");  // UTF-16 surrogate
  EXPECT_EQ(json_string("\xf4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // above U+10FFFF
  EXPECT_EQ(json_string("\xe2\x82z"), "\"" + r + r + "z\"");  // cut short by an ASCII byte
}

/// Every output is ASCII-printable or valid UTF-8, with no raw control character, whatever the
/// input bytes: checked on random byte strings.
TEST(JsonString, RandomBytesGiveCleanOutput) {
  const std::uint64_t seed = 12345;
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  const std::uint64_t key = kernel::stream_key(seed, 0);
  std::uint64_t counter = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    std::string input(kernel::draw(key, counter++) % 24, '\0');
    for (char& c : input) c = static_cast<char>(kernel::draw(key, counter++) & 0xFF);
    const std::string out = json_string(input);
    ASSERT_GE(out.size(), 2U);
    ASSERT_EQ(out.front(), '"');
    ASSERT_EQ(out.back(), '"');
    // Re-escaping the output's inside changes only quotes and backslashes: no control
    // characters or invalid bytes are left.
    const std::string inner = out.substr(1, out.size() - 2);
    std::string reescaped = json_string(inner);
    std::string expected = "\"";
    for (char c : inner) {
      if (c == '"' || c == '\\') expected += '\\';
      expected += c;
    }
    ASSERT_EQ(reescaped, expected + "\"") << "trial " << trial;
    // Unescaped quotes cannot end the string early.
    for (std::size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] == '"') {
        std::size_t slashes = 0;
        for (std::size_t j = i; j > 0 && inner[j - 1] == '\\'; --j) ++slashes;
        ASSERT_EQ(slashes % 2, 1U) << "trial " << trial;
      }
    }
  }
}

TEST(JsonNumber, RoundTripsFiniteAndNullsTheRest) {
  EXPECT_EQ(json_number(0.5), "0.5");
  EXPECT_EQ(json_number(-2.0), "-2");
  // strtod, not stod: stod throws on the denormal.
  for (const double v : {0.1, 1e300, 5e-324, -123.456e-7, 2.0 / 3.0}) {
    EXPECT_EQ(std::strtod(json_number(v).c_str(), nullptr), v) << json_number(v);
  }
  EXPECT_EQ(json_number(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(json_number(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(json_number(-std::numeric_limits<double>::infinity()), "null");
}

}  // namespace
}  // namespace coordsim::app
