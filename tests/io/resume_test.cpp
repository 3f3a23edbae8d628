// Checkpoint, kill, resume: the resumed file's datasets equal an uninterrupted run's.
#include <gtest/gtest.h>

#include <csignal>
#include <cstring>

#include "io/paths.hpp"
#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "support.hpp"
#include "support/child.hpp"

namespace coordsim::io::test {
namespace {

constexpr std::uint64_t kSteps = 300;
constexpr std::uint64_t kPerStep = 13;

RecorderOptions small_chunks() {
  RecorderOptions o;
  o.event_chunk_rows = 256;  // checkpoints fall inside chunks: partial chunks get completed later
  o.metric_chunk_rows = 64;
  return o;
}

/// The "model state" is just the next step to run.
std::vector<std::byte> state_blob(std::uint64_t next_step) {
  std::vector<std::byte> blob(sizeof next_step + 100, std::byte{0x5A});
  std::memcpy(blob.data(), &next_step, sizeof next_step);
  return blob;
}
std::uint64_t restore(const std::vector<std::byte>& blob) {
  std::uint64_t next = 0;
  std::memcpy(&next, blob.data(), sizeof next);
  return next;
}

/// Steps [first, last) of the synthetic run; a checkpoint after every 100th step and a snapshot
/// table at steps 150 and 250. `stop_at` (if < last) syncs at stop_at - 10 and SIGKILLs itself.
void simulate(Recorder& rec, std::uint64_t seed, std::uint64_t first, std::uint64_t last,
              std::uint64_t stop_at = UINT64_MAX) {
  for (std::uint64_t i = first; i < last; ++i) {
    if (i == stop_at - 10) rec.sync();
    if (i == stop_at) ::raise(SIGKILL);
    run_step(rec, seed, i, kPerStep);
    if (i == 150 || i == 250) {
      rec.write_table("/agents/snapshots/" + std::to_string(2 * i),
                      {{"balance", "tokens", "",
                        std::vector<std::int64_t>{static_cast<std::int64_t>(i), 2, 3}}});
    }
    if ((i + 1) % 100 == 0)
      rec.write_checkpoint("every 100 steps", state_blob(i + 1), kernel::SimTime{2 * i});
  }
  rec.write_table("/agents", {{"balance", "tokens", "", std::vector<std::int64_t>{1, 2, 3}}});
  rec.finish(kernel::SimTime{2 * last});
}

void finish_by_resuming(const fs::path& source, const fs::path& out, std::uint64_t seed) {
  const auto cp = read_latest_checkpoint(source, Unsealed::kRead);
  ASSERT_TRUE(cp.has_value());
  const std::uint64_t next = restore(cp->blob);
  std::printf("resuming from checkpoint %llu at step %llu\n",
              static_cast<unsigned long long>(cp->sequence), static_cast<unsigned long long>(next));
  Recorder rec = Recorder::resume(source, out, cp->sequence,
                                  {"2030-01-01T00:00:00Z", 2, 1, "other-host"}, small_chunks());
  EXPECT_EQ(rec.samples_appended(), cp->metric_rows);
  simulate(rec, seed, next, kSteps);
}

TEST(Resume, AfterSigkillEqualsUninterrupted) {
  for (const std::uint64_t seed : {3ULL, 2718ULL}) {
    std::printf("seed %llu\n", static_cast<unsigned long long>(seed));
    ScratchDir dir;
    const fs::path reference = dir / "reference.h5";
    {
      Recorder rec(reference, sample_info(seed), sample_layout(), small_chunks());
      simulate(rec, seed, 0, kSteps);
    }
    const fs::path out = dir / "run.h5";
    const int status = test_support::in_child([&] {
      Recorder rec(out, sample_info(seed), sample_layout(), small_chunks());
      simulate(rec, seed, 0, kSteps, 262);
      return 1;
    });
    ASSERT_TRUE(test_support::killed_by_sigkill(status)) << status;
    const fs::path partial = temp_path_for(out);
    ASSERT_TRUE(fs::exists(partial));
    EXPECT_GE(inspect(partial, Unsealed::kRead).samples,
              252U);  // synced at step 252, after checkpoint 1 (step 200)

    finish_by_resuming(partial, out, seed);
    EXPECT_FALSE(fs::exists(partial));
    const FileSummary s = inspect(out);
    EXPECT_TRUE(s.complete);
    EXPECT_EQ(s.run.execution.host, "other-host");
    EXPECT_EQ(s.checkpoints, 3U);
    EXPECT_EQ(read_events(out), read_events(reference));
    EXPECT_EQ(read_metric_time(out), read_metric_time(reference));
    EXPECT_EQ(read_table(out, "/agents/snapshots/500"),
              read_table(reference, "/agents/snapshots/500"));
    EXPECT_EQ(dataset_digest(out), dataset_digest(reference));
  }
}

TEST(Resume, FromAnInterruptedFinalFileByCopy) {
  const std::uint64_t seed = 8;
  ScratchDir dir;
  const fs::path reference = dir / "reference.h5";
  {
    Recorder rec(reference, sample_info(seed), sample_layout(), small_chunks());
    simulate(rec, seed, 0, kSteps);
  }
  const fs::path out = dir / "run.h5";
  {
    // A SIGINT-style stop after step 120: the file is kept under its name, incomplete.
    Recorder rec(out, sample_info(seed), sample_layout(), small_chunks());
    for (std::uint64_t i = 0; i < 120; ++i) {
      run_step(rec, seed, i, kPerStep);
      if ((i + 1) % 100 == 0)
        rec.write_checkpoint("every 100 steps", state_blob(i + 1), kernel::SimTime{2 * i});
    }
    rec.finish(kernel::SimTime{240}, false);
  }
  const auto before = file_bytes(out);
  ASSERT_FALSE(inspect(out).complete);
  {
    // An abandoned resume leaves the source untouched and removes its copy.
    Recorder rec = Recorder::resume(out, out, 0, {}, small_chunks());
    run_step(rec, seed, 100, kPerStep);
  }
  EXPECT_EQ(file_bytes(out), before);
  EXPECT_FALSE(fs::exists(temp_path_for(out)));

  finish_by_resuming(out, out, seed);
  EXPECT_TRUE(inspect(out).complete);
  EXPECT_EQ(dataset_digest(out), dataset_digest(reference));
}

TEST(Resume, MissingCheckpointIsAnError) {
  ScratchDir dir;
  const fs::path out = dir / "run.h5";
  {
    Recorder rec(out, sample_info(1), sample_layout());
    rec.finish(kernel::SimTime{0});
  }
  EXPECT_THROW((void)Recorder::resume(out, dir / "next.h5", 0, {}), IoError);
  EXPECT_FALSE(fs::exists(temp_path_for(dir / "next.h5")));
}

}  // namespace
}  // namespace coordsim::io::test
