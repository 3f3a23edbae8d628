#include "io/recorder.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <variant>

#include "io/detail/guard.hpp"
#include "io/detail/run_file.hpp"
#include "io/error.hpp"
#include "io/paths.hpp"

namespace coordsim::io {

namespace fs = std::filesystem;
using detail::guarded;

namespace {

// Events are handed to the writer in blocks of this many rows (or fewer at a sample, table,
// checkpoint, sync or finish), so one queue entry is about half a megabyte.
constexpr std::size_t kEventPushRows = 16384;

void check_target(const fs::path& final_path) {
  std::error_code ec;
  if (fs::is_directory(final_path, ec)) throw IoError(final_path, "is a directory");
  const fs::path parent =
      final_path.parent_path().empty() ? fs::path(".") : final_path.parent_path();
  if (!fs::exists(parent, ec)) throw IoError(final_path, "parent directory does not exist");
  if (!fs::is_directory(parent, ec)) throw IoError(final_path, "parent is not a directory");
}

void check_stale_partial(const fs::path& partial, const RecorderOptions& options) {
  std::error_code ec;
  if (!fs::exists(partial, ec)) return;
  if (!options.replace_stale_partial) {
    throw IoError(partial,
                  "a partial file of an unfinished run exists; resume it or remove it first");
  }
  if (!fs::remove(partial, ec) || ec)
    throw IoError(partial, "cannot remove stale partial file: " + ec.message());
}

void validate_layout(const RecordingLayout& layout) {
  std::set<std::string> seen{"time", "time_s"};
  for (const auto& c : layout.metrics) {
    if (c.name.empty() || c.name.find_first_of("/.") != std::string::npos) {
      throw std::invalid_argument("bad metric name '" + c.name + "'");
    }
    if (!seen.insert(c.name).second) {
      throw std::invalid_argument("metric name '" + c.name + "' is reserved or used twice");
    }
  }
}

void validate_table(const std::string& group_path, const std::vector<TableColumn>& columns) {
  if (group_path.empty() || group_path.front() != '/' || group_path == "/") {
    throw std::invalid_argument("table path must be absolute and not the root: '" + group_path +
                                "'");
  }
  for (const char* reserved : {"/metrics", "/events", "/checkpoints"}) {
    const std::string r = reserved;
    if (group_path == r || group_path.starts_with(r + "/")) {
      throw std::invalid_argument("table path '" + group_path + "' is reserved");
    }
  }
  std::set<std::string> names;
  for (const auto& c : columns) {
    if (c.name.empty() || c.name.find('/') != std::string::npos || !names.insert(c.name).second) {
      throw std::invalid_argument("bad or duplicate column name '" + c.name + "' in " + group_path);
    }
    if (column_size(c.values) != column_size(columns.front().values)) {
      throw std::invalid_argument("columns of " + group_path + " differ in length");
    }
  }
}

}  // namespace

class Recorder::Impl {
 public:
  Impl(fs::path final_path, fs::path partial, detail::RunFile file, RecorderOptions options,
       bool remove_on_abandon)
      : final_(std::move(final_path)),
        partial_(std::move(partial)),
        options_(options),
        layout_(file.layout()),
        samples_appended_(file.metric_rows()),
        last_time_(file.last_time()),
        next_checkpoint_(file.next_checkpoint()),
        remove_on_abandon_(remove_on_abandon),
        file_(std::move(file)) {
    durable_ = samples_appended_;
    keep_incomplete_ = options_.keep_incomplete;
    writer_ = std::thread([this] { writer_loop(); });
  }

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  ~Impl() {
    if (finished_) return;
    try {
      flush_event_buffer();
    } catch (...) {  // the writer already failed; abandon below handles the file
    }
    stop_writer();
    abandon();
  }

  void append_sample(kernel::SimTime time, std::span<const MetricValue> values) {
    rethrow_if_failed();
    if (values.size() != layout_.metrics.size()) {
      throw std::invalid_argument("append_sample: " + std::to_string(values.size()) +
                                  " values for " + std::to_string(layout_.metrics.size()) +
                                  " metric columns");
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
      const bool is_int = std::holds_alternative<std::int64_t>(values[i]);
      if (is_int != (layout_.metrics[i].type == MetricType::kInt64)) {
        throw std::invalid_argument("append_sample: wrong value type for metric " +
                                    layout_.metrics[i].name);
      }
    }
    if (last_time_ && time.ticks() < *last_time_) {
      throw std::invalid_argument("append_sample: time goes backwards");
    }
    flush_event_buffer();
    last_time_ = time.ticks();
    ++samples_appended_;
    push(SampleJob{time.ticks(), {values.begin(), values.end()}}, 64 + 16 * values.size());
  }

