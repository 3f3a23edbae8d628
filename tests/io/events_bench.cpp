// Not a test: measures /events throughput and size with and without deflate.
//   build/release/bin/bench_io_events [millions of events, default 4] [directory, default /tmp]
// Prints, per deflate level, bytes per event and MB/s of event records (32 bytes each) from the
// first append to a finished file. The numbers are recorded in docs/output-format.md.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "io/recorder.hpp"
#include "kernel/rng.hpp"

namespace {

using namespace coordsim;

/// Events shaped like a simulation's: time advancing slowly, a few kinds and reasons, actors and
/// targets among 10 000 agents, amounts spread over several magnitudes.
io::EventRecord make_event(std::uint64_t i) {
  const std::uint64_t r = kernel::draw(kernel::stream_key(1, 7), i);
  io::EventRecord e;
  e.time = i / 8;
  e.kind = static_cast<std::uint16_t>(r % 12);
  e.reason = static_cast<std::uint16_t>((r >> 4) % 16 < 13 ? 0 : (r >> 8) % 8);
  e.actor = static_cast<std::uint32_t>((r >> 12) % 10000);
  e.target = static_cast<std::uint32_t>((r >> 26) % 10000);
  e.session = static_cast<std::uint32_t>(i / 50);
  e.amount =
      static_cast<std::int64_t>((r >> 40) % 1000) * static_cast<std::int64_t>(1 + (r >> 50) % 1000);
  return e;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t millions = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4;
  const std::filesystem::path dir = argc > 2 ? argv[2] : "/tmp";
  const std::uint64_t n = millions * 1'000'000;
  std::vector<io::EventRecord> block(65536);
  std::printf("%-8s %12s %14s %10s %10s\n", "deflate", "events", "bytes", "B/event", "MB/s");
  for (const int level : {0, 1, 4}) {
    const auto path = dir / ("bench_io_events_" + std::to_string(level) + ".h5");
    std::filesystem::remove(path);
    io::RecorderOptions options;
    options.deflate_level = level;
    io::RunInfo info;
    info.scenario_name = "bench";
    io::RecordingLayout layout;
    layout.events = io::EventNames{{"k"}, {"applied"}, {}, {}, false};
    const auto start = std::chrono::steady_clock::now();
    {
      io::Recorder rec(path, info, layout, options);
      for (std::uint64_t first = 0; first < n; first += block.size()) {
        const std::size_t count =
            static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), n - first));
        for (std::size_t j = 0; j < count; ++j) block[j] = make_event(first + j);
        rec.append_events(std::span(block.data(), count));
      }
      rec.finish(kernel::SimTime{n / 8});
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto bytes = std::filesystem::file_size(path);
    std::printf("%-8d %12llu %14llu %10.2f %10.1f\n", level, static_cast<unsigned long long>(n),
                static_cast<unsigned long long>(bytes),
                static_cast<double>(bytes) / static_cast<double>(n),
                static_cast<double>(n * sizeof(io::EventRecord)) / seconds / 1e6);
    std::filesystem::remove(path);
  }
  return 0;
}
