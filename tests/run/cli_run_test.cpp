// `coordsim run` as a user runs it: the real binary, real files, real exit codes and signals.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <thread>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

using app::test::read_text;
using app::test::run_cli;
using app::test::write_text;

constexpr const char* kBadKey = R"(name: bad
duration: 1h
population:
  - {name: principals, kind: principal, count: 3, agents: 1}
  - {name: agents, kind: ai_agent, count: 3, stratgy: noise}
)";

// Valid as text, but the endowments drawn with seed 1 exceed the supply: only the world's build
// finds out (exit 2 as well, before any file is created).
constexpr const char* kOverdrawn = R"(name: overdrawn
token: {supply: 1000}
market: {pool_tokens: 0}
population:
  - {name: principals, kind: principal, count: 10, endowment: {uniform: [50, 150]}, agents: 0}
)";

TEST(RunCommand, BadScenarioExits2AndLeavesTheOutputAlone) {
  ScratchDir dir;
  write_text(dir / "bad.yaml", kBadKey);
  write_text(dir / "overdrawn.yaml", kOverdrawn);
  std::string existing = "not an HDF5 file, and it must survive byte for byte\n";
  for (int i = 0; i < 64; ++i) existing.push_back(static_cast<char>(i * 37 % 256));
  write_text(dir / "kept.h5", existing);
  const auto before = app::test::listing(dir.path());

  struct Case {
    std::vector<std::string> args;
    const char* why;
  };
  const std::vector<Case> cases{
      {{"run", "bad.yaml", "-o", "new.h5"}, "unknown key"},
      {{"run", "bad.yaml", "-o", "kept.h5"}, "unknown key, existing output"},
      {{"run", (scenario_path("quickstart.yaml")).string(), "-o", "kept.h5", "--set",
        "population[0].count=-4"},
       "bad --set value"},
      {{"run", "overdrawn.yaml", "-o", "kept.h5", "--seed", "1"}, "endowments above the supply"},
      {{"run", "missing.yaml", "-o", "kept.h5"}, "no such file"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    const auto r = run_cli(c.args, dir.path());
    EXPECT_EQ(r.status, 2) << r;
    EXPECT_FALSE(r.err.empty());
    EXPECT_EQ(app::test::listing(dir.path()), before) << "a failed run wrote or removed a file";
    EXPECT_EQ(read_text(dir / "kept.h5"), existing);
  }
}

fs::path find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const auto end = std::min(dirs.find(':', start), dirs.size());
    const fs::path candidate = fs::path(dirs.substr(start, end - start)) / program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

TEST(RunCommand, OutputFileHasEveryGroupAndItsScenarioLoadsAgain) {
  ScratchDir dir;
  const auto file = scenario_path("quickstart.yaml");
  const auto sets = plus(shrink(file, 30, "3h"), {"attribution.rule=leave_one_out"});
  std::vector<std::string> args{"run",    file.string(), "-o", (dir / "q.h5").string(),
                                "--seed", "42"};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  const auto r = run_cli(args);
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_NE(r.out.find("quickstart"), std::string::npos) << "the summary names the scenario";

  // Standard HDF5 tools read the file and see every group a run writes.
  const fs::path h5ls = find_on_path("h5ls");
  if (h5ls.empty()) {
    ADD_FAILURE() << "h5ls (hdf5-tools) is not on PATH";
  } else {
    const auto ls = app::test::run_program(h5ls, {"-r", (dir / "q.h5").string()});
    ASSERT_EQ(ls.status, 0) << ls;
    for (const std::string group :
         {"/metrics ", "/agents ", "/sessions ", "/graph ", "/invariants ", "/metrics/value_taken ",
          "/agents/rewards_final ", "/sessions/cap_total "}) {
      EXPECT_NE(ls.out.find(group), std::string::npos) << group << " missing from\n" << ls.out;
    }
  }

  // The resolved scenario stored in the file is the run's scenario: it loads to an equal spec.
  const io::RunInfo info = io::read_run_info(dir / "q.h5");
  const scenario::Spec original = scenario::load_file(file, plus(sets, {"seed=42"}));
  const scenario::Spec stored = scenario::load_string(info.scenario_text, "stored.yaml");
  EXPECT_TRUE(stored == original);
  EXPECT_EQ(stored->seed, 42U);
  EXPECT_EQ(info.seed, 42U);
  EXPECT_EQ(stored->attribution.rule, scenario::AttributionRule::kLeaveOneOut);
  EXPECT_EQ(stored.hash(), original.hash());
  EXPECT_TRUE(io::inspect(dir / "q.h5").complete);
}

// Starts `coordsim args...` with SIGINT at its default disposition (a test runner may ignore it).
pid_t spawn(const std::vector<std::string>& args) {
  std::vector<std::string> storage{app::test::coordsim_bin().string()};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGINT, SIG_DFL);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

TEST(RunCommand, SigintStopsTheRunAndKeepsAnIncompleteFile) {
  ScratchDir dir;
  const fs::path out = dir / "long.h5";
  // Ten simulated years of the quickstart economy: far longer than the test waits.
  const pid_t pid = spawn({"run", scenario_path("quickstart.yaml").string(), "-o", out.string(),
                           "-q", "--set", "duration=3650d"});
  ASSERT_GT(pid, 0);
  // The run is under way once its partial file exists (the SIGINT handler is installed before).
  bool started = false;
  for (int i = 0; i < 600 && !started; ++i) {
    for (const auto& e : fs::directory_iterator(dir.path()))
      started = started || e.is_regular_file();
    if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(started) << "coordsim run created no file within 30 s";
  std::this_thread::sleep_for(std::chrono::seconds(1));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int wstatus = 0;
  pid_t done = 0;
  for (int i = 0; i < 1200 && done == 0; ++i) {  // at most a minute
    done = ::waitpid(pid, &wstatus, WNOHANG);
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (done == 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &wstatus, 0);
    FAIL() << "coordsim run did not stop within a minute of SIGINT";
  }
  ASSERT_TRUE(WIFEXITED(wstatus)) << "killed by signal "
                                  << (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
  EXPECT_EQ(WEXITSTATUS(wstatus), 1);

  // Exactly the target is left (the partial file was renamed onto it), marked incomplete.
  std::set<std::string> expected{"long.h5"};
  EXPECT_EQ(app::test::listing(dir.path()), expected);
  const io::FileSummary summary = io::inspect(out);
  EXPECT_FALSE(summary.complete);
  EXPECT_GT(summary.samples, 0U);
  const double ten_years = 3650.0 * 86400.0;
  EXPECT_LT(summary.duration_seconds, ten_years);
  const auto r = run_cli({"inspect", out.string()});
  EXPECT_EQ(r.status, 0) << r;
  EXPECT_NE(r.out.find("complete:    NO"), std::string::npos) << r;
}

}  // namespace
}  // namespace coordsim::run::test

namespace coordsim::run {
namespace {

// A scenario whose population could not fit in memory is refused before anything is allocated
// or written (exit 2), instead of exhausting the machine.
TEST(RunInput, APopulationBeyondMemoryIsRefusedUpFront) {
  const scenario::Spec spec = scenario::load_string(
      "name: huge\npopulation:\n  - {kind: contributor, count: 50000000}\n", "huge.yaml");
  const double memory =
      static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (memory > 80.0 * 1073741824.0) GTEST_SKIP() << "this machine could hold 50 million agents";
  RunOptions options;
  options.output = std::filesystem::temp_directory_path() / "coordsim-huge-never-written.h5";
  // 50 million agents need more than 60 GiB by the run's estimate (this class of machine: 24 GiB).
  EXPECT_THROW((void)run(spec, options), RunInputError);
  EXPECT_FALSE(std::filesystem::exists(options.output));
}

}  // namespace
}  // namespace coordsim::run

namespace coordsim::run {
namespace {

// `invariants:` switches are obeyed and recorded: a family switched off is not checked and the
// /invariants table says so; the others are checked at every sample.
TEST(RunInvariants, SwitchedOffFamiliesAreRecordedAsNotChecked) {
  const scenario::Spec spec = scenario::load_string(
      "name: inv\nduration: 2h\noutput: {sample_interval: 30m}\n"
      "invariants: {authorisation: false, budget_balance: false}\n"
      "population:\n  - {kind: principal, count: 2, endowment: 100}\n  - {kind: ai_agent, count: "
      "2}\n",
      "inv.yaml");
  RunOptions options;
  options.output = std::filesystem::temp_directory_path() /
                   ("coordsim-inv-" + std::to_string(::getpid()) + ".h5");
  const RunSummary s = run(spec, options);
  const auto table = io::read_table(options.output, "/invariants");
  std::map<std::string, std::pair<std::string, std::uint64_t>> by_name;
  const auto& names = std::get<std::vector<std::string>>(table[0].values);
  const auto& checks = std::get<std::vector<std::uint64_t>>(table[2].values);
  const auto& results = std::get<std::vector<std::string>>(table[3].values);
  for (std::size_t i = 0; i < names.size(); ++i) by_name[names[i]] = {results[i], checks[i]};
  EXPECT_EQ(by_name.at("authorisation").first, "not checked");
  EXPECT_EQ(by_name.at("authorisation").second, 0U);
  EXPECT_EQ(by_name.at("budget_balance").first, "not checked");
  EXPECT_EQ(by_name.at("conservation").first, "held");
  EXPECT_EQ(by_name.at("conservation").second, s.invariant_checks);
  EXPECT_GT(s.invariant_checks, 0U);
  std::filesystem::remove(options.output);
}

}  // namespace
}  // namespace coordsim::run
