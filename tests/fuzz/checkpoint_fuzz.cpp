// libFuzzer target: the checkpoint reader (kernel/archive.hpp and every load() behind
// run::decode_checkpoint). Any bytes in: a restored state, or a kernel::ArchiveError out.
//
// A mutated blob almost never keeps its checksum, so most inputs would stop at the header. The
// first byte chooses: odd, the bytes are the whole blob (the header checks are fuzzed); even, the
// rest is a payload wrapped in a valid header for the fuzz scenario, so the payload readers (the
// kernel's events, the world, the invariant checker) are fuzzed behind the checksum.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "fuzz_world.hpp"
#include "kernel/archive.hpp"
#include "run/checkpoint.hpp"

namespace {

std::vector<std::byte> wrap(std::span<const std::byte> payload, std::uint64_t hash) {
  using namespace coordsim::kernel;
  std::vector<std::byte> blob(kArchiveHeaderBytes + payload.size());
  const auto put = [&blob](std::size_t at, auto v) { std::memcpy(blob.data() + at, &v, sizeof v); };
  std::memcpy(blob.data(), kArchiveMagic.data(), kArchiveMagic.size());
  put(8, kArchiveVersion);
  put(12, std::uint32_t{0});
  put(16, hash);
  put(24, static_cast<std::uint64_t>(payload.size()));
  put(32, archive_checksum(payload));
  if (!payload.empty())
    std::memcpy(blob.data() + kArchiveHeaderBytes, payload.data(), payload.size());
  return blob;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& spec = coordsim::fuzz::world_spec();
  const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data) + 1, size - 1);
  const std::vector<std::byte> blob = (data[0] & 1U) != 0
                                          ? std::vector<std::byte>(bytes.begin(), bytes.end())
                                          : wrap(bytes, spec.hash());
  coordsim::model::world::World world(spec);
  coordsim::model::world::InvariantChecker checker;
  coordsim::run::KernelState state;
  coordsim::run::LoopPosition loop;
  try {
    coordsim::run::decode_checkpoint(blob, spec.hash(), world, checker, state, loop);
  } catch (const coordsim::kernel::ArchiveError&) {
  }
  return 0;
}
