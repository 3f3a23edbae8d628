// The metric table is the one declaration of every metric: names are unique and well formed,
// each row says how it is computed, and docs/world.md embeds the table as generated.
// To regenerate the docs after changing the table:
//   COORDSIM_UPDATE_DOCS=1 build/release/bin/test_model_world --gtest_filter=MetricTable.*
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "model/world/metrics.hpp"

#include "support/generated_doc.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::world::test {
namespace {

constexpr std::string_view kBegin =
    "<!-- BEGIN GENERATED METRICS: do not edit, see tests/model/world/metrics_table_test.cpp -->\n";
constexpr std::string_view kEnd = "<!-- END GENERATED METRICS -->\n";

using test_support::source_dir;

TEST(MetricTable, EveryRowIsNamedOnceAndComputedOneWay) {
  std::set<std::string_view> names;
  for (const MetricDef& m : metric_defs()) {
    SCOPED_TRACE(std::string(m.name));
    EXPECT_TRUE(names.insert(m.name).second) << "declared twice";
    EXPECT_FALSE(m.name.empty());
    EXPECT_EQ(m.name.find('/'), std::string_view::npos);
    EXPECT_NE(m.name, "time");
    EXPECT_NE(m.name, "time_s");
    EXPECT_FALSE(m.unit.empty());
    EXPECT_FALSE(m.description.empty());
    const int ways = (m.counter != Counter::kCount ? 1 : 0) + (m.integer != nullptr ? 1 : 0) +
                     (m.real != nullptr ? 1 : 0);
    EXPECT_EQ(ways, 1) << "a row is a counter, an integer function or a real function";
  }
}

TEST(MetricTable, DocsWorldEmbedsTheTable) {
  test_support::expect_generated_section(source_dir() / "docs" / "world.md", kBegin, kEnd,
                                         metrics_markdown());
}

}  // namespace
}  // namespace coordsim::model::world::test
