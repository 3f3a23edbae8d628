#pragma once
// A docs page that embeds text generated from a table (the scenario reference, the metric list)
// between two marker lines: a test keeps the committed text equal to what the code renders now.
// With COORDSIM_UPDATE_DOCS set, an out-of-date page is rewritten and the test skipped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace coordsim::test_support {

inline void expect_generated_section(const std::filesystem::path& page,
                                     std::string_view begin_marker, std::string_view end_marker,
                                     const std::string& rendered) {
  std::ifstream in(page, std::ios::binary);
  ASSERT_TRUE(in) << page;
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string doc = buffer.str();
  const auto begin = doc.find(begin_marker);
  const auto end = doc.find(end_marker);
  ASSERT_NE(begin, std::string::npos) << "marker missing: " << begin_marker;
  ASSERT_NE(end, std::string::npos) << "marker missing: " << end_marker;
  ASSERT_LT(begin, end);
  const std::size_t from = begin + begin_marker.size();
  const std::string committed = doc.substr(from, end - from);
  if (committed != rendered && std::getenv("COORDSIM_UPDATE_DOCS") != nullptr) {
    doc.replace(from, end - from, rendered);
    std::ofstream(page, std::ios::binary) << doc;
    GTEST_SKIP() << "rewrote " << page;
  }
  EXPECT_EQ(committed, rendered) << page << " is out of date; regenerate it (see the test's top)";
}

}  // namespace coordsim::test_support
