// For every scenario in scenarios/ at a reduced size: runs with 1, 2 and 3 threads write files
// whose datasets are byte-identical (the wall-clock and execution attributes may differ).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "io/reader.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include "support/scratch_dir.hpp"
#include "support/source_tree.hpp"

namespace coordsim {
namespace {

namespace fs = std::filesystem;

using test_support::ScratchDir;
using test_support::shipped_scenarios;

// Shrinks a scenario so that three runs take well under a second each: at most 40 agents per
// group, six simulated hours, the event log on (it is the most order-sensitive dataset).
std::vector<std::string> reduced(const scenario::Spec& full) {
  std::vector<std::string> sets{"duration=6h", "output.events.enabled=true",
                                "output.sample_interval=15m"};
  for (std::size_t g = 0; g < full->population.size(); ++g) {
    const auto count = std::min<std::int64_t>(full->population[g].count, 40);
    sets.push_back("population[" + std::to_string(g) + "].count=" + std::to_string(count));
  }
  return sets;
}

class ThreadCount : public testing::TestWithParam<fs::path> {};

TEST_P(ThreadCount, DatasetsAreIdenticalFor1To3Threads) {
  const fs::path file = GetParam();
  const scenario::Spec full = scenario::load_file(file);
  const scenario::Spec spec = scenario::load_file(file, reduced(full));
  std::printf("scenario=%s seed=%llu\n", file.filename().c_str(),
              static_cast<unsigned long long>(spec->seed));
  const ScratchDir dir;
  std::string reference;
  for (int threads : {1, 2, 3}) {
    run::RunOptions options;
    options.output = dir / ("t" + std::to_string(threads) + ".h5");
    options.threads = threads;
    const run::RunSummary s = run::run(spec, options);
    EXPECT_TRUE(s.complete);
    EXPECT_GT(s.events, 0U);
    const std::string digest = io::dataset_digest(options.output);
    if (threads == 1) {
      reference = digest;
    } else {
      EXPECT_EQ(digest, reference) << threads << " threads differ from 1 thread for " << file;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shipped, ThreadCount, testing::ValuesIn(shipped_scenarios()),
                         [](const testing::TestParamInfo<fs::path>& param) {
                           std::string name = param.param.stem().string();
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace coordsim
