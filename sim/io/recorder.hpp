#pragma once
// Recorder: writes one run file. The simulation thread pushes samples, events, tables and
// checkpoints; a writer thread owns every HDF5 call after construction, behind a bounded queue,
// so the simulation waits on the disk only when the queue is full.
//
// Life cycle: construct (creates `.<name>.partial` next to the target) -> append... -> finish()
// (writes `complete` = 1, closes, renames onto the target). Destroyed without finish(): the
// partial file is removed, or with keep_incomplete it is renamed with `complete` = 0.
// Errors of the writer thread surface as IoError from the next call (append, sync, finish).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/columns.hpp"
#include "io/error.hpp"
#include "io/run_info.hpp"
#include "kernel/time.hpp"

namespace coordsim::io {

struct RecorderOptions {
  /// Flush to disk (H5Fflush) at most this long after data arrived; zero disables the wall-clock
  /// flush. A SIGKILLed run keeps every sample written before its last flush.
  std::chrono::milliseconds flush_interval{1000};
  /// Also flush after this many samples (0 = off). Deterministic; used by tests.
  std::uint64_t flush_every_samples = 0;
  /// Bytes of pending work the queue may hold before append() blocks.
  std::size_t queue_bytes = std::size_t{64} << 20;
  /// Rows per chunk of /events (compressed, written only as whole chunks except at sync points).
  std::size_t event_chunk_rows = 65536;
  /// Samples per chunk of the metric datasets (uncompressed, see docs/output-format.md).
  std::size_t metric_chunk_rows = 4096;
  /// Deflate level (0-9, 0 = no compression) for /events, tables and checkpoints; with shuffle.
  int deflate_level = 1;
  /// If the recorder is destroyed without finish(), keep the file (renamed to the target, with
  /// `complete` = 0) instead of deleting it. The SIGINT path sets this.
  bool keep_incomplete = false;
  /// A stale `.<name>.partial` (from a killed run) is overwritten instead of refused.
  bool replace_stale_partial = false;
};

/// What the file's layout holds; fixed for the life of the file.
struct RecordingLayout {
  std::vector<MetricColumn> metrics;
  std::optional<EventNames> events;  ///< nullopt: no /events table
};

/// One stored checkpoint: an opaque state blob and where the recording stood when it was taken.
struct Checkpoint {
  std::uint64_t sequence = 0;  ///< 0, 1, 2... stored at /checkpoints/<sequence>
  std::string label;
  kernel::SimTime time;
  std::uint64_t metric_rows = 0;  ///< samples in /metrics when the checkpoint was taken
  std::uint64_t event_rows = 0;   ///< rows in /events when the checkpoint was taken
  std::vector<std::byte> blob;
};

class Recorder {
 public:
  /// Creates the partial file for `final_path` with the root attributes and empty datasets.
  /// @throws IoError if the target is a directory, its parent is missing or unwritable, a stale
  ///         partial exists (unless replace_stale_partial), or HDF5 cannot create the file.
  /// @throws std::invalid_argument for a bad layout (duplicate or reserved metric names).
  Recorder(std::filesystem::path final_path, const RunInfo& info, const RecordingLayout& layout,
           RecorderOptions options = {});

  /// Continues a recording from checkpoint `from` of the file `source` (a finished/incomplete
  /// target or a killed run's partial file). `source` is copied to the partial name of
  /// `final_path` (or used in place if it is that partial), every dataset is truncated to its
  /// length at the checkpoint, later checkpoints and tables are deleted, `complete` is reset to 0
  /// and `execution` replaces the execution attributes. Appends then continue as if the run had
  /// never stopped: the finished file's datasets equal an uninterrupted run's.
  static Recorder resume(const std::filesystem::path& source, std::filesystem::path final_path,
                         std::uint64_t from, const ExecutionInfo& execution,
                         RecorderOptions options = {});

  Recorder(Recorder&&) noexcept;
  Recorder& operator=(Recorder&&) noexcept;
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;
  ~Recorder();

  /// Appends one sample: time and one value per metric column, in layout order.
  /// @throws std::invalid_argument on a count/type mismatch or time going backwards.
  void append_sample(kernel::SimTime time, std::span<const MetricValue> values);
  /// Appends events (the caller filters); requires layout.events.
  void append_events(std::span<const EventRecord> events);
  void append_event(const EventRecord& event) { append_events(std::span(&event, 1)); }
  /// Appends a filled batch of events without copying it (after any appended by append_events),
  /// and returns an empty buffer to fill next: a batch the writer has written when one
  /// is free, so its pages are mapped already. For the event log's hot path: one move per batch
  /// instead of a copy of every row.
  [[nodiscard]] std::vector<EventRecord> append_event_batch(std::vector<EventRecord>&& events);

  /// Writes a table group, e.g. "/agents", "/agents/snapshots/3600"; all columns the same length.
  /// An existing group at that path is replaced.
  void write_table(const std::string& group_path, std::vector<TableColumn> columns);

  /// Stores a checkpoint at /checkpoints/<n> and flushes; returns n.
  std::uint64_t write_checkpoint(std::string label, std::span<const std::byte> blob,
                                 kernel::SimTime time);

  /// Blocks until everything appended so far is written and flushed to disk.
  void sync();

  /// Finishes the file: writes pending data, sets `end_time_ticks` and `complete` (1 unless
  /// `complete` is false, the SIGINT path), closes it and renames it onto the target.
  void finish(kernel::SimTime end_time, bool complete = true);

  /// Changes what the destructor does with an unfinished file (see RecorderOptions).
  void set_keep_incomplete(bool keep) noexcept;

  [[nodiscard]] const std::filesystem::path& final_path() const noexcept;
  [[nodiscard]] const std::filesystem::path& partial_path() const noexcept;
  [[nodiscard]] std::uint64_t samples_appended() const noexcept;
  /// Samples known to be on disk (written before the last completed flush).
  [[nodiscard]] std::uint64_t samples_durable() const noexcept;

  class Impl;

 private:
  explicit Recorder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace coordsim::io
