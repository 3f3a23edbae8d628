// A snapshot holds the state at exactly its time, by the rule samples follow, whatever the sample
// interval: snapshots between samples equal those of a run that samples at every snapshot time.
#include <gtest/gtest.h>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

TEST(Snapshots, BetweenSamplesHoldTheStateAtTheirOwnTime) {
  ScratchDir dir;
  const std::vector<std::string> base{"output.snapshots=[0s, 60m, 61m, 70m, 24h]"};
  // 1m samples put a sample at every snapshot time; 10m samples leave 61m between two samples.
  const fs::path fine = dir / "fine.h5";
  const fs::path coarse = dir / "coarse.h5";
  (void)run_file(scenario_path("quickstart.yaml"), plus(base, {"output.sample_interval=1m"}), fine);
  (void)run_file(scenario_path("quickstart.yaml"), plus(base, {"output.sample_interval=10m"}),
                 coarse);
  for (const char* name : {"t0", "t3600", "t3660", "t4200", "t86400"}) {
    SCOPED_TRACE(name);
    const std::string group = std::string("/snapshots/") + name;
    EXPECT_EQ(io::read_table(coarse, group), io::read_table(fine, group));
  }
  // The three snapshots around the hour are three different states (quickstart is busy enough),
  // so the comparison above cannot pass by comparing one state with itself.
  const auto liquid = [&](const char* name) {
    return std::get<std::vector<std::int64_t>>(
        column(io::read_table(coarse, std::string("/snapshots/") + name), "liquid"));
  };
  EXPECT_NE(liquid("t3600"), liquid("t3660"));
  EXPECT_NE(liquid("t3660"), liquid("t4200"));
  // The last snapshot is the final state.
  EXPECT_EQ(io::read_table(coarse, "/snapshots/t86400"), io::read_table(coarse, "/agents"));
}

}  // namespace
}  // namespace coordsim::run::test
