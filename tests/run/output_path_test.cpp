// Output paths that lose nothing: `coordsim run` and `coordsim resume` as a careless user runs
// them, through the real binary. Every refusal is exit 2 with the path and the reason, before any
// work (nothing is written), and what stood at the path is untouched.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

using app::test::read_text;
using app::test::run_cli;
using app::test::write_text;

std::vector<std::string> quick_run(const fs::path& scenario, const fs::path& out) {
  return {"run", scenario.string(), "-o", out.string(), "--set", "duration=1h"};
}

// A refusal: exit 2, the path and the reason on stderr, no file written beside the output.
void expect_refused(const app::test::CliResult& r, const fs::path& path, const std::string& reason,
                    const fs::path& dir) {
  EXPECT_EQ(r.status, 2) << r;
  EXPECT_NE(r.err.find(path.string()), std::string::npos) << r;
  EXPECT_NE(r.err.find(reason), std::string::npos) << r;
  for (const auto& e : fs::directory_iterator(dir)) {
    EXPECT_FALSE(e.path().filename().string().ends_with(".partial")) << e.path();
  }
}

TEST(OutputPaths, AFifoIsRefusedAndStaysAFifo) {
  ScratchDir dir;
  const fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused(run_cli(quick_run(scenario_path("quickstart.yaml"), fifo)), fifo, "FIFO",
                 dir.path());
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
  // --force never applies to what is not a regular file.
  auto args = quick_run(scenario_path("quickstart.yaml"), fifo);
  args.emplace_back("--force");
  expect_refused(run_cli(args), fifo, "FIFO", dir.path());
  EXPECT_TRUE(fs::is_fifo(fs::symlink_status(fifo)));
}

TEST(OutputPaths, ASymlinkIsRefusedAndItsTargetUntouched) {
  ScratchDir dir;
  const fs::path target = dir / "target.h5";
  ASSERT_EQ(run_cli(quick_run(scenario_path("quickstart.yaml"), target)).status, 0);
  const std::string before = io::dataset_digest(target);
  const fs::path link = dir / "link.h5";
  fs::create_symlink(target, link);
  expect_refused(run_cli(quick_run(scenario_path("quickstart.yaml"), link)), link, "symbolic link",
                 dir.path());
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(link)));
  EXPECT_EQ(io::dataset_digest(target), before);
}

TEST(OutputPaths, DevicesAreRefusedAndSurvive) {
  ScratchDir dir;
  for (const fs::path& device : {fs::path("/dev/full"), fs::path("/dev/null")}) {
    SCOPED_TRACE(device.string());
    struct stat before {};
    ASSERT_EQ(::stat(device.c_str(), &before), 0);
    ASSERT_TRUE(S_ISCHR(before.st_mode));
    expect_refused(run_cli(quick_run(scenario_path("quickstart.yaml"), device)), device, "device",
                   dir.path());
    struct stat after {};
    ASSERT_EQ(::stat(device.c_str(), &after), 0);
    EXPECT_TRUE(S_ISCHR(after.st_mode)) << "the device node was replaced";
    EXPECT_EQ(after.st_rdev, before.st_rdev);
  }
}

TEST(OutputPaths, ADirectoryIsRefused) {
  ScratchDir dir;
  const fs::path sub = dir / "sub";
  fs::create_directories(sub);
  expect_refused(run_cli(quick_run(scenario_path("quickstart.yaml"), sub)), sub, "directory",
                 dir.path());
  EXPECT_TRUE(fs::is_directory(sub));
}

TEST(OutputPaths, TheScenarioItselfIsRefusedUnderAnyNameEvenWithForce) {
  ScratchDir dir;
  const fs::path scenario = dir / "q.yaml";
  fs::copy_file(scenario_path("quickstart.yaml"), scenario);
  const std::string text = read_text(scenario);
  expect_refused(run_cli(quick_run(scenario, scenario)), scenario, "is an input of this run",
                 dir.path());
  // The same file under another name (a hard link), with --force.
  const fs::path alias = dir / "alias.yaml";
  fs::create_hard_link(scenario, alias);
  auto args = quick_run(scenario, alias);
  args.emplace_back("--force");
  expect_refused(run_cli(args), alias, "is an input of this run", dir.path());
  EXPECT_EQ(read_text(scenario), text);
}

