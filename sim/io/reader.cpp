#include "io/reader.hpp"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "io/detail/guard.hpp"
#include "io/detail/hasher.hpp"
#include "io/detail/run_file.hpp"
#include "io/detail/walk.hpp"
#include "io/error.hpp"

namespace coordsim::io {

namespace fs = std::filesystem;
using detail::check;
using detail::guarded;
using detail::Hid;

namespace {

/// Opens a run file read-only, refusing what is not ours and, unless told, what carries no seal.
/// The seal is checked before libhdf5 reads the file. Throws IoError and its subclasses.
Hid open_run_file(const fs::path& path, Unsealed unsealed, SealState* state = nullptr) {
  detail::silence_errors();
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw IoError(path, "is a directory, not a run file");
  if (!fs::exists(path, ec)) throw IoError(path, "does not exist");
  if (fs::file_size(path, ec) == 0)
    throw ForeignFileError(path, "is empty, not a coordsim run file");
  const SealState seal_state = check_seal(path);
  if (state != nullptr) *state = seal_state;
  if (seal_state == SealState::kUnsealed && unsealed == Unsealed::kRefuse) {
    throw UnsealedFileError(
        path,
        "carries no seal (a killed run's partial file, or written by a coordsim before run "
        "files were sealed), so its bytes cannot be checked before libhdf5 reads them, and "
        "libhdf5 1.10 can crash on a damaged file; if you trust where it came from, pass "
        "--unsealed");
  }
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  if (is_hdf5 < 0) throw IoError(path, "cannot read: " + detail::error_stack_text());
  if (is_hdf5 == 0) throw ForeignFileError(path, "is not an HDF5 file, so not a coordsim run file");
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) {
    throw IoError(path, "cannot open (damaged or truncated file?): " + detail::error_stack_text());
  }
  Hid file(id, H5Fclose, "open file");
  const htri_t ours = H5Aexists(file.get(), detail::kFormatAttr);
  if (ours < 0) throw IoError(path, "cannot read root attributes: " + detail::error_stack_text());
  if (ours == 0) {
    throw ForeignFileError(path, std::string("is an HDF5 file without the ") + detail::kFormatAttr +
                                     " attribute: not a coordsim run file");
  }
  return file;
}

template <class F>
decltype(auto) with_file(const fs::path& path, Unsealed unsealed, F&& f) {
  Hid file = open_run_file(path, unsealed);
  return guarded(path, [&] { return std::forward<F>(f)(file.get()); });
}

RunInfo run_info_of(hid_t root) {
  using namespace detail;
  RunInfo r;
  r.coordsim_version = read_attr_string(root, "coordsim_version");
  r.scenario_name = read_attr_string(root, "scenario_name");
  r.scenario_text = read_attr_string(root, "scenario_text");
  r.seed = read_attr_u64(root, "seed");
  r.scenario_hash = read_attr_string(root, "scenario_hash");
  r.tick_seconds = read_attr_f64(root, "tick_seconds");
  r.execution.start_time_utc = read_attr_string(root, "start_time_utc");
  r.execution.threads = static_cast<std::uint32_t>(read_attr_u64(root, "threads"));
  r.execution.ranks = static_cast<std::uint32_t>(read_attr_u64(root, "ranks"));
  r.execution.host = read_attr_string(root, "host");
  return r;
}

template <class T>
T read_last(hid_t dataset, hid_t mem_type) {
  const hsize_t rows = detail::dataset_rows(dataset);
  T value{};
  if (rows == 0) return value;
  const hsize_t first = rows - 1;
  const hsize_t one = 1;
  Hid fspace(H5Dget_space(dataset), H5Sclose, "space");
  check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &first, nullptr, &one, nullptr),
        "select");
  Hid mspace = detail::simple_space(1, 1);
  check(H5Dread(dataset, mem_type, mspace.get(), fspace.get(), H5P_DEFAULT, &value), "read");
  return value;
}

Checkpoint checkpoint_of(hid_t root, std::uint64_t sequence, bool with_blob) {
  using namespace detail;
  Hid d = open_dataset(root, std::string(kCheckpointsGroup) + "/" + std::to_string(sequence));
  Checkpoint c;
  c.sequence = read_attr_u64(d.get(), "sequence");
  c.label = read_attr_string(d.get(), "label");
  c.time = kernel::SimTime{read_attr_u64(d.get(), "time_ticks")};
  c.metric_rows = read_attr_u64(d.get(), "metric_rows");
  c.event_rows = read_attr_u64(d.get(), "event_rows");
  if (with_blob) {
    auto bytes = read_all<std::uint8_t>(d.get(), H5T_NATIVE_UINT8);
    c.blob.resize(bytes.size());
    std::transform(bytes.begin(), bytes.end(), c.blob.begin(),
                   [](std::uint8_t b) { return std::byte{b}; });
  }
  return c;
}

