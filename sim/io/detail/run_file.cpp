#include "io/detail/run_file.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "io/detail/walk.hpp"
#include "io/seal.hpp"

namespace coordsim::io::detail {

namespace {

constexpr hsize_t kTableChunkRows = 65536;
constexpr hsize_t kCheckpointChunkBytes = hsize_t{1} << 20;

Hid run_file_fcpl() {
  Hid fcpl = plist(H5P_FILE_CREATE);
  // The first bytes stay free for the seal (io/seal.hpp), written at close; HDF5 never reads them.
  check(H5Pset_userblock(fcpl.get(), kSealBlockBytes), "reserve the seal block");
  // No object timestamps anywhere: two runs of the same scenario must give the same bytes.
  check(H5Pset_obj_track_times(fcpl.get(), false), "set root timestamps");
  check(H5Pset_link_creation_order(fcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "set root link order");
  // The file space strategy stays the default: any other one is recorded in a superblock
  // extension whose object header HDF5 always timestamps.
  return fcpl;
}

Hid events_dapl() {
  Hid dapl = plist(H5P_DATASET_ACCESS);
  // No chunk cache: /events is written in whole chunks, each compressed and placed at once, so the
  // file layout does not depend on when the cache would have evicted.
  check(H5Pset_chunk_cache(dapl.get(), 1, 0, 1.0), "set events chunk cache");
  return dapl;
}

Hid create_dataset(hid_t loc, const std::string& name, hid_t file_type, hsize_t rows,
                   hsize_t chunk_rows, int deflate, hid_t dapl = H5P_DEFAULT) {
  Hid space = simple_space(rows, H5S_UNLIMITED);
  Hid dcpl = chunked_dcpl(chunk_rows, deflate);
  return Hid(H5Dcreate2(loc, name.c_str(), file_type, space.get(), H5P_DEFAULT, dcpl.get(), dapl),
             H5Dclose, ("create dataset " + name).c_str());
}

void set_rows(hid_t dataset, hsize_t rows) {
  check(H5Dset_extent(dataset, &rows), "resize dataset");
}

void describe(hid_t obj, const std::string& unit, const std::string& description) {
  write_attr_string(obj, "units", unit);
  write_attr_string(obj, "description", description);
}

void write_execution(hid_t root, const ExecutionInfo& e) {
  write_attr_fixed_string(root, "start_time_utc", e.start_time_utc, kExecStringWidth);
  write_attr_u64(root, "threads", e.threads);
  write_attr_u64(root, "ranks", e.ranks);
  write_attr_fixed_string(root, "host", e.host, kExecStringWidth);
}

/// Deletes the datasets directly in `group` (a table's columns), keeping its subgroups.
void delete_columns(hid_t group) {
  for (const auto& name : child_names(group)) {
    H5O_info_t info{};
    check(H5Oget_info_by_name2(group, name.c_str(), &info, H5O_INFO_BASIC, H5P_DEFAULT),
          "table member info");
    if (info.type == H5O_TYPE_DATASET) {
      check(H5Ldelete(group, name.c_str(), H5P_DEFAULT), "delete table column");
    }
  }
}

hid_t metric_file_type(MetricType t) {
  return t == MetricType::kInt64 ? H5T_STD_I64LE : H5T_IEEE_F64LE;
}

}  // namespace

Hid run_file_fapl() {
  Hid fapl = plist(H5P_FILE_ACCESS);
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18), "set format bounds");
  // No metadata/small-data aggregation blocks: every flush releases the aggregators, so with them
  // the placement of later objects - hence the file's bytes - would depend on when flushes ran.
  check(H5Pset_meta_block_size(fapl.get(), 0), "set metadata block size");
  check(H5Pset_small_data_block_size(fapl.get(), 0), "set small data block size");
  H5AC_cache_config_t cfg{};
  cfg.version = H5AC__CURR_CACHE_CONFIG_VERSION;
  check(H5Pget_mdc_config(fapl.get(), &cfg), "get cache config");
  cfg.evictions_enabled = false;
  cfg.incr_mode = H5C_incr__off;
  cfg.flash_incr_mode = H5C_flash_incr__off;
  cfg.decr_mode = H5C_decr__off;
  check(H5Pset_mdc_config(fapl.get(), &cfg), "set cache config");
  return fapl;
}

