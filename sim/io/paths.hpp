#pragma once
#include <filesystem>
#include <string>

namespace coordsim::io {

/// Where a run destined for `final_path` is written until it is finished: `.<name>.partial` in the
/// same directory, so that the final rename is atomic and an existing `final_path` is untouched
/// until then. A killed run leaves its data here; `coordsim inspect` and the reader open it.
[[nodiscard]] inline std::filesystem::path temp_path_for(const std::filesystem::path& final_path) {
  std::string name = ".";  // built by append: GCC 12 warns (-Wrestrict) on "." + string
  name += final_path.filename().string();
  name += ".partial";
  return final_path.parent_path() / name;
}

}  // namespace coordsim::io