std::vector<std::uint64_t> checkpoint_sequences(hid_t root) {
  std::vector<std::uint64_t> seqs;
  if (!detail::link_exists(root, detail::kCheckpointsGroup)) return seqs;
  Hid g = detail::open_group(root, detail::kCheckpointsGroup);
  for (const auto& name : detail::child_names(g.get())) {
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    seqs.push_back(std::stoull(name));
  }
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}

TableColumn read_column(hid_t group, const std::string& name) {
  using namespace detail;
  Hid d = open_dataset(group, name);
  Hid type(H5Dget_type(d.get()), H5Tclose, "column type");
  TableColumn col;
  col.name = name;
  if (has_attr(d.get(), "units")) col.unit = read_attr_string(d.get(), "units");
  if (has_attr(d.get(), "description")) col.description = read_attr_string(d.get(), "description");
  switch (H5Tget_class(type.get())) {
    case H5T_INTEGER:
      if (H5Tget_sign(type.get()) == H5T_SGN_NONE) {
        col.values = read_all<std::uint64_t>(d.get(), H5T_NATIVE_UINT64);
      } else {
        col.values = read_all<std::int64_t>(d.get(), H5T_NATIVE_INT64);
      }
      break;
    case H5T_FLOAT:
      col.values = read_all<double>(d.get(), H5T_NATIVE_DOUBLE);
      break;
    case H5T_STRING: {
      if (H5Tis_variable_str(type.get()) != 0)
        throw H5Failure("column " + name + ": variable strings");
      const std::size_t width = H5Tget_size(type.get());
      const auto rows = static_cast<std::size_t>(dataset_rows(d.get()));
      Hid mtype = fixed_string_type(width);
      std::vector<char> buf(width * rows);
      if (rows > 0)
        check(H5Dread(d.get(), mtype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "read");
      std::vector<std::string> strings;
      strings.reserve(rows);
      for (std::size_t i = 0; i < rows; ++i) {
        const char* s = buf.data() + i * width;
        strings.emplace_back(s, strnlen(s, width));
      }
      col.values = std::move(strings);
      break;
    }
    default:
      throw H5Failure("column " + name + " has an unsupported type");
  }
  return col;
}

}  // namespace

RunInfo read_run_info(const fs::path& path, Unsealed unsealed) {
  return with_file(path, unsealed, [](hid_t root) { return run_info_of(root); });
}

