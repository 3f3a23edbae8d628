#pragma once
// A run stopped after its second checkpoint and resumed, for the tests of the world_golden binary
// that pin results through checkpoint/resume (golden_digest_test.cpp, adversary_resume_test.cpp).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "io/reader.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"

namespace coordsim::model::world::test {

/// Runs `spec` (which must checkpoint) on 2 threads into `stopped`, stops it after checkpoint 2,
/// resumes it on 1 thread into `out`, and returns the resumed datasets' digest. Expects the first
/// run to stop incomplete and the resumed one to be complete and marked resumed.
inline std::string digest_of_resumed(const scenario::Spec& spec,
                                     const std::filesystem::path& stopped,
                                     const std::filesystem::path& out) {
  std::atomic<bool> stop{false};
  run::RunOptions o;
  o.output = stopped;
  o.threads = 2;
  o.stop = &stop;
  o.on_checkpoint = [&](std::uint64_t sequence, double /*t*/) {
    if (sequence == 2) stop.store(true);
  };
  EXPECT_FALSE(run::run(spec, o).complete);
  run::RunOptions r;
  r.output = out;
  r.threads = 1;
  const run::RunSummary s = run::resume(stopped, r);
  EXPECT_TRUE(s.complete && s.resumed);
  return io::dataset_digest(out);
}

}  // namespace coordsim::model::world::test
