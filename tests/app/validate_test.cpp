// `coordsim validate` as a user runs it: exit status, what is printed where, and that nothing is
// written (validate never creates the scenario's output file or its directory).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli.hpp"

namespace coordsim::app::test {
namespace {

TEST(Validate, EveryShippedScenarioIsValidAndNothingIsWritten) {
  const auto files = shipped_scenarios();
  ASSERT_GE(files.size(), 1U) << "no scenarios in " << source_dir() / "scenarios";
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    ScratchDir cwd;
    const CliResult r = run_cli({"validate", file.string()}, cwd.path());
    EXPECT_EQ(r.status, 0) << r;
    EXPECT_NE(r.out.find(": valid"), std::string::npos) << r;
    EXPECT_FALSE(summary_field(r.out, "name").empty()) << r;
    EXPECT_FALSE(summary_field(r.out, "output").empty()) << r;
    EXPECT_EQ(summary_field(r.out, "hash").size(), 16U) << r;
    EXPECT_TRUE(r.err.empty()) << r;
    EXPECT_TRUE(listing(cwd.path()).empty()) << "validate wrote files in its working directory";
  }
}

TEST(Validate, SummaryCountsAgentsPerGroupAndInTotal) {
  ScratchDir dir;
  write_text(dir / "two.yaml",
             "name: two-groups\nseed: 99\nduration: 2h\ntick: 1s\n"
             "population:\n"
             "  - {name: bosses, kind: principal, count: 4, agents: 2}\n"
             "  - {name: bots, kind: ai_agent, count: 8}\n"
             "output: {path: somewhere/two.h5}\n");
  const CliResult r = run_cli({"validate", (dir / "two.yaml").string()}, dir.path());
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_EQ(summary_field(r.out, "name"), "two-groups");
  EXPECT_EQ(summary_field(r.out, "seed"), "99");
  EXPECT_EQ(summary_field(r.out, "duration"), "2h (7200 ticks)");
  EXPECT_EQ(summary_field(r.out, "tick"), "1s");
  EXPECT_EQ(summary_field(r.out, "agents"), "12 in 2 group(s)");
  EXPECT_NE(r.out.find("bosses  principal"), std::string::npos) << r;
  EXPECT_NE(r.out.find("bots    ai_agent"), std::string::npos) << r;
  EXPECT_EQ(summary_field(r.out, "output"), "somewhere/two.h5");
  EXPECT_FALSE(fs::exists(dir / "somewhere"));
}

TEST(Validate, BadScenarioNamesFileLineColumnAndKeyPathAndExits2) {
  ScratchDir dir;
  // Line 4, column 12 is the `-5`; line 5, column 1 is the misspelt key.
  write_text(dir / "bad.yaml",
             "name: bad\n"
             "population:\n"
             "  - kind: ai_agent\n"
             "    count: -5\n"
             "populaton: 3\n");
  const CliResult r = run_cli({"validate", "bad.yaml"}, dir.path());
  EXPECT_EQ(r.status, 2) << r;
  EXPECT_TRUE(r.out.empty()) << r;
  EXPECT_NE(r.err.find("bad.yaml:4:12: population[0].count:"), std::string::npos) << r;
  EXPECT_NE(r.err.find("-5"), std::string::npos) << r;
  // All problems at once, not only the first, with a suggestion for the misspelling.
  EXPECT_NE(r.err.find("bad.yaml:5:1: populaton:"), std::string::npos) << r;
  EXPECT_NE(r.err.find("did you mean `population`?"), std::string::npos) << r;
  EXPECT_EQ(listing(dir.path()), std::set<std::string>{"bad.yaml"});
}

TEST(Validate, MissingFileAndDirectoryExit2WithClearMessage) {
  ScratchDir dir;
  const CliResult missing = run_cli({"validate", "no-such-scenario.yaml"}, dir.path());
  EXPECT_EQ(missing.status, 2) << missing;
  EXPECT_NE(missing.err.find("no-such-scenario.yaml"), std::string::npos) << missing;
  EXPECT_NE(missing.err.find("no such file"), std::string::npos) << missing;

  fs::create_directories(dir / "adir");
  const CliResult directory = run_cli({"validate", "adir"}, dir.path());
  EXPECT_EQ(directory.status, 2) << directory;
  EXPECT_NE(directory.err.find("directory"), std::string::npos) << directory;
  EXPECT_EQ(listing(dir.path()), std::set<std::string>{"adir"});
}

TEST(Validate, NoScenarioIsBadUsage) {
  const CliResult r = run_cli({"validate"});
  EXPECT_EQ(r.status, 2) << r;
  EXPECT_NE(r.err.find("SCENARIO"), std::string::npos) << r;
}

TEST(Validate, SetOverridesAreAppliedAndShownInTheResolvedScenario) {
  const std::string quickstart = (source_dir() / "scenarios" / "quickstart.yaml").string();
  const CliResult plain = run_cli({"validate", quickstart, "--print-resolved"});
  ASSERT_EQ(plain.status, 0) << plain;
  ASSERT_EQ(plain.out.find("seed: 4242\n"), std::string::npos) << "pick another test seed";

  const CliResult r = run_cli({"validate", quickstart, "--set", "seed=4242", "--set",
                               "population[0].count=33", "--print-resolved"});
  ASSERT_EQ(r.status, 0) << r;
  EXPECT_NE(r.out.find("\nseed: 4242\n"), std::string::npos) << r;
  // The first group's count, which is the first `count:` of the population list.
  const auto population = r.out.find("\npopulation:\n");
  ASSERT_NE(population, std::string::npos) << r;
  EXPECT_EQ(r.out.find("count:", population), r.out.find("count: 33\n", population)) << r;

  // The summary reflects the overrides too, and the hash changes with them.
  const CliResult before = run_cli({"validate", quickstart});
  // --set before the scenario takes exactly one value, so the scenario is not swallowed by it.
  const CliResult after = run_cli({"validate", "--set", "seed=4242", quickstart});
  EXPECT_EQ(run_cli({"validate", quickstart, "--set=seed=4242"}).out, after.out);
  ASSERT_EQ(after.status, 0) << after;
  EXPECT_EQ(summary_field(after.out, "seed"), "4242");
  EXPECT_NE(summary_field(after.out, "hash"), summary_field(before.out, "hash"));
}

TEST(Validate, ResolvedScenarioValidatesAgainWithTheSameHash) {
  for (const auto& file : shipped_scenarios()) {
    SCOPED_TRACE(file.string());
    ScratchDir dir;
    const CliResult summary = run_cli({"validate", file.string(), "--set", "seed=11"});
    const CliResult resolved =
        run_cli({"validate", file.string(), "--set", "seed=11", "--print-resolved"});
    ASSERT_EQ(summary.status, 0) << summary;
    ASSERT_EQ(resolved.status, 0) << resolved;
    write_text(dir / "resolved.yaml", resolved.out);
    const CliResult again = run_cli({"validate", (dir / "resolved.yaml").string()});
    EXPECT_EQ(again.status, 0) << again;
    EXPECT_EQ(summary_field(again.out, "hash"), summary_field(summary.out, "hash"));
  }
}

TEST(Validate, BadOverridesExit2AndNameTheOverride) {
  const std::string quickstart = (source_dir() / "scenarios" / "quickstart.yaml").string();
  struct Case {
    std::string set;
    std::string expected;
  };
  const std::vector<Case> cases{
      {"seed", "expected `path.to.key=value`"},
      {"seed=abc", "--set seed=abc"},
      {"populaton[0].count=5", "did you mean `population`?"},
      {"population[99].count=5", "population[99]"},
      {"duration=-1h", "duration"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.set);
    ScratchDir cwd;
    const CliResult r = run_cli({"validate", quickstart, "--set", c.set}, cwd.path());
    EXPECT_EQ(r.status, 2) << r;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r;
    EXPECT_TRUE(r.out.empty()) << r;
    EXPECT_TRUE(listing(cwd.path()).empty());
  }
}

TEST(Validate, PrintDefaultsIsACompleteScenarioThatValidates) {
  ScratchDir dir;
  const CliResult defaults = run_cli({"validate", "--print-defaults"}, dir.path());
  ASSERT_EQ(defaults.status, 0) << defaults;
  EXPECT_TRUE(defaults.err.empty()) << defaults;
  for (const char* key :
       {"name:", "seed:", "duration:", "population:", "network:", "sessions:", "market:",
        "attribution:", "incentives:", "settlement:", "adversaries:", "output:", "invariants:"}) {
    EXPECT_NE(defaults.out.find(std::string("\n") + key), std::string::npos) << key;
  }
  write_text(dir / "defaults.yaml", defaults.out);
  const CliResult r = run_cli({"validate", "defaults.yaml"}, dir.path());
  EXPECT_EQ(r.status, 0) << r;
  EXPECT_EQ(listing(dir.path()), std::set<std::string>{"defaults.yaml"});

  // It does not take a scenario: that would be ambiguous.
  const CliResult both = run_cli({"validate", "--print-defaults", "defaults.yaml"}, dir.path());
  EXPECT_EQ(both.status, 2) << both;
}

TEST(Validate, QuietPrintsNothingButStillFails) {
  ScratchDir dir;
  const std::string quickstart = (source_dir() / "scenarios" / "quickstart.yaml").string();
  const CliResult ok = run_cli({"validate", "--quiet", quickstart});
  EXPECT_EQ(ok.status, 0) << ok;
  EXPECT_TRUE(ok.out.empty() && ok.err.empty()) << ok;

  write_text(dir / "bad.yaml", "name: q\npopulation: []\n");
  const CliResult bad = run_cli({"validate", "-q", "bad.yaml"}, dir.path());
  EXPECT_EQ(bad.status, 2) << bad;
  EXPECT_NE(bad.err.find("bad.yaml:2:"), std::string::npos) << bad;
}

}  // namespace
}  // namespace coordsim::app::test
