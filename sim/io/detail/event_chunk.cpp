#include "io/detail/event_chunk.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>

namespace coordsim::io::detail {

namespace {

constexpr std::size_t kRowBytes = sizeof(EventRecord);
// The file's row is the little-endian packed compound (event_type(false)); the record's memory
// image is that row only on a little-endian machine.
static_assert(std::endian::native == std::endian::little,
              "EventChunk stores the memory image of EventRecord as the file's row");
// Rows transposed at once: 128 rows (5 KiB) stay in L1 while each byte plane takes its 128 bytes.
constexpr std::size_t kBlockRows = 128;
constexpr std::size_t kRowWords = kRowBytes / 8;
static_assert(kRowBytes % 8 == 0 && alignof(EventRecord) == 8);

/// Transposes the 8x8 byte matrix whose row j is x[j] (byte k of x[j] = its k-th byte in memory,
/// little-endian): afterwards byte j of x[k] is what byte k of x[j] was. Three rounds of swapping
/// 1-, 2- and 4-byte halves of 2x2 blocks, eight words at a time, in registers.
inline void transpose8x8(std::uint64_t (&x)[8]) {
  constexpr std::uint64_t kM1 = 0x00FF00FF00FF00FFULL;
  constexpr std::uint64_t kM2 = 0x0000FFFF0000FFFFULL;
  constexpr std::uint64_t kM4 = 0x00000000FFFFFFFFULL;
  for (int j = 0; j < 8; j += 2) {
    const std::uint64_t t = ((x[j] >> 8) ^ x[j + 1]) & kM1;
    x[j + 1] ^= t;
    x[j] ^= t << 8;
  }
  for (int j : {0, 1, 4, 5}) {
    const std::uint64_t t = ((x[j] >> 16) ^ x[j + 2]) & kM2;
    x[j + 2] ^= t;
    x[j] ^= t << 16;
  }
  for (int j = 0; j < 4; ++j) {
    const std::uint64_t t = ((x[j] >> 32) ^ x[j + 4]) & kM4;
    x[j + 4] ^= t;
    x[j] ^= t << 32;
  }
}

}  // namespace

struct EventChunk::Deflater {
  // libdeflate rather than zlib's deflate (docs/performance.md, "libdeflate behind the chunk
  // encoder"): the same zlib stream format (RFC 1950), so HDF5's deflate filter, h5py and h5dump
  // inflate it with zlib as before, for about four fifths of zlib's CPU at level 1 and fewer
  // bytes. The compressed bytes differ from zlib's; the rows they decode to do not.
  libdeflate_compressor* c;
  explicit Deflater(int level) : c(libdeflate_alloc_compressor(level)) {
    if (c == nullptr) throw std::runtime_error("libdeflate_alloc_compressor failed");
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
  ~Deflater() { libdeflate_free_compressor(c); }
};

void EventChunk::DeflaterDelete::operator()(Deflater* d) const noexcept { delete d; }

EventChunk::EventChunk(std::size_t rows, int level)
    : rows_(std::max<std::size_t>(rows, 1)),
      planes_(rows_ * kRowBytes),
      deflater_(new Deflater(std::clamp(level, 1, 9))) {}

void EventChunk::add(std::span<const EventRecord> events) {
  if (events.size() > rows_ - size_) throw std::logic_error("EventChunk::add: past the chunk");
  const auto* src = reinterpret_cast<const unsigned char*>(events.data());
  auto* planes = reinterpret_cast<unsigned char*>(planes_.data());
  for (std::size_t done = 0; done < events.size(); done += kBlockRows) {
    const std::size_t n = std::min(kBlockRows, events.size() - done);
    const unsigned char* block = src + done * kRowBytes;
    unsigned char* dst = planes + size_ + done;
    // Eight rows at a time: each 8-byte word of the row is one 8x8 byte transpose, whose eight
    // results are eight rows' bytes of eight planes (HDF5's shuffle: plane b holds byte b of
    // every row). Then the rows of the block that are not a multiple of eight, byte by byte.
    const std::size_t whole = n - n % 8;
    for (std::size_t w = 0; w < kRowWords; ++w) {
      unsigned char* plane = dst + w * 8 * rows_;
      for (std::size_t i = 0; i < whole; i += 8) {
        std::uint64_t x[8];
        for (std::size_t j = 0; j < 8; ++j)
          std::memcpy(&x[j], block + (i + j) * kRowBytes + w * 8, 8);
        transpose8x8(x);
        for (std::size_t k = 0; k < 8; ++k) std::memcpy(plane + k * rows_ + i, &x[k], 8);
      }
    }
    for (std::size_t b = 0; b < kRowBytes; ++b) {
      for (std::size_t i = whole; i < n; ++i) dst[b * rows_ + i] = block[i * kRowBytes + b];
    }
  }
  size_ += events.size();
  zeroed_from_ = std::max(zeroed_from_, size_);
}

std::span<const std::byte> EventChunk::encode() {
  if (size_ < zeroed_from_) {
    auto* planes = reinterpret_cast<unsigned char*>(planes_.data());
    for (std::size_t b = 0; b < kRowBytes; ++b)
      std::memset(planes + b * rows_ + size_, 0, zeroed_from_ - size_);
    zeroed_from_ = size_;
  }
  libdeflate_compressor* c = deflater_->c;
  // Whole chunks only (the shuffle needs the whole chunk), so one call: no stream state to keep.
  out_.resize(libdeflate_zlib_compress_bound(c, planes_.size()));
  const std::size_t n =
      libdeflate_zlib_compress(c, planes_.data(), planes_.size(), out_.data(), out_.size());
  if (n == 0) throw std::runtime_error("libdeflate: an /events chunk did not fit its bound");
  return {out_.data(), n};
}

}  // namespace coordsim::io::detail