  void append_events(std::span<const EventRecord> events) {
    rethrow_if_failed();
    if (!layout_.events) throw std::logic_error("append_events: the layout has no /events table");
    while (!events.empty()) {
      const std::size_t take = std::min(events.size(), kEventPushRows - event_buffer_.size());
      event_buffer_.insert(event_buffer_.end(), events.begin(),
                           events.begin() + static_cast<std::ptrdiff_t>(take));
      events = events.subspan(take);
      if (event_buffer_.size() >= kEventPushRows) flush_event_buffer();
    }
  }

  std::vector<EventRecord> append_event_batch(std::vector<EventRecord>&& events) {
    rethrow_if_failed();
    if (!layout_.events) throw std::logic_error("append_events: the layout has no /events table");
    if (!events.empty()) {
      flush_event_buffer();  // rows appended by append_events come first
      const std::size_t bytes = events.size() * sizeof(EventRecord);
      push(EventsJob{std::move(events)}, bytes);
    }
    return take_spare_events();
  }

  void write_table(const std::string& group_path, std::vector<TableColumn> columns) {
    rethrow_if_failed();
    validate_table(group_path, columns);
    flush_event_buffer();
    std::size_t bytes = 256;
    for (const auto& c : columns) bytes += 64 + column_size(c.values) * 16;
    push(TableJob{group_path, std::move(columns)}, bytes);
  }

  std::uint64_t write_checkpoint(std::string label, std::span<const std::byte> blob,
                                 kernel::SimTime time) {
    rethrow_if_failed();
    flush_event_buffer();
    const std::uint64_t seq = next_checkpoint_++;
    push(CheckpointJob{seq, std::move(label), {blob.begin(), blob.end()}, time.ticks()},
         256 + blob.size());
    return seq;
  }

  void sync() {
    rethrow_if_failed();
    flush_event_buffer();
    std::uint64_t ticket = 0;
    {
      std::unique_lock lk(mu_);
      ticket = ++sync_requested_;
    }
    push(SyncJob{ticket}, 64);
    std::unique_lock lk(mu_);
    synced_.wait(lk, [&] { return sync_done_ >= ticket; });
    lk.unlock();
    rethrow_if_failed();
  }

  void finish(kernel::SimTime end_time, bool complete) {
    if (finished_) throw std::logic_error("finish: the recorder is already finished");
    rethrow_if_failed();
    flush_event_buffer();
    stop_writer();
    rethrow_if_failed();
    guarded(partial_, [&] { file_.finish(end_time.ticks(), complete); });
    guarded(final_, [&] { fs::rename(partial_, final_); });
    finished_ = true;
  }

  void set_keep_incomplete(bool keep) noexcept { keep_incomplete_ = keep; }
  const fs::path& final_path() const noexcept { return final_; }
  const fs::path& partial_path() const noexcept { return partial_; }
  std::uint64_t samples_appended() const noexcept { return samples_appended_; }
  std::uint64_t samples_durable() const noexcept { return durable_.load(); }

 private:
  struct SampleJob {
    std::uint64_t time;
    std::vector<MetricValue> values;
  };
  struct EventsJob {
    std::vector<EventRecord> rows;
  };
  struct TableJob {
    std::string path;
    std::vector<TableColumn> columns;
  };
  struct CheckpointJob {
    std::uint64_t sequence;
    std::string label;
    std::vector<std::byte> blob;
    std::uint64_t time;
  };
  struct SyncJob {
    std::uint64_t ticket;
  };
  using Job = std::variant<SampleJob, EventsJob, TableJob, CheckpointJob, SyncJob>;
  struct Queued {
    Job job;
    std::size_t bytes;
  };
  using Clock = std::chrono::steady_clock;

  void flush_event_buffer() {
    if (event_buffer_.empty()) return;
    const std::size_t bytes = event_buffer_.size() * sizeof(EventRecord);
    push(EventsJob{std::move(event_buffer_)}, bytes);
    event_buffer_ = take_spare_events();
    event_buffer_.reserve(kEventPushRows);
  }

  /// A batch the writer has written, if any (its memory is mapped already: a new buffer's pages
  /// would all fault in again), else an empty vector.
  std::vector<EventRecord> take_spare_events() {
    std::lock_guard lk(mu_);
    if (spare_events_.empty()) return {};
    std::vector<EventRecord> spare = std::move(spare_events_.back());
    spare_events_.pop_back();
    return spare;
  }

  void push(Job job, std::size_t bytes) {
    std::unique_lock lk(mu_);
    // Back-pressure: the simulation waits here only when the writer is this far behind.
    not_full_.wait(
        lk, [&] { return failed_ || bytes_ == 0 || bytes_ + bytes <= options_.queue_bytes; });
    if (failed_) std::rethrow_exception(error_);
    queue_.push_back({std::move(job), bytes});
    bytes_ += bytes;
    lk.unlock();
    not_empty_.notify_one();
  }

