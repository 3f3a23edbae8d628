#pragma once
// Shared by the scenario tests: load something that must fail and look at what was reported.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/load.hpp"

namespace coordsim::scenario::testing {

/// The smallest valid scenario.
inline constexpr std::string_view kMinimal =
    "name: t\npopulation:\n  - {kind: ai_agent, count: 3}\n";

/// The diagnostics of a load that must fail (a test failure if it succeeds).
inline std::vector<Diagnostic> errors_of(std::string_view yaml,
                                         const std::vector<std::string>& overrides = {}) {
  try {
    (void)load_string(yaml, "test.yaml", overrides);
  } catch (const ScenarioError& e) {
    EXPECT_FALSE(e.diagnostics().empty());
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected a ScenarioError for:\n" << yaml;
  return {};
}

inline std::vector<Diagnostic> file_errors_of(const std::filesystem::path& path,
                                              const std::vector<std::string>& overrides = {}) {
  try {
    (void)load_file(path, overrides);
  } catch (const ScenarioError& e) {
    EXPECT_FALSE(e.diagnostics().empty());
    return e.diagnostics();
  }
  ADD_FAILURE() << "expected a ScenarioError for " << path;
  return {};
}

inline std::string dump(const std::vector<Diagnostic>& diagnostics) {
  return format_diagnostics(diagnostics, 1000);
}

/// The first diagnostic whose formatted text contains `needle`, or null.
inline const Diagnostic* find(const std::vector<Diagnostic>& diagnostics, std::string_view needle) {
  for (const auto& d : diagnostics) {
    if (d.format().find(needle) != std::string::npos) return &d;
  }
  return nullptr;
}

/// A fresh directory under the system temp directory, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("coordsim_scenario_" + std::string(info->test_suite_name()) + "_" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, std::string_view text) const {
    const auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// The source tree, from the COORDSIM_SOURCE_DIR that ctest sets.
inline std::filesystem::path source_dir() {
  const char* dir = std::getenv("COORDSIM_SOURCE_DIR");
  if (dir == nullptr) {
    ADD_FAILURE() << "COORDSIM_SOURCE_DIR is not set (run through ctest, or set it by hand)";
    return ".";
  }
  return dir;
}

}  // namespace coordsim::scenario::testing
