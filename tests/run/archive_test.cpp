// The checkpoint archive: round trips, and that no truncated or damaged blob crashes the reader
// (kernel/archive.hpp) or the decoder of a real world checkpoint (run/checkpoint.hpp).
#include <gtest/gtest.h>

#include <cstring>

#include "checkpoint_support.hpp"
#include "kernel/archive.hpp"
#include "kernel/rng.hpp"
#include "run/checkpoint.hpp"

namespace coordsim::run::test {
namespace {

using kernel::ArchiveError;
using kernel::ArchiveMismatchError;
using kernel::ArchiveReader;
using kernel::ArchiveWriter;

constexpr std::uint64_t kHash = 0x0123456789ABCDEFULL;

std::vector<std::byte> sample_blob() {
  ArchiveWriter out(kHash);
  out.tag(7);
  out.pod(std::uint8_t{3});
  out.pod(std::int64_t{-5});
  out.pod(2.5);
  out.boolean(true);
  out.vec(std::vector<std::uint32_t>{1, 2, 3});
  out.vec(std::vector<double>{});
  out.vec(std::vector<kernel::SimTime>{kernel::SimTime{9}, kernel::SimTime::never()});
  return std::move(out).finish();
}

void read_sample(ArchiveReader& in) {
  in.expect_tag(7, "seven");
  EXPECT_EQ(in.pod<std::uint8_t>(), 3);
  EXPECT_EQ(in.pod<std::int64_t>(), -5);
  EXPECT_EQ(in.pod<double>(), 2.5);
  EXPECT_TRUE(in.boolean());
  std::vector<std::uint32_t> u;
  in.vec(u);
  EXPECT_EQ(u, (std::vector<std::uint32_t>{1, 2, 3}));
  std::vector<double> d{1.0};
  in.vec(d);
  EXPECT_TRUE(d.empty());
  std::vector<kernel::SimTime> t;
  in.vec_exact(t, 2, "times");
  EXPECT_EQ(t[1], kernel::SimTime::never());
  in.finish();
}

TEST(Archive, RoundTrip) {
  const auto blob = sample_blob();
  ASSERT_EQ(blob.size(), kernel::kArchiveHeaderBytes + 4 + 1 + 8 + 8 + 1 + (8 + 12) + 8 + (8 + 16));
  ArchiveReader in(blob, kHash);
  read_sample(in);
}

TEST(Archive, EqualStatesGiveEqualBytes) { EXPECT_EQ(sample_blob(), sample_blob()); }

TEST(Archive, EveryTruncationIsAnError) {
  const auto blob = sample_blob();
  for (std::size_t n = 0; n < blob.size(); ++n) {
    EXPECT_THROW(ArchiveReader(std::span(blob).first(n), kHash), ArchiveError) << "length " << n;
  }
}

TEST(Archive, EveryFlippedByteIsAnError) {
  const auto blob = sample_blob();
  for (std::size_t i = 0; i < blob.size(); ++i) {
    for (const std::byte bit : {std::byte{0x01}, std::byte{0x80}}) {
      auto bad = blob;
      bad[i] ^= bit;
      EXPECT_THROW(ArchiveReader(bad, kHash), ArchiveError) << "byte " << i;
    }
  }
}

TEST(Archive, MismatchesAreTyped) {
  const auto blob = sample_blob();
  EXPECT_THROW(ArchiveReader(blob, kHash + 1), ArchiveMismatchError);
  auto future = blob;
  future[8] = std::byte{99};  // format version
  EXPECT_THROW(ArchiveReader(future, kHash), ArchiveMismatchError);
}

TEST(Archive, ReadsPastTheEndAndBadValuesThrow) {
  ArchiveWriter out(kHash);
  out.pod(std::uint64_t{1} << 60U);  // read back as a vector length: far more than there is
  out.pod(std::uint8_t{2});          // read back as a flag
  const auto blob = std::move(out).finish();
  {
    ArchiveReader in(blob, kHash);
    std::vector<std::uint64_t> v;
    EXPECT_THROW(in.vec(v), ArchiveError);
  }
  {
    ArchiveReader in(blob, kHash);
    (void)in.pod<std::uint64_t>();
    EXPECT_THROW((void)in.boolean(), ArchiveError);
  }
  {
    ArchiveReader in(blob, kHash);
    EXPECT_THROW(in.expect_tag(5, "five"), ArchiveError);
  }
  {
    ArchiveReader in(blob, kHash);
    EXPECT_THROW(in.finish(), ArchiveError);
  }
}

// --- a real world's checkpoint --------------------------------------------------------------

struct Decoded {
  explicit Decoded(const scenario::Spec& spec) : world(spec) {}
  model::world::World world;
  model::world::InvariantChecker checker;
  KernelState kernel;
  LoopPosition loop;
};

/// Re-seals a modified payload with a valid length and checksum: what a bug (rather than a
/// damaged disk) could produce. The decoder must still fail cleanly or succeed, never crash.
std::vector<std::byte> reseal(std::vector<std::byte> blob) {
  const std::uint64_t length = blob.size() - kernel::kArchiveHeaderBytes;
  std::memcpy(blob.data() + 24, &length, 8);
  const std::uint64_t sum =
      kernel::archive_checksum(std::span(blob).subspan(kernel::kArchiveHeaderBytes));
  std::memcpy(blob.data() + 32, &sum, 8);
  return blob;
}

TEST(WorldCheckpoint, DecodesAndReencodesToTheSameBytes) {
  ScratchDir dir;
  const scenario::Spec spec = load(adversarial(11));
  const fs::path file = dir / "run.h5";
  (void)run_full(spec, file, 1);
  const auto blob = io::read_checkpoint(file, 2).blob;
  Decoded d(spec);
  decode_checkpoint(blob, spec.hash(), d.world, d.checker, d.kernel, d.loop);
  EXPECT_GT(d.kernel.pending.size(), 0U);
  EXPECT_GT(d.kernel.committed, 0U);
  EXPECT_EQ(encode_checkpoint(spec.hash(), d.world, d.checker, d.kernel, d.loop), blob);
}

TEST(WorldCheckpoint, TruncatedOrAlteredPayloadsNeverCrash) {
  ScratchDir dir;
  const scenario::Spec spec = load(adversarial(11));
  const fs::path file = dir / "run.h5";
  (void)run_full(spec, file, 1);
  const auto blob = io::read_checkpoint(file, 1).blob;
  const std::size_t payload = blob.size() - kernel::kArchiveHeaderBytes;
  // Every truncation fails (some read runs out, or the end tag is missing).
  constexpr std::size_t kCuts = 200;
  for (std::size_t k = 0; k < kCuts; ++k) {
    const std::size_t keep = kernel::kArchiveHeaderBytes + payload * k / kCuts;
    Decoded d(spec);
    EXPECT_THROW(
        decode_checkpoint(reseal({blob.begin(), blob.begin() + static_cast<std::ptrdiff_t>(keep)}),
                          spec.hash(), d.world, d.checker, d.kernel, d.loop),
        ArchiveError)
        << "kept " << keep << " of " << blob.size();
  }
  // Random single-byte changes: decoding either throws ArchiveError or yields some state; it
  // never reads out of bounds (run under the asan preset for the strong form of this test).
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 42), counter);
    auto bad = blob;
    const auto at = kernel::kArchiveHeaderBytes + rng.below(static_cast<std::uint32_t>(payload));
    bad[at] ^= std::byte{static_cast<unsigned char>(1U + rng.below(255))};
    Decoded d(spec);
    try {
      decode_checkpoint(reseal(std::move(bad)), spec.hash(), d.world, d.checker, d.kernel, d.loop);
    } catch (const ArchiveError&) {
    } catch (const std::exception& e) {
      ADD_FAILURE() << "seed " << seed << ": byte " << at << ": unexpected " << e.what();
    }
  }
}

}  // namespace
}  // namespace coordsim::run::test
