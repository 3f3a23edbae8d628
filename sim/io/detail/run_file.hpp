#pragma once
// Private to sim/io: one open run file and every write the recorder makes to it. Used by exactly
// one thread at a time (the writer thread while running, the owner before and after).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/columns.hpp"
#include "io/detail/event_chunk.hpp"
#include "io/detail/h5.hpp"
#include "io/recorder.hpp"
#include "io/run_info.hpp"

namespace coordsim::io::detail {

// Names of the layout, shared by the writer and the reader.
inline constexpr const char* kFormatAttr = "coordsim_format_version";
inline constexpr const char* kMetricsGroup = "/metrics";
inline constexpr const char* kEventsDataset = "/events";
inline constexpr const char* kCheckpointsGroup = "/checkpoints";
inline constexpr std::size_t kExecStringWidth = 256;

/// File access list: 1.8 file format (readable by any HDF5 >= 1.8), metadata cache without
/// evictions (metadata reaches the disk only at flushes, so a killed run's file is its state at the
/// last flush).
[[nodiscard]] Hid run_file_fapl();
/// Compound type of EventRecord: `native` for memory, little-endian packed for the file.
[[nodiscard]] Hid event_type(bool native);

/// A batch of samples in column-major order, built by the writer from queued samples.
struct SampleBatch {
  std::vector<std::uint64_t> time;
  std::vector<std::vector<MetricValue>> rows;  ///< rows[i] = values of sample i
};

class RunFile {
 public:
  static RunFile create(const std::filesystem::path& path, const RunInfo& info,
                        const RecordingLayout& layout, const RecorderOptions& options);
  static RunFile resume(const std::filesystem::path& path, std::uint64_t from,
                        const ExecutionInfo& execution, const RecorderOptions& options);

  void append_samples(const SampleBatch& batch);
  void append_events(std::span<const EventRecord> events);
  void write_table(const std::string& group_path, const std::vector<TableColumn>& columns);
  void write_checkpoint(std::uint64_t sequence, const std::string& label,
                        std::span<const std::byte> blob, std::uint64_t time);
  /// Writes staged events (even a partial chunk) and flushes the file to disk.
  void sync();
  void flush();
  /// Writes the end attributes, closes the file and seals it (io/seal.hpp) if it has room.
  void finish(std::uint64_t end_time, bool complete);
  void close_quietly() noexcept;

  [[nodiscard]] const RecordingLayout& layout() const noexcept { return layout_; }
  [[nodiscard]] std::uint64_t metric_rows() const noexcept { return metric_rows_; }
  [[nodiscard]] std::uint64_t next_checkpoint() const noexcept { return next_checkpoint_; }
  [[nodiscard]] std::optional<std::uint64_t> last_time() const noexcept { return last_time_; }

 private:
  RunFile() = default;
  void open_datasets();
  /// Reads back the rows of the last, partial chunk of /events (a resumed file) into chunk_.
  void reload_partial_chunk();
  void write_staged_events();

  std::filesystem::path path_;
  bool sealable_ = true;  ///< false: resumed from a file written before the seal (no user block)
  RecorderOptions options_;
  RecordingLayout layout_;
  double tick_seconds_ = 1;
  Hid file_;
  Hid time_;
  Hid time_s_;
  std::vector<Hid> metrics_;
  Hid events_;
  Hid event_mem_type_;
  std::uint64_t metric_rows_ = 0;
  std::uint64_t event_rows_ = 0;  ///< rows in the dataset (excluding staged)
  /// /events with HDF5's shuffle and deflate filters (the default): the rows of the chunk being
  /// filled, from row chunk_first_ of the dataset, compressed here and written whole
  /// (H5Dwrite_chunk). Rows [chunk_first_, event_rows_) of it are already in the file (a partial
  /// chunk written at a sync point).
  std::optional<EventChunk> chunk_;
  std::uint64_t chunk_first_ = 0;
  /// /events without filters (deflate level 0): rows not yet in the dataset, written by H5Dwrite.
  std::vector<EventRecord> staged_;
  std::uint64_t next_checkpoint_ = 0;
  std::optional<std::uint64_t> last_time_;
};

}  // namespace coordsim::io::detail
