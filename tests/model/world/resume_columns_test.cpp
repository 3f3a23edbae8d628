// A resumed run appends to the metric columns already in the file, so resume checks them by
// name and type against this build's metric table: a file whose columns are the same except
// for two integer metrics in swapped places (same count, same types: what a check of count and
// type alone would let through) is refused with a typed error naming the column.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "io/reader.hpp"
#include "io/recorder.hpp"
#include "run/run.hpp"
#include "scenario/load.hpp"
#include "support/source_tree.hpp"

namespace coordsim::model::world::test {
namespace {

namespace fs = std::filesystem;

using test_support::source_dir;

TEST(ResumeColumns, AFileWithTwoMetricsSwappedIsRefusedByName) {
  const fs::path dir =
      fs::temp_directory_path() / ("coordsim-resume-columns-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const scenario::Spec spec = scenario::load_file(source_dir() / "scenarios" / "quickstart.yaml",
                                                  {"duration=2h", "output.checkpoint_every=1h"});
  run::RunOptions o;
  o.output = dir / "real.h5";
  ASSERT_TRUE(run::run(spec, o).complete);

  // The same recording, as an incompatible build would have laid it out.
  std::vector<io::MetricColumn> columns = io::read_metric_columns(o.output);
  const auto at = [&](const std::string& name) {
    return std::find_if(columns.begin(), columns.end(),
                        [&](const io::MetricColumn& c) { return c.name == name; });
  };
  ASSERT_NE(at("grants"), columns.end());
  ASSERT_NE(at("subdelegations"), columns.end());
  ASSERT_EQ(at("grants")->type, at("subdelegations")->type);
  std::iter_swap(at("grants"), at("subdelegations"));
  const fs::path forged = dir / "forged.h5";
  {
    io::RecordingLayout layout;
    layout.metrics = columns;
    io::Recorder recorder(forged, io::read_run_info(o.output), layout);
    const auto cp = io::read_latest_checkpoint(o.output);
    ASSERT_TRUE(cp.has_value());
    (void)recorder.write_checkpoint("copied", cp->blob, cp->time);
    recorder.finish(cp->time, false);
  }
  run::RunOptions r;
  r.output = dir / "resumed.h5";
  try {
    (void)run::resume(forged, r);
    ADD_FAILURE() << "a file with swapped metric columns was resumed";
  } catch (const run::CheckpointError& e) {
    EXPECT_NE(std::string(e.what()).find("subdelegations"), std::string::npos) << e.what();
  }
  // The real file's columns are this build's: it resumes.
  EXPECT_TRUE(run::resume(o.output, r).complete);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace coordsim::model::world::test
