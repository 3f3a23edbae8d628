#pragma once
// Private to sim/io: one chunk of /events, shuffled and deflated here rather than by HDF5's filter
// pipeline, and handed to H5Dwrite_chunk. The bytes it produces are what HDF5's own shuffle and
// deflate filters decode (the dataset declares those two filters, nothing else), so any HDF5 reader
// reads the file without a plugin; only the writer's CPU per row changes (docs/performance.md,
// "Event log: the writer's CPU per row"):
// - the shuffle is a blocked transpose, 8x8 bytes in registers (HDF5's reads the whole chunk once
//   per byte of the row);
// - rows go from the recorder's batches straight into the shuffled planes: no staging copy, no
//   HDF5 type conversion or chunk-cache pass;
// - deflate is libdeflate's zlib format at the dataset's level: what HDF5's deflate filter (zlib's
//   inflate) decodes; the stored bytes are not zlib's own, the rows are the same.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "io/columns.hpp"

namespace coordsim::io::detail {

class EventChunk {
 public:
  /// A chunk of `rows` rows; `level` is the deflate level (1-9, as HDF5's filter declares it).
  EventChunk(std::size_t rows, int level);

  [[nodiscard]] std::size_t rows() const noexcept { return rows_; }
  /// Rows added since the last clear().
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool full() const noexcept { return size_ == rows_; }

  /// Adds rows (at most rows() - size() of them) into the shuffled image of the chunk.
  void add(std::span<const EventRecord> events);
  /// Forgets the rows: the next add() starts a new chunk.
  void clear() noexcept { size_ = 0; }

  /// The chunk as stored: shuffle then zlib stream of the whole chunk, rows past size() zero
  /// (HDF5's fill value), as HDF5 would store the same rows written through H5Dwrite.
  [[nodiscard]] std::span<const std::byte> encode();

 private:
  struct Deflater;  // libdeflate's compressor, kept for the next chunk (no new allocation)
  struct DeflaterDelete {
    void operator()(Deflater* d) const noexcept;
  };

  std::size_t rows_;
  std::size_t size_ = 0;
  std::size_t zeroed_from_ = 0;    ///< rows at or past this are zero in every byte plane
  std::vector<std::byte> planes_;  ///< byte plane b of row r at planes_[b * rows_ + r]
  std::vector<std::byte> out_;
  std::unique_ptr<Deflater, DeflaterDelete> deflater_;
};

}  // namespace coordsim::io::detail
