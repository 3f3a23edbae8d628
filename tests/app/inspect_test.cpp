// `coordsim inspect` on files written by the io library, on files that are not ours, and on a
// damaged one: exit status, the summary, the --json object (parsed by Python's json module, an
// independent parser) and --scenario.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "cli.hpp"
#include "io/recorder.hpp"
#include "kernel/rng.hpp"

namespace coordsim::app::test {
namespace {

constexpr const char* kPython = "/usr/bin/python3";

struct WrittenRun {
  std::uint64_t samples = 0;
  std::int64_t last_moved = 0;
  double last_price = 0;
  std::uint64_t events = 0;
};

io::RunInfo run_info(std::string name, std::uint64_t seed) {
  io::RunInfo info;
  info.coordsim_version = "0.0.0-test";
  info.scenario_name = std::move(name);
  info.scenario_text = "name: app-test\nseed: " + std::to_string(seed) +
                       "\npopulation:\n  - {kind: ai_agent, count: 3}\n";
  info.seed = seed;
  info.scenario_hash = "00112233deadbeef";
  info.tick_seconds = 0.5;
  info.execution = {"2025-02-03T04:05:06Z", 2, 1, "test-host"};
  return info;
}

/// Writes a run file with two metrics, an event log, a table and a checkpoint; values are drawn
/// from `seed`, so the expected last values come from the writer, not from this test's text.
WrittenRun write_run(const fs::path& path, const io::RunInfo& info, bool complete) {
  io::RecordingLayout layout;
  layout.metrics = {
      {"value_moved", "tokens", "value moved so far", io::MetricType::kInt64},
      {"price", "quote/token", "pool \"mid\" price", io::MetricType::kFloat64},
  };
  layout.events = io::EventNames{{"transfer", "swap"}, {"applied", "EXPIRED"}, {}, {}, false};
  io::RecorderOptions options;
  options.flush_interval = std::chrono::milliseconds{0};
  io::Recorder rec(path, info, layout, options);
  WrittenRun w;
  const std::uint64_t key = kernel::stream_key(info.seed, 7);
  w.samples = 20 + kernel::draw(key, 0) % 20;
  for (std::uint64_t i = 0; i < w.samples; ++i) {
    w.last_moved = static_cast<std::int64_t>(kernel::draw(key, 2 * i + 1) % 1'000'000);
    w.last_price = kernel::to_unit(kernel::draw(key, 2 * i + 2)) * 3.0;
    rec.append_sample(kernel::SimTime{10 * i},
                      std::vector<io::MetricValue>{w.last_moved, w.last_price});
    io::EventRecord e;
    e.time = 10 * i;
    e.kind = static_cast<std::uint16_t>(i % 2);
    e.amount = w.last_moved;
    rec.append_event(e);
    ++w.events;
    if (i == w.samples / 2)
      rec.write_checkpoint("half", std::vector<std::byte>(16), kernel::SimTime{10 * i});
  }
  rec.write_table("/agents", {{"id", "", "agent id", std::vector<std::int64_t>{0, 1, 2}},
                              {"balance", "tokens", "", std::vector<double>{1.5, 2.5, 3.5}}});
  rec.finish(kernel::SimTime{10 * w.samples}, complete);
  return w;
}

std::string hex(const std::string& s) {
  std::string out;
  char buf[3];
  for (const char c : s) {
    std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
    out += buf;
  }
  return out;
}

/// The words of the summary's metric line for `name` (name, last value, unit).
std::vector<std::string> metric_line(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::vector<std::string> w;
    for (std::string word; words >> word;) w.push_back(word);
    if (!w.empty() && w.front() == name) return w;
  }
  return {};
}

TEST(Inspect, SummarisesARunFileWrittenByTheRecorder) {
  const std::uint64_t seed = 20250203;
  std::printf("seed %" PRIu64 "\n", seed);
  ScratchDir dir;
  const WrittenRun w = write_run(dir / "run.h5", run_info("app-test", seed), true);
  const auto before = listing(dir.path());

  const CliResult r = run_cli({"inspect", "run.h5"}, dir.path());
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_TRUE(r.err.empty()) << r;
  EXPECT_EQ(summary_field(r.out, "scenario"), "app-test  (hash 00112233deadbeef)");
  EXPECT_EQ(summary_field(r.out, "seed"), std::to_string(seed));
  EXPECT_EQ(summary_field(r.out, "complete"), "yes");
  EXPECT_EQ(summary_field(r.out, "samples"), std::to_string(w.samples));
  EXPECT_EQ(metric_line(r.out, "value_moved"),
            (std::vector<std::string>{"value_moved", std::to_string(w.last_moved), "tokens"}));
  const auto price = metric_line(r.out, "price");
  ASSERT_EQ(price.size(), 3U) << r;
  EXPECT_NEAR(std::stod(price[1]), w.last_price, 1e-9 * (1 + w.last_price));
  EXPECT_EQ(summary_field(r.out, "events"), std::to_string(w.events) + " rows");
  EXPECT_NE(r.out.find("/agents  (3 rows, 2 columns)"), std::string::npos) << r;
  EXPECT_EQ(summary_field(r.out, "checkpoints"), "1");
  EXPECT_EQ(listing(dir.path()), before) << "inspect must not write";
}

TEST(Inspect, ScenarioPrintsTheStoredScenarioText) {
  ScratchDir dir;
  const io::RunInfo info = run_info("app-test", 5);
  (void)write_run(dir / "run.h5", info, true);
  const CliResult r = run_cli({"inspect", (dir / "run.h5").string(), "--scenario"});
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(r.out, info.scenario_text);
  EXPECT_EQ(run_cli({"inspect", (dir / "run.h5").string(), "--scenario", "--json"}).status, 2);
}

TEST(Inspect, JsonIsOneValidObjectWithEscapedStrings) {
  const std::uint64_t seed = 77;
  std::printf("seed %" PRIu64 "\n", seed);
  ScratchDir dir;
  // Quotes, a backslash, a newline, a tab, a control character and non-ASCII text: each must
  // survive JSON encoding and decoding unchanged.
  const std::string name = "odd \"name\" \\ with\nnewline\ttab \x01 caf\xc3\xa9";
  const WrittenRun w = write_run(dir / "run.h5", run_info(name, seed), false);

  const CliResult r = run_cli({"inspect", "--json", (dir / "run.h5").string()});
  ASSERT_EQ(r.status, 0) << r;
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "one line: " << r.out;
  write_text(dir / "out.json", r.out);

  write_text(dir / "check.py", R"(import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def want(what, got, expected):
    if got != expected:
        sys.exit(f"{what}: got {got!r}, expected {expected!r}")
want("scenario_name", d["scenario_name"], bytes.fromhex(sys.argv[2]).decode("utf-8"))
want("seed", d["seed"], int(sys.argv[3]))
want("samples", d["samples"], int(sys.argv[4]))
want("complete", d["complete"], False)
want("sealed", d["sealed"], True)
want("events", d["events"], int(sys.argv[5]))
m = {x["name"]: x for x in d["metrics"]}
want("metric names", [x["name"] for x in d["metrics"]], ["value_moved", "price"])
want("value_moved", m["value_moved"]["last"], int(sys.argv[6]))
want("price", m["price"]["last"], float(sys.argv[7]))
want("price description", m["price"]["description"], 'pool "mid" price')
want("price type", m["price"]["type"], "float64")
want("tables", d["tables"], [{"path": "/agents", "rows": 3, "columns": 2}])
want("checkpoints", d["checkpoints"], 1)
want("threads", d["execution"]["threads"], 2)
want("tick_seconds", d["tick_seconds"], 0.5)
)");
  char price[64];
  std::snprintf(price, sizeof price, "%.17g", w.last_price);
  const CliResult py =
      run_program(kPython, {(dir / "check.py").string(), (dir / "out.json").string(), hex(name),
                            std::to_string(seed), std::to_string(w.samples),
                            std::to_string(w.events), std::to_string(w.last_moved), price});
  EXPECT_EQ(py.status, 0) << py << "\njson: " << r.out;
}

TEST(Inspect, IncompleteRunIsShownAsIncomplete) {
  ScratchDir dir;
  (void)write_run(dir / "run.h5", run_info("app-test", 3), false);
  const CliResult r = run_cli({"inspect", (dir / "run.h5").string()});
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(summary_field(r.out, "complete").substr(0, 2), "NO") << r;
}

TEST(Inspect, FilesThatAreNotOursExit2) {
  ScratchDir dir;
  write_text(dir / "notes.h5", "these are not the bytes you are looking for\n");
  write_text(dir / "empty.h5", "");
  fs::create_directories(dir / "adir.h5");
  struct Case {
    std::string path;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{{"notes.h5", "not an HDF5 file"},
                                         {"empty.h5", "empty"},
                                         {"missing.h5", "missing.h5"},
                                         {"adir.h5", "directory"}}) {
    SCOPED_TRACE(c.path);
    const CliResult r = run_cli({"inspect", c.path}, dir.path());
    EXPECT_EQ(r.status, 2) << r;
    EXPECT_TRUE(r.out.empty()) << r;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r;
  }
}

TEST(Inspect, DamagedRunFileExits1WithoutCrashing) {
  ScratchDir dir;
  (void)write_run(dir / "run.h5", run_info("app-test", 9), true);
  const std::string bytes = read_text(dir / "run.h5");
  ASSERT_GT(bytes.size(), 1000U);
  for (const std::size_t keep : {bytes.size() / 2, bytes.size() - 100, std::size_t{600}}) {
    SCOPED_TRACE(keep);
    write_text(dir / "cut.h5", bytes.substr(0, keep));
    const CliResult r = run_cli({"inspect", (dir / "cut.h5").string()});
    EXPECT_EQ(r.status, 1) << r;
    EXPECT_NE(r.err.find("cut.h5"), std::string::npos) << r;
  }
}

}  // namespace
}  // namespace coordsim::app::test
