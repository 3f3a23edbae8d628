#pragma once
// Reading back what a run wrote, as the tests that run the real recorder check it: a metric's
// series by its name, and the code a file gives a name in its event log's name lists (rows carry
// codes, so a test that looks for a kind, cause or reason of row first asks the file for its
// code). Its users link coordsim_io.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "io/reader.hpp"

namespace coordsim::test_support {

/// The whole series of an integer metric, one value per sample.
/// @throws std::bad_variant_access if the metric is not an integer one.
inline std::vector<std::int64_t> series(const std::filesystem::path& file,
                                        const std::string& metric) {
  return std::get<std::vector<std::int64_t>>(io::read_metric(file, metric));
}

/// A counter's metric (a cumulative count): `samples` values, one a sample, from 0 at the start,
/// never decreasing, and `last` at the end.
inline void expect_counter_series(const std::filesystem::path& file, const std::string& metric,
                                  std::size_t samples, std::int64_t last) {
  const std::vector<std::int64_t> v = series(file, metric);
  ASSERT_EQ(v.size(), samples) << metric;
  EXPECT_EQ(v.front(), 0) << metric;
  EXPECT_TRUE(std::is_sorted(v.begin(), v.end())) << metric;
  EXPECT_EQ(v.back(), last) << metric;
}

/// The whole series of a real-valued metric, one value per sample.
/// @throws std::bad_variant_access if the metric is not a real-valued one.
inline std::vector<double> real_series(const std::filesystem::path& file,
                                       const std::string& metric) {
  return std::get<std::vector<double>>(io::read_metric(file, metric));
}

/// The code of `name` in one of a file's event name lists (io::EventNames: kinds, causes,
/// reasons), that is its index. A name the list lacks fails the test and gives the list's size, a
/// code no row carries.
inline std::uint16_t code_of(const std::vector<std::string>& list, std::string_view name) {
  const auto it = std::find(list.begin(), list.end(), name);
  EXPECT_NE(it, list.end()) << "no name " << name << " in the file's list";
  return static_cast<std::uint16_t>(it - list.begin());
}

}  // namespace coordsim::test_support