  void rethrow_if_failed() {
    std::lock_guard lk(mu_);
    if (failed_) std::rethrow_exception(error_);
  }

  void stop_writer() {
    if (!writer_.joinable()) return;
    {
      std::lock_guard lk(mu_);
      stop_ = true;
    }
    not_empty_.notify_one();
    writer_.join();
  }

  void writer_loop() {
    detail::silence_errors();
    std::deque<Queued> batch;
    bool dirty = false;
    std::uint64_t samples_since_flush = 0;
    Clock::time_point last_flush = Clock::now();
    const bool timed = options_.flush_interval.count() > 0;
    for (;;) {
      {
        std::unique_lock lk(mu_);
        const auto ready = [&] { return stop_ || !queue_.empty(); };
        if (dirty && timed) {
          not_empty_.wait_until(lk, last_flush + options_.flush_interval, ready);
        } else {
          not_empty_.wait(lk, ready);
        }
        if (queue_.empty() && stop_) break;
        batch.swap(queue_);
      }
      std::uint64_t ticket = 0;
      std::size_t done_bytes = 0;
      for (const auto& q : batch) done_bytes += q.bytes;
      if (!failed_flag_) {
        try {
          detail::guarded(partial_, [&] {
            process(batch, ticket, dirty, samples_since_flush);
            // (Flushes by sample count happen inside process(), at exact sample counts.)
            const bool by_time = timed && Clock::now() - last_flush >= options_.flush_interval;
            if (dirty && by_time) {
              file_.flush();
              mark_flushed(dirty, samples_since_flush);
            }
            if (!dirty) last_flush = Clock::now();
          });
        } catch (...) {
          failed_flag_ = true;
          std::lock_guard lk(mu_);
          failed_ = true;
          error_ = std::current_exception();
        }
      }
      {
        std::lock_guard lk(mu_);
        // Written event batches go back to the caller for reuse. No more buffers exist than the
        // queue's byte limit lets wait at once (plus the one being filled), so this is bounded.
        for (auto& q : batch) {
          if (auto* e = std::get_if<EventsJob>(&q.job)) {
            e->rows.clear();
            spare_events_.push_back(std::move(e->rows));
          }
        }
      }
      batch.clear();
      {
        std::lock_guard lk(mu_);
        bytes_ -= done_bytes;
        sync_done_ = std::max(sync_done_, ticket);
        if (failed_) sync_done_ = sync_requested_;
      }
      not_full_.notify_all();
      synced_.notify_all();
    }
  }

  void mark_flushed(bool& dirty, std::uint64_t& samples_since_flush) {
    dirty = false;
    samples_since_flush = 0;
    durable_ = file_.metric_rows();
  }

  void process(std::deque<Queued>& batch, std::uint64_t& ticket, bool& dirty,
               std::uint64_t& samples_since_flush) {
    detail::SampleBatch samples;
    const auto write_samples = [&] {
      if (samples.time.empty()) return;
      file_.append_samples(samples);
      samples_since_flush += samples.time.size();
      samples.time.clear();
      samples.rows.clear();
    };
    for (auto& q : batch) {
      dirty = true;
      if (auto* s = std::get_if<SampleJob>(&q.job)) {
        samples.time.push_back(s->time);
        samples.rows.push_back(std::move(s->values));
        // Flush by count at exactly every N-th sample since the last flush, wherever the writer's
        // batches happen to end, so that what is durable does not depend on thread timing.
        if (options_.flush_every_samples > 0 &&
            samples_since_flush + samples.time.size() >= options_.flush_every_samples) {
          write_samples();
          file_.flush();
          mark_flushed(dirty, samples_since_flush);
        }
        continue;
      }
      write_samples();
      if (auto* e = std::get_if<EventsJob>(&q.job)) {
        file_.append_events(e->rows);
      } else if (auto* t = std::get_if<TableJob>(&q.job)) {
        file_.write_table(t->path, t->columns);
      } else if (auto* c = std::get_if<CheckpointJob>(&q.job)) {
        file_.write_checkpoint(c->sequence, c->label, c->blob, c->time);  // flushes
        mark_flushed(dirty, samples_since_flush);
      } else if (auto* y = std::get_if<SyncJob>(&q.job)) {
        file_.sync();
        mark_flushed(dirty, samples_since_flush);
        ticket = std::max(ticket, y->ticket);
      }
    }
    write_samples();
  }

  void abandon() noexcept {
    if (keep_incomplete_) {
      // Keep what was recorded: finish it as incomplete and give it the target name. If even that
      // fails (disk full), the file still holds everything up to its last flush.
      try {
        file_.finish(last_time_.value_or(0), false);
      } catch (...) {
        file_.close_quietly();
      }
      std::error_code ec;
      fs::rename(partial_, final_, ec);
      return;
    }
    file_.close_quietly();
    if (remove_on_abandon_) {
      std::error_code ec;
      fs::remove(partial_, ec);
    }
  }

