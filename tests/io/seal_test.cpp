// The seal (io/seal.hpp): every closed run file carries one, any change to its bytes is found
// before libhdf5 reads them, and files without one (killed runs, older coordsim) are told apart.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <csignal>

#include "io/paths.hpp"
#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "io/seal.hpp"
#include "support.hpp"
#include "support/child.hpp"
#include "support/source_tree.hpp"

namespace coordsim::io::test {
namespace {

fs::path finished_file(const fs::path& out, bool complete = true) {
  RecorderOptions options;
  options.event_chunk_rows = 64;
  options.metric_chunk_rows = 16;
  Recorder rec(out, sample_info(4), sample_layout(), options);
  for (std::uint64_t i = 0; i < 40; ++i) run_step(rec, 4, i, 3);
  rec.write_checkpoint("cp", std::vector<std::byte>(300, std::byte{7}), kernel::SimTime{80});
  rec.finish(kernel::SimTime{80}, complete);
  return out;
}

/// check_seal on `bytes` written to `path`: kSealed, kUnsealed, or 'D' when refused as damaged.
char seal_of(const fs::path& path, const std::vector<unsigned char>& bytes) {
  write_bytes(path, bytes);
  try {
    return check_seal(path) == SealState::kSealed ? 'S' : 'U';
  } catch (const ForeignFileError&) {
    return 'F';
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged file"), std::string::npos) << e.what();
    return 'D';
  }
}

TEST(Seal, EveryClosedFileIsSealedAndStillPlainHdf5) {
  ScratchDir dir;
  for (const bool complete : {true, false}) {
    const fs::path f = finished_file(dir / (complete ? "done.h5" : "stopped.h5"), complete);
    EXPECT_EQ(check_seal(f), SealState::kSealed);
    const FileSummary s = inspect(f);
    EXPECT_TRUE(s.sealed);
    EXPECT_EQ(s.complete, complete);
    EXPECT_NE(format_summary(s).find("sealed:      yes"), std::string::npos) << format_summary(s);
    // The seal sits in an HDF5 user block: every HDF5 tool still reads the file.
    EXPECT_EQ(run_command("h5dump -d /metrics/time '" + f.string() + "' >/dev/null").first, 0);
  }
}

TEST(Seal, AnyChangedByteTruncationOrExtensionIsDamage) {
  ScratchDir dir;
  const auto bytes = file_bytes(finished_file(dir / "run.h5"));
  ASSERT_GT(bytes.size(), 4096U);
  const fs::path bad = dir / "bad.h5";
  std::size_t checked = 0;
  // Every byte of the seal block and the superblock region, then every 97th byte.
  for (std::size_t at = 0; at < bytes.size(); at += at < 4096 ? 1 : 97) {
    auto damaged = bytes;
    damaged[at] ^= 0x20;
    // A changed magic leaves a file that no longer claims a seal; anything else is damage.
    ASSERT_EQ(seal_of(bad, damaged), at < 16 ? 'U' : 'D') << "byte " << at;
    ++checked;
  }
  for (std::size_t len = 0; len < bytes.size(); len += 211) {
    const char got =
        seal_of(bad, {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len)});
    // Shorter than the seal block: no seal, and no HDF5 signature where HDF5 looks.
    ASSERT_EQ(got, len < kSealBlockBytes ? 'F' : 'D') << "truncated to " << len;
    ++checked;
  }
  auto longer = bytes;
  longer.push_back(0);
  EXPECT_EQ(seal_of(bad, longer), 'D');
  EXPECT_EQ(seal_of(bad, bytes), 'S');
  std::printf("%zu damaged copies checked\n", checked);
}

TEST(Seal, UnsealedFilesAreReadOnlyOnRequest) {
  ScratchDir dir;
  const fs::path f = finished_file(dir / "run.h5");
  const std::string digest = dataset_digest(f);
  unseal(f);
  EXPECT_EQ(check_seal(f), SealState::kUnsealed);
  EXPECT_THROW((void)inspect(f), UnsealedFileError);
  EXPECT_THROW((void)read_latest_checkpoint(f), UnsealedFileError);
  try {
    (void)inspect(f);
  } catch (const UnsealedFileError& e) {
    EXPECT_NE(std::string(e.what()).find("--unsealed"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(inspect(f, Unsealed::kRead).sealed);
  EXPECT_EQ(dataset_digest(f, Unsealed::kRead), digest);
  unseal(f);  // a no-op on an unsealed file
  seal(f);
  EXPECT_EQ(check_seal(f), SealState::kSealed);
  EXPECT_EQ(dataset_digest(f), digest);
}

// A file of a coordsim before the seal has no user block (its superblock at 0): unsealed.
TEST(Seal, FilesOfOlderCoordsimAreUnsealed) {
  const fs::path old =
      test_support::source_dir() / "tests/fuzz/regressions/run_file-hdf5-dense-link-checksum.h5";
  ASSERT_TRUE(fs::exists(old));
  EXPECT_EQ(check_seal(old), SealState::kUnsealed);
  EXPECT_THROW((void)inspect(old), UnsealedFileError);
}

// A resume changes the file in place: killed while resuming, it must be unsealed (readable on
// request and resumable again), not carry the stale seal of the file it was copied from.
TEST(Seal, ARunKilledWhileResumingLeavesAnUnsealedFile) {
  ScratchDir dir;
  const fs::path source = finished_file(dir / "run.h5");
  const fs::path out = dir / "resumed.h5";
  const int status = test_support::in_child([&] {
    Recorder rec = Recorder::resume(source, out, 0, {"2030-01-01T00:00:00Z", 1, 1, "h"});
    run_step(rec, 4, 40, 3);
    rec.sync();
    ::raise(SIGKILL);
    return 0;
  });
  ASSERT_TRUE(test_support::killed_by_sigkill(status)) << status;
  const fs::path partial = temp_path_for(out);
  ASSERT_TRUE(fs::exists(partial));
  EXPECT_EQ(check_seal(partial), SealState::kUnsealed);
  EXPECT_GE(inspect(partial, Unsealed::kRead).samples, 1U);
  EXPECT_EQ(check_seal(source), SealState::kSealed);  // the source is untouched
}

// A resumed file is sealed again when it is finished; one of a coordsim before the seal (no user
// block: h5unjam removes it) has no room for a seal and stays unsealed, but finishes and reads.
TEST(Seal, AResumedFileIsSealedWhenItHasRoom) {
  ScratchDir dir;
  const fs::path sealed = finished_file(dir / "run.h5");
  const fs::path old = dir / "old.h5";
  ASSERT_EQ(run_command("h5unjam -i '" + sealed.string() + "' -o '" + old.string() +
                        "' -u /dev/null >/dev/null")
                .first,
            0);
  ASSERT_EQ(check_seal(old), SealState::kUnsealed);
  for (const auto& [source, expected] :
       {std::pair{sealed, SealState::kSealed}, std::pair{old, SealState::kUnsealed}}) {
    SCOPED_TRACE(source.string());
    const fs::path out = dir / ("resumed-" + source.filename().string());
    Recorder rec = Recorder::resume(source, out, 0, {"2030-01-01T00:00:00Z", 1, 1, "h"});
    run_step(rec, 4, 40, 3);
    rec.finish(kernel::SimTime{82});
    EXPECT_EQ(check_seal(out), expected);
    const FileSummary s = inspect(out, Unsealed::kRead);
    EXPECT_TRUE(s.complete);
    EXPECT_EQ(s.samples, 41U);
  }
}

}  // namespace
}  // namespace coordsim::io::test