Hid event_type(bool native) {
  const auto field = [native](hid_t le, hid_t mem) { return native ? mem : le; };
  Hid t(H5Tcreate(H5T_COMPOUND, sizeof(EventRecord)), H5Tclose, "create event type");
  const auto add = [&](const char* name, std::size_t offset, hid_t type) {
    check(H5Tinsert(t.get(), name, offset, type), "event type field");
  };
  add("time", offsetof(EventRecord, time), field(H5T_STD_U64LE, H5T_NATIVE_UINT64));
  add("kind", offsetof(EventRecord, kind), field(H5T_STD_U16LE, H5T_NATIVE_UINT16));
  add("reason", offsetof(EventRecord, reason), field(H5T_STD_U16LE, H5T_NATIVE_UINT16));
  add("handler", offsetof(EventRecord, handler), field(H5T_STD_U32LE, H5T_NATIVE_UINT32));
  add("actor", offsetof(EventRecord, actor), field(H5T_STD_U32LE, H5T_NATIVE_UINT32));
  add("target", offsetof(EventRecord, target), field(H5T_STD_U32LE, H5T_NATIVE_UINT32));
  add("session", offsetof(EventRecord, session), field(H5T_STD_U32LE, H5T_NATIVE_UINT32));
  add("cause", offsetof(EventRecord, cause), field(H5T_STD_U16LE, H5T_NATIVE_UINT16));
  add("from_bucket", offsetof(EventRecord, from_bucket), field(H5T_STD_U8LE, H5T_NATIVE_UINT8));
  add("to_bucket", offsetof(EventRecord, to_bucket), field(H5T_STD_U8LE, H5T_NATIVE_UINT8));
  add("amount", offsetof(EventRecord, amount), field(H5T_STD_I64LE, H5T_NATIVE_INT64));
  return t;
}

RunFile RunFile::create(const std::filesystem::path& path, const RunInfo& info,
                        const RecordingLayout& layout, const RecorderOptions& options) {
  RunFile f;
  f.path_ = path;
  f.options_ = options;
  f.layout_ = layout;
  f.tick_seconds_ = info.tick_seconds;
  Hid fcpl = run_file_fcpl();
  Hid fapl = run_file_fapl();
  f.file_ =
      Hid(H5Fcreate(path.c_str(), H5F_ACC_EXCL, fcpl.get(), fapl.get()), H5Fclose, "create file");
  const hid_t root = f.file_.get();
  write_attr_i64(root, kFormatAttr, kFormatVersion);
  write_attr_string(root, "coordsim_version", info.coordsim_version);
  write_attr_string(root, "scenario_name", info.scenario_name);
  write_attr_string(root, "scenario_text", info.scenario_text);
  write_attr_u64(root, "seed", info.seed);
  write_attr_string(root, "scenario_hash", info.scenario_hash);
  write_attr_f64(root, "tick_seconds", info.tick_seconds);
  write_execution(root, info.execution);
  write_attr_i64(root, "complete", 0);
  write_attr_u64(root, "end_time_ticks", 0);

  Hid metrics = create_group(root, kMetricsGroup);
  const hsize_t chunk = options.metric_chunk_rows;
  Hid time = create_dataset(metrics.get(), "time", H5T_STD_U64LE, 0, chunk, 0);
  describe(time.get(), "ticks", "simulated time of the sample");
  write_attr_f64(time.get(), "tick_seconds", info.tick_seconds);
  Hid time_s = create_dataset(metrics.get(), "time_s", H5T_IEEE_F64LE, 0, chunk, 0);
  describe(time_s.get(), "s", "simulated time of the sample in seconds (time * tick_seconds)");
  for (const auto& c : layout.metrics) {
    Hid d = create_dataset(metrics.get(), c.name, metric_file_type(c.type), 0, chunk, 0);
    describe(d.get(), c.unit, c.description);
  }
  if (layout.events) {
    Hid ftype = event_type(false);
    Hid dapl = events_dapl();
    Hid ev = create_dataset(root, kEventsDataset, ftype.get(), 0, options.event_chunk_rows,
                            options.deflate_level, dapl.get());
    write_attr_string(ev.get(), "description",
                      "every recorded action and value movement: time (ticks), kind, reason "
                      "(0 = applied), handler, actor, target, session, cause, from_bucket, "
                      "to_bucket, amount (base units); see docs/output-format.md");
    write_attr_string(ev.get(), "time_units", "ticks");
    write_attr_string(ev.get(), "amount_units", "base units");
    write_attr_strings(ev.get(), "kind_names", layout.events->kinds);
    write_attr_strings(ev.get(), "reason_names", layout.events->reasons);
    if (!layout.events->causes.empty())
      write_attr_strings(ev.get(), "cause_names", layout.events->causes);
    if (!layout.events->buckets.empty())
      write_attr_strings(ev.get(), "bucket_names", layout.events->buckets);
    write_attr_i64(ev.get(), "complete_log", layout.events->complete ? 1 : 0);
  }
  create_group(root, kCheckpointsGroup);
  f.open_datasets();
  return f;
}

