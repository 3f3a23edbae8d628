#include "io/output_path.hpp"

#include <string>
#include <system_error>

#include "io/paths.hpp"
#include "io/reader.hpp"

namespace coordsim::io {

namespace fs = std::filesystem;

namespace {

// What stands at a path, without following a final symbolic link.
std::string not_regular(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory:
      return "is a directory";
    case fs::file_type::symlink:
      return "is a symbolic link (the run would replace the link itself; name its target)";
    case fs::file_type::fifo:
      return "is a FIFO (named pipe)";
    case fs::file_type::socket:
      return "is a socket";
    case fs::file_type::block:
    case fs::file_type::character:
      return "is a device";
    default:
      return "is not a regular file";
  }
}

bool is_run_file(const fs::path& path) {
  try {
    // Unsealed files count: an older coordsim's run file may be replaced like any other.
    (void)read_run_info(path, Unsealed::kRead);
    return true;
  } catch (const IoError&) {  // foreign, damaged or unreadable: not one we may replace
    return false;
  }
}

}  // namespace

OutputCheck check_output(const fs::path& output, std::span<const fs::path> inputs, bool force) {
  std::error_code ec;
  for (const fs::path& input : inputs) {
    if (!input.empty() && fs::equivalent(output, input, ec) && !ec) {
      throw PathRefusedError(output, "is an input of this run (" + input.string() +
                                         "); write the output somewhere else");
    }
  }
  const fs::path partial = temp_path_for(output);
  const fs::file_status partial_status = fs::symlink_status(partial, ec);
  if (fs::exists(partial_status) && !fs::is_regular_file(partial_status)) {
    throw PathRefusedError(partial,
                           "the run's temporary file " + not_regular(partial_status.type()));
  }
  const fs::file_status status = fs::symlink_status(output, ec);
  if (!fs::exists(status)) return {};
  if (!fs::is_regular_file(status)) throw PathRefusedError(output, not_regular(status.type()));
  OutputCheck check;
  check.replaces = true;
  check.replaces_run_file = is_run_file(output);
  if (!check.replaces_run_file && !force) {
    throw PathRefusedError(output,
                           "exists and is not a coordsim run file; remove it, choose another "
                           "output, or pass --force to replace it");
  }
  return check;
}

void check_input_file(const fs::path& input) {
  std::error_code ec;
  const fs::file_status status = fs::status(input, ec);
  if (!fs::exists(status)) throw PathRefusedError(input, "no such file");
  if (!fs::is_regular_file(status)) throw PathRefusedError(input, not_regular(status.type()));
}

}  // namespace coordsim::io
