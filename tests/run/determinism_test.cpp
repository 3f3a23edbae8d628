// Determinism of a whole run, judged on the file: the digest of every dataset. The same scenario
// and seed give the same digest (in-process or through the command, whatever the thread count
// recorded); another seed gives another one.
#include <gtest/gtest.h>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

std::vector<std::string> small(const std::string& name) {
  return shrink(scenario_path(name), 40, "6h");
}

TEST(RunDeterminism, SameSeedSameDigestOtherSeedOtherDigest) {
  ScratchDir dir;
  for (const std::string name :
       {"quickstart.yaml", "attribution-vs-sybils.yaml", "sessions-blast-radius.yaml"}) {
    SCOPED_TRACE(name);
    const auto file = scenario_path(name);
    const auto sets = small(name);
    const auto a = run_file(file, sets, dir / "a.h5");
    const auto b = run_file(file, sets, dir / "b.h5");
    const auto c = run_file(file, plus(sets, {"seed=" + std::to_string(a.seed + 1)}), dir / "c.h5");
    ASSERT_TRUE(a.complete && b.complete && c.complete);
    EXPECT_GT(a.events, 0U);
    EXPECT_EQ(a.events, b.events);
    EXPECT_EQ(io::dataset_digest(dir / "a.h5"), io::dataset_digest(dir / "b.h5"));
    EXPECT_NE(io::dataset_digest(dir / "a.h5"), io::dataset_digest(dir / "c.h5"));
  }
}

TEST(RunDeterminism, ThreadCountAndTheCommandChangeNothing) {
  ScratchDir dir;
  const auto file = scenario_path("settlement-window.yaml");
  const auto sets = small("settlement-window.yaml");
  RunOptions one;
  one.output = dir / "one.h5";
  one.threads = 1;
  RunOptions four = one;
  four.output = dir / "four.h5";
  four.threads = 4;
  (void)run(scenario::load_file(file, sets), one);
  (void)run(scenario::load_file(file, sets), four);
  std::vector<std::string> args{"run", file.string(), "-o", (dir / "cli.h5").string(),
                                "-q",  "--threads",   "2"};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  const auto r = app::test::run_cli(args);
  ASSERT_EQ(r.status, 0) << r;
  const std::string digest = io::dataset_digest(dir / "one.h5");
  EXPECT_EQ(io::dataset_digest(dir / "four.h5"), digest);
  EXPECT_EQ(io::dataset_digest(dir / "cli.h5"), digest);
}

}  // namespace
}  // namespace coordsim::run::test
