#pragma once
// Where the tests find the repository's files: $COORDSIM_SOURCE_DIR (ctest sets it), else the
// source tree the test was built from (for running a test binary by hand).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace coordsim::test_support {

/// The repository root.
inline std::filesystem::path source_dir() {
  const char* env = std::getenv("COORDSIM_SOURCE_DIR");
  return env != nullptr && *env != '\0' ? std::filesystem::path(env)
                                        : std::filesystem::path(COORDSIM_SOURCE_DIR_DEFAULT);
}

/// scenarios/*.yaml of the source tree, sorted.
inline std::vector<std::filesystem::path> shipped_scenarios() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(source_dir() / "scenarios")) {
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace coordsim::test_support
