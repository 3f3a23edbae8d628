// libFuzzer target: the HDF5 reader behind `coordsim inspect` and `coordsim resume`, as they read
// by default (unsealed files refused). Any bytes written to a file: a summary and the latest
// checkpoint, or an io::IoError (ForeignFileError, UnsealedFileError included) out. The seeds are
// sealed run files, so what this checks is that no changed byte gets past the seal to libhdf5
// (io/seal.hpp); it does not fuzz libhdf5's parser, which a crafted file with a valid seal still
// reaches (docs/reliability.md).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "io/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("coordsim_fuzz_run_file_" + std::to_string(::getpid()) + ".h5");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    const coordsim::io::FileSummary summary = coordsim::io::inspect(path);
    (void)coordsim::io::format_summary(summary);
    (void)coordsim::io::read_latest_checkpoint(path);
    if (summary.events) (void)coordsim::io::read_events(path);
  } catch (const coordsim::io::IoError&) {
  }
  return 0;
}
