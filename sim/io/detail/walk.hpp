#pragma once
// Private to sim/io: reading the layout of an open run file.
#include <string>
#include <vector>

#include "io/detail/h5.hpp"
#include "io/recorder.hpp"

namespace coordsim::io::detail {

/// Metric columns (from /metrics, in creation order) and the event name tables, if any.
[[nodiscard]] RecordingLayout read_layout(hid_t root);
[[nodiscard]] MetricColumn read_metric_column(hid_t metrics_group, const std::string& name);

/// Every object path in the file (name order, depth first), with its object type.
struct ObjectEntry {
  std::string path;  ///< absolute, e.g. "/metrics/time"
  H5O_type_t type = H5O_TYPE_UNKNOWN;
};
[[nodiscard]] std::vector<ObjectEntry> list_objects(hid_t root);

/// Groups written by write_table (they carry a `table_rows` attribute).
[[nodiscard]] std::vector<std::string> find_tables(hid_t root);

}  // namespace coordsim::io::detail
