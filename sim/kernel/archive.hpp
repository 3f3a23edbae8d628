#pragma once
// A compact binary archive for checkpoints: what a run needs to continue exactly where it stopped.
//
// Layout (all integers little-endian):
//   header  magic "COSIMCKP" (8 bytes) | format version u32 | reserved u32 (0) |
//           scenario hash u64 | payload length u64 | payload checksum u64
//   payload a sequence of values written by the model's save() functions, in the order their
//           load() functions read them: PODs as their bytes, vectors as a u64 element count then
//           the elements, and u32 section tags between the parts of the state.
//
// The scenario hash ties a checkpoint to the scenario it was taken under: resuming it under
// another scenario would silently mix two runs. The checksum (64-bit, word-wise FNV-style, see
// checksum()) catches a damaged blob before any of it is believed. Every read is bounds-checked
// and throws ArchiveError; a vector's element count is checked against the bytes left before
// anything is allocated, so no blob can make the reader crash or exhaust memory.
//
// Only types whose bytes are a faithful, deterministic picture of their value are written raw
// (no padding, no pointers: ArchivePod). Structures with padding are written field by field, so
// that equal states give equal blobs byte for byte (the recorder's digest compares them).
#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace coordsim::kernel {

static_assert(std::endian::native == std::endian::little,
              "archives store PODs as their in-memory bytes: a big-endian port must swap them");

/// A truncated, damaged or mismatched archive. Never a crash.
class ArchiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The archive is intact but was taken under another scenario (or another archive format).
class ArchiveMismatchError : public ArchiveError {
 public:
  using ArchiveError::ArchiveError;
};

/// Types stored as their bytes: trivially copyable and without padding. Doubles are included
/// (their bytes are their value; NaN payloads are whatever the deterministic run produced).
template <class T>
concept ArchivePod = std::is_trivially_copyable_v<T> &&
    (std::has_unique_object_representations_v<T> || std::is_floating_point_v<T>);

inline constexpr std::array<char, 8> kArchiveMagic{'C', 'O', 'S', 'I', 'M', 'C', 'K', 'P'};
/// Bump on any change to what a save() writes.
// 10: statements and price posts have their own event kinds (pending events hold the kind); a
// group's learners under a registered decision rule also write its name and extra column;
// 9: contributors' effort learners and stock credit (CNTB); 8: validators' accuracy counter;
// 7: contributors' datanet choice (CNTB); 6: poisoners and free riders (CNTB); 5: content
// judgements (PROT); 4: VALD
inline constexpr std::uint32_t kArchiveVersion = 10;
inline constexpr std::size_t kArchiveHeaderBytes = 8 + 4 + 4 + 8 + 8 + 8;

/// 64-bit checksum of `bytes`: FNV-1a over 8-byte words (each step a bijection of the state, so
/// any single changed word changes the result), then a final avalanche.
[[nodiscard]] inline std::uint64_t archive_checksum(std::span<const std::byte> bytes) noexcept {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t h = 0xcbf29ce484222325ULL ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, 8);
    h = (h ^ w) * kPrime;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<std::uint64_t>(bytes[i])) * kPrime;
  h ^= h >> 33U;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33U;
  return h;
}

class ArchiveWriter {
 public:
  explicit ArchiveWriter(std::uint64_t scenario_hash) : buf_(kArchiveHeaderBytes) {
    std::memcpy(buf_.data(), kArchiveMagic.data(), kArchiveMagic.size());
    put_at(8, kArchiveVersion);
    put_at(12, std::uint32_t{0});
    put_at(16, scenario_hash);
  }

  template <ArchivePod T>
  void pod(const T& v) {
    const std::size_t at = buf_.size();
    buf_.resize(at + sizeof(T));
    std::memcpy(buf_.data() + at, &v, sizeof(T));
  }
  void boolean(bool b) { pod(static_cast<std::uint8_t>(b ? 1 : 0)); }
  /// A section marker: load() checks it, so a reader that lost its place fails at once, by name.
  void tag(std::uint32_t section) { pod(section); }

  template <ArchivePod T>
  void span(std::span<const T> v) {
    pod(static_cast<std::uint64_t>(v.size()));
    if (v.empty()) return;
    const std::size_t at = buf_.size();
    buf_.resize(at + v.size_bytes());
    std::memcpy(buf_.data() + at, v.data(), v.size_bytes());
  }
  template <ArchivePod T>
  void vec(const std::vector<T>& v) {
    span(std::span<const T>(v));
  }

  [[nodiscard]] std::size_t size() const noexcept { return buf_.size(); }

  /// Seals the header (length and checksum) and hands the bytes over.
  [[nodiscard]] std::vector<std::byte> finish() && {
    const std::span<const std::byte> payload(buf_.data() + kArchiveHeaderBytes,
                                             buf_.size() - kArchiveHeaderBytes);
    put_at(24, static_cast<std::uint64_t>(payload.size()));
    put_at(32, archive_checksum(payload));
    return std::move(buf_);
  }

 private:
  template <class T>
  void put_at(std::size_t at, T v) noexcept {
    std::memcpy(buf_.data() + at, &v, sizeof(T));
  }
  std::vector<std::byte> buf_;
};

