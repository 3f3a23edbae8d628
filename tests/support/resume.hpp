#pragma once
// Stopping a run at a checkpoint and resuming it, in-process (run::run, run::resume), and the
// promise every scenario keeps (README: determinism): the run file is the same byte for byte on
// any thread count and through a stop and a resume. Its users link coordsim_run and coordsim_io.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

#include "io/reader.hpp"
#include "run/run.hpp"
#include "scenario/spec.hpp"
#include "support/scratch_dir.hpp"

namespace coordsim::test_support {

/// Runs `spec` with `options` until checkpoint `sequence` is durable, then asks the run to stop
/// (the SIGINT path): the file is kept, marked incomplete, with data recorded after the checkpoint
/// that run::resume() drops.
inline run::RunSummary run_stopped_after(const scenario::Spec& spec, run::RunOptions options,
                                         std::uint64_t sequence) {
  std::atomic<bool> stop{false};
  options.stop = &stop;
  options.on_checkpoint = [&stop, sequence](std::uint64_t n, double /*t*/) {
    if (n == sequence) stop.store(true);
  };
  return run::run(spec, options);
}

/// Runs `spec` (which takes checkpoints) into `dir` on 1, 2 and 3 threads, and once more on 2
/// threads stopped after checkpoint `stop_after`, then resumed on 1 thread and on 3: every file
/// has the 1-thread run's digest. Returns that run's file (`dir`/t1.h5) for the caller's own
/// checks; a fatal failure returns early, so call it as
///   ASSERT_NO_FATAL_FAILURE(file = expect_same_file_on_threads_and_resume(spec, dir, 2));
[[nodiscard]] inline std::filesystem::path expect_same_file_on_threads_and_resume(
    const scenario::Spec& spec, const ScratchDir& dir, std::uint64_t stop_after) {
  const std::filesystem::path one_thread = dir / "t1.h5";
  // A lambda, so that ASSERT can end it: ASSERT returns, which a function with a value cannot.
  [&] {
    std::string digest;
    for (const int threads : {1, 2, 3}) {
      run::RunOptions o;
      o.output = dir / ("t" + std::to_string(threads) + ".h5");
      o.threads = threads;
      ASSERT_TRUE(run::run(spec, o).complete) << "on " << threads << " threads";
      if (threads == 1) digest = io::dataset_digest(o.output);
      EXPECT_EQ(io::dataset_digest(o.output), digest) << "on " << threads << " threads";
    }
    run::RunOptions first;
    first.output = dir / "stopped.h5";
    first.threads = 2;
    ASSERT_FALSE(run_stopped_after(spec, first, stop_after).complete)
        << "the run ended before checkpoint " << stop_after;
    // Resumed on another thread count than it stopped on: one fewer and one more.
    for (const int threads : {1, 3}) {
      run::RunOptions rest;
      rest.output = dir / ("resumed" + std::to_string(threads) + ".h5");
      rest.threads = threads;
      ASSERT_TRUE(run::resume(first.output, rest).resumed) << "on " << threads << " threads";
      EXPECT_EQ(io::dataset_digest(rest.output), digest) << "resumed on " << threads << " threads";
    }
  }();
  return one_thread;
}

}  // namespace coordsim::test_support
