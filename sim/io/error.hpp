#pragma once
// Typed errors of the recorder and the reader. Every message names the file it is about, because
// the user who sees "disk full" needs to know which of their paths to free space for.
#include <filesystem>
#include <stdexcept>
#include <string>

namespace coordsim::io {

/// Any failure to create, write, open or read a run file (permission, disk full, damaged file...).
class IoError : public std::runtime_error {
 public:
  IoError(std::filesystem::path path, const std::string& what)
      : std::runtime_error(path.string() + ": " + what), path_(std::move(path)) {}
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
};

/// The file exists and is readable but is not a coordsim run file (not HDF5 at all, or an HDF5
/// file without the `coordsim_format_version` root attribute). Readers refuse it.
class ForeignFileError : public IoError {
 public:
  using IoError::IoError;
};

/// The file carries no seal (io/seal.hpp: a killed run's partial file, or one written before the
/// seal existed) and the reader was not told to read unsealed files.
class UnsealedFileError : public IoError {
 public:
  using IoError::IoError;
};

}  // namespace coordsim::io
