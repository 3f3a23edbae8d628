// docs/scenarios.md embeds reference_markdown() between two markers; this test keeps them equal.
// To regenerate after changing the schema: COORDSIM_UPDATE_DOCS=1 build/release/bin/test_scenario
//   --gtest_filter=Reference.*   (with COORDSIM_SOURCE_DIR set to the source tree).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "scenario/schema.hpp"

namespace coordsim::scenario {
namespace {

constexpr std::string_view kBegin =
    "<!-- BEGIN GENERATED REFERENCE: do not edit, see tests/scenario/reference_test.cpp -->\n";
constexpr std::string_view kEnd = "<!-- END GENERATED REFERENCE -->\n";

TEST(Reference, DocsMatchTheSchema) {
  const auto path = testing::source_dir() / "docs" / "scenarios.md";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string doc = buffer.str();
  const auto begin = doc.find(kBegin);
  const auto end = doc.find(kEnd);
  ASSERT_NE(begin, std::string::npos) << "marker missing: " << kBegin;
  ASSERT_NE(end, std::string::npos) << "marker missing: " << kEnd;
  ASSERT_LT(begin, end);
  const std::size_t from = begin + kBegin.size();
  const std::string committed = doc.substr(from, end - from);
  const std::string rendered = reference_markdown();
  if (committed != rendered && std::getenv("COORDSIM_UPDATE_DOCS") != nullptr) {
    doc.replace(from, end - from, rendered);
    std::ofstream(path, std::ios::binary) << doc;
    GTEST_SKIP() << "rewrote " << path;
  }
  EXPECT_EQ(committed, rendered)
      << "docs/scenarios.md is out of date; regenerate it (see the top of this test)";
}

TEST(Reference, EveryKeyIsDocumented) {
  const std::string md = reference_markdown();
  for (const auto& k : detail::top_keys()) {
    EXPECT_NE(md.find("| `" + std::string(k.path) + "` |"), std::string::npos) << k.path;
    EXPECT_FALSE(k.doc.empty()) << k.path;
  }
  for (const auto& k : detail::group_keys()) {
    EXPECT_NE(md.find("| `" + std::string(k.path) + "` |"), std::string::npos) << k.path;
    EXPECT_FALSE(k.doc.empty()) << k.path;
  }
}

TEST(Reference, EveryDefaultIsValidForItsKey) {
  // defaults_yaml() throws if any default fails its own key's validation.
  EXPECT_NO_THROW((void)defaults_yaml());
}

}  // namespace
}  // namespace coordsim::scenario