  const fs::path final_;
  const fs::path partial_;
  const RecorderOptions options_;
  const RecordingLayout layout_;

  // Caller-thread state.
  std::vector<EventRecord> event_buffer_;
  std::uint64_t samples_appended_ = 0;
  std::optional<std::uint64_t> last_time_;
  std::uint64_t next_checkpoint_ = 0;
  bool finished_ = false;
  bool remove_on_abandon_ = true;
  std::atomic<bool> keep_incomplete_{false};

  // Shared between the caller and the writer thread, guarded by mu_.
  std::mutex mu_;
  std::condition_variable not_full_;
  std::condition_variable not_empty_;
  std::condition_variable synced_;
  std::deque<Queued> queue_;
  std::vector<std::vector<EventRecord>> spare_events_;  // written batches, kept for reuse
  std::size_t bytes_ = 0;
  bool stop_ = false;
  bool failed_ = false;
  std::exception_ptr error_;
  std::uint64_t sync_requested_ = 0;
  std::uint64_t sync_done_ = 0;
  std::atomic<std::uint64_t> durable_{0};

  // Writer-thread state (the owner's again after the writer stops).
  bool failed_flag_ = false;
  detail::RunFile file_;
  std::thread writer_;
};

Recorder::Recorder(fs::path final_path, const RunInfo& info, const RecordingLayout& layout,
                   RecorderOptions options) {
  validate_layout(layout);
  check_target(final_path);
  fs::path partial = temp_path_for(final_path);
  check_stale_partial(partial, options);
  detail::RunFile file = guarded(partial, [&] {
    try {
      return detail::RunFile::create(partial, info, layout, options);
    } catch (...) {
      std::error_code ec;
      fs::remove(partial, ec);
      throw;
    }
  });
  impl_ = std::make_unique<Impl>(std::move(final_path), std::move(partial), std::move(file),
                                 options, true);
}

Recorder::Recorder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Recorder Recorder::resume(const fs::path& source, fs::path final_path, std::uint64_t from,
                          const ExecutionInfo& execution, RecorderOptions options) {
  check_target(final_path);
  fs::path partial = temp_path_for(final_path);
  std::error_code ec;
  const bool in_place = fs::exists(partial, ec) && fs::equivalent(source, partial, ec);
  if (!in_place) {
    if (!fs::exists(source, ec)) throw IoError(source, "does not exist");
    check_stale_partial(partial, options);
    guarded(partial, [&] { fs::copy_file(source, partial); });
  }
  detail::RunFile file = guarded(partial, [&] {
    try {
      return detail::RunFile::resume(partial, from, execution, options);
    } catch (...) {
      std::error_code rm;
      if (!in_place) fs::remove(partial, rm);
      throw;
    }
  });
  // A killed run's partial file is the user's only copy: never delete it on abandonment.
  return Recorder(std::make_unique<Impl>(std::move(final_path), std::move(partial), std::move(file),
                                         options, !in_place));
}

Recorder::Recorder(Recorder&&) noexcept = default;
Recorder& Recorder::operator=(Recorder&&) noexcept = default;
Recorder::~Recorder() = default;

void Recorder::append_sample(kernel::SimTime time, std::span<const MetricValue> values) {
  impl_->append_sample(time, values);
}
void Recorder::append_events(std::span<const EventRecord> events) { impl_->append_events(events); }
std::vector<EventRecord> Recorder::append_event_batch(std::vector<EventRecord>&& events) {
  return impl_->append_event_batch(std::move(events));
}
void Recorder::write_table(const std::string& group_path, std::vector<TableColumn> columns) {
  impl_->write_table(group_path, std::move(columns));
}
std::uint64_t Recorder::write_checkpoint(std::string label, std::span<const std::byte> blob,
                                         kernel::SimTime time) {
  return impl_->write_checkpoint(std::move(label), blob, time);
}
void Recorder::sync() { impl_->sync(); }
void Recorder::finish(kernel::SimTime end_time, bool complete) {
  impl_->finish(end_time, complete);
}
void Recorder::set_keep_incomplete(bool keep) noexcept { impl_->set_keep_incomplete(keep); }
const fs::path& Recorder::final_path() const noexcept { return impl_->final_path(); }
const fs::path& Recorder::partial_path() const noexcept { return impl_->partial_path(); }
std::uint64_t Recorder::samples_appended() const noexcept { return impl_->samples_appended(); }
std::uint64_t Recorder::samples_durable() const noexcept { return impl_->samples_durable(); }

}  // namespace coordsim::io
