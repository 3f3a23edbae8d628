// Every shipped scenario (the million one included) runs end to end at a reduced size through
// the real `coordsim run`, checking the invariants after every event, and leaves a complete file
// whose /invariants table says they held.
#include <gtest/gtest.h>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

TEST(ShippedScenarios, EveryOneRunsSmallWithInvariantsCheckedAfterEveryEvent) {
  const auto files = shipped_scenarios();
  ASSERT_FALSE(files.empty()) << "no scenarios under " << source_dir();
  bool million = false;
  ScratchDir dir;
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    million = million || file.filename() == "million.yaml";
    const fs::path out = dir / (file.stem().string() + ".h5");
    std::vector<std::string> args{
        "run", file.string(), "-o", out.string(), "-q", "--set", "invariants.check=every_event"};
    for (const auto& s : shrink(file, 50, "6h")) {
      args.push_back("--set");
      args.push_back(s);
    }
    const auto r = app::test::run_cli(args);
    ASSERT_EQ(r.status, 0) << r;
    const io::FileSummary summary = io::inspect(out);
    EXPECT_TRUE(summary.complete);
    EXPECT_EQ(summary.end_time_ticks,
              std::uint64_t{6} * 3600 * 1'000'000 /
                  static_cast<std::uint64_t>(scenario::load_file(file)->tick.value()));
    EXPECT_GT(last_int(out, "events"), 0);
    const auto invariants = io::read_table(out, "/invariants");
    const auto& result = std::get<std::vector<std::string>>(column(invariants, "result"));
    const auto& when = std::get<std::vector<std::string>>(column(invariants, "when"));
    const auto& checks = std::get<std::vector<std::uint64_t>>(column(invariants, "checks"));
    ASSERT_FALSE(result.empty());
    for (std::size_t i = 0; i < result.size(); ++i) {
      EXPECT_EQ(result[i], "held");
      EXPECT_EQ(when[i], "every_event");
      // After every event: more checks than events.
      EXPECT_GT(checks[i], static_cast<std::uint64_t>(last_int(out, "events")));
    }
  }
  EXPECT_TRUE(million) << "the million-agent scenario is part of the suite";
}

}  // namespace
}  // namespace coordsim::run::test