void RunFile::open_datasets() {
  const hid_t root = file_.get();
  time_ = open_dataset(root, "/metrics/time");
  time_s_ = open_dataset(root, "/metrics/time_s");
  metrics_.clear();
  for (const auto& c : layout_.metrics)
    metrics_.push_back(open_dataset(root, "/metrics/" + c.name));
  if (layout_.events) {
    Hid dapl = events_dapl();
    events_ = Hid(H5Dopen2(root, kEventsDataset, dapl.get()), H5Dclose, "open /events");
    event_mem_type_ = event_type(true);
    // Chunks are compressed here when the dataset has exactly the filters EventChunk writes for.
    Hid dcpl(H5Dget_create_plist(events_.get()), H5Pclose, "/events creation list");
    hsize_t chunk_rows = 0;
    check(H5Pget_chunk(dcpl.get(), 1, &chunk_rows) == 1 ? 0 : -1, "/events chunk size");
    const auto filter = [&](unsigned index, unsigned* level) {
      unsigned flags = 0;
      std::size_t n_values = level != nullptr ? 1 : 0;
      return H5Pget_filter2(dcpl.get(), index, &flags, &n_values, level, 0, nullptr, nullptr);
    };
    unsigned level = 0;
    const bool shuffle_then_deflate = H5Pget_nfilters(dcpl.get()) == 2 &&
                                      filter(0, nullptr) == H5Z_FILTER_SHUFFLE &&
                                      filter(1, &level) == H5Z_FILTER_DEFLATE;
    chunk_.reset();
    if (shuffle_then_deflate) {
      chunk_.emplace(static_cast<std::size_t>(chunk_rows), static_cast<int>(level));
    }
  }
}

void RunFile::reload_partial_chunk() {
  if (!chunk_) return;
  chunk_->clear();
  chunk_first_ = event_rows_ - event_rows_ % chunk_->rows();
  const hsize_t n = event_rows_ - chunk_first_;
  if (n == 0) return;
  std::vector<EventRecord> rows(static_cast<std::size_t>(n));
  Hid fspace(H5Dget_space(events_.get()), H5Sclose, "/events space");
  const hsize_t first = chunk_first_;
  check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &first, nullptr, &n, nullptr),
        "select /events rows");
  Hid mspace = simple_space(n, n);
  check(H5Dread(events_.get(), event_mem_type_.get(), mspace.get(), fspace.get(), H5P_DEFAULT,
                rows.data()),
        "read the partial /events chunk");
  chunk_->add(rows);
}

