// The help teaches: every command has a description, exit statuses and an example; --version and
// bad usage behave as documented.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli.hpp"

namespace coordsim::app::test {
namespace {

TEST(Help, TopLevelListsCommandsAndExitCodes) {
  const CliResult r = run_cli({"--help"});
  ASSERT_EQ(r.status, 0) << r;
  for (const char* text :
       {"validate", "inspect", "bench", "Exit status", "0  success", "1  any other failure",
        "2  bad usage or a bad scenario", "3  an invariant", "docs/cli.md"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r;
  }
}

TEST(Help, EverySubcommandHasAnExampleAndTheDocs) {
  const std::vector<std::vector<std::string>> commands{{"validate", "--help"},
                                                       {"inspect", "--help"},
                                                       {"bench", "--help"},
                                                       {"bench", "phold", "--help"}};
  for (const auto& args : commands) {
    SCOPED_TRACE(args.front() + " " + args[1]);
    const CliResult r = run_cli(args);
    ASSERT_EQ(r.status, 0) << r;
    EXPECT_NE(r.out.find("Example"), std::string::npos) << r;
    EXPECT_NE(r.out.find("coordsim " + args.front() + " "), std::string::npos) << r;
  }
  for (const char* command : {"validate", "inspect"}) {
    const CliResult r = run_cli({command, "--help"});
    EXPECT_NE(r.out.find("Exit status"), std::string::npos) << r;
    EXPECT_NE(r.out.find("docs/"), std::string::npos) << r;
  }
}

/// docs/cli.md has a section for every subcommand `coordsim --help` lists, so the two cannot drift.
TEST(Help, EverySubcommandIsDocumentedInCliMd) {
  const CliResult r = run_cli({"--help"});
  ASSERT_EQ(r.status, 0) << r;
  const std::string docs = read_text(source_dir() / "docs" / "cli.md");
  ASSERT_FALSE(docs.empty());
  std::istringstream in(r.out);
  std::string line;
  bool in_list = false;
  int listed = 0;
  while (std::getline(in, line)) {
    if (line.rfind("Subcommands:", 0) == 0) {
      in_list = true;
      continue;
    }
    if (!in_list) continue;
    if (line.empty()) break;
    std::istringstream words(line);
    std::string name;
    words >> name;
    ++listed;
    const std::string heading = "## `coordsim " + name;
    EXPECT_NE(docs.find(heading), std::string::npos) << "docs/cli.md lacks a section " << heading;
  }
  EXPECT_GE(listed, 3) << r;
}

TEST(Help, VersionNamesTheProgramAndVersion) {
  const CliResult r = run_cli({"--version"});
  EXPECT_EQ(r.status, 0) << r;
  EXPECT_EQ(r.out, std::string("coordsim ") + COORDSIM_VERSION + "\n");
}

TEST(Help, BadUsageExits2) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{},
                                             {"no-such-command"},
                                             {"validate", "--no-such-option"},
                                             {"inspect"},
                                             {"bench", "phold", "--lps", "-3"}}) {
    std::string joined;
    for (const auto& a : args) joined += a + " ";
    SCOPED_TRACE(joined);
    const CliResult r = run_cli(args);
    EXPECT_EQ(r.status, 2) << r;
    EXPECT_FALSE(r.err.empty()) << r;
  }
}

}  // namespace
}  // namespace coordsim::app::test
