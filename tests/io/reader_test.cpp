// The reader refuses what is not ours and never crashes on a damaged file.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "support.hpp"
#include "support/child.hpp"

namespace coordsim::io::test {
namespace {

fs::path good_file(const ScratchDir& dir) {
  const fs::path out = dir / "good.h5";
  RecorderOptions options;
  options.event_chunk_rows = 256;
  Recorder rec(out, sample_info(6), sample_layout(), options);
  for (std::uint64_t i = 0; i < 100; ++i) run_step(rec, 6, i, 9);
  rec.write_checkpoint("cp", std::vector<std::byte>(1000, std::byte{1}), kernel::SimTime{200});
  rec.write_table("/agents", {{"id", "", "", std::vector<std::uint64_t>(50, 3)}});
  rec.finish(kernel::SimTime{200});
  return out;
}

/// Every reader entry point on `path` throws `E` (or a subclass) and nothing else.
template <class E>
void expect_all_refuse(const fs::path& path, Unsealed unsealed = Unsealed::kRefuse) {
  EXPECT_THROW((void)inspect(path, unsealed), E);
  EXPECT_THROW((void)read_run_info(path, unsealed), E);
  EXPECT_THROW((void)read_metric_time(path, unsealed), E);
  EXPECT_THROW((void)read_events(path, unsealed), E);
  EXPECT_THROW((void)read_latest_checkpoint(path, unsealed), E);
  EXPECT_THROW((void)dataset_digest(path, unsealed), E);
}

TEST(Reader, RefusesWhatIsNotOurs) {
  ScratchDir dir;
  write_bytes(dir / "empty.h5", {});
  expect_all_refuse<ForeignFileError>(dir / "empty.h5");

  std::vector<unsigned char> noise(100000);
  for (std::size_t i = 0; i < noise.size(); ++i)
    noise[i] = static_cast<unsigned char>(kernel::draw(17, i));
  write_bytes(dir / "noise.h5", noise);
  expect_all_refuse<ForeignFileError>(dir / "noise.h5");
  expect_all_refuse<ForeignFileError>(dir / "noise.h5", Unsealed::kRead);

  const std::string yaml = "name: not hdf5\n";
  write_bytes(dir / "scenario.yaml", {yaml.begin(), yaml.end()});
  expect_all_refuse<ForeignFileError>(dir / "scenario.yaml");

  // Another program's HDF5 file: h5copy makes a file holding one of our groups but none of our
  // root attributes. It carries no seal, so it is refused as unsealed before libhdf5 reads it;
  // read on request, it is found not to be ours.
  const fs::path good = good_file(dir);
  const fs::path other = dir / "other.h5";
  ASSERT_EQ(run_command("h5copy -i '" + good.string() + "' -o '" + other.string() +
                        "' -s /metrics -d /metrics")
                .first,
            0);
  expect_all_refuse<UnsealedFileError>(other);
  expect_all_refuse<ForeignFileError>(other, Unsealed::kRead);
  try {
    (void)inspect(other, Unsealed::kRead);
  } catch (const ForeignFileError& e) {
    EXPECT_NE(std::string(e.what()).find("not a coordsim run file"), std::string::npos) << e.what();
    EXPECT_EQ(e.path(), other);
  }

  fs::create_directory(dir / "adir");
  expect_all_refuse<IoError>(dir / "adir");
  expect_all_refuse<IoError>(dir / "does-not-exist.h5");
}

TEST(Reader, TruncatedFilesFailCleanly) {
  ScratchDir dir;
  const fs::path good = good_file(dir);
  const auto bytes = file_bytes(good);
  ASSERT_GT(bytes.size(), 4096U);
  const fs::path cut = dir / "cut.h5";
  std::size_t refused = 0;
  for (std::size_t k = 1; k < 64; ++k) {
    const std::size_t len = bytes.size() * k / 64;
    write_bytes(cut, {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len)});
    EXPECT_THROW((void)inspect(cut), IoError) << "truncated at " << len;
    EXPECT_THROW((void)dataset_digest(cut), IoError) << "truncated at " << len;
    ++refused;
  }
  EXPECT_EQ(refused, 63U);
}

// Damage inside a sealed file (flipped bytes anywhere) is refused by the seal before libhdf5
// reads it: every trial is an IoError saying the file is damaged.
TEST(Reader, CorruptedSealedFilesAreRefusedBeforeHdf5) {
  ScratchDir dir;
  const auto bytes = file_bytes(good_file(dir));
  const fs::path bad = dir / "bad.h5";
  for (std::uint64_t trial = 0; trial < 200; ++trial) {
    auto damaged = bytes;
    const std::uint64_t r = kernel::draw(kernel::stream_key(2025, trial), 0);
    damaged[r % damaged.size()] ^= static_cast<unsigned char>(1 + (r >> 32) % 255);
    write_bytes(bad, damaged);
    try {
      (void)inspect(bad);
      ADD_FAILURE() << "trial " << trial << ": byte " << r % damaged.size() << " changed, read";
    } catch (const UnsealedFileError&) {
      // The byte hit the seal's own magic: the file no longer claims one.
      EXPECT_LT(r % damaged.size(), 16U) << "trial " << trial;
    } catch (const IoError& e) {
      EXPECT_NE(std::string(e.what()).find("damaged file"), std::string::npos) << e.what();
    }
  }
}

// Damage inside an unsealed file read on request (--unsealed) must give an error or a (wrong)
// answer, never a crash. Run in a child so that a crash inside HDF5 would fail the test instead
// of killing the suite.
TEST(Reader, CorruptedUnsealedBytesNeverCrash) {
  ScratchDir dir;
  const fs::path good = good_file(dir);
  unseal(good);
  const auto bytes = file_bytes(good);
  const fs::path bad = dir / "bad.h5";
  constexpr std::uint64_t kTrials = 200;
  std::size_t errors = 0;
  for (std::uint64_t trial = 0; trial < kTrials; ++trial) {
    auto damaged = bytes;
    for (std::uint64_t j = 0; j < 8; ++j) {
      const std::uint64_t r = kernel::draw(kernel::stream_key(2024, trial), j);
      damaged[r % damaged.size()] ^= static_cast<unsigned char>(1 + (r >> 32) % 255);
    }
    write_bytes(bad, damaged);
    if (std::getenv("COORDSIM_KEEP_DAMAGED") != nullptr)
      fs::copy_file(bad, "/tmp/damaged_" + std::to_string(trial) + ".h5",
                    fs::copy_options::overwrite_existing);
    const int status = test_support::in_child([&] {
      try {
        (void)inspect(bad, Unsealed::kRead);
        (void)dataset_digest(bad, Unsealed::kRead);
        (void)read_latest_checkpoint(bad, Unsealed::kRead);
      } catch (const IoError&) {
        return 1;
      } catch (...) {
        return 2;
      }
      return 0;
    });
    ASSERT_TRUE(WIFEXITED(status)) << "trial " << trial << " crashed with status " << status;
    ASSERT_NE(WEXITSTATUS(status), 2) << "trial " << trial << " threw something other than IoError";
    errors += WEXITSTATUS(status) == 1 ? std::size_t{1} : std::size_t{0};
  }
  std::printf("%zu of %llu damaged files were refused, the rest read\n", errors,
              static_cast<unsigned long long>(kTrials));
}

TEST(Reader, InspectFormatsEverything) {
  ScratchDir dir;
  const fs::path good = good_file(dir);
  const std::string text = format_summary(inspect(good));
  for (const char* part :
       {"io-test", "seed:        6", "complete:    yes", "samples:     100", "supply",
        "tokens/share", "events:      900 rows", "/agents  (50 rows, 1 columns)", "checkpoints: 1",
        "host-a", "100 s simulated"}) {
    EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' missing in:\n" << text;
  }
}

}  // namespace
}  // namespace coordsim::io::test
