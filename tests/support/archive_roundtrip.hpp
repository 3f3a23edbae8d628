#pragma once
// A checkpoint section's round trip, as the tests of one actor system check it: the bytes a
// system saves, loading them into another, and whether a damaged or foreign blob is refused.
// Every archive here is tagged with the same scenario hash, 42. Its users link the kernel.
#include <cstddef>
#include <utility>
#include <vector>

#include "kernel/archive.hpp"

namespace coordsim::test_support {

inline constexpr std::uint64_t kArchiveTag = 42;

/// The blob `save(writer)` writes.
template <class Save>
std::vector<std::byte> saved(Save&& save) {
  kernel::ArchiveWriter out(kArchiveTag);
  save(out);
  return std::move(out).finish();
}

/// Calls `load(reader)` on a reader of `blob`.
template <class Load>
void load_from(const std::vector<std::byte>& blob, Load&& load) {
  kernel::ArchiveReader in(blob, kArchiveTag);
  load(in);
}

/// `blob` with its last byte flipped.
inline std::vector<std::byte> damaged(std::vector<std::byte> blob) {
  blob.back() ^= std::byte{0xFF};
  return blob;
}

/// Whether `load(reader)` on `blob` throws kernel::ArchiveError (any other exception escapes).
template <class Load>
bool refuses(const std::vector<std::byte>& blob, Load&& load) {
  try {
    load_from(blob, load);
  } catch (const kernel::ArchiveError&) {
    return true;
  }
  return false;
}

}  // namespace coordsim::test_support
