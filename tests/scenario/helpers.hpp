#pragma once
// Shared by the scenario tests: load something that must fail and look at what was reported.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/load.hpp"
#include "support/scratch_dir.hpp"
#include "support/source_tree.hpp"

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

using test_support::ScratchDir;
using test_support::shipped_scenarios;
using test_support::source_dir;

}  // namespace coordsim::scenario::testing