RunFile RunFile::resume(const std::filesystem::path& path, std::uint64_t from,
                        const ExecutionInfo& execution, const RecorderOptions& options) {
  RunFile f;
  f.path_ = path;
  f.options_ = options;
  // Changed in place from here on: a run killed while resuming must leave an unsealed file (read
  // on request, like any killed run's), not one whose stale seal calls it damaged.
  unseal(path);
  Hid fapl = run_file_fapl();
  f.file_ = Hid(H5Fopen(path.c_str(), H5F_ACC_RDWR, fapl.get()), H5Fclose, "open file");
  const hid_t root = f.file_.get();
  {
    // A file of a coordsim before the seal has no room for one (its superblock is at byte 0):
    // resumed, it stays unsealed.
    Hid fcpl(H5Fget_create_plist(root), H5Pclose, "file creation list");
    hsize_t user_block = 0;
    check(H5Pget_userblock(fcpl.get(), &user_block), "user block size");
    f.sealable_ = user_block == kSealBlockBytes;
  }
  if (!has_attr(root, kFormatAttr) || read_attr_i64(root, kFormatAttr) != kFormatVersion) {
    throw H5Failure("not a coordsim run file of format version " + std::to_string(kFormatVersion));
  }
  f.tick_seconds_ = read_attr_f64(root, "tick_seconds");
  f.layout_ = read_layout(root);

  const std::string cp_path = std::string(kCheckpointsGroup) + "/" + std::to_string(from);
  if (!link_exists(root, cp_path))
    throw H5Failure("the file has no checkpoint " + std::to_string(from));
  {
    Hid cp = open_dataset(root, cp_path);
    f.metric_rows_ = read_attr_u64(cp.get(), "metric_rows");
    f.event_rows_ = read_attr_u64(cp.get(), "event_rows");
  }
  f.open_datasets();
  // Truncate everything recorded after the checkpoint: the resumed run records it again.
  set_rows(f.time_.get(), f.metric_rows_);
  set_rows(f.time_s_.get(), f.metric_rows_);
  for (auto& m : f.metrics_) set_rows(m.get(), f.metric_rows_);
  if (f.events_.valid()) {
    set_rows(f.events_.get(), f.event_rows_);
    f.reload_partial_chunk();
  }
  Hid cps = open_group(root, kCheckpointsGroup);
  for (const auto& name : child_names(cps.get())) {
    if (std::stoull(name) > from)
      check(H5Ldelete(cps.get(), name.c_str(), H5P_DEFAULT), "delete checkpoint");
  }
  for (const auto& t : find_tables(root)) {
    Hid g = open_group(root, t);
    if (read_attr_u64(g.get(), "checkpoint_epoch") > from) {
      // Written after the checkpoint: the resumed run writes it again. Groups below it (older
      // snapshots) stay.
      delete_columns(g.get());
      check(H5Adelete(g.get(), "table_rows"), "delete table attribute");
      check(H5Adelete(g.get(), "checkpoint_epoch"), "delete table attribute");
      if (child_names(g.get()).empty()) {
        g.reset();
        check(H5Ldelete(root, t.c_str(), H5P_DEFAULT), "delete table written after the checkpoint");
      }
    }
  }
  write_execution(root, execution);
  write_attr_i64(root, "complete", 0);
  write_attr_u64(root, "end_time_ticks", 0);
  f.next_checkpoint_ = from + 1;
  f.flush();  // truncation freed chunks: settle before anything reuses their space
  if (f.metric_rows_ > 0) {
    std::uint64_t t = 0;
    const hsize_t first = f.metric_rows_ - 1;
    const hsize_t one = 1;
    Hid fspace(H5Dget_space(f.time_.get()), H5Sclose, "time space");
    check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &first, nullptr, &one, nullptr),
          "select");
    Hid mspace = simple_space(1, 1);
    check(H5Dread(f.time_.get(), H5T_NATIVE_UINT64, mspace.get(), fspace.get(), H5P_DEFAULT, &t),
          "read last sample time");
    f.last_time_ = t;
  }
  return f;
}