TEST(OutputPaths, AFileTheScenarioExtendsIsRefusedEvenWithForce) {
  ScratchDir dir;
  fs::create_directories(dir / "bases");
  const fs::path base = dir / "bases" / "base.yaml";
  fs::copy_file(scenario_path("quickstart.yaml"), base);
  const std::string text = read_text(base);
  const fs::path middle = dir / "bases" / "middle.yaml";
  write_text(middle, "extends: base.yaml\nseed: 3\n");
  const fs::path child = dir / "child.yaml";
  write_text(child, "extends: bases/middle.yaml\nseed: 4\n");
  for (const fs::path& input : {base, middle}) {
    SCOPED_TRACE(input.string());
    auto args = quick_run(child, input);
    args.emplace_back("--force");
    expect_refused(run_cli(args), input, "is an input of this run", dir.path());
  }
  EXPECT_EQ(read_text(base), text);
  // The chain itself is fine: the run goes ahead to a fresh path.
  EXPECT_EQ(run_cli(quick_run(child, dir / "child.h5")).status, 0);
}

TEST(OutputPaths, AForeignFileNeedsForceAndTheSummarySaysItWasReplaced) {
  ScratchDir dir;
  const fs::path notes = dir / "notes.txt";
  write_text(notes, "precious\n");
  expect_refused(run_cli(quick_run(scenario_path("quickstart.yaml"), notes)), notes,
                 "not a coordsim run file", dir.path());
  EXPECT_EQ(read_text(notes), "precious\n");
  auto args = quick_run(scenario_path("quickstart.yaml"), notes);
  args.emplace_back("--force");
  const auto r = run_cli(args);
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_NE(r.out.find("replaced the file that was at " + notes.string()), std::string::npos) << r;
  EXPECT_NE(r.out.find("--force"), std::string::npos) << r;
  EXPECT_TRUE(io::inspect(notes).complete);
}

TEST(OutputPaths, AnEarlierRunFileIsReplacedAndTheSummarySaysSo) {
  ScratchDir dir;
  const fs::path out = dir / "run.h5";
  const auto first = run_cli(quick_run(scenario_path("quickstart.yaml"), out));
  ASSERT_EQ(first.status, 0) << first;
  EXPECT_EQ(first.out.find("replaced"), std::string::npos) << first;
  auto args = quick_run(scenario_path("quickstart.yaml"), out);
  args.insert(args.end(), {"--set", "seed=9"});
  const auto second = run_cli(args);
  ASSERT_EQ(second.status, 0) << second;
  EXPECT_NE(second.out.find("an earlier coordsim run file"), std::string::npos) << second;
  EXPECT_EQ(io::read_run_info(out).seed, 9U);
}

TEST(OutputPaths, ResumeNeverWritesOverTheFileItResumesNorReadsAFifo) {
  ScratchDir dir;
  const fs::path run = dir / "run.h5";
  auto args = quick_run(scenario_path("quickstart.yaml"), run);
  args.insert(args.end(), {"--checkpoint-every", "20m", "-q"});
  ASSERT_EQ(run_cli(args).status, 0);
  const std::string before = io::dataset_digest(run);
  // Named as its own output, under its own name or another one.
  const fs::path alias = dir / "alias.h5";
  fs::create_hard_link(run, alias);
  for (const fs::path& out : {run, alias}) {
    SCOPED_TRACE(out.string());
    expect_refused(run_cli({"resume", run.string(), "-o", out.string(), "--force"}), out,
                   "is an input of this run", dir.path());
  }
  EXPECT_EQ(io::dataset_digest(run), before);
  // Onto a foreign file: refused without --force.
  const fs::path notes = dir / "notes.txt";
  write_text(notes, "precious\n");
  expect_refused(run_cli({"resume", run.string(), "-o", notes.string()}), notes,
                 "not a coordsim run file", dir.path());
  EXPECT_EQ(read_text(notes), "precious\n");
  // A FIFO to resume from is refused at once (reading it would block).
  const fs::path fifo = dir / "pipe.h5";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused(run_cli({"resume", fifo.string()}), fifo, "FIFO", dir.path());
  // Without -o the run finishes in its own file, as documented, and says it replaced it.
  const auto in_place = run_cli({"resume", run.string()});
  ASSERT_EQ(in_place.status, 0) << in_place;
  EXPECT_NE(in_place.out.find("an earlier coordsim run file"), std::string::npos) << in_place;
}

}  // namespace
}  // namespace coordsim::run::test
