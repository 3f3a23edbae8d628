#include "io/seal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "io/detail/hasher.hpp"
#include "io/error.hpp"

namespace coordsim::io {

namespace fs = std::filesystem;

namespace {

// Layout of the seal, at offset 0 of the file (all integers little-endian):
//   [0, 16)   magic and seal version: "coordsim seal 1\n"
//   [16, 24)  the file's size in bytes
//   [24, 40)  XXH3-128 (high 64 bits, then low 64 bits) of the whole file with [16, 40) zeroed
//   [40, 512) zero
constexpr std::string_view kMagic = "coordsim seal 1\n";
constexpr std::size_t kSizeAt = 16;
constexpr std::size_t kHashAt = 24;
constexpr std::size_t kSealEnd = 40;
constexpr std::string_view kHdf5Signature = "\x89HDF\r\n\x1a\n";
constexpr std::size_t kChunk = std::size_t{1} << 20;

static_assert(kMagic.size() == kSizeAt);

using Block = std::array<unsigned char, kSealBlockBytes>;

std::string errno_text() { return std::strerror(errno); }

class Fd {
 public:
  Fd(const fs::path& path, int flags) : fd_(::open(path.c_str(), flags | O_CLOEXEC)) {
    if (fd_ < 0) throw IoError(path, "cannot open: " + errno_text());
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { ::close(fd_); }
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_;
};

std::uint64_t file_size(const fs::path& path, const Fd& fd) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw IoError(path, "cannot stat: " + errno_text());
  if (!S_ISREG(st.st_mode)) throw IoError(path, "is not a regular file");
  return static_cast<std::uint64_t>(st.st_size);
}

/// Reads exactly `n` bytes at `offset`; false at end of file.
bool read_at(const fs::path& path, const Fd& fd, void* buf, std::size_t n, std::uint64_t offset) {
  auto* p = static_cast<unsigned char*>(buf);
  while (n > 0) {
    const ssize_t got = ::pread(fd.get(), p, n, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError(path, "cannot read: " + errno_text());
    }
    if (got == 0) return false;
    p += got;
    n -= static_cast<std::size_t>(got);
    offset += static_cast<std::uint64_t>(got);
  }
  return true;
}

void write_at(const fs::path& path, const Fd& fd, const void* buf, std::size_t n,
              std::uint64_t offset) {
  const auto* p = static_cast<const unsigned char*>(buf);
  while (n > 0) {
    const ssize_t put = ::pwrite(fd.get(), p, n, static_cast<off_t>(offset));
    if (put < 0) {
      if (errno == EINTR) continue;
      throw IoError(path, "cannot write the seal: " + errno_text());
    }
    p += put;
    n -= static_cast<std::size_t>(put);
    offset += static_cast<std::uint64_t>(put);
  }
}

void put_u64(unsigned char* p, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

std::uint64_t get_u64(const unsigned char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

/// XXH3-128 of the file of `size` bytes whose first block is `block`, with the seal's size and
/// hash fields counted as zero (the seal cannot cover itself).
std::array<unsigned char, 16> digest(const fs::path& path, const Fd& fd, Block block,
                                     std::uint64_t size) {
  std::memset(block.data() + kSizeAt, 0, kSealEnd - kSizeAt);
  detail::Hasher128 hasher;
  hasher.update(block.data(), block.size());
  std::vector<unsigned char> buf(kChunk);
  for (std::uint64_t at = kSealBlockBytes; at < size;) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, size - at));
    if (!read_at(path, fd, buf.data(), n, at)) throw IoError(path, "changed while being read");
    hasher.update(buf.data(), n);
    at += n;
  }
  const XXH128_hash_t h = hasher.digest();
  std::array<unsigned char, 16> out{};
  put_u64(out.data(), h.high64);
  put_u64(out.data() + 8, h.low64);
  return out;
}

/// Whether the digest stored in the seal is the one computed, without handing the expected bytes
/// to anything that could copy them. A coverage-guided fuzzer (libFuzzer) records the operands of
/// every memcmp and of every integer comparison and writes them into its next inputs: compared
/// with memcmp, the expected XXH3 was copied into a mutated file within seconds, which then passed
/// as sealed and reached libhdf5's bugs (docs/reliability.md). Folding the differences first leaves
/// only "is the fold zero" to observe, so a mutation gets past the seal only by inverting XXH3.
bool same_digest(const std::array<unsigned char, 16>& computed, const unsigned char* stored) {
  unsigned char differences = 0;
  for (std::size_t i = 0; i < computed.size(); ++i)
    differences = static_cast<unsigned char>(differences | (computed[i] ^ stored[i]));
  return differences == 0;
}

bool has_magic(const Block& block) {
  return std::memcmp(block.data(), kMagic.data(), kMagic.size()) == 0;
}

/// Whether HDF5 would find a superblock: its signature at 0, 512, 1024, 2048...
bool has_hdf5_signature(const fs::path& path, const Fd& fd, std::uint64_t size) {
  std::array<char, kHdf5Signature.size()> sig{};
  for (std::uint64_t at = 0; at + sig.size() <= size; at = at == 0 ? 512 : at * 2) {
    if (read_at(path, fd, sig.data(), sig.size(), at) &&
        std::string_view(sig.data(), sig.size()) == kHdf5Signature)
      return true;
  }
  return false;
}

}  // namespace