void RunFile::append_samples(const SampleBatch& batch) {
  const hsize_t n = batch.time.size();
  if (n == 0) return;
  const hsize_t first = metric_rows_;
  std::vector<double> seconds(batch.time.size());
  for (std::size_t i = 0; i < seconds.size(); ++i) {
    seconds[i] = static_cast<double>(batch.time[i]) * tick_seconds_;
  }
  set_rows(time_.get(), first + n);
  write_rows(time_.get(), H5T_NATIVE_UINT64, first, n, batch.time.data());
  set_rows(time_s_.get(), first + n);
  write_rows(time_s_.get(), H5T_NATIVE_DOUBLE, first, n, seconds.data());
  std::vector<std::int64_t> ints;
  std::vector<double> doubles;
  for (std::size_t c = 0; c < metrics_.size(); ++c) {
    set_rows(metrics_[c].get(), first + n);
    if (layout_.metrics[c].type == MetricType::kInt64) {
      ints.clear();
      for (const auto& row : batch.rows) ints.push_back(std::get<std::int64_t>(row[c]));
      write_rows(metrics_[c].get(), H5T_NATIVE_INT64, first, n, ints.data());
    } else {
      doubles.clear();
      for (const auto& row : batch.rows) doubles.push_back(std::get<double>(row[c]));
      write_rows(metrics_[c].get(), H5T_NATIVE_DOUBLE, first, n, doubles.data());
    }
  }
  metric_rows_ += n;
  last_time_ = batch.time.back();
}

void RunFile::append_events(std::span<const EventRecord> events) {
  if (chunk_) {
    while (!events.empty()) {
      const std::size_t take = std::min(events.size(), chunk_->rows() - chunk_->size());
      chunk_->add(events.first(take));
      events = events.subspan(take);
      if (chunk_->full()) write_staged_events();
    }
    return;
  }
  const std::size_t chunk = std::max<std::size_t>(options_.event_chunk_rows, 1);
  while (!events.empty()) {
    // Fill up to the next chunk boundary of the dataset, so that every write is a whole chunk.
    const std::size_t in_file = static_cast<std::size_t>((event_rows_ + staged_.size()) % chunk);
    const std::size_t take = std::min(events.size(), chunk - in_file);
    staged_.insert(staged_.end(), events.begin(),
                   events.begin() + static_cast<std::ptrdiff_t>(take));
    events = events.subspan(take);
    if ((event_rows_ + staged_.size()) % chunk == 0) write_staged_events();
  }
}

void RunFile::write_staged_events() {
  if (chunk_) {
    const std::uint64_t rows = chunk_first_ + chunk_->size();
    if (rows == event_rows_) return;
    // As below: a partial chunk written before is written again, elsewhere; flush at once.
    const bool rewrites_flushed_chunk = event_rows_ != chunk_first_;
    set_rows(events_.get(), rows);
    const std::span<const std::byte> bytes = chunk_->encode();
    const hsize_t offset = chunk_first_;
    check(H5Dwrite_chunk(events_.get(), H5P_DEFAULT, 0, &offset, bytes.size(), bytes.data()),
          "write an /events chunk");
    event_rows_ = rows;
    if (chunk_->full()) {
      chunk_first_ += chunk_->rows();
      chunk_->clear();
    }
    if (rewrites_flushed_chunk) flush();
    return;
  }
  if (staged_.empty()) return;
  const hsize_t n = staged_.size();
  // A partial chunk written at a sync point is compressed again when completed and moves; HDF5
  // frees its old place, which the flushed state still points to. Flush at once, before anything
  // else can be allocated there, so a killed run never finds that chunk overwritten.
  const bool rewrites_flushed_chunk =
      event_rows_ % std::max<std::size_t>(options_.event_chunk_rows, 1) != 0;
  set_rows(events_.get(), event_rows_ + n);
  write_rows(events_.get(), event_mem_type_.get(), event_rows_, n, staged_.data());
  event_rows_ += n;
  staged_.clear();
  if (rewrites_flushed_chunk) flush();
}

