// Checkpoint and resume of real runs: a run stopped (or killed) after a checkpoint and resumed
// gives a file whose datasets are byte-identical (io::dataset_digest, which covers every dataset
// including the checkpoints themselves) to the uninterrupted run's, for any thread counts.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include "checkpoint_support.hpp"
#include "io/paths.hpp"
#include "io/recorder.hpp"

namespace coordsim::run::test {
namespace {

class ResumeEqualsUninterrupted : public ::testing::TestWithParam<Case> {};

TEST_P(ResumeEqualsUninterrupted, AfterStop) {
  const Case& c = GetParam();
  std::printf("case %s\n", c.name.c_str());
  ScratchDir dir;
  const scenario::Spec spec = load(c);
  const fs::path reference = dir / "reference.h5";
  const RunSummary full = run_full(spec, reference, 1);
  ASSERT_TRUE(full.complete);
  const io::FileSummary ref_summary = io::inspect(reference);
  ASSERT_GE(ref_summary.checkpoints, 4U) << "the case must write several checkpoints";
  EXPECT_EQ(full.checkpoints, ref_summary.checkpoints);
  const std::string want = io::dataset_digest(reference);

  // Taking checkpoints does not disturb the run: everything but /checkpoints equals a run
  // without them.
  Case plain = c;
  plain.overrides.emplace_back("output.checkpoint_every=0s");
  const fs::path without = dir / "without.h5";
  (void)run_full(load(plain), without, 1);
  EXPECT_EQ(io::inspect(without).checkpoints, 0U);
  expect_same_recording(reference, without);

  // Stopped right after checkpoint 1: the file holds more than the checkpoint (the run went on
  // to the next slice and wrote its final tables), all of which resume drops and redoes.
  const fs::path stopped = dir / "stopped.h5";
  const RunSummary part = run_stopped_after(spec, stopped, 1, 1);
  ASSERT_FALSE(part.complete);
  EXPECT_FALSE(io::inspect(stopped).complete);
  EXPECT_NE(io::dataset_digest(stopped), want);

  const fs::path resumed = dir / "resumed.h5";
  const RunSummary rest = resume(stopped, options(resumed, 1));
  EXPECT_TRUE(rest.complete);
  EXPECT_TRUE(rest.resumed);
  EXPECT_EQ(rest.output, resumed);
  EXPECT_EQ(rest.events, full.events);
  EXPECT_EQ(rest.samples, full.samples);
  EXPECT_EQ(rest.invariant_checks, full.invariant_checks);
  EXPECT_TRUE(io::inspect(resumed).complete);
  EXPECT_EQ(io::dataset_digest(resumed), want);
  EXPECT_EQ(rest.last, full.last);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ResumeEqualsUninterrupted,
                         ::testing::Values(quickstart(1), quickstart(5),
                                           quickstart(2, "every_event"), adversarial(11),
                                           adversarial(3), order_book(8)),
                         [](const auto& param_info) {
                           std::string n = param_info.param.name;
                           for (char& ch : n) ch = ch == '-' ? '_' : ch;
                           return n;
                         });

TEST(Resume, StoppedTwiceAndResumedTwice) {
  ScratchDir dir;
  const scenario::Spec spec = load(adversarial(7));
  const fs::path reference = dir / "reference.h5";
  (void)run_full(spec, reference, 1);
  const fs::path file = dir / "run.h5";
  ASSERT_FALSE(run_stopped_after(spec, file, 1, 0).complete);
  // The first resume is stopped again after a later checkpoint; the second finishes.
  std::atomic<bool> stop{false};
  RunOptions o = options({}, 1);
  o.stop = &stop;
  o.on_checkpoint = [&](std::uint64_t seq, double /*t*/) {
    if (seq == 3) stop.store(true);
  };
  const RunSummary again = resume(file, o);
  ASSERT_FALSE(again.complete);
  EXPECT_EQ(again.output, file) << "without -o a resumed file replaces the one it came from";
  EXPECT_EQ(io::read_latest_checkpoint(file)->sequence, 3U);
  const RunSummary done = resume(file, options({}, 1));
  EXPECT_TRUE(done.complete);
  EXPECT_EQ(io::dataset_digest(file), io::dataset_digest(reference));
}

TEST(Resume, FromTheFinalCheckpointOfAFinishedRun) {
  // The last checkpoint is at the end: resuming only rewrites the final tables.
  ScratchDir dir;
  const scenario::Spec spec = load(quickstart(3));
  const fs::path reference = dir / "reference.h5";
  const RunSummary full = run_full(spec, reference, 1);
  const fs::path again = dir / "again.h5";
  const RunSummary rest = resume(reference, options(again, 1));
  EXPECT_TRUE(rest.complete);
  EXPECT_EQ(rest.checkpoints, 0U);
  EXPECT_EQ(rest.last, full.last);
  EXPECT_EQ(io::dataset_digest(again), io::dataset_digest(reference));
}

TEST(Resume, AnyThreadCountGivesTheSameFile) {
  for (const Case& c : {adversarial(11), quickstart(4)}) {
    std::printf("case %s\n", c.name.c_str());
    ScratchDir dir;
    const scenario::Spec spec = load(c);
    const fs::path reference = dir / "reference.h5";
    (void)run_full(spec, reference, 1);
    const std::string want = io::dataset_digest(reference);
    // The checkpoints of a parallel run are the sequential run's, byte for byte.
    const fs::path parallel = dir / "parallel.h5";
    const RunSummary p = run_full(spec, parallel, 4);
    EXPECT_GT(p.threads, 1);
    EXPECT_EQ(io::read_checkpoint(parallel, 2).blob, io::read_checkpoint(reference, 2).blob);
    EXPECT_EQ(io::dataset_digest(parallel), want);

    const fs::path a = dir / "a.h5";
    ASSERT_FALSE(run_stopped_after(spec, a, 4, 2).complete);
    (void)resume(a, options({}, 1));
    EXPECT_EQ(io::dataset_digest(a), want) << "stopped on 4 threads, resumed on 1";

    const fs::path b = dir / "b.h5";
    ASSERT_FALSE(run_stopped_after(spec, b, 1, 1).complete);
    const RunSummary rb = resume(b, options({}, 3));
    EXPECT_GT(rb.threads, 1);
    EXPECT_EQ(io::dataset_digest(b), want) << "stopped on 1 thread, resumed on 3";
  }
}

TEST(Resume, AfterSigkillFromThePartialFile) {
  ScratchDir dir;
  const Case c = adversarial(5);
  const scenario::Spec spec = load(c);
  const fs::path reference = dir / "reference.h5";
  (void)run_full(spec, reference, 1);
  const fs::path out = dir / "run.h5";
  const fs::path partial = io::temp_path_for(out);
  const int status = run_killed_after(spec, out, 2);
  ASSERT_TRUE(test_support::killed_by_sigkill(status)) << "status " << status;
  ASSERT_FALSE(fs::exists(out));
  ASSERT_TRUE(fs::exists(partial));
  EXPECT_EQ(io::read_latest_checkpoint(partial, io::Unsealed::kRead)->sequence, 2U);

  // A killed run's file carries no seal: resumed only when the caller vouches for it.
  EXPECT_THROW((void)resume(partial, options({}, 2)), io::UnsealedFileError);
  ASSERT_TRUE(fs::exists(partial));
  // Resumed in place on two threads; the partial becomes the target when done.
  RunOptions trusted = options({}, 2);
  trusted.unsealed = true;
  const RunSummary rest = resume(partial, trusted);
  EXPECT_TRUE(rest.complete);
  EXPECT_EQ(rest.output, out);
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(io::dataset_digest(out), io::dataset_digest(reference));
}

// --- files that cannot be resumed -----------------------------------------------------------

/// A run file of `info` holding one checkpoint with the given blob.
void write_file_with_checkpoint(const fs::path& path, const io::RunInfo& info,
                                const std::vector<io::MetricColumn>& metrics,
                                std::span<const std::byte> blob) {
  io::RecordingLayout layout;
  layout.metrics = metrics;
  io::Recorder rec(path, info, layout);
  (void)rec.write_checkpoint("test", blob, kernel::SimTime{3600});
  rec.finish(kernel::SimTime{3600}, false);
}

void expect_cannot_resume(const fs::path& file, const fs::path& out, const std::string& why) {
  try {
    (void)resume(file, options(out, 1));
    ADD_FAILURE() << "resumed " << file << " (" << why << ")";
  } catch (const CheckpointError& e) {
    std::printf("  %s -> %s\n", why.c_str(), e.what());
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos)
        << "the message names the file";
  }
  EXPECT_FALSE(fs::exists(out)) << why;
  EXPECT_FALSE(fs::exists(io::temp_path_for(out))) << why;
}

TEST(Resume, DamagedOrMissingCheckpointsAreCleanErrors) {
  ScratchDir dir;
  const scenario::Spec spec = load(quickstart(1));
  const fs::path good = dir / "good.h5";
  (void)run_full(spec, good, 1);
  const io::RunInfo info = io::read_run_info(good);
  const auto metrics = io::read_metric_columns(good);
  const std::vector<std::byte> blob = io::read_latest_checkpoint(good)->blob;
  ASSERT_GT(blob.size(), 1000U);
  const fs::path out = dir / "out.h5";

  Case plain = quickstart(1);
  plain.overrides.emplace_back("output.checkpoint_every=0s");
  const fs::path none = dir / "none.h5";
  (void)run_full(load(plain), none, 1);
  expect_cannot_resume(none, out, "no checkpoint");

  auto with_blob = [&](const std::string& name, std::vector<std::byte> b) {
    const fs::path f = dir / (name + ".h5");
    write_file_with_checkpoint(f, info, metrics, b);
    expect_cannot_resume(f, out, name);
  };
  with_blob("empty", {});
  with_blob("header-only", {blob.begin(), blob.begin() + 20});
  with_blob("truncated-half",
            {blob.begin(), blob.begin() + static_cast<std::ptrdiff_t>(blob.size() / 2)});
  with_blob("truncated-one-byte", {blob.begin(), blob.end() - 1});
  auto flipped = blob;
  flipped[flipped.size() / 2] ^= std::byte{0x10};
  with_blob("one-bit-flipped", flipped);
  auto bad_magic = blob;
  bad_magic[0] = std::byte{'X'};
  with_blob("bad-magic", bad_magic);
  auto extended = blob;
  extended.push_back(std::byte{0});
  with_blob("trailing-byte", extended);

  // An intact checkpoint of another scenario (another seed) in this scenario's file.
  const fs::path other = dir / "other.h5";
  (void)run_full(load(quickstart(2)), other, 1);
  with_blob("other-scenario", io::read_latest_checkpoint(other)->blob);

  // An intact checkpoint of this scenario, but stored in a recording it was not taken in (its
  // sample count disagrees with the file's): refused before the file is touched.
  with_blob("foreign-recording", blob);
}

TEST(Resume, NotARunFileIsRefused) {
  ScratchDir dir;
  const fs::path text = dir / "notes.h5";
  app::test::write_text(text, "not hdf5 at all\n");
  EXPECT_THROW((void)resume(text, options(dir / "out.h5", 1)), io::IoError);
  EXPECT_THROW((void)resume(dir / "missing.h5", options(dir / "out.h5", 1)), io::IoError);
}

TEST(Resume, DefaultOutput) {
  EXPECT_EQ(default_resume_output("out/.run.h5.partial"), fs::path("out/run.h5"));
  EXPECT_EQ(default_resume_output("out/run.h5"), fs::path("out/run.h5"));
  EXPECT_EQ(default_resume_output(".partial"), fs::path(".partial"));
  EXPECT_EQ(default_resume_output("x.partial"), fs::path("x.partial"));
}

}  // namespace
}  // namespace coordsim::run::test
