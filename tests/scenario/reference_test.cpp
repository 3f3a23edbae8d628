// docs/scenarios.md embeds reference_markdown() between two markers; this test keeps them equal.
// To regenerate after changing the schema: COORDSIM_UPDATE_DOCS=1 build/release/bin/test_scenario
//   --gtest_filter=Reference.*   (with COORDSIM_SOURCE_DIR set to the source tree).
#include <gtest/gtest.h>

#include "helpers.hpp"
#include "scenario/schema.hpp"
#include "support/generated_doc.hpp"

namespace coordsim::scenario {
namespace {

constexpr std::string_view kBegin =
    "<!-- BEGIN GENERATED REFERENCE: do not edit, see tests/scenario/reference_test.cpp -->\n";
constexpr std::string_view kEnd = "<!-- END GENERATED REFERENCE -->\n";

TEST(Reference, DocsMatchTheSchema) {
  test_support::expect_generated_section(testing::source_dir() / "docs" / "scenarios.md", kBegin,
                                         kEnd, reference_markdown());
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
