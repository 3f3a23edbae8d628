// What survives a SIGKILL, an exception, a SIGINT-style stop, and write errors.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "io/paths.hpp"
#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "support.hpp"
#include "support/child.hpp"

namespace coordsim::io::test {
namespace {

constexpr std::uint64_t kPerStep = 5;

using test_support::in_child;
using test_support::killed_by_sigkill;

/// Waits (bounded by a generous deadline, never asserted on) until `n` samples are durable.
bool wait_durable(const Recorder& rec, std::uint64_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (rec.samples_durable() < n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

void check_killed_file(const fs::path& out, std::uint64_t seed, std::uint64_t at_least,
                       std::uint64_t at_most, std::uint64_t events_at_least) {
  ASSERT_FALSE(fs::exists(out));
  const fs::path partial = temp_path_for(out);
  ASSERT_TRUE(fs::exists(partial));
  // Never closed, so never sealed: refused unless the caller vouches for it.
  EXPECT_EQ(check_seal(partial), SealState::kUnsealed);
  EXPECT_THROW((void)inspect(partial), UnsealedFileError);
  constexpr Unsealed kRead = Unsealed::kRead;
  const FileSummary s = inspect(partial, kRead);
  EXPECT_FALSE(s.complete);
  EXPECT_FALSE(s.sealed);
  EXPECT_GE(s.samples, at_least);
  EXPECT_LE(s.samples, at_most);
  const auto time = read_metric_time(partial, kRead);
  const auto supply = std::get<std::vector<std::int64_t>>(read_metric(partial, "supply", kRead));
  ASSERT_EQ(time.size(), s.samples);
  ASSERT_EQ(supply.size(), s.samples);
  for (std::uint64_t i = 0; i < s.samples; ++i) {
    ASSERT_EQ(time[i], 2 * i);
    ASSERT_EQ(supply[i], std::get<std::int64_t>(sample_values(seed, i)[0]));
  }
  const auto events = read_events(partial, kRead);
  EXPECT_GE(events.size(), events_at_least);
  for (std::size_t i = 0; i < events.size(); ++i) ASSERT_EQ(events[i], event_at(seed, i));
  EXPECT_EQ(run_command("h5ls -r '" + partial.string() + "' >/dev/null").first, 0);
  EXPECT_EQ(run_command("h5dump -d /metrics/time '" + partial.string() + "' >/dev/null").first, 0);
}

/// Records steps first..last-1 of `seed`.
void run_steps(Recorder& rec, std::uint64_t seed, std::uint64_t first, std::uint64_t last) {
  for (std::uint64_t i = first; i < last; ++i) run_step(rec, seed, i, kPerStep);
}

/// The wait status of a child that records `seed` into `out` with `options` (`record(rec)`, which
/// returns nonzero to exit early, with that code) and then SIGKILLs itself.
template <class Record>
int killed_while_recording(const fs::path& out, std::uint64_t seed, const RecorderOptions& options,
                           Record&& record) {
  return in_child([&] {
    Recorder rec(out, sample_info(seed), sample_layout(), options);
    if (const int code = record(rec); code != 0) return code;
    ::raise(SIGKILL);
    return 1;
  });
}

TEST(Crash, SigkillAfterSyncKeepsEverySyncedSample) {
  const std::uint64_t seed = 31;
  std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
  ScratchDir dir;
  const fs::path out = dir / "killed.h5";
  RecorderOptions options;
  options.flush_interval = std::chrono::milliseconds{0};
  options.event_chunk_rows = 64;
  const int status = killed_while_recording(out, seed, options, [&](Recorder& rec) {
    run_steps(rec, seed, 0, 50);
    rec.sync();
    run_steps(rec, seed, 50, 57);
    return 0;
  });
  ASSERT_TRUE(killed_by_sigkill(status)) << status;
  check_killed_file(out, seed, 50, 57, 50 * kPerStep);
}

TEST(Crash, SigkillAfterPeriodicFlushByCount) {
  const std::uint64_t seed = 32;
  ScratchDir dir;
  const fs::path out = dir / "killed.h5";
  RecorderOptions options;
  options.flush_interval = std::chrono::milliseconds{0};
  options.flush_every_samples = 10;
  const int status = killed_while_recording(out, seed, options, [&](Recorder& rec) {
    run_steps(rec, seed, 0, 55);
    if (!wait_durable(rec, 50)) return 4;
    run_steps(rec, seed, 55, 60);
    return 0;
  });
  ASSERT_TRUE(killed_by_sigkill(status)) << status;
  // Events reach the file in whole chunks (65536 rows by default) or at sync points, so the 300
  // events here may not be there; those that are must be right.
  check_killed_file(out, seed, 50, 60, 0);
}

TEST(Crash, SigkillAfterWallClockFlush) {
  const std::uint64_t seed = 33;
  ScratchDir dir;
  const fs::path out = dir / "killed.h5";
  RecorderOptions options;
  options.flush_interval = std::chrono::milliseconds{20};
  const int status = killed_while_recording(out, seed, options, [&](Recorder& rec) {
    run_steps(rec, seed, 0, 30);
    return wait_durable(rec, 30) ? 0 : 4;
  });
  ASSERT_TRUE(killed_by_sigkill(status)) << status;
  check_killed_file(out, seed, 30, 30, 0);

  // The killed run's partial blocks a new run to the same target unless told to replace it.
  EXPECT_THROW(Recorder(out, sample_info(seed), sample_layout()), IoError);
  RecorderOptions replace;
  replace.replace_stale_partial = true;
  Recorder again(out, sample_info(seed), sample_layout(), replace);
  again.finish(kernel::SimTime{0});
  EXPECT_TRUE(inspect(out).complete);
}

TEST(Crash, ExceptionRemovesThePartialAndKeepsTheOldFile) {
  ScratchDir dir;
  const fs::path out = dir / "run.h5";
  const std::vector<unsigned char> old = {'o', 'l', 'd'};
  write_bytes(out, old);
  try {
    Recorder rec(out, sample_info(1), sample_layout());
    run_steps(rec, 1, 0, 10);
    rec.sync();
    EXPECT_EQ(file_bytes(out), old);
    throw std::runtime_error("model failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_EQ(file_bytes(out), old);
  EXPECT_FALSE(fs::exists(temp_path_for(out)));
}

TEST(Crash, KeepIncompleteRenamesWithCompleteZero) {
  ScratchDir dir;
  const fs::path out = dir / "stopped.h5";
  {
    Recorder rec(out, sample_info(2), sample_layout());
    run_steps(rec, 2, 0, 10);
    rec.set_keep_incomplete(true);  // what the SIGINT handler's path does
  }
  ASSERT_TRUE(fs::exists(out));
  FileSummary s = inspect(out);
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.samples, 10U);
  EXPECT_EQ(s.events, 10 * kPerStep);
  EXPECT_NE(format_summary(s).find("NO"), std::string::npos);

  {
    Recorder rec(out, sample_info(2), sample_layout());
    run_steps(rec, 2, 0, 4);
    rec.finish(kernel::SimTime{8}, false);  // the explicit SIGINT path
  }
  s = inspect(out);
  EXPECT_FALSE(s.complete);
  EXPECT_EQ(s.samples, 4U);
  EXPECT_EQ(s.end_time_ticks, 8U);
}

TEST(WriteError, TargetIsADirectoryOrHasNoParent) {
  ScratchDir dir;
  fs::create_directory(dir / "adir");
  try {
    Recorder rec(dir / "adir", sample_info(1), sample_layout());
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_EQ(e.path(), dir / "adir");
    EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
  }
  try {
    Recorder rec(dir / "missing" / "run.h5", sample_info(1), sample_layout());
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "missing" / "run.h5").string()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("parent directory does not exist"), std::string::npos)
        << e.what();
  }
}

/// A child that records until an IoError; exit 0 when the error names the partial file.
int record_until_error(const fs::path& out, std::uint64_t sync_after,
                       std::string* message = nullptr) {
  RecorderOptions options;
  options.keep_incomplete = true;
  options.event_chunk_rows = 1024;
  try {
    Recorder rec(out, sample_info(8), sample_layout(), options);
    for (std::uint64_t i = 0; i < 200000; ++i) {
      run_step(rec, 8, i, 50);
      if (i + 1 == sync_after) rec.sync();
    }
    rec.finish(kernel::SimTime{400000});
  } catch (const IoError& e) {
    if (message != nullptr) *message = e.what();
    std::fprintf(stderr, "expected error: %s\n", e.what());
    return std::string(e.what()).find(temp_path_for(out).string()) != std::string::npos ? 0 : 2;
  }
  return 1;
}

// The file-size limit makes write(2) fail with EFBIG exactly like a full disk fails with ENOSPC:
// the error travels from the writer thread to the caller.
TEST(WriteError, FileSizeLimitSurfacesAsIoError) {
  ScratchDir dir;
  const fs::path out = dir / "limited.h5";
  const int status = in_child([&] {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{2 << 20, 2 << 20};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) return 5;
    return record_until_error(out, 20);
  });
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  // Unlike a full disk, the size limit also stops the file from being extended to its allocated
  // end, so the kept file may be unreadable; reading it must fail cleanly, not crash.
  ASSERT_TRUE(fs::exists(out));
  // If the close that seals it failed too, the kept file has no seal: read it on request.
  try {
    EXPECT_FALSE(inspect(out, Unsealed::kRead).complete);
  } catch (const IoError& e) {
    std::printf("kept file is unreadable, as allowed: %s\n", e.what());
  }
}

/// Mounts a small tmpfs (tests run as root); skips the test where mounting is not allowed.
class Tmpfs {
 public:
  Tmpfs(const fs::path& where, const char* options, unsigned long flags) : path_(where) {
    fs::create_directories(where);
    mounted_ = ::mount("tmpfs", where.c_str(), "tmpfs", flags, options) == 0;
  }
  ~Tmpfs() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;
  [[nodiscard]] bool mounted() const { return mounted_; }

 private:
  fs::path path_;
  bool mounted_ = false;
};

TEST(WriteError, DiskFullOnSmallTmpfs) {
  ScratchDir dir;
  Tmpfs tmpfs(dir / "small", "size=1m", 0);
  if (!tmpfs.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here";
  const fs::path out = dir / "small" / "full.h5";
  std::string message;
  EXPECT_EQ(record_until_error(out, 10, &message), 0) << message;
  EXPECT_NE(message.find("system error: No space left on device"), std::string::npos) << message;
  ASSERT_TRUE(fs::exists(out));
  // The close that would have sealed it failed: the kept file has no seal, read on request.
  EXPECT_EQ(check_seal(out), SealState::kUnsealed);
  EXPECT_GE(inspect(out, Unsealed::kRead).samples, 10U);
}

TEST(WriteError, ReadOnlyFilesystem) {
  ScratchDir dir;
  Tmpfs tmpfs(dir / "ro", "size=1m", MS_RDONLY);
  if (!tmpfs.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here";
  try {
    Recorder rec(dir / "ro" / "run.h5", sample_info(1), sample_layout());
    FAIL() << "no error";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("Read-only file system"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace coordsim::io::test
