#pragma once
// Shared fixtures of the io tests: a run description, and a deterministic
// synthetic "simulation" that produces samples and events from (seed, step).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "io/recorder.hpp"
#include "kernel/rng.hpp"
#include "support/scratch_dir.hpp"

namespace coordsim::io::test {

namespace fs = std::filesystem;

using test_support::ScratchDir;

inline RunInfo sample_info(std::uint64_t seed, std::string host = "host-a") {
  RunInfo info;
  info.coordsim_version = "0.1.0-test";
  info.scenario_name = "io-test";
  info.scenario_text =
      "name: io-test\nseed: " + std::to_string(seed) + "\nagents: {principals: 3}\n";
  info.seed = seed;
  info.scenario_hash = "0123456789abcdef";
  info.tick_seconds = 0.5;
  info.execution = {"2025-01-01T00:00:00Z", 4, 1, std::move(host)};
  return info;
}

inline RecordingLayout sample_layout(bool events = true) {
  RecordingLayout layout;
  layout.metrics = {
      {"supply", "tokens", "total token supply", MetricType::kInt64},
      {"price", "tokens/share", "pool mid price", MetricType::kFloat64},
      {"rejections", "1", "rejected actions so far", MetricType::kInt64},
  };
  if (events)
    layout.events = EventNames{{"transfer", "swap", "grant", "move"},
                               {"applied", "EXPIRED", "CAP_EXCEEDED"},
                               {"credit", "swap"},
                               {"liquid", "quote", "genesis"},
                               true};
  return layout;
}

/// Sample `i` of the synthetic run with `seed`.
inline std::vector<MetricValue> sample_values(std::uint64_t seed, std::uint64_t i) {
  const std::uint64_t key = kernel::stream_key(seed, 1);
  return {MetricValue{static_cast<std::int64_t>(1'000'000 + kernel::draw(key, 3 * i) % 1000)},
          MetricValue{kernel::to_unit(kernel::draw(key, 3 * i + 1)) * 10.0},
          MetricValue{static_cast<std::int64_t>(i * 7)}};
}

inline EventRecord event_at(std::uint64_t seed, std::uint64_t i) {
  const std::uint64_t key = kernel::stream_key(seed, 2);
  const std::uint64_t r = kernel::draw(key, i);
  EventRecord e;
  e.time = i / 4;
  e.kind = static_cast<std::uint16_t>(r % 3);
  e.reason = static_cast<std::uint16_t>((r >> 8) % 3);
  e.actor = static_cast<std::uint32_t>((r >> 16) % 1000);
  e.target = static_cast<std::uint32_t>((r >> 32) % 1000);
  e.session = static_cast<std::uint32_t>(i % 97);
  e.handler = static_cast<std::uint32_t>((r >> 24) % 1000);
  e.cause = static_cast<std::uint16_t>(i % 2);
  e.from_bucket = static_cast<std::uint8_t>((r >> 4) % 3);
  e.to_bucket = static_cast<std::uint8_t>((r >> 6) % 3);
  e.amount = static_cast<std::int64_t>((r >> 40) % 100000) - 50000;
  return e;
}

inline std::vector<EventRecord> events_range(std::uint64_t seed, std::uint64_t first,
                                             std::uint64_t n) {
  std::vector<EventRecord> out;
  out.reserve(n);
  for (std::uint64_t i = first; i < first + n; ++i) out.push_back(event_at(seed, i));
  return out;
}

/// Step `i` of the synthetic run: `events_per_step` events, then one sample at tick 2*i.
inline void run_step(Recorder& rec, std::uint64_t seed, std::uint64_t i,
                     std::uint64_t events_per_step) {
  if (events_per_step > 0)
    rec.append_events(events_range(seed, i * events_per_step, events_per_step));
  rec.append_sample(kernel::SimTime{2 * i}, sample_values(seed, i));
}

inline std::vector<unsigned char> file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const fs::path& p, const std::vector<unsigned char>& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

/// Runs a shell command, returns (exit status, stdout).
inline std::pair<int, std::string> run_command(const std::string& cmd) {
  std::string out;
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, out};
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace coordsim::io::test