SealState check_seal(const fs::path& path) {
  // Non-blocking: a FIFO is refused by file_size() instead of waiting for a writer.
  const Fd fd(path, O_RDONLY | O_NONBLOCK);
  const std::uint64_t size = file_size(path, fd);
  Block block{};
  if (size < kSealBlockBytes || !read_at(path, fd, block.data(), block.size(), 0) ||
      !has_magic(block)) {
    if (!has_hdf5_signature(path, fd, size))
      throw ForeignFileError(path, "is not an HDF5 file, so not a coordsim run file");
    return SealState::kUnsealed;
  }
  const std::uint64_t sealed_size = get_u64(block.data() + kSizeAt);
  if (sealed_size != size) {
    throw IoError(path, "damaged file: its seal records " + std::to_string(sealed_size) +
                            " bytes but it has " + std::to_string(size) +
                            " (truncated or extended after it was written)");
  }
  const auto expected = digest(path, fd, block, size);
  if (!same_digest(expected, block.data() + kHashAt)) {
    throw IoError(path,
                  "damaged file: its bytes do not match its seal (changed after it was "
                  "written); it was not read");
  }
  return SealState::kSealed;
}

void seal(const fs::path& path) {
  const Fd fd(path, O_RDWR);
  const std::uint64_t size = file_size(path, fd);
  Block block{};
  if (size < kSealBlockBytes || !read_at(path, fd, block.data(), block.size(), 0))
    throw IoError(path, "cannot seal: the file has no seal block");
  // Free: zero, or holding an earlier seal (to be replaced) and zero after it.
  for (std::size_t i = has_magic(block) ? kSealEnd : 0; i < block.size(); ++i) {
    if (block[i] != 0) throw IoError(path, "cannot seal: its first 512 bytes are in use");
  }
  std::memcpy(block.data(), kMagic.data(), kMagic.size());
  const auto hash = digest(path, fd, block, size);
  put_u64(block.data() + kSizeAt, size);
  std::memcpy(block.data() + kHashAt, hash.data(), hash.size());
  write_at(path, fd, block.data(), kSealEnd, 0);
}

void unseal(const fs::path& path) {
  const Fd fd(path, O_RDWR);
  Block block{};
  if (file_size(path, fd) < kSealBlockBytes || !read_at(path, fd, block.data(), block.size(), 0) ||
      !has_magic(block))
    return;
  const std::array<unsigned char, kSealEnd> zero{};
  write_at(path, fd, zero.data(), zero.size(), 0);
}

}  // namespace coordsim::io