class ArchiveReader {
 public:
  /// Checks the header and the checksum. @throws ArchiveError for a short, foreign or damaged
  /// blob; ArchiveMismatchError for another format version or another scenario.
  ArchiveReader(std::span<const std::byte> blob, std::uint64_t scenario_hash) {
    if (blob.size() < kArchiveHeaderBytes)
      throw ArchiveError("checkpoint is truncated (shorter than its header)");
    if (std::memcmp(blob.data(), kArchiveMagic.data(), kArchiveMagic.size()) != 0) {
      throw ArchiveError("checkpoint is damaged or not a coordsim checkpoint (bad magic)");
    }
    const auto version = get_at<std::uint32_t>(blob, 8);
    if (version != kArchiveVersion) {
      throw ArchiveMismatchError("checkpoint format version " + std::to_string(version) +
                                 ", this coordsim reads " + std::to_string(kArchiveVersion));
    }
    if (get_at<std::uint32_t>(blob, 12) != 0)
      throw ArchiveError("checkpoint is damaged (bad header)");
    const auto length = get_at<std::uint64_t>(blob, 24);
    if (length != blob.size() - kArchiveHeaderBytes) {
      throw ArchiveError("checkpoint is truncated or damaged (payload of " +
                         std::to_string(blob.size() - kArchiveHeaderBytes) +
                         " bytes, header says " + std::to_string(length) + ")");
    }
    data_ = blob.subspan(kArchiveHeaderBytes);
    if (archive_checksum(data_) != get_at<std::uint64_t>(blob, 32)) {
      throw ArchiveError("checkpoint is damaged (checksum mismatch)");
    }
    // Checked after the checksum: a damaged hash field should say "damaged", not "other scenario".
    if (get_at<std::uint64_t>(blob, 16) != scenario_hash) {
      throw ArchiveMismatchError(
          "checkpoint was taken under another scenario (scenario hash differs)");
    }
  }

  template <ArchivePod T>
  void pod(T& out) {
    need(sizeof(T), "a value");
    std::memcpy(&out, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
  }
  template <ArchivePod T>
  [[nodiscard]] T pod() {
    T v{};
    pod(v);
    return v;
  }
  [[nodiscard]] bool boolean() {
    const auto b = pod<std::uint8_t>();
    if (b > 1) throw ArchiveError("checkpoint is damaged (a flag is neither 0 nor 1)");
    return b == 1;
  }
  void expect_tag(std::uint32_t section, const char* what) {
    if (pod<std::uint32_t>() != section) {
      throw ArchiveError(std::string("checkpoint is damaged or from another build (section '") +
                         what + "' not found)");
    }
  }

  template <ArchivePod T>
  void vec(std::vector<T>& out) {
    const auto n = pod<std::uint64_t>();
    if (n > (data_.size() - pos_) / sizeof(T))
      throw ArchiveError("checkpoint is truncated or damaged (vector too long)");
    out.resize(static_cast<std::size_t>(n));
    if (n == 0) return;
    std::memcpy(out.data(), data_.data() + pos_, static_cast<std::size_t>(n) * sizeof(T));
    pos_ += static_cast<std::size_t>(n) * sizeof(T);
  }
  /// A vector whose length the rebuilt model already knows (per-agent columns): any other length
  /// means the checkpoint does not belong to this world.
  template <ArchivePod T>
  void vec_exact(std::vector<T>& out, std::size_t expected, const char* what) {
    vec(out);
    if (out.size() != expected) {
      throw ArchiveMismatchError(std::string("checkpoint does not match this world (") + what +
                                 " has " + std::to_string(out.size()) + " entries, expected " +
                                 std::to_string(expected) + ")");
    }
  }
  /// A count (of vectors to follow) that must not exceed what the remaining bytes could hold.
  [[nodiscard]] std::size_t count(std::size_t min_bytes_each) {
    const auto n = pod<std::uint64_t>();
    if (n > (data_.size() - pos_) / std::max<std::size_t>(1, min_bytes_each)) {
      throw ArchiveError("checkpoint is truncated or damaged (count too large)");
    }
    return static_cast<std::size_t>(n);
  }

  /// A structural check of loaded state; throws ArchiveError naming `what` when it fails.
  static void require(bool ok, const char* what) {
    if (!ok) throw ArchiveError(std::string("checkpoint is damaged (") + what + ")");
  }

  [[nodiscard]] std::size_t remaining() const noexcept { return data_.size() - pos_; }
  /// Every byte must have been read: left-over bytes mean writer and reader disagree.
  void finish() const {
    if (pos_ != data_.size())
      throw ArchiveError("checkpoint has " + std::to_string(data_.size() - pos_) + " unread bytes");
  }

 private:
  template <class T>
  static T get_at(std::span<const std::byte> blob, std::size_t at) noexcept {
    T v{};
    std::memcpy(&v, blob.data() + at, sizeof(T));
    return v;
  }
  void need(std::size_t n, const char* what) const {
    if (n > data_.size() - pos_)
      throw ArchiveError(std::string("checkpoint is truncated (reading ") + what + ")");
  }

  std::span<const std::byte> data_;
  std::size_t pos_ = 0;
};

}  // namespace coordsim::kernel