void RunFile::write_table(const std::string& group_path, const std::vector<TableColumn>& columns) {
  const hid_t root = file_.get();
  // Writing a table again replaces its columns but keeps any groups below it (so /agents written
  // at the end does not delete /agents/snapshots/<t>).
  Hid group = create_group(root, group_path);
  delete_columns(group.get());
  const hsize_t rows = columns.empty() ? 0 : column_size(columns.front().values);
  write_attr_u64(group.get(), "table_rows", rows);
  write_attr_u64(group.get(), "checkpoint_epoch", next_checkpoint_);
  const hsize_t chunk = std::clamp<hsize_t>(rows, 1, kTableChunkRows);
  const int deflate = options_.deflate_level;
  for (const auto& col : columns) {
    Hid d;
    std::visit(
        [&](const auto& v) {
          using T = typename std::decay_t<decltype(v)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) {
            std::size_t width = 1;
            for (const auto& s : v) width = std::max(width, s.size());
            Hid type = fixed_string_type(width);
            std::vector<char> buf(width * v.size(), '\0');
            for (std::size_t i = 0; i < v.size(); ++i)
              v[i].copy(buf.data() + i * width, v[i].size());
            d = create_dataset(group.get(), col.name, type.get(), rows, chunk, deflate);
            write_rows(d.get(), type.get(), 0, rows, buf.data());
          } else {
            hid_t file_type = H5T_IEEE_F64LE;
            hid_t mem_type = H5T_NATIVE_DOUBLE;
            if constexpr (std::is_same_v<T, std::int64_t>) {
              file_type = H5T_STD_I64LE;
              mem_type = H5T_NATIVE_INT64;
            } else if constexpr (std::is_same_v<T, std::uint64_t>) {
              file_type = H5T_STD_U64LE;
              mem_type = H5T_NATIVE_UINT64;
            }
            d = create_dataset(group.get(), col.name, file_type, rows, chunk, deflate);
            write_rows(d.get(), mem_type, 0, rows, v.data());
          }
        },
        col.values);
    describe(d.get(), col.unit, col.description);
  }
  flush();  // a replaced table freed space the flushed state may point to (see write_staged_events)
}

void RunFile::write_checkpoint(std::uint64_t sequence, const std::string& label,
                               std::span<const std::byte> blob, std::uint64_t time) {
  write_staged_events();
  Hid cps = open_group(file_.get(), kCheckpointsGroup);
  const hsize_t n = blob.size();
  const hsize_t chunk = std::clamp<hsize_t>(n, 1, kCheckpointChunkBytes);
  Hid d = create_dataset(cps.get(), std::to_string(sequence), H5T_STD_U8LE, n, chunk,
                         options_.deflate_level);
  write_rows(d.get(), H5T_NATIVE_UINT8, 0, n, blob.data());
  write_attr_string(d.get(), "label", label);
  write_attr_u64(d.get(), "sequence", sequence);
  write_attr_u64(d.get(), "time_ticks", time);
  write_attr_u64(d.get(), "metric_rows", metric_rows_);
  write_attr_u64(d.get(), "event_rows", event_rows_);
  write_attr_string(d.get(), "description", "opaque serialized simulation state");
  next_checkpoint_ = sequence + 1;
  flush();
}

void RunFile::sync() {
  write_staged_events();
  flush();
}

void RunFile::flush() { check(H5Fflush(file_.get(), H5F_SCOPE_LOCAL), "flush"); }

void RunFile::finish(std::uint64_t end_time, bool complete) {
  write_staged_events();
  write_attr_u64(file_.get(), "end_time_ticks", end_time);
  write_attr_i64(file_.get(), "complete", complete ? 1 : 0);
  time_.close("close dataset");
  time_s_.close("close dataset");
  for (auto& m : metrics_) m.close("close dataset");
  events_.close("close dataset");
  event_mem_type_.reset();
  file_.close("close file");
  if (sealable_) seal(path_);
}

void RunFile::close_quietly() noexcept {
  time_.reset();
  time_s_.reset();
  metrics_.clear();
  events_.reset();
  event_mem_type_.reset();
  chunk_.reset();
  file_.reset();
}

}  // namespace coordsim::io::detail
