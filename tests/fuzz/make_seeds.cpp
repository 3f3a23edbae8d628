// Writes the seed corpora of the fuzz targets: every checkpoint of a run of the fuzz scenario (as
// stored, and as payloads for the wrapped mode), and small run files (a finished one, one with
// checkpoints and events). The scenario target's corpus is scenarios/*.yaml, copied by the caller.
// Usage: make_seeds CORPUS_ROOT
//        make_seeds --seal FILE...   (seals run files again after h5repack rewrote them)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_world.hpp"
#include "io/reader.hpp"
#include "io/seal.hpp"
#include "kernel/archive.hpp"
#include "run/run.hpp"

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const void* data, std::size_t size, char mode = '\0') {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (mode != '\0') out.put(mode);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "--seal") {
    for (int i = 2; i < argc; ++i) coordsim::io::seal(argv[i]);
    return 0;
  }
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_seeds CORPUS_ROOT\n");
    return 2;
  }
  const fs::path root = argv[1];
  for (const char* d : {"checkpoint", "run_file"}) fs::create_directories(root / d);
  const fs::path run_file = root / "run_file" / "fuzz-world.h5";
  coordsim::run::RunOptions options;
  options.output = run_file;
  options.force = true;
  (void)coordsim::run::run(coordsim::fuzz::world_spec(), options);
  const auto summary = coordsim::io::inspect(run_file);
  for (std::uint64_t n = 0; n < summary.checkpoints; ++n) {
    const auto cp = coordsim::io::read_checkpoint(run_file, n);
    const auto name = root / "checkpoint" / ("cp" + std::to_string(n));
    write(fs::path(name.string() + ".blob"), cp.blob.data(), cp.blob.size(), '\1');
    const std::size_t header = coordsim::kernel::kArchiveHeaderBytes;
    write(fs::path(name.string() + ".payload"), cp.blob.data() + header, cp.blob.size() - header,
          '\0');
  }
  // A run without checkpoints or events: the smallest file the reader meets.
  coordsim::run::RunOptions plain;
  plain.output = root / "run_file" / "plain.h5";
  plain.force = true;
  (void)coordsim::run::run(
      coordsim::scenario::load_string(coordsim::fuzz::kWorldYaml, "fuzz-world.yaml",
                                      {"duration=20m", "output.checkpoint_every=0s",
                                       "output.events.enabled=false", "output.snapshots=[]"}),
      plain);
  std::printf("make_seeds: %llu checkpoints, 2 run files under %s\n",
              static_cast<unsigned long long>(summary.checkpoints), root.c_str());
  return 0;
}
