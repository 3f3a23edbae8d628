// `coordsim run --checkpoint-every` and `coordsim resume` as a user runs them: the real binary,
// real files, real exit codes.
#include <gtest/gtest.h>

#include "checkpoint_support.hpp"
#include "io/paths.hpp"

namespace coordsim::run::test {
namespace {

using app::test::run_cli;

/// The quickstart case on the command line: its overrides as --set, except the checkpoint
/// interval, given with --checkpoint-every (which must mean the same).
std::vector<std::string> cli_run_args(const Case& c, const fs::path& out) {
  std::vector<std::string> args{"run", (source_dir() / c.file).string(), "-o", out.string(), "-q"};
  for (const auto& o : c.overrides) {
    if (o.starts_with("output.checkpoint_every=")) {
      args.insert(args.end(), {"--checkpoint-every", o.substr(o.find('=') + 1)});
    } else {
      args.insert(args.end(), {"--set", o});
    }
  }
  return args;
}

TEST(ResumeCli, ResumesAStoppedRunToTheUninterruptedFile) {
  ScratchDir dir;
  const Case c = quickstart(1);
  const fs::path reference = dir / "cli.h5";
  const auto r = run_cli(cli_run_args(c, reference));
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(io::inspect(reference).checkpoints, 12U) << "12h, one checkpoint per hour";

  // Stopped through the library (as Ctrl-C would), with the same scenario given as --set.
  const fs::path stopped = dir / "stopped.h5";
  ASSERT_FALSE(run_stopped_after(load(c), stopped, 1, 4).complete);
  const fs::path resumed = dir / "resumed.h5";
  const auto res = run_cli({"resume", stopped.string(), "-o", resumed.string(), "--threads", "2"});
  ASSERT_EQ(res.status, 0) << res;
  EXPECT_NE(res.out.find("resumed"), std::string::npos) << res;
  EXPECT_EQ(io::dataset_digest(resumed), io::dataset_digest(reference));
}

TEST(ResumeCli, ResumesAKilledRunsPartialFileInPlace) {
  ScratchDir dir;
  const Case c = quickstart(6);
  const fs::path reference = dir / "reference.h5";
  ASSERT_EQ(run_cli(cli_run_args(c, reference)).status, 0);
  const fs::path out = dir / "run.h5";
  const scenario::Spec spec = load(c);
  const int status = run_killed_after(spec, out, 5);
  ASSERT_TRUE(test_support::killed_by_sigkill(status)) << status;
  const fs::path partial = io::temp_path_for(out);
  ASSERT_TRUE(fs::exists(partial));
  // Never closed, so never sealed: refused (exit 1, saying how to proceed) without --unsealed.
  const auto refused = run_cli({"resume", partial.string(), "-q"});
  EXPECT_EQ(refused.status, 1) << refused;
  EXPECT_NE(refused.err.find("--unsealed"), std::string::npos) << refused;
  ASSERT_TRUE(fs::exists(partial));
  const auto res = run_cli({"resume", partial.string(), "-q", "--unsealed"});
  ASSERT_EQ(res.status, 0) << res;
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(io::dataset_digest(out), io::dataset_digest(reference));
}

TEST(ResumeCli, FilesThatCannotBeResumedExitWith2) {
  ScratchDir dir;
  Case c = quickstart(1);
  std::erase_if(c.overrides,
                [](const std::string& o) { return o.starts_with("output.checkpoint_every="); });
  const fs::path none = dir / "none.h5";
  ASSERT_EQ(run_cli(cli_run_args(c, none)).status, 0);
  const auto no_cp = run_cli({"resume", none.string(), "-q"});
  EXPECT_EQ(no_cp.status, 2) << no_cp;
  EXPECT_NE(no_cp.err.find("no checkpoint"), std::string::npos) << no_cp;

  // A damaged checkpoint: the real one of a run, one bit flipped, stored in a copy of its file.
  const fs::path good = dir / "good.h5";
  ASSERT_EQ(run_cli(cli_run_args(quickstart(1), good)).status, 0);
  auto blob = io::read_latest_checkpoint(good)->blob;
  blob[blob.size() / 3] ^= std::byte{4};
  const fs::path damaged = dir / "damaged.h5";
  {
    io::RecordingLayout layout;
    layout.metrics = io::read_metric_columns(good);
    io::Recorder rec(damaged, io::read_run_info(good), layout);
    (void)rec.write_checkpoint("damaged", blob, kernel::SimTime{3600});
    rec.finish(kernel::SimTime{3600}, false);
  }
  const auto bad = run_cli({"resume", damaged.string(), "-o", (dir / "out.h5").string(), "-q"});
  EXPECT_EQ(bad.status, 2) << bad;
  EXPECT_NE(bad.err.find("damaged"), std::string::npos) << bad;
  EXPECT_FALSE(fs::exists(dir / "out.h5"));

  const auto missing = run_cli({"resume", (dir / "missing.h5").string()});
  EXPECT_EQ(missing.status, 2) << missing;
  const auto bad_interval = run_cli({"run", (source_dir() / c.file).string(), "-o",
                                     (dir / "x.h5").string(), "--checkpoint-every", "soon", "-q"});
  EXPECT_EQ(bad_interval.status, 2) << bad_interval;
  EXPECT_NE(bad_interval.err.find("checkpoint_every"), std::string::npos) << bad_interval;
}

}  // namespace
}  // namespace coordsim::run::test
