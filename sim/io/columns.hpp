#pragma once
// The data the model pushes into a run file: metric columns, event records and generic tables.
// Nothing here knows the model; names, units and enum tables are passed in.
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace coordsim::io {

enum class MetricType : std::uint8_t { kInt64, kFloat64 };

/// One column of /metrics, fixed when the recorder is created.
struct MetricColumn {
  std::string name;  ///< dataset name: not "time" or "time_s", no '/'
  std::string unit;  ///< e.g. "tokens", "1/s", "" for a pure number
  std::string description;
  MetricType type = MetricType::kFloat64;
};

/// One value of one sample; its alternative must match the column's MetricType.
using MetricValue = std::variant<std::int64_t, double>;

/// One row of /events: an applied or rejected action, or a value movement. 40 bytes, no
/// padding, stored as is. `kind`, `reason`, `cause` and the buckets index the name tables given
/// in EventNames (docs/output-format.md, "/events").
struct EventRecord {
  std::uint64_t time = 0;  ///< simulated ticks
  std::uint16_t kind = 0;
  std::uint16_t reason = 0;   ///< 0 conventionally means "applied"
  std::uint32_t handler = 0;  ///< the actor whose event made the row (2^32-1: none)
  std::uint32_t actor = 0;
  std::uint32_t target = 0;
  std::uint32_t session = 0;
  std::uint16_t cause = 0;  ///< the event kind the row belongs to (2^16-1: none)
  std::uint8_t from_bucket = 0;
  std::uint8_t to_bucket = 0;
  std::int64_t amount = 0;  ///< base units

  friend bool operator==(const EventRecord&, const EventRecord&) = default;
};
static_assert(sizeof(EventRecord) == 40 && std::is_trivially_copyable_v<EventRecord>);

/// Names of the values of EventRecord::kind, ::reason, ::cause and the buckets (index = value).
struct EventNames {
  std::vector<std::string> kinds;
  std::vector<std::string> reasons;
  std::vector<std::string> causes;
  std::vector<std::string> buckets;
  /// Whether every row was kept (no filter by kind or group): only then can every balance be
  /// replayed from the file alone.
  bool complete = false;
  friend bool operator==(const EventNames&, const EventNames&) = default;
};

using ColumnValues = std::variant<std::vector<std::int64_t>, std::vector<std::uint64_t>,
                                  std::vector<double>, std::vector<std::string>>;

/// One column of a table group (/agents, /sessions, /graph, /invariants, snapshots).
/// Strings are stored fixed-length (width of the longest value).
struct TableColumn {
  std::string name;
  std::string unit;
  std::string description;
  ColumnValues values;
  friend bool operator==(const TableColumn&, const TableColumn&) = default;
};

[[nodiscard]] inline std::size_t column_size(const ColumnValues& v) {
  return std::visit([](const auto& vec) { return vec.size(); }, v);
}

}  // namespace coordsim::io
