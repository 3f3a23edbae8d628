#pragma once
// Where a run may write: the checks `coordsim run` and `coordsim resume` make before any work, so
// that a careless `-o` loses nothing. A run file is written under a temporary name and renamed
// over the output at the end; these checks decide whether that rename may replace what stands at
// the output path now.
//
// Not promised: the checks and the final rename are not atomic together. Something created at the
// path while the run is running is replaced (the rename is atomic; the check is at the start).
#include <filesystem>
#include <span>

#include "io/error.hpp"

namespace coordsim::io {

/// A path is refused (exit 2): an output that would lose something, or an input that is no regular
/// file. The message names the path and the reason.
class PathRefusedError : public IoError {
 public:
  using IoError::IoError;
};

struct OutputCheck {
  bool replaces = false;  ///< an existing regular file stands at the path and will be replaced
  bool replaces_run_file = false;  ///< ... and it is a coordsim run file
};

/// Checks that a run may write its result to `output`:
/// - never over one of `inputs` (the same file, also through another name: a hard link or a
///   symbolic link to it);
/// - never over anything that is not a regular file: a directory, FIFO, socket, device or
///   symbolic link (the rename would replace the link or node itself);
/// - over an existing regular file only when it is a coordsim run file, or with `force`;
/// - never when the temporary `.NAME.partial` beside it is something other than a regular file.
/// Reads nothing but metadata and, for an existing regular file, its root attributes.
/// @throws PathRefusedError
OutputCheck check_output(const std::filesystem::path& output,
                         std::span<const std::filesystem::path> inputs, bool force);

/// Refuses (PathRefusedError) a run file to read that is not a regular file (a FIFO or device
/// would block or feed the reader garbage; a directory is no file).
void check_input_file(const std::filesystem::path& input);

}  // namespace coordsim::io
