#pragma once
// The seal of a run file: a checksum of every byte of the file, written into the file's first 512
// bytes (an HDF5 user block, which HDF5 itself never reads) when the recorder closes it, and
// checked before libhdf5 is allowed to read the file. libhdf5 1.10 does not survive every damaged
// file (docs/reliability.md): with the seal, damage (a flipped bit, a truncation, a bad copy) is
// a clean error found by our own code, and the library only ever parses bytes the recorder wrote.
//
// What it is not: a signature. Anyone can write a seal that matches bytes they crafted; a file
// made to attack libhdf5 is not stopped by it. A killed run's partial file (never closed) and a
// file of a coordsim before the seal carry none: they are "unsealed", and read only on request.
#include <cstddef>
#include <filesystem>

namespace coordsim::io {

/// Bytes reserved at the start of every run file for the seal (the HDF5 user block).
inline constexpr std::size_t kSealBlockBytes = 512;

enum class SealState {
  kSealed,    ///< the seal matches every byte of the file
  kUnsealed,  ///< no seal: a killed run's partial file, or written before the seal existed
};

/// What a reader does with an unsealed file: refuse it (UnsealedFileError), or hand it to libhdf5
/// unchecked (the caller trusts where it came from, e.g. its own killed run).
enum class Unsealed { kRefuse, kRead };

/// Checks a file's seal without libhdf5.
/// @throws ForeignFileError when the file has no seal and no HDF5 signature where HDF5 looks;
///         IoError when it has a seal that does not match its bytes (damaged or truncated).
[[nodiscard]] SealState check_seal(const std::filesystem::path& path);

/// Writes the seal of a closed run file (its user block must be free: created by the recorder).
/// @throws IoError
void seal(const std::filesystem::path& path);

/// Removes the seal (a no-op on an unsealed file): done before a sealed file is changed in place,
/// so that a run killed while resuming leaves an unsealed file, never a stale seal.
/// @throws IoError
void unseal(const std::filesystem::path& path);

}  // namespace coordsim::io
