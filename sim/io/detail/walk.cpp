#include "io/detail/walk.hpp"

#include "io/detail/run_file.hpp"

namespace coordsim::io::detail {

MetricColumn read_metric_column(hid_t metrics_group, const std::string& name) {
  Hid d = open_dataset(metrics_group, name);
  Hid type(H5Dget_type(d.get()), H5Tclose, "metric type");
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) throw H5Failure("metric " + name + " is not numeric");
  MetricColumn c;
  c.name = name;
  c.type = cls == H5T_INTEGER ? MetricType::kInt64 : MetricType::kFloat64;
  if (has_attr(d.get(), "units")) c.unit = read_attr_string(d.get(), "units");
  if (has_attr(d.get(), "description")) c.description = read_attr_string(d.get(), "description");
  return c;
}

RecordingLayout read_layout(hid_t root) {
  RecordingLayout layout;
  Hid metrics = open_group(root, kMetricsGroup);
  for (const auto& name : child_names(metrics.get())) {
    if (name == "time" || name == "time_s") continue;
    layout.metrics.push_back(read_metric_column(metrics.get(), name));
  }
  if (link_exists(root, kEventsDataset)) {
    Hid ev = open_dataset(root, kEventsDataset);
    EventNames names;
    names.kinds = read_attr_strings(ev.get(), "kind_names");
    names.reasons = read_attr_strings(ev.get(), "reason_names");
    // Files written before movements were logged have neither; their log is not complete.
    if (has_attr(ev.get(), "cause_names"))
      names.causes = read_attr_strings(ev.get(), "cause_names");
    if (has_attr(ev.get(), "bucket_names"))
      names.buckets = read_attr_strings(ev.get(), "bucket_names");
    names.complete =
        has_attr(ev.get(), "complete_log") && read_attr_i64(ev.get(), "complete_log") == 1;
    layout.events = std::move(names);
  }
  return layout;
}

namespace {
herr_t collect_object(hid_t /*root*/, const char* name, const H5O_info_t* info, void* data) {
  auto& out = *static_cast<std::vector<ObjectEntry>*>(data);
  const std::string n = name;
  out.push_back({n == "." ? "/" : "/" + n, info->type});
  return 0;
}
}  // namespace

std::vector<ObjectEntry> list_objects(hid_t root) {
  std::vector<ObjectEntry> out;
  check(H5Ovisit2(root, H5_INDEX_NAME, H5_ITER_INC, collect_object, &out, H5O_INFO_BASIC),
        "walk the file");
  return out;
}

std::vector<std::string> find_tables(hid_t root) {
  std::vector<std::string> tables;
  for (const auto& o : list_objects(root)) {
    if (o.type != H5O_TYPE_GROUP || o.path == "/") continue;
    Hid g = open_group(root, o.path);
    if (has_attr(g.get(), "table_rows")) tables.push_back(o.path);
  }
  return tables;
}

}  // namespace coordsim::io::detail