FileSummary inspect(const fs::path& path, Unsealed unsealed) {
  SealState seal_state = SealState::kUnsealed;
  Hid file = open_run_file(path, unsealed, &seal_state);
  return guarded(path, [&, root = file.get()] {
    using namespace detail;
    FileSummary s;
    s.sealed = seal_state == SealState::kSealed;
    s.format_version = read_attr_i64(root, kFormatAttr);
    s.run = run_info_of(root);
    s.complete = read_attr_i64(root, "complete") != 0;
    s.end_time_ticks = read_attr_u64(root, "end_time_ticks");
    const RecordingLayout layout = read_layout(root);
    Hid metrics = open_group(root, kMetricsGroup);
    Hid time = open_dataset(metrics.get(), "time");
    s.samples = dataset_rows(time.get());
    s.last_sample_ticks = read_last<std::uint64_t>(time.get(), H5T_NATIVE_UINT64);
    s.duration_seconds =
        static_cast<double>(std::max(s.end_time_ticks, s.last_sample_ticks)) * s.run.tick_seconds;
    for (const auto& c : layout.metrics) {
      MetricSummary m{c.name, c.unit, c.description, c.type, std::nullopt};
      Hid d = open_dataset(metrics.get(), c.name);
      if (s.samples > 0 && dataset_rows(d.get()) > 0) {
        if (c.type == MetricType::kInt64) {
          m.last = read_last<std::int64_t>(d.get(), H5T_NATIVE_INT64);
        } else {
          m.last = read_last<double>(d.get(), H5T_NATIVE_DOUBLE);
        }
      }
      s.metrics.push_back(std::move(m));
    }
    if (layout.events) {
      Hid ev = open_dataset(root, kEventsDataset);
      s.events = dataset_rows(ev.get());
    }
    for (const auto& t : find_tables(root)) {
      Hid g = open_group(root, t);
      std::size_t columns = 0;
      for (const auto& name : child_names(g.get())) {
        H5O_info_t info{};
        check(H5Oget_info_by_name2(g.get(), name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
              "info");
        if (info.type == H5O_TYPE_DATASET) ++columns;
      }
      s.tables.push_back({t, read_attr_u64(g.get(), "table_rows"), columns});
    }
    s.checkpoints = checkpoint_sequences(root).size();
    return s;
  });
}

std::string format_summary(const FileSummary& s) {
  std::string out;
  const auto line = [&](const char* key, const std::string& value) {
    char head[32];
    std::snprintf(head, sizeof head, "%-13s", key);
    out += head;
    out += value;
    out += '\n';
  };
  char buf[256];
  line("scenario:", s.run.scenario_name + "  (hash " + s.run.scenario_hash + ")");
  line("seed:", std::to_string(s.run.seed));
  line("coordsim:",
       s.run.coordsim_version + "  (file format " + std::to_string(s.format_version) + ")");
  line("complete:", s.complete ? "yes" : "NO (the run was interrupted or is still being written)");
  line("sealed:", s.sealed ? "yes (every byte checked)"
                           : "NO (a killed run's partial file, or an older coordsim's file)");
  std::snprintf(buf, sizeof buf, "%.6g s simulated (%" PRIu64 " ticks of %.6g s)",
                s.duration_seconds, std::max(s.end_time_ticks, s.last_sample_ticks),
                s.run.tick_seconds);
  line("duration:", buf);
  line("executed:", s.run.execution.start_time_utc + " on " + s.run.execution.host + ", " +
                        std::to_string(s.run.execution.threads) + " thread(s), " +
                        std::to_string(s.run.execution.ranks) + " rank(s)");
  line("samples:", std::to_string(s.samples));
  out += "metrics (last value):\n";
  std::size_t width = 4;
  for (const auto& m : s.metrics) width = std::max(width, m.name.size());
  for (const auto& m : s.metrics) {
    std::string value = "-";
    if (m.last) {
      if (const auto* i = std::get_if<std::int64_t>(&*m.last)) {
        value = std::to_string(*i);
      } else {
        std::snprintf(buf, sizeof buf, "%.10g", std::get<double>(*m.last));
        value = buf;
      }
    }
    std::snprintf(buf, sizeof buf, "  %-*s  %20s  %s\n", static_cast<int>(width), m.name.c_str(),
                  value.c_str(), m.unit.c_str());
    out += buf;
  }
  line("events:", s.events ? std::to_string(*s.events) + " rows" : std::string("not recorded"));
  if (s.tables.empty()) line("tables:", "none");
  for (std::size_t i = 0; i < s.tables.size(); ++i) {
    const auto& t = s.tables[i];
    line(i == 0 ? "tables:" : "", t.path + "  (" + std::to_string(t.rows) + " rows, " +
                                      std::to_string(t.columns) + " columns)");
  }
  line("checkpoints:", std::to_string(s.checkpoints));
  return out;
}

std::vector<MetricColumn> read_metric_columns(const fs::path& path, Unsealed unsealed) {
  return with_file(path, unsealed, [](hid_t root) { return detail::read_layout(root).metrics; });
}

std::vector<std::uint64_t> read_metric_time(const fs::path& path, Unsealed unsealed) {
  return with_file(path, unsealed, [](hid_t root) {
    Hid d = detail::open_dataset(root, "/metrics/time");
    return detail::read_all<std::uint64_t>(d.get(), H5T_NATIVE_UINT64);
  });
}

MetricData read_metric(const fs::path& path, const std::string& name, Unsealed unsealed) {
  return with_file(path, unsealed, [&](hid_t root) -> MetricData {
    Hid metrics = detail::open_group(root, detail::kMetricsGroup);
    const MetricColumn c = detail::read_metric_column(metrics.get(), name);
    Hid d = detail::open_dataset(metrics.get(), name);
    if (c.type == MetricType::kInt64)
      return detail::read_all<std::int64_t>(d.get(), H5T_NATIVE_INT64);
    return detail::read_all<double>(d.get(), H5T_NATIVE_DOUBLE);
  });
}

std::vector<EventRecord> read_events(const fs::path& path, Unsealed unsealed) {
  return with_file(path, unsealed, [](hid_t root) {
    if (!detail::link_exists(root, detail::kEventsDataset)) {
      throw detail::H5Failure("the file has no /events table");
    }
    Hid d = detail::open_dataset(root, detail::kEventsDataset);
    Hid mtype = detail::event_type(true);
    return detail::read_all<EventRecord>(d.get(), mtype.get());
  });
}

EventNames read_event_names(const fs::path& path, Unsealed unsealed) {
  return with_file(path, unsealed, [](hid_t root) {
    auto layout = detail::read_layout(root);
    if (!layout.events) throw detail::H5Failure("the file has no /events table");
    return *layout.events;
  });
}

std::vector<TableColumn> read_table(const fs::path& path, const std::string& group_path,
                                    Unsealed unsealed) {
  return with_file(path, unsealed, [&](hid_t root) {
    Hid g = detail::open_group(root, group_path);
    if (!detail::has_attr(g.get(), "table_rows"))
      throw detail::H5Failure(group_path + " is not a table");
    std::vector<TableColumn> cols;
    for (const auto& name : detail::child_names(g.get())) {
      H5O_info_t info{};
      check(H5Oget_info_by_name2(g.get(), name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
            "info");
      if (info.type == H5O_TYPE_DATASET) cols.push_back(read_column(g.get(), name));
    }
    return cols;
  });
}

std::optional<Checkpoint> read_latest_checkpoint(const fs::path& path, Unsealed unsealed) {
  return with_file(path, unsealed, [](hid_t root) -> std::optional<Checkpoint> {
    const auto seqs = checkpoint_sequences(root);
    if (seqs.empty()) return std::nullopt;
    return checkpoint_of(root, seqs.back(), true);
  });
}

Checkpoint read_checkpoint(const fs::path& path, std::uint64_t sequence, Unsealed unsealed) {
  return with_file(path, unsealed, [&](hid_t root) { return checkpoint_of(root, sequence, true); });
}

std::string dataset_digest(const fs::path& path, Unsealed unsealed) {
  return with_file(path, unsealed, [](hid_t root) {
    detail::Hasher128 hasher;
    std::vector<unsigned char> buf;
    for (const auto& o : detail::list_objects(root)) {
      if (o.type != H5O_TYPE_DATASET) continue;
      Hid d = detail::open_dataset(root, o.path);
      Hid type(H5Dget_type(d.get()), H5Tclose, "type");
      Hid space(H5Dget_space(d.get()), H5Sclose, "space");
      // The encoded type and the shape are hashed too: same bytes in another type differ.
      std::size_t type_len = 0;
      check(H5Tencode(type.get(), nullptr, &type_len), "encode type");
      std::vector<unsigned char> type_bytes(type_len);
      check(H5Tencode(type.get(), type_bytes.data(), &type_len), "encode type");
      const int rank = H5Sget_simple_extent_ndims(space.get());
      if (rank < 0) detail::throw_h5("rank");
      std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
      if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr), "dims");
      hasher.update(o.path.c_str(), o.path.size() + 1);
      hasher.update(type_bytes.data(), type_bytes.size());
      hasher.update(dims.data(), dims.size() * sizeof(hsize_t));
      const hssize_t points = H5Sget_simple_extent_npoints(space.get());
      const std::size_t elem = H5Tget_size(type.get());
      if (points <= 0 || H5Tdetect_class(type.get(), H5T_VLEN) > 0 ||
          H5Tis_variable_str(type.get()) > 0) {
        continue;  // nothing to read, or pointers rather than bytes (never written by coordsim)
      }
      // Raw file bytes: read in the file's own type, so no conversion happens.
      const auto total = static_cast<hsize_t>(points);
      const hsize_t step = rank == 1 ? std::max<hsize_t>(1, (hsize_t{8} << 20) / elem) : total;
      for (hsize_t first = 0; first < total; first += step) {
        const hsize_t n = std::min(step, total - first);
        buf.resize(static_cast<std::size_t>(n) * elem);
        if (rank == 1) {
          Hid fspace(H5Dget_space(d.get()), H5Sclose, "space");
          check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &first, nullptr, &n, nullptr),
                "select");
          Hid mspace = detail::simple_space(n, n);
          check(H5Dread(d.get(), type.get(), mspace.get(), fspace.get(), H5P_DEFAULT, buf.data()),
                "read");
        } else {
          check(H5Dread(d.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "read");
        }
        hasher.update(buf.data(), buf.size());
      }
    }
    const XXH128_hash_t h = hasher.digest();
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016" PRIx64 "%016" PRIx64,
                  static_cast<std::uint64_t>(h.high64), static_cast<std::uint64_t>(h.low64));
    return std::string(hex);
  });
}

}  // namespace coordsim::io
