// io/detail/event_chunk: an /events chunk is shuffled and deflated by libdeflate, and stored as is.
// Whatever encoder makes it, the stored bytes must be what HDF5's shuffle and deflate filters
// decode, and the deflate filter inflates with zlib: inflate every chunk with zlib's own
// uncompress() and undo the shuffle by hand, for full chunks, partial ones (zero past the last
// row, HDF5's fill value) and a chunk refilled after clear(). (The round trip through HDF5 and h5py
// is RoundTrip.EventChunksDecodeThroughHdf5sOwnFilters.)
#include "io/detail/event_chunk.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <vector>

#include "support.hpp"

namespace coordsim::io::test {
namespace {

/// The rows of a stored chunk of `rows` rows: zlib inflate, then the inverse of HDF5's shuffle.
std::vector<EventRecord> decode_with_zlib(std::span<const std::byte> stored, std::size_t rows) {
  constexpr std::size_t kRow = sizeof(EventRecord);
  std::vector<unsigned char> planes(rows * kRow);
  uLongf size = static_cast<uLongf>(planes.size());
  const int status = uncompress(planes.data(), &size, reinterpret_cast<const Bytef*>(stored.data()),
                                static_cast<uLong>(stored.size()));
  EXPECT_EQ(status, Z_OK);
  EXPECT_EQ(size, planes.size());
  std::vector<unsigned char> image(rows * kRow);
  for (std::size_t b = 0; b < kRow; ++b)
    for (std::size_t r = 0; r < rows; ++r) image[r * kRow + b] = planes[b * rows + r];
  std::vector<EventRecord> out(rows);
  std::memcpy(out.data(), image.data(), image.size());
  return out;
}

std::vector<EventRecord> padded(std::vector<EventRecord> rows, std::size_t n) {
  rows.resize(n, EventRecord{});
  return rows;
}

TEST(EventChunk, ZlibInflatesEveryChunkToItsRows) {
  const std::uint64_t seed = 33;
  const std::size_t rows = 1000;
  detail::EventChunk chunk(rows, 1);

  // A full chunk, added in pieces that do not align with the transpose's 128-row blocks.
  std::uint64_t next = 0;
  for (const std::uint64_t n : {1ULL, 127ULL, 300ULL, 572ULL}) {
    chunk.add(events_range(seed, next, n));
    next += n;
  }
  ASSERT_TRUE(chunk.full());
  const auto full = chunk.encode();
  EXPECT_LT(full.size(), rows * sizeof(EventRecord));  // it does compress
  EXPECT_EQ(decode_with_zlib(full, rows), events_range(seed, 0, rows));

  // The next chunk, partial: rows past size() are zero, though the planes held rows before.
  chunk.clear();
  chunk.add(events_range(seed, next, 257));
  EXPECT_EQ(decode_with_zlib(chunk.encode(), rows), padded(events_range(seed, next, 257), rows));

  // Refilled from a shorter start (as after resume reloads a partial chunk), then grown.
  chunk.clear();
  chunk.add(events_range(seed, next, 10));
  EXPECT_EQ(decode_with_zlib(chunk.encode(), rows), padded(events_range(seed, next, 10), rows));
  chunk.add(events_range(seed, next + 10, 500));
  EXPECT_EQ(decode_with_zlib(chunk.encode(), rows), padded(events_range(seed, next, 510), rows));

  // An empty chunk encodes to zeros.
  chunk.clear();
  EXPECT_EQ(decode_with_zlib(chunk.encode(), rows), std::vector<EventRecord>(rows));
}

TEST(EventChunk, SameRowsGiveTheSameBytes) {
  // Determinism of the file: the encoder has no state that changes its output between chunks.
  const std::uint64_t seed = 34;
  detail::EventChunk a(512, 1);
  detail::EventChunk b(512, 1);
  a.add(events_range(seed, 1000, 512));
  const auto first = a.encode();
  const std::vector<std::byte> kept(first.begin(), first.end());
  a.clear();
  a.add(events_range(seed, 0, 300));
  (void)a.encode();
  a.clear();
  a.add(events_range(seed, 1000, 512));
  const auto again = a.encode();
  EXPECT_EQ(std::vector<std::byte>(again.begin(), again.end()), kept);
  b.add(events_range(seed, 1000, 512));
  const auto other = b.encode();
  EXPECT_EQ(std::vector<std::byte>(other.begin(), other.end()), kept);
}

TEST(EventChunk, RejectsRowsPastTheChunk) {
  detail::EventChunk chunk(8, 1);
  chunk.add(events_range(1, 0, 6));
  EXPECT_THROW(chunk.add(events_range(1, 6, 3)), std::logic_error);
}

}  // namespace
}  // namespace coordsim::io::test
