// `coordsim sweep` as a user runs it: the real binary, locally and under the real mpirun; the
// index read back with the io reader; run files compared by their dataset digests.
#include <fmt/core.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "app/cli.hpp"
#include "io/reader.hpp"
#include "support/sanitizers.hpp"

namespace coordsim::experiment {
namespace {

namespace fs = std::filesystem;
using app::test::run_cli;
using app::test::run_program;
using app::test::ScratchDir;

// A 3 x 2 grid, 2 replications: 12 runs of a one-hour quickstart (a fraction of a second each).
// `extra` adds product values (e.g. an invalid one).
fs::path write_sweep(const ScratchDir& dir, const std::string& ttl_values = "15m, 1h, 2h") {
  const auto file = dir / "grid.yaml";
  app::test::write_text(
      file,
      fmt::format("base: {}\nreplications: 2\nset: {{duration: 1h}}\nproduct:\n"
                  "  sessions.default_ttl: [{}]\n  sessions.caps.total: [50, 100]\n",
                  (app::test::source_dir() / "scenarios/quickstart.yaml").string(), ttl_values));
  return file;
}

struct Index {
  std::vector<std::uint64_t> run;
  std::vector<std::string> status;
  std::vector<std::string> error;
  std::vector<std::string> file;
  std::vector<std::string> ttl;
  std::size_t columns = 0;
};

Index read_index(const fs::path& path) {
  Index ix;
  for (auto& c : io::read_table(path, "/runs")) {
    ++ix.columns;
    if (c.name == "run") ix.run = std::get<std::vector<std::uint64_t>>(c.values);
    if (c.name == "status") ix.status = std::get<std::vector<std::string>>(c.values);
    if (c.name == "error") ix.error = std::get<std::vector<std::string>>(c.values);
    if (c.name == "file") ix.file = std::get<std::vector<std::string>>(c.values);
    if (c.name == "sessions.default_ttl") ix.ttl = std::get<std::vector<std::string>>(c.values);
  }
  return ix;
}

// Every run file's dataset digest, by file name.
std::map<std::string, std::string> digests(const fs::path& out) {
  std::map<std::string, std::string> d;
  for (const auto& e : fs::directory_iterator(out / "runs")) {
    d[e.path().filename().string()] = io::dataset_digest(e.path());
  }
  return d;
}

void expect_complete_grid(const fs::path& out) {
  const Index ix = read_index(out / "index.h5");
  ASSERT_EQ(ix.run.size(), 12U);
  for (std::size_t i = 0; i < 12; ++i) {
    EXPECT_EQ(ix.run[i], i);
    EXPECT_EQ(ix.status[i], "complete") << ix.error[i];
    EXPECT_TRUE(fs::exists(out / ix.file[i])) << ix.file[i];
  }
  // Replication-major: the six points of replication 0 first.
  EXPECT_EQ(ix.file[0], "runs/p0000-r000.h5");
  EXPECT_EQ(ix.file[5], "runs/p0005-r000.h5");
  EXPECT_EQ(ix.file[6], "runs/p0000-r001.h5");
  EXPECT_GT(ix.columns, 11U);  // fixed columns, two parameters and the metrics
}

TEST(SweepCli, GridRunsEveryRunAndResumesToNothing) {
  const ScratchDir dir;
  const auto sweep = write_sweep(dir);
  const auto r = run_cli({"sweep", sweep.string(), "-o", (dir / "out").string(), "--jobs", "2"});
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_NE(r.out.find("12 runs (6 points x 2 replications); 0 already complete, 12 to run"),
            std::string::npos)
      << r;
  expect_complete_grid(dir / "out");
  const auto again = run_cli({"sweep", sweep.string(), "-o", (dir / "out").string()});
  ASSERT_EQ(again.status, 0) << again;
  EXPECT_NE(again.out.find("12 already complete, 0 to run"), std::string::npos) << again;
}

TEST(SweepCli, ShardsAndJobCountsGiveTheSameRunFiles) {
  const ScratchDir dir;
  const auto sweep = write_sweep(dir);
  ASSERT_EQ(run_cli({"sweep", sweep.string(), "-o", (dir / "one").string(), "--jobs", "1"}).status,
            0);
  for (const char* shard : {"0/2", "1/2"}) {
    const auto r = run_cli({"sweep", sweep.string(), "-o", (dir / "sharded").string(), "--shard",
                            shard, "--jobs", "2"});
    ASSERT_EQ(r.status, 0) << r;
    EXPECT_NE(r.out.find("6 runs"), std::string::npos) << r;
  }
  EXPECT_EQ(read_index(dir / "sharded/index.shard-1-of-2.h5").run,
            (std::vector<std::uint64_t>{1, 3, 5, 7, 9, 11}));
  EXPECT_EQ(digests(dir / "one"), digests(dir / "sharded"));
  // The final unsharded call runs nothing and writes the whole index.
  const auto r = run_cli({"sweep", sweep.string(), "-o", (dir / "sharded").string()});
  EXPECT_NE(r.out.find("12 already complete, 0 to run"), std::string::npos) << r;
  expect_complete_grid(dir / "sharded");
  EXPECT_EQ(run_cli({"sweep", sweep.string(), "-o", "x", "--shard", "2/2"}).status, 2);
}

#ifdef COORDSIM_MPIRUN
TEST(SweepCli, MpiGivesTheSameRunFilesAsLocal) {
  const ScratchDir dir;
  const auto sweep = write_sweep(dir);
  ASSERT_EQ(run_cli({"sweep", sweep.string(), "-o", (dir / "local").string()}).status, 0);
  const auto local = digests(dir / "local");
  ASSERT_EQ(local.size(), 12U);
  for (const char* ranks : {"2", "3"}) {
    const auto out = dir / (std::string("mpi") + ranks);
    // As root Open MPI refuses to run without these; --oversubscribe: more ranks than cores.
    std::vector<std::string> args{"--allow-run-as-root", "--oversubscribe", "-n", ranks};
    if (coordsim::test::kAddressSanitizer) {
      // Open MPI's own start-up allocations are never freed and LeakSanitizer would fail every
      // rank at exit for them: under ASan the ranks check memory errors, not leaks.
      args.insert(args.end(), {"-x", "ASAN_OPTIONS=detect_leaks=0"});
    }
    args.insert(args.end(),
                {app::test::coordsim_bin().string(), "sweep", sweep.string(), "-o", out.string()});
    const auto r = run_program(COORDSIM_MPIRUN, args);
    ASSERT_EQ(r.status, 0) << r;
    EXPECT_NE(r.out.find(fmt::format("on {} MPI workers", std::stoi(ranks) - 1)), std::string::npos)
        << r;
    expect_complete_grid(out);
    EXPECT_EQ(digests(out), local) << ranks << " ranks";
  }
}
#endif

TEST(SweepCli, AKilledSweepRerunCompletesOnlyTheMissingRuns) {
  const ScratchDir dir;
  const auto sweep = write_sweep(dir);
  const auto out = dir / "out";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string bin = app::test::coordsim_bin().string();
    ::execl(bin.c_str(), bin.c_str(), "sweep", sweep.c_str(), "-o", out.c_str(), "--jobs", "1",
            "-q", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Kill it once a few runs are finished (their files renamed into place), half-way or so.
  const auto finished = [&] {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(out / "runs", ec)) {
      n += e.path().extension() == ".h5" ? 1U : 0U;
    }
    return n;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (finished() < 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const std::size_t before = finished();
  ASSERT_GE(before, 4U);
  ASSERT_LT(before, 12U) << "the sweep finished before it could be killed";
  std::map<std::string, fs::file_time_type> kept;
  for (const auto& e : fs::directory_iterator(out / "runs")) {
    if (e.path().extension() == ".h5") kept[e.path().filename().string()] = e.last_write_time();
  }
  const auto r = run_cli({"sweep", sweep.string(), "-o", out.string()});
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_NE(r.out.find(fmt::format("{} already complete, {} to run", before, 12 - before)),
            std::string::npos)
      << r;
  for (const auto& [name, time] : kept) {
    EXPECT_EQ(fs::last_write_time(out / "runs" / name), time) << name << " was run again";
  }
  expect_complete_grid(out);
}

TEST(SweepCli, AnInvalidPointIsReportedAndStopsNothing) {
  const ScratchDir dir;
  const auto sweep = write_sweep(dir, "15m, 2d, 2h");  // 2d is longer than the 1d max_ttl
  const auto r = run_cli({"sweep", sweep.string(), "-o", (dir / "out").string()});
  EXPECT_EQ(r.status, 2) << r;
  EXPECT_NE(r.err.find("point 2 (sessions.default_ttl=2d, sessions.caps.total=50) is invalid"),
            std::string::npos)
      << r;
  EXPECT_NE(r.err.find("sessions.default_ttl: default_ttl (2d) is longer than max_ttl (1d)"),
            std::string::npos)
      << r;
  const Index ix = read_index(dir / "out/index.h5");
  ASSERT_EQ(ix.status.size(), 12U);
  std::size_t complete = 0;
  for (std::size_t i = 0; i < 12; ++i) {
    if (ix.ttl[i] == "2d") {
      EXPECT_EQ(ix.status[i], "invalid");
      EXPECT_NE(ix.error[i].find("max_ttl"), std::string::npos);
    } else {
      EXPECT_EQ(ix.status[i], "complete") << ix.error[i];
      ++complete;
    }
  }
  EXPECT_EQ(complete, 8U);
}

TEST(SweepCli, SampledPointsStayInTheirRanges) {
  const ScratchDir dir;
  app::test::write_text(
      dir / "lhs.yaml",
      fmt::format(
          "base: {}\nset: {{duration: 30m}}\nsample:\n  method: lhs\n  points: 3\n"
          "  ranges: {{sessions.caps.total: [50, 100], sessions.default_ttl: [10m, 50m]}}\n",
          (app::test::source_dir() / "scenarios/quickstart.yaml").string()));
  const auto r = run_cli({"sweep", (dir / "lhs.yaml").string(), "-o", (dir / "out").string()});
  ASSERT_EQ(r.status, 0) << r;
  std::vector<std::string> caps;
  std::vector<std::string> ttls;
  for (auto& c : io::read_table(dir / "out/index.h5", "/runs")) {
    if (c.name == "sessions.caps.total") caps = std::get<std::vector<std::string>>(c.values);
    if (c.name == "sessions.default_ttl") ttls = std::get<std::vector<std::string>>(c.values);
  }
  ASSERT_EQ(caps.size(), 3U);
  std::vector<int> minutes;
  for (std::size_t i = 0; i < 3; ++i) {
    const int cap = std::stoi(caps[i]);
    EXPECT_GE(cap, 50);
    EXPECT_LE(cap, 100);
    EXPECT_EQ(std::to_string(cap), caps[i]);  // two integer bounds: integers
    ASSERT_TRUE(ttls[i].ends_with("m")) << ttls[i];
    const double ttl = std::stod(ttls[i]);
    EXPECT_GE(ttl, 10.0);
    EXPECT_LT(ttl, 50.0);
    minutes.push_back(std::stoi(ttls[i]));
  }
  // Latin hypercube: one unit value u in each third of [0, 1). Two integer bounds make the value
  // 10 + floor(u * 41) (design.cpp, range_value), so third i holds offsets floor(41 i / 3) to
  // floor(41 (i + 1) / 3): neighbouring thirds share their boundary minute, and the sorted values
  // must fall one in each.
  std::sort(minutes.begin(), minutes.end());
  for (std::size_t i = 0; i < 3; ++i) {
    const int third = static_cast<int>(i);
    EXPECT_GE(minutes[i] - 10, 41 * third / 3) << "third " << i;
    EXPECT_LE(minutes[i] - 10, std::min(40, 41 * (third + 1) / 3)) << "third " << i;
  }
}

TEST(SweepCli, ABadSweepFileRunsNothing) {
  const ScratchDir dir;
  app::test::write_text(dir / "bad.yaml", "base: nowhere.yaml\nreplications: 0\n");
  const auto r = run_cli({"sweep", (dir / "bad.yaml").string(), "-o", (dir / "out").string()});
  EXPECT_EQ(r.status, 2) << r;
  EXPECT_NE(r.err.find("bad.yaml:2:15: replications: expected a whole number"), std::string::npos)
      << r;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(SweepCli, HelpTeachesTheCommands) {
  for (const char* command : {"sweep", "report"}) {
    const auto r = run_cli({command, "--help"});
    ASSERT_EQ(r.status, 0) << r;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << r;
    EXPECT_NE(r.out.find(std::string("coordsim ") + command + " "), std::string::npos) << r;
    EXPECT_NE(r.out.find("Exit status"), std::string::npos) << r;
  }
}

TEST(ReportCli, AMissingInputExits1AndSaysWhich) {
  const ScratchDir dir;
  const auto r = run_cli({"report", (dir / "nowhere.h5").string(), "-o", (dir / "r").string()});
  EXPECT_EQ(r.status, 1) << r;
  EXPECT_NE(r.err.find("nowhere.h5"), std::string::npos) << r;
}

}  // namespace
}  // namespace coordsim::experiment
