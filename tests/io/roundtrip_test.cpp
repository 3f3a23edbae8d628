// Everything written comes back through the reader, and the HDF5 tools read our files.
#include <gtest/gtest.h>

#include "io/paths.hpp"
#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "support.hpp"

namespace coordsim::io::test {
namespace {

TEST(RoundTrip, MetricsEventsTablesCheckpoints) {
  for (const std::uint64_t seed : {1ULL, 77ULL, 123456789ULL}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    ScratchDir dir;
    const fs::path out = dir / "run.h5";
    RecorderOptions options;
    options.event_chunk_rows = 1000;  // several whole chunks plus a partial one
    options.metric_chunk_rows = 64;
    const std::uint64_t steps = 300;
    const std::uint64_t per_step = 11;
    std::vector<std::byte> blob(5000);
    for (std::size_t i = 0; i < blob.size(); ++i) blob[i] = std::byte(kernel::draw(seed, i) & 0xFF);
    const std::vector<TableColumn> agents = {
        {"id", "", "agent id", std::vector<std::uint64_t>{0, 1, 2, 18446744073709551615ULL}},
        {"balance", "tokens", "liquid balance", std::vector<std::int64_t>{5, -1, 0, INT64_MIN}},
        {"reputation", "1", "reputation score", std::vector<double>{0.5, 1e-300, -0.0, 3.25}},
        {"kind", "", "agent kind",
         std::vector<std::string>{"principal", "ai_agent", "", "validator"}},
    };
    {
      Recorder rec(out, sample_info(seed), sample_layout(), options);
      EXPECT_EQ(rec.partial_path(), temp_path_for(out));
      for (std::uint64_t i = 0; i < steps; ++i) {
        run_step(rec, seed, i, per_step);
        if (i == 150) {
          EXPECT_EQ(rec.write_checkpoint("half", blob, kernel::SimTime{2 * i}), 0U);
        }
      }
      rec.write_table("/agents", agents);
      rec.write_table("/agents/snapshots/100", {agents[0]});
      rec.write_table("/empty", {{"x", "", "", std::vector<double>{}}});
      EXPECT_TRUE(fs::exists(temp_path_for(out)));
      EXPECT_FALSE(fs::exists(out));
      rec.finish(kernel::SimTime{2 * steps});
    }
    ASSERT_TRUE(fs::exists(out));
    EXPECT_FALSE(fs::exists(temp_path_for(out)));

    const RunInfo info = read_run_info(out);
    const RunInfo expected = sample_info(seed);
    EXPECT_EQ(info.scenario_text, expected.scenario_text);
    EXPECT_EQ(info.scenario_name, expected.scenario_name);
    EXPECT_EQ(info.seed, seed);
    EXPECT_EQ(info.tick_seconds, expected.tick_seconds);
    EXPECT_EQ(info.execution.host, expected.execution.host);
    EXPECT_EQ(info.execution.start_time_utc, expected.execution.start_time_utc);
    EXPECT_EQ(info.execution.threads, 4U);

    const auto cols = read_metric_columns(out);
    ASSERT_EQ(cols.size(), 3U);
    EXPECT_EQ(cols[1].name, "price");
    EXPECT_EQ(cols[1].unit, "tokens/share");
    EXPECT_EQ(cols[0].type, MetricType::kInt64);
    const auto time = read_metric_time(out);
    ASSERT_EQ(time.size(), steps);
    const auto supply = std::get<std::vector<std::int64_t>>(read_metric(out, "supply"));
    const auto price = std::get<std::vector<double>>(read_metric(out, "price"));
    for (std::uint64_t i = 0; i < steps; ++i) {
      const auto v = sample_values(seed, i);
      ASSERT_EQ(time[i], 2 * i);
      ASSERT_EQ(supply[i], std::get<std::int64_t>(v[0]));
      ASSERT_EQ(price[i], std::get<double>(v[1]));
    }
    EXPECT_EQ(read_events(out), events_range(seed, 0, steps * per_step));
    EXPECT_EQ(read_event_names(out), *sample_layout().events);
    EXPECT_EQ(read_table(out, "/agents"), agents);
    EXPECT_EQ(read_table(out, "/agents/snapshots/100").at(0), agents[0]);
    EXPECT_EQ(read_table(out, "/empty").at(0).values, ColumnValues{std::vector<double>{}});

    const auto cp = read_latest_checkpoint(out);
    ASSERT_TRUE(cp.has_value());
    EXPECT_EQ(cp->label, "half");
    EXPECT_EQ(cp->time, kernel::SimTime{300});
    EXPECT_EQ(cp->metric_rows, 151U);  // samples 0..150 came before the checkpoint call
    EXPECT_EQ(cp->event_rows, 151U * per_step);
    EXPECT_EQ(cp->blob, blob);

    const FileSummary s = inspect(out);
    EXPECT_TRUE(s.complete);
    EXPECT_EQ(s.samples, steps);
    EXPECT_EQ(s.end_time_ticks, 2 * steps);
    EXPECT_DOUBLE_EQ(s.duration_seconds, static_cast<double>(2 * steps) * 0.5);
    ASSERT_EQ(s.metrics.size(), 3U);
    EXPECT_EQ(std::get<std::int64_t>(*s.metrics[2].last),
              static_cast<std::int64_t>((steps - 1) * 7));
    EXPECT_EQ(s.events, steps * per_step);
    ASSERT_EQ(s.tables.size(), 3U);
    EXPECT_EQ(s.tables[0].path, "/agents");
    EXPECT_EQ(s.tables[0].rows, 4U);
    EXPECT_EQ(s.checkpoints, 1U);
    const std::string text = format_summary(s);
    EXPECT_NE(text.find("io-test"), std::string::npos) << text;
    EXPECT_NE(text.find("rejections"), std::string::npos) << text;
    EXPECT_NE(text.find(std::to_string((steps - 1) * 7)), std::string::npos) << text;
  }
}

// The event log's batches are moved in, not copied: interleaved with copied rows and samples,
// they land in the order appended, and an empty buffer comes back for the next batch.
TEST(RoundTrip, MovedEventBatchesKeepTheirOrder) {
  ScratchDir dir;
  const fs::path out = dir / "batches.h5";
  const std::uint64_t seed = 9;
  RecorderOptions options;
  options.event_chunk_rows = 100;  // batches straddle chunk boundaries
  std::uint64_t next = 0;
  {
    Recorder rec(out, sample_info(seed), sample_layout(), options);
    for (std::uint64_t i = 0; i < 40; ++i) {
      const std::uint64_t copied = i % 3;  // 0, 1 or 2 rows appended by copy first
      rec.append_events(events_range(seed, next, copied));
      next += copied;
      const std::uint64_t moved = 37 * (i % 4);  // sometimes an empty batch
      std::vector<EventRecord> batch = events_range(seed, next, moved);
      next += moved;
      const std::vector<EventRecord> back = rec.append_event_batch(std::move(batch));
      EXPECT_TRUE(back.empty());
      if (i % 5 == 0) rec.append_sample(kernel::SimTime{2 * i}, sample_values(seed, i));
    }
    rec.finish(kernel::SimTime{100});
  }
  EXPECT_EQ(read_events(out), events_range(seed, 0, next));
}

TEST(RoundTrip, NoEventsAndNoSamples) {
  ScratchDir dir;
  const fs::path out = dir / "empty.h5";
  {
    Recorder rec(out, sample_info(5), sample_layout(false));
    EXPECT_THROW(rec.append_event(EventRecord{}), std::logic_error);
    rec.finish(kernel::SimTime{0});
  }
  const FileSummary s = inspect(out);
  EXPECT_EQ(s.samples, 0U);
  EXPECT_FALSE(s.events.has_value());
  EXPECT_FALSE(s.metrics.at(0).last.has_value());
  EXPECT_FALSE(read_latest_checkpoint(out).has_value());
  EXPECT_THROW((void)read_events(out), IoError);
  EXPECT_THROW((void)read_table(out, "/agents"), IoError);
}

TEST(RoundTrip, BadCallsAreRejected) {
  ScratchDir dir;
  RecordingLayout dup = sample_layout();
  dup.metrics.push_back(dup.metrics[0]);
  EXPECT_THROW(Recorder(dir / "a.h5", sample_info(1), dup), std::invalid_argument);
  RecordingLayout reserved = sample_layout();
  reserved.metrics.push_back({"time", "", "", MetricType::kInt64});
  EXPECT_THROW(Recorder(dir / "b.h5", sample_info(1), reserved), std::invalid_argument);

  Recorder rec(dir / "c.h5", sample_info(1), sample_layout());
  EXPECT_THROW(rec.append_sample(kernel::SimTime{0}, {}), std::invalid_argument);
  auto wrong = sample_values(1, 0);
  wrong[0] = MetricValue{1.0};
  EXPECT_THROW(rec.append_sample(kernel::SimTime{0}, wrong), std::invalid_argument);
  rec.append_sample(kernel::SimTime{5}, sample_values(1, 0));
  EXPECT_THROW(rec.append_sample(kernel::SimTime{4}, sample_values(1, 1)), std::invalid_argument);
  EXPECT_THROW(rec.write_table("/metrics/x", {}), std::invalid_argument);
  EXPECT_THROW(rec.write_table("relative", {}), std::invalid_argument);
  EXPECT_THROW(rec.write_table("/t", {{"a", "", "", std::vector<double>{1}},
                                      {"b", "", "", std::vector<double>{1, 2}}}),
               std::invalid_argument);
  rec.finish(kernel::SimTime{5});
  EXPECT_THROW(rec.finish(kernel::SimTime{5}), std::logic_error);
}

// The recorder shuffles and deflates /events chunks itself (io/detail/event_chunk.hpp) and writes
// them with H5Dwrite_chunk; HDF5's own filter pipeline must decode them: whole chunks, a partial
// chunk written at a sync and completed later (written twice), and the partial last chunk.
TEST(RoundTrip, EventChunksDecodeThroughHdf5sOwnFilters) {
  ScratchDir dir;
  const fs::path out = dir / "chunks.h5";
  const std::uint64_t seed = 21;
  RecorderOptions options;
  options.event_chunk_rows = 300;
  std::uint64_t next = 0;
  {
    Recorder rec(out, sample_info(seed), sample_layout(), options);
    for (const std::uint64_t n : std::initializer_list<std::uint64_t>{250, 20, 400, 1, 299, 333}) {
      rec.append_events(events_range(seed, next, n));
      next += n;
      rec.sync();  // writes the partial chunk, to be written again when it fills
    }
    rec.finish(kernel::SimTime{10});
  }
  const std::vector<EventRecord> expected = events_range(seed, 0, next);
  EXPECT_EQ(read_events(out), expected);
  std::string python;
  for (const char* candidate : {"/usr/bin/python3", "python3"}) {
    if (run_command(std::string(candidate) + " -c 'import h5py'").first == 0) {
      python = candidate;
      break;
    }
  }
  if (python.empty()) GTEST_SKIP() << "no python3 with h5py";
  const std::string script = "import h5py\nd = h5py.File('" + out.string() +
                             "', 'r')['events']\n"
                             "print(d.shuffle, d.compression, d.chunks, len(d), "
                             "int(d['amount'].sum()), int(d['actor'][-1]))\n";
  write_bytes(dir / "read.py", {script.begin(), script.end()});
  const auto [status, text] = run_command(python + " '" + (dir / "read.py").string() + "'");
  ASSERT_EQ(status, 0) << text;
  std::int64_t sum = 0;
  for (const auto& e : expected) sum += e.amount;
  EXPECT_EQ(text, "True gzip (300,) " + std::to_string(next) + " " + std::to_string(sum) + " " +
                      std::to_string(expected.back().actor) + "\n");
}

TEST(RoundTrip, HdfToolsReadOurFile) {
  ScratchDir dir;
  const fs::path out = dir / "tools.h5";
  {
    Recorder rec(out, sample_info(9), sample_layout());
    for (std::uint64_t i = 0; i < 20; ++i) run_step(rec, 9, i, 3);
    rec.write_table("/graph", {{"src", "", "edge source", std::vector<std::uint64_t>{1, 2}},
                               {"dst", "", "edge target", std::vector<std::uint64_t>{2, 3}}});
    rec.finish(kernel::SimTime{40});
  }
  const auto [ls_status, ls] = run_command("h5ls -r '" + out.string() + "'");
  ASSERT_EQ(ls_status, 0) << ls;
  for (const char* name : {"/metrics/time ", "/metrics/time_s ", "/metrics/supply ", "/events ",
                           "/graph/src ", "/checkpoints "}) {
    EXPECT_NE(ls.find(name), std::string::npos) << name << " missing in:\n" << ls;
  }
  EXPECT_NE(ls.find("{20/Inf}"), std::string::npos) << ls;

  const auto [dump_status, dump] =
      run_command("h5dump -A '" + out.string() + "'");  // -A: header and attributes only
  ASSERT_EQ(dump_status, 0) << dump;
  EXPECT_NE(dump.find("coordsim_format_version"), std::string::npos);
  EXPECT_NE(dump.find("\"tokens/share\""), std::string::npos);
  EXPECT_NE(dump.find("\"CAP_EXCEEDED\""), std::string::npos);
  EXPECT_NE(dump.find("H5T_STD_U16LE \"kind\""), std::string::npos) << dump;

  const auto [data_status, data] =
      run_command("h5dump -d /metrics/rejections '" + out.string() + "'");
  ASSERT_EQ(data_status, 0) << data;
  EXPECT_NE(data.find("0, 7, 14, 21"), std::string::npos) << data;
}

// h5py and pandas are how researchers read the file; check the documented one-liners when the
// Python modules are installed (h5py is, pandas may not be).
TEST(RoundTrip, PythonReadsMetricsInOneLine) {
  // Debian's h5py lives in the system interpreter; a pyenv shim may come first on PATH.
  std::string python;
  for (const char* candidate : {"/usr/bin/python3", "python3"}) {
    if (run_command(std::string(candidate) + " -c 'import h5py'").first == 0) {
      python = candidate;
      break;
    }
  }
  if (python.empty()) GTEST_SKIP() << "no python3 with h5py";
  const bool pandas = run_command(python + " -c 'import pandas'").first == 0;
  ScratchDir dir;
  const fs::path out = dir / "py.h5";
  {
    Recorder rec(out, sample_info(3), sample_layout());
    for (std::uint64_t i = 0; i < 10; ++i) run_step(rec, 3, i, 2);
    rec.finish(kernel::SimTime{20});
  }
  const std::string script =
      "import h5py\n"
      "f = h5py.File('" +
      out.string() +
      "', 'r')\n"
      "cols = {k: f['metrics'][k][:] for k in f['metrics']}\n"
      "print(list(cols), len(cols['time']), int(cols['rejections'][-1]))\n"
      "print(f.attrs['scenario_name'].decode(), f['events'].dtype.names, len(f['events']))\n"
      "print([n.decode() for n in f['events'].attrs['reason_names']])\n" +
      (pandas ? "import pandas as pd\n"
                "df = pd.DataFrame({k: f['metrics'][k][:] for k in f['metrics']})\n"
                "ev = pd.DataFrame(f['events'][:])\n"
                "print('pandas', df.shape, list(df.columns)[:3], ev.shape)\n"
              : "");
  write_bytes(dir / "read.py", {script.begin(), script.end()});
  const auto [status, text] = run_command(python + " '" + (dir / "read.py").string() + "'");
  ASSERT_EQ(status, 0) << text;
  EXPECT_NE(text.find("['time', 'time_s', 'supply', 'price', 'rejections'] 10 63"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("io-test ('time', 'kind', 'reason', 'handler', 'actor', 'target', 'session', "
                      "'cause', 'from_bucket', 'to_bucket', 'amount') 20"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("['applied', 'EXPIRED', 'CAP_EXCEEDED']"), std::string::npos) << text;
  if (pandas) {
    EXPECT_NE(text.find("pandas (10, 5) ['time', 'time_s', 'supply'] (20, 11)"), std::string::npos)
        << text;
  }
}

}  // namespace
}  // namespace coordsim::io::test
