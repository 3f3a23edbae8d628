#pragma once
// What the tests of the worked examples of docs/extending.md (tests/examples/<name>/) share, so
// that each example's test reads as what its example adds: loading the folder's scenario, the
// diagnostics of a small scenario that uses the example's keys wrongly, running a world to its
// end, and running `coordsim` built with the folder (COORDSIM_BIN) and the shipped one
// (COORDSIM_SHIPPED_BIN) as a user does. Its users link coordsim_run, coordsim_io and
// coordsim_scenario and define both macros (coordsim_example_binary in
// tests/examples/CMakeLists.txt does).
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "app/cli.hpp"
#include "kernel/scheduler.hpp"
#include "model/actor/event_kinds.hpp"
#include "model/world/extension.hpp"
#include "model/world/world.hpp"
#include "scenario/error.hpp"
#include "scenario/load.hpp"
#include "support/scratch_dir.hpp"
#include "support/source_tree.hpp"

namespace coordsim::test_support {

// --- the scenario -------------------------------------------------------------------------------

/// A worked example, by its name: its folder is tests/examples/<name>/, its scenario <name>.yaml
/// there. A test names its example once: `constexpr test_support::Example kExample{"faucet"};`.
struct Example {
  std::string_view name;

  /// tests/examples/<name>/<name>.yaml.
  [[nodiscard]] std::filesystem::path file() const {
    return source_dir() / "tests/examples" / name / (std::string(name) + ".yaml");
  }
  /// That scenario loaded, with `sets` (`key=value` overrides, as `--set`) applied.
  [[nodiscard]] scenario::Spec load(const std::vector<std::string>& sets = {}) const {
    return scenario::load_file(file(), sets);
  }
};

/// A small scenario for checking an example's keys: 2 s blocks, one group of principals, then
/// `groups` (items of `population`). The first of them is population[1] and starts on line 5, so
/// its keys written one a line below it are on lines 6, 7, ...
inline std::string small_scenario(std::string_view groups) {
  return "name: example\nblock_interval: 2s\npopulation:\n"
         "  - {kind: principal, count: 3, agents: 0}\n" +
         std::string(groups);
}

/// The diagnostics of loading `yaml` (as file `bad.yaml`); empty if it loads.
inline std::vector<scenario::Diagnostic> problems(const std::string& yaml) {
  try {
    (void)scenario::load_string(yaml, "bad.yaml");
  } catch (const scenario::ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

/// Loading `yaml` (as file `bad.yaml`) reports exactly one problem, at key `path`, whose message
/// holds `text` (if given) and which is reported at `line_column` (if given, such as "7:11": the
/// diagnostic then starts "bad.yaml:7:11: <path>: ").
inline void expect_one_problem(const std::string& yaml, std::string_view path,
                               std::string_view text = {}, std::string_view line_column = {}) {
  const std::vector<scenario::Diagnostic> d = problems(yaml);
  ASSERT_EQ(d.size(), 1U) << yaml;
  EXPECT_EQ(d[0].path, path) << d[0].format();
  EXPECT_NE(d[0].message.find(text), std::string::npos) << d[0].format();
  if (!line_column.empty()) {
    const std::string at = "bad.yaml:" + std::string(line_column) + ": " + std::string(path) + ": ";
    EXPECT_EQ(d[0].format().rfind(at, 0), 0U) << d[0].format();
  }
}

// --- the world ----------------------------------------------------------------------------------

/// Runs `w` from its genesis to its end on the sequential kernel, as a run does without the
/// recorder; returns how many events it committed (what InvariantChecker::check reports).
inline std::uint64_t run_to_end(model::world::World& w) {
  kernel::Scheduler s(w.actor_count(), w.block());
  w.seed_events(s);
  s.run_until(w, w.end());
  return s.committed();
}

/// An example whose world system has one event kind of its own, `kind`: it is the only
/// registered extension, and its kind is numbered right after the shared actor::Kind's, which
/// keep their codes and names (so run files without it read the same).
inline void expect_one_kind_after_the_shared_ones(std::string_view kind) {
  const auto shared = static_cast<std::size_t>(model::actor::Kind::kCount);
  ASSERT_EQ(model::world::kind_count(), shared + 1);
  EXPECT_EQ(model::world::kind_names()[shared], kind);
  EXPECT_EQ(model::world::kind_names()[0], model::actor::kKindNames[0]);
  ASSERT_EQ(model::world::extensions().size(), 1U);
  EXPECT_EQ(model::world::first_kind_of(0), shared);
}

// --- the command line ---------------------------------------------------------------------------

/// The shipped coordsim: the same program without the example's folder.
inline std::filesystem::path shipped_coordsim() { return COORDSIM_SHIPPED_BIN; }

/// The shipped coordsim, which does not link the example's folder, refuses the example's own
/// scenario with exit status 2, naming `key` (the key whose value only the folder defines).
inline void expect_shipped_coordsim_refuses(const Example& example, std::string_view key) {
  const app::test::CliResult r =
      app::test::run_program(shipped_coordsim(), {"validate", example.file().string()});
  EXPECT_EQ(r.status, 2) << r;
  EXPECT_NE(r.err.find(key), std::string::npos) << key << "\n" << r;
}

/// `coordsim verify` of a run file with its event log: an independent replay re-derives every
/// balance (and whatever the example logged) and finds that all checks hold.
inline void expect_verifies(const std::filesystem::path& file) {
  const app::test::CliResult verified = app::test::run_cli({"verify", file.string()});
  EXPECT_EQ(verified.status, 0) << verified;
  EXPECT_NE(verified.out.find("all checks hold"), std::string::npos) << verified;
}

/// `coordsim run` of `scenario` into `out` with its event log, then expect_verifies(out).
/// Ends at the first failure of the run: call as ASSERT_NO_FATAL_FAILURE(...).
inline void expect_runs_and_verifies(const std::filesystem::path& scenario,
                                     const std::filesystem::path& out) {
  const app::test::CliResult ran = app::test::run_cli(
      {"run", scenario.string(), "-o", out.string(), "--set", "output.events.enabled=true"});
  ASSERT_EQ(ran.status, 0) << ran;
  expect_verifies(out);
}

/// A bad scenario as a user meets it: `yaml` is written to `dir`/bad.yaml, and `coordsim validate`
/// and `coordsim run` of it, in `dir`, each exit with status 2 and print every one of `expected`
/// (such as "bad.yaml:7:11: population[1].drip: ", the file:line:column and key) on stderr.
inline void expect_refused_with_status_2(const ScratchDir& dir, const std::string& yaml,
                                         std::initializer_list<std::string_view> expected) {
  (void)dir.write("bad.yaml", yaml);
  for (const char* command : {"validate", "run"}) {
    const app::test::CliResult r = app::test::run_cli({command, "bad.yaml"}, dir.path());
    EXPECT_EQ(r.status, 2) << command << ": " << r;
    for (const std::string_view text : expected)
      EXPECT_NE(r.err.find(text), std::string::npos) << command << ": " << text << "\n" << r;
  }
}

}  // namespace coordsim::test_support
