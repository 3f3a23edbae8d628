// What the run file says matches what happened: event kinds and reasons agree with the metrics,
// data utilisation follows inference (not payment), and the slashable value still pending at the
// end is reported beside what escaped. Real runs, read back from the file.
#include <gtest/gtest.h>

#include <string>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

// Rows of /events of one kind (and one reason, unless `reason` is empty).
std::int64_t count_events(const fs::path& file, const std::string& kind,
                          const std::string& reason = "") {
  const auto names = io::read_event_names(file);
  std::int64_t n = 0;
  for (const auto& e : io::read_events(file)) {
    if (names.kinds.at(e.kind) == kind && (reason.empty() || names.reasons.at(e.reason) == reason))
      ++n;
  }
  return n;
}

TEST(Audit, AWrongFlagHasItsOwnKindAndNoSessionReason) {
  ScratchDir dir;
  const fs::path out = dir / "flags.h5";
  // Inaccurate validators, so that wrong flags are plentiful.
  (void)run_file(scenario_path("quickstart.yaml"),
                 {"output.events.enabled=true", "population[4].accuracy=0.6"}, out);
  const auto wrong = last_int(out, "flags_wrong");
  ASSERT_GT(wrong, 0);
  EXPECT_EQ(count_events(out, "flag_wrong", "APPLIED"), wrong);
  EXPECT_EQ(count_events(out, "flag", "APPLIED"), last_int(out, "flags_correct"));
  EXPECT_EQ(count_events(out, "flag"), last_int(out, "flags_correct"));
  // OUT_OF_SCOPE in the log is a session decision, and the metric counts every one of them.
  std::int64_t out_of_scope = 0;
  const auto names = io::read_event_names(out);
  for (const auto& e : io::read_events(out))
    out_of_scope += names.reasons.at(e.reason) == "OUT_OF_SCOPE" ? 1 : 0;
  EXPECT_EQ(out_of_scope, last_int(out, "rejected_out_of_scope"));
}

TEST(Audit, DataUtilisationFollowsInferenceEvenWithNoContributorShare) {
  ScratchDir dir;
  const fs::path unpaid = dir / "unpaid.h5";
  const fs::path paid = dir / "paid.h5";
  (void)run_file(
      scenario_path("quickstart.yaml"),
      {"duration=12h", "incentives.fee_split.protocol=10%", "incentives.fee_split.builder=70%",
       "incentives.fee_split.validators=20%", "incentives.fee_split.contributors=0%"},
      unpaid);
  (void)run_file(scenario_path("quickstart.yaml"), {"duration=12h"}, paid);
  ASSERT_GT(last_int(unpaid, "inferences"), 1000);
  EXPECT_EQ(last_int(unpaid, "rewards_final_honest"), 0) << "contributors are paid nothing";
  const auto last_share = [](const fs::path& f) {
    return std::get<std::vector<double>>(io::read_metric(f, "data_utilisation")).back();
  };
  // Models serve in both runs, so rows are used in both; payment does not decide it (the paid
  // run's builders keep less of each fee, so the two runs need not be identical).
  EXPECT_GT(last_share(paid), 0.05);
  EXPECT_GT(last_share(unpaid), 0.5 * last_share(paid));
}

TEST(Audit, SlashableValueStillPendingAtTheEndIsReportedBesideWhatEscaped) {
  ScratchDir dir;
  const auto file = scenario_path("settlement-window.yaml");
  // A window longer than the run: nothing can become final, so nothing escapes, and every
  // unreverted poisoner reward is still pending at the end: the value the file must show.
  const std::vector<std::string> base{"duration=16h"};
  (void)run_file(file, plus(base, {"settlement.challenge_window=20h"}), dir / "long.h5");
  (void)run_file(file, plus(base, {"settlement.challenge_window=2m"}), dir / "short.h5");
  EXPECT_EQ(last_int(dir / "long.h5", "escaped_slashable"), 0);
  const auto pending_long = last_int(dir / "long.h5", "slashable_pending");
  const auto pending_short = last_int(dir / "short.h5", "slashable_pending");
  EXPECT_GT(pending_long, 0);
  // A short window lets most of it out: far less is still pending at the end.
  EXPECT_GT(last_int(dir / "short.h5", "escaped_slashable"), 0);
  EXPECT_LT(pending_short, pending_long);
  // Pending never goes negative and is zero before any poisoner earned.
  for (const auto v : series(dir / "long.h5", "slashable_pending")) EXPECT_GE(v, 0);
  EXPECT_EQ(series(dir / "long.h5", "slashable_pending").front(), 0);
}

}  // namespace
}  // namespace coordsim::run::test
