#pragma once
// Reading run files back: a summary for `coordsim inspect`, loaders for round-trip and resume
// tests, the latest checkpoint, and a digest of every dataset's contents.
// Every function first checks the file's seal (io/seal.hpp) without libhdf5: a damaged sealed file
// is an IoError before libhdf5 sees a byte of it. A file without a seal (a killed run's partial,
// or written before the seal) is refused with UnsealedFileError unless `unsealed` is kRead; then
// libhdf5 parses it unchecked, and a damaged one can still crash inside libhdf5 1.10
// (docs/reliability.md). A file that is not ours is a ForeignFileError.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "io/columns.hpp"
#include "io/error.hpp"
#include "io/recorder.hpp"
#include "io/run_info.hpp"
#include "io/seal.hpp"

namespace coordsim::io {

struct MetricSummary {
  std::string name;
  std::string unit;
  std::string description;
  MetricType type = MetricType::kFloat64;
  std::optional<MetricValue> last;  ///< nullopt when there are no samples
};

struct TableSummary {
  std::string path;  ///< e.g. "/agents"
  std::uint64_t rows = 0;
  std::size_t columns = 0;
};

struct FileSummary {
  std::int64_t format_version = 0;
  RunInfo run;
  bool complete = false;
  bool sealed = false;  ///< the file's seal was checked (false: read unsealed, on request)
  std::uint64_t end_time_ticks = 0;  ///< set by finish(); 0 in an unfinished file
  std::uint64_t samples = 0;
  std::uint64_t last_sample_ticks = 0;
  double duration_seconds = 0;  ///< max(end_time, last sample) * tick_seconds
  std::vector<MetricSummary> metrics;
  std::optional<std::uint64_t> events;  ///< row count; nullopt when there is no /events
  std::vector<TableSummary> tables;
  std::uint64_t checkpoints = 0;
};

/// @throws ForeignFileError, IoError
[[nodiscard]] FileSummary inspect(const std::filesystem::path& path,
                                  Unsealed unsealed = Unsealed::kRefuse);
/// The text `coordsim inspect` prints.
[[nodiscard]] std::string format_summary(const FileSummary& summary);

[[nodiscard]] RunInfo read_run_info(const std::filesystem::path& path,
                                    Unsealed unsealed = Unsealed::kRefuse);
[[nodiscard]] std::vector<MetricColumn> read_metric_columns(const std::filesystem::path& path,
                                                            Unsealed unsealed = Unsealed::kRefuse);
/// /metrics/time in ticks.
[[nodiscard]] std::vector<std::uint64_t> read_metric_time(const std::filesystem::path& path,
                                                          Unsealed unsealed = Unsealed::kRefuse);
/// One metric column: vector<int64_t> or vector<double> by its type.
using MetricData = std::variant<std::vector<std::int64_t>, std::vector<double>>;
[[nodiscard]] MetricData read_metric(const std::filesystem::path& path, const std::string& name,
                                     Unsealed unsealed = Unsealed::kRefuse);
/// The whole /events table. @throws IoError if the file has none.
[[nodiscard]] std::vector<EventRecord> read_events(const std::filesystem::path& path,
                                                   Unsealed unsealed = Unsealed::kRefuse);
[[nodiscard]] EventNames read_event_names(const std::filesystem::path& path,
                                          Unsealed unsealed = Unsealed::kRefuse);
/// The columns of a table group written by Recorder::write_table, in written order.
[[nodiscard]] std::vector<TableColumn> read_table(const std::filesystem::path& path,
                                                  const std::string& group_path,
                                                  Unsealed unsealed = Unsealed::kRefuse);
/// The checkpoint with the highest sequence, or nullopt when the file has none.
[[nodiscard]] std::optional<Checkpoint> read_latest_checkpoint(
    const std::filesystem::path& path, Unsealed unsealed = Unsealed::kRefuse);
[[nodiscard]] Checkpoint read_checkpoint(const std::filesystem::path& path, std::uint64_t sequence,
                                         Unsealed unsealed = Unsealed::kRefuse);

/// A 128-bit hex digest of every dataset (path, type, shape and bytes) in name order. Attributes
/// are not included, so the execution attributes (and `complete`) do not change it.
[[nodiscard]] std::string dataset_digest(const std::filesystem::path& path,
                                         Unsealed unsealed = Unsealed::kRefuse);

}  // namespace coordsim::io
