// The worked example of a metric added from its own folder (docs/extending.md), end to end: the
// observer TokenGini, registered from this folder only, inside the real World, run loop, recorder
// and command line.
//   - it adds no event kind and one column, `token_gini`, with its unit and description;
//   - every recorded value equals the Gini recomputed here, by another formula (the mean absolute
//     difference), from the /agents snapshot the same run wrote at that sample's time;
//   - the file is the same on 1, 2 and 3 threads and through checkpoint/resume, and a sample
//     allocates nothing once the observer's buffer has grown;
//   - against the shipped `coordsim` (no observer): every other column, table and checkpoint byte
//     is the same, and each binary's `resume` refuses the other's file with exit status 2 (a
//     checkpoint is resumed only by a process with the same registered systems).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <variant>
#include <vector>

#include "io/reader.hpp"
#include "model/world/extension.hpp"
#include "model/world/metrics.hpp"
#include "model/world/world.hpp"
#include "scenario/load.hpp"
#include "support/resume.hpp"
#include "support/run_file.hpp"
#include "support/worked_example.hpp"
#include "token_gini.hpp"

// Every allocation of this test program, counted: a sample of the observer's row must add none.
namespace {
std::atomic<std::uint64_t> g_allocations{0};
}  // namespace

// GCC takes the replaced pair for a mismatch once both are inlined into std::allocator.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t /*size*/) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace coordsim::examples::gini {
namespace {

namespace fs = std::filesystem;
using app::test::CliResult;
using app::test::run_cli;
using app::test::run_program;
using test_support::ScratchDir;
using test_support::shipped_coordsim;
using Wide = model::ledger::Wide;

constexpr test_support::Example kExample{"gini"};

const std::vector<std::int64_t>& int_column(const std::vector<io::TableColumn>& table,
                                            const std::string& name) {
  for (const io::TableColumn& c : table) {
    if (c.name == name) return std::get<std::vector<std::int64_t>>(c.values);
  }
  throw std::runtime_error("no column " + name);
}

/// The Gini of every agent's token holdings in an /agents table, as the mean absolute difference
/// over all ordered pairs, sum |x_i - x_j| / (2 n sum x): another formula than the observer's
/// (sorted ranks), the same number.
double gini_of_table(const std::vector<io::TableColumn>& agents) {
  std::vector<std::int64_t> x = int_column(agents, "liquid");
  for (const char* bucket : {"staked", "unbonding", "locked"}) {
    const auto& b = int_column(agents, bucket);
    for (std::size_t a = 0; a < x.size(); ++a) x[a] += b[a];
  }
  Wide differences = 0;
  Wide total = 0;
  for (const std::int64_t xi : x) {
    total += xi;
    for (const std::int64_t xj : x) differences += xi > xj ? xi - xj : xj - xi;
  }
  if (total == 0) return 0.0;
  return static_cast<double>(differences) /
         static_cast<double>(2 * static_cast<Wide>(x.size()) * total);
}

TEST(GiniFunction, KnownDistributions) {
  std::vector<std::int64_t> none;
  EXPECT_EQ(gini(none), 0.0);
  std::vector<std::int64_t> zeros{0, 0, 0};
  EXPECT_EQ(gini(zeros), 0.0);
  std::vector<std::int64_t> equal{5, 5, 5, 5};
  EXPECT_EQ(gini(equal), 0.0);
  std::vector<std::int64_t> one_holds_all{0, 8, 0, 0};
  EXPECT_EQ(gini(one_holds_all), 0.75);  // (n - 1) / n
  std::vector<std::int64_t> ramp{4, 1, 3, 2};
  EXPECT_EQ(gini(ramp), 0.25);  // sum |x_i - x_j| = 20 over 2 n sum x = 80
  // Near the largest supply: the sums stay exact in 128 bits.
  constexpr std::int64_t kBig = std::int64_t{1} << 61;
  std::vector<std::int64_t> big{kBig, kBig, 0, 0};
  EXPECT_EQ(gini(big), 0.5);
}

TEST(TokenGini, IsAnObserverOneColumnAndNoKind) {
  const auto shared = static_cast<std::size_t>(model::actor::Kind::kCount);
  EXPECT_EQ(model::world::kind_count(), shared);  // no kind of its own
  ASSERT_EQ(model::world::extensions().size(), 1U);
  const model::world::ExtensionDef& def = model::world::extensions()[0];
  EXPECT_EQ(def.name, "token_gini");
  EXPECT_TRUE(def.kinds.empty());
  EXPECT_EQ(def.build, nullptr);
  EXPECT_EQ(def.save, nullptr);
  EXPECT_EQ(def.load, nullptr);
  ASSERT_EQ(def.metric_rows.size(), 1U);
  const model::world::MetricDef& row = model::world::metric_defs().back();
  EXPECT_EQ(row.name, "token_gini");
  EXPECT_EQ(row.unit, "fraction");
  EXPECT_FALSE(row.is_integer());
}

TEST(TokenGini, ASampleAllocatesNothingOnceItsBufferHasGrown) {
  const scenario::Spec spec = kExample.load();
  const model::world::World w(spec);
  const model::world::MetricInput in(w, kernel::SimTime::zero(), 0);
  const model::world::MetricDef& row = model::world::metric_defs().back();
  const model::world::MetricValue first = row.value(in);  // grows this thread's buffer, once
  const std::uint64_t before = g_allocations.load();
  ASSERT_GT(before, 0U) << "operator new is this file's, counting";
  const model::world::MetricValue again = row.value(in);
  EXPECT_EQ(g_allocations.load(), before);
  EXPECT_EQ(again, first);
  EXPECT_EQ(std::get<double>(first), token_gini(w.ledger()));
}

TEST(TokenGini, EqualsTheGiniOfEachSnapshotOnAnyThreadCountAndAfterResume) {
  ScratchDir dir;
  // The same file on 1, 2 and 3 threads, and stopped after its second checkpoint then resumed.
  fs::path file;
  ASSERT_NO_FATAL_FAILURE(file = test_support::expect_same_file_on_threads_and_resume(
                              kExample.load({"output.checkpoint_every=30m"}), dir, 2));

  // The column, last, with its unit and description.
  const std::vector<io::MetricColumn> columns = io::read_metric_columns(file);
  ASSERT_FALSE(columns.empty());
  EXPECT_EQ(columns.back().name, "token_gini");
  EXPECT_EQ(columns.back().unit, "fraction");
  EXPECT_EQ(columns.back().description, model::world::metric_defs().back().description);
  EXPECT_EQ(columns.back().type, io::MetricType::kFloat64);
  // Each sample is the Gini of the holdings in the snapshot of the same time.
  const std::vector<std::uint64_t> times = io::read_metric_time(file);
  const std::vector<double> values = test_support::real_series(file, "token_gini");
  ASSERT_EQ(times.size(), 13U);  // at the start, then every 10 minutes for 2 hours
  ASSERT_EQ(values.size(), times.size());
  for (std::size_t i = 0; i < times.size(); ++i) {
    const auto table = io::read_table(file, "/snapshots/t" + std::to_string(times[i]));
    EXPECT_EQ(values[i], gini_of_table(table)) << "sample " << i << " at tick " << times[i];
    EXPECT_GT(values[i], 0.0);
    EXPECT_LT(values[i], 1.0);
  }
  EXPECT_EQ(values.back(), gini_of_table(io::read_table(file, "/agents")));
  EXPECT_NE(values.front(), values.back()) << "the economy moved tokens between agents";
}

TEST(TokenGiniCommandLine, AResumeByACoordsimWithOtherSystemsIsRefusedWithExitStatus2) {
  ScratchDir dir;
  const fs::path with = dir / "with.h5";
  const fs::path without = dir / "without.h5";
  // The same run by each binary, with its event log and a checkpoint every 30 minutes.
  const auto args = [](const fs::path& out) {
    return std::vector<std::string>{"run",
                                    kExample.file().string(),
                                    "-o",
                                    out.string(),
                                    "-q",
                                    "--set",
                                    "output.events.enabled=true",
                                    "--checkpoint-every",
                                    "30m"};
  };
  const CliResult ran = run_cli(args(with));
  ASSERT_EQ(ran.status, 0) << ran;
  const CliResult plain = run_program(shipped_coordsim(), args(without));
  ASSERT_EQ(plain.status, 0) << plain;

  // The observer added one column and nothing else: every other column, the event log, the
  // tables and the checkpoints are the same.
  const std::vector<io::MetricColumn> ours = io::read_metric_columns(with);
  const std::vector<io::MetricColumn> shipped = io::read_metric_columns(without);
  ASSERT_EQ(ours.size(), shipped.size() + 1);
  EXPECT_EQ(ours.back().name, "token_gini");
  for (std::size_t i = 0; i < shipped.size(); ++i) {
    EXPECT_EQ(ours[i].name, shipped[i].name);
    EXPECT_EQ(io::read_metric(with, ours[i].name), io::read_metric(without, shipped[i].name))
        << shipped[i].name;
  }
  EXPECT_EQ(io::read_table(with, "/agents"), io::read_table(without, "/agents"));
  EXPECT_EQ(io::read_table(with, "/snapshots/t3600"), io::read_table(without, "/snapshots/t3600"));
  EXPECT_EQ(io::read_event_names(with), io::read_event_names(without));
  EXPECT_TRUE(io::read_events(with) == io::read_events(without));
  ASSERT_EQ(io::inspect(with).checkpoints, io::inspect(without).checkpoints);
  for (std::uint64_t n = 0; n < io::inspect(with).checkpoints; ++n) {
    EXPECT_TRUE(io::read_checkpoint(with, n).blob == io::read_checkpoint(without, n).blob) << n;
  }

  // Same checkpoints, other metric columns: each binary refuses the other's file, saying which
  // column differs, and writes nothing.
  const std::string column = "metric column " + std::to_string(shipped.size()) + " is ";
  const CliResult by_shipped = run_program(
      shipped_coordsim(), {"resume", with.string(), "-q", "-o", (dir / "a.h5").string()});
  EXPECT_EQ(by_shipped.status, 2) << by_shipped;
  EXPECT_NE(by_shipped.err.find(column +
                                "'token_gini (float64)' in the file but '(none)' in this coordsim"),
            std::string::npos)
      << by_shipped;
  EXPECT_NE(by_shipped.err.find("other registered world systems"), std::string::npos) << by_shipped;
  const CliResult by_ours =
      run_cli({"resume", without.string(), "-q", "-o", (dir / "b.h5").string()});
  EXPECT_EQ(by_ours.status, 2) << by_ours;
  EXPECT_NE(
      by_ours.err.find(column + "'(none)' in the file but 'token_gini (float64)' in this coordsim"),
      std::string::npos)
      << by_ours;
  EXPECT_FALSE(fs::exists(dir / "a.h5"));
  EXPECT_FALSE(fs::exists(dir / "b.h5"));
  // Each resumes its own.
  const CliResult own = run_cli({"resume", with.string(), "-q", "-o", (dir / "c.h5").string()});
  EXPECT_EQ(own.status, 0) << own;
  EXPECT_EQ(io::dataset_digest(dir / "c.h5"), io::dataset_digest(with));
}

}  // namespace
}  // namespace coordsim::examples::gini
