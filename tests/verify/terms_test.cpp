// coordsim verify's two checks of what a run promised rather than what it moved: every session's
// grant terms within the session policy and its parent's, and the metric contributor_pool_unpaid
// re-derived at every sample. Each holds on real runs and fails on a copy edited to break exactly
// that property (sealed again, as a deliberate forger would).
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <variant>

#include "edited.hpp"
#include "io/reader.hpp"
#include "run/live.hpp"
#include "verify/policy.hpp"
#include "verify/scenario.hpp"
#include "verify/verify.hpp"

namespace coordsim::verify {
namespace {

namespace fs = std::filesystem;
using namespace test;  // NOLINT(google-build-using-namespace): the fixtures

TEST(VerifyPolicy, UnitsAsTheRunWritesThem) {
  EXPECT_EQ(parse_base_units("100", 6), 100000000);
  EXPECT_EQ(parse_base_units("12.5", 6), 12500000);
  EXPECT_EQ(parse_base_units("0.000001", 6), 1);
  EXPECT_EQ(parse_base_units("7", 0), 7);
  EXPECT_THROW((void)parse_base_units("0.0000001", 6), std::invalid_argument);
  EXPECT_THROW((void)parse_base_units("-1", 6), std::invalid_argument);
  EXPECT_THROW((void)parse_base_units("1.", 6), std::invalid_argument);
  EXPECT_EQ(parse_micros("0s"), 0);
  EXPECT_EQ(parse_micros("90m"), 5400000000);
  EXPECT_EQ(parse_micros("250ms"), 250000);
  EXPECT_EQ(parse_micros("24h"), 86400000000);
  EXPECT_EQ(parse_micros("7d"), 604800000000);
  EXPECT_EQ(parse_micros("10us"), 10);
  EXPECT_THROW((void)parse_micros("12"), std::invalid_argument);
  EXPECT_THROW((void)parse_micros("h"), std::invalid_argument);
}

TEST(VerifyPolicy, ReadFromTheScenarioAndKnobChanges) {
  const std::string text =
      "tick: 2s\ntoken:\n  decimals: 3\nsessions:\n  max_ttl: 1h\n  allow_never_expiring: "
      "false\n  caps:\n    total: 100\n    per_action: 0.5\n    per_period: 50\n    period: 3s\n"
      "    calls: 1000\n";
  const auto p = read_session_policy(text, {{500, "sessions.caps.total", "20"},
                                            {500, "incentives.fee_split.builder", "1%"},
                                            {900, "sessions.max_ttl", "5s"}});
  EXPECT_EQ(p.changes(), 2U);
  EXPECT_EQ(p.at(0).total, 100000);
  EXPECT_EQ(p.at(0).per_action, 500);
  EXPECT_EQ(p.at(0).period, 2U);  // 1.5 ticks: the nearest, halves up
  EXPECT_EQ(p.at(0).max_ttl, 1800U);
  EXPECT_EQ(p.at(0).calls, 1000);
  EXPECT_FALSE(p.at(0).allow_never_expiring);
  EXPECT_EQ(p.at(499).total, 100000);
  EXPECT_EQ(p.at(500).total, 20000);
  EXPECT_EQ(p.at(900).max_ttl, 3U);  // 2.5 ticks
  EXPECT_EQ(p.at(900).total, 20000);
  EXPECT_THROW((void)read_session_policy("tick: 1s\n", {}), std::invalid_argument);
}

// --- Grant terms -----------------------------------------------------------------------------

class VerifyGrantTerms : public EditedScope {
 protected:
  /// The row of the `n`th row of `kind`, and the index of its session in /sessions.
  struct Grant {
    std::uint64_t row = 0;
    std::size_t index = 0;
    std::uint32_t session = 0;
  };
  Grant nth(const char* kind, int n) const {
    const auto x = load();
    const auto ids = column(*file_, "/sessions", "id");
    for (std::uint64_t i = 0, seen = 0; i < x.ev.size(); ++i) {
      if (x.ev[i].kind != x.kind(kind) || ++seen != static_cast<std::uint64_t>(n)) continue;
      const auto at = std::find(ids.begin(), ids.end(), std::uint64_t{x.ev[i].session});
      EXPECT_NE(at, ids.end());
      return {i, static_cast<std::size_t>(at - ids.begin()), x.ev[i].session};
    }
    ADD_FAILURE() << "fewer than " << n << " " << kind << " rows";
    return {};
  }
  /// The row of `kind` among the term rows after the grant row `g` (same session).
  std::uint64_t term_row(const Grant& g, const char* kind) const {
    const auto x = load();
    for (std::uint64_t i = g.row + 1; i < x.ev.size() && x.ev[i].time == x.ev[g.row].time; ++i)
      if (x.ev[i].kind == x.kind(kind) && x.ev[i].session == g.session) return i;
    ADD_FAILURE() << "no " << kind << " row after the grant at row " << g.row;
    return 0;
  }
  SessionPolicy policy() const {
    return read_session_policy(io::read_run_info(*file_).scenario_text, {}).at(0);
  }
  /// The session's term `column` (a /sessions column) and its log row `row` set to `value`.
  fs::path with_term(const std::string& name, const Grant& g, std::uint64_t row, const char* column,
                     std::int64_t value) {
    return edited_with(name, fmt::format("d = f['events']; r = d[{0}]; r['amount'] = {1}; "
                                         "d[{0}] = r; f['sessions/{2}'][{3}] = {1}",
                                         row, value, column, g.index));
  }
};

TEST_F(VerifyGrantTerms, ReferenceHoldsForEveryGrantAndSubdelegation) {
  const Result r = check(*file_);
  ASSERT_EQ(r.outcome, Outcome::kHolds) << r.text;
  const auto ids = column(*file_, "/sessions", "id");
  const auto depth = column(*file_, "/sessions", "depth");
  const auto children = std::count_if(depth.begin(), depth.end(), [](auto d) { return d > 0; });
  ASSERT_GT(children, 0);
  EXPECT_NE(r.text.find(fmt::format("grant terms: {} sessions'", ids.size())), std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find(fmt::format("; {} sub-delegated ones'", children)), std::string::npos)
      << r.text;
}

// One root grant's total cap one base unit above sessions.caps.total, in its grant row and in
// /sessions alike (so the replay of the table agrees): found at the grant row.
TEST_F(VerifyGrantTerms, ACapTotalAboveThePolicy) {
  const Grant g = nth("grant", 3);
  const std::int64_t bound = policy().total;
  const fs::path copy = with_term("total", g, g.row, "cap_total", bound + 1);
  expect_diverges_at(copy, g.row);
  const Result r = check(copy);
  EXPECT_NE(r.text.find(fmt::format("session {} (granted at time", g.session)), std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find(fmt::format("cap_total {} exceeds the policy's sessions.caps.total, {}",
                                    bound + 1, bound)),
            std::string::npos)
      << r.text;
}

// One root grant living one tick longer than sessions.max_ttl (valid_until in its row and in
// /sessions): found at the grant row, before its expiry row disagrees.
TEST_F(VerifyGrantTerms, ALifetimeAboveMaxTtl) {
  const Grant g = nth("grant", 5);
  const auto after = column(*file_, "/sessions", "valid_after")[g.index];
  const std::uint64_t until = after + policy().max_ttl + 1;
  const fs::path copy = with_term("ttl", g, term_row(g, "valid_until"), "valid_until",
                                  static_cast<std::int64_t>(until));
  expect_diverges_at(copy, g.row);
  EXPECT_NE(check(copy).text.find("more than the policy's sessions.max_ttl"), std::string::npos)
      << check(copy).text;
}

// A per-action cap above the policy's, in a sub-delegated session: the policy bounds children
// too, and the message names the session as sub-delegated.
TEST_F(VerifyGrantTerms, APerActionCapAboveThePolicyInAChild) {
  const Grant g = nth("subdelegate", 1);
  const std::int64_t bound = policy().per_action;
  const fs::path copy =
      with_term("per-action", g, term_row(g, "cap_per_action"), "cap_per_action", bound + 1);
  expect_diverges_at(copy, g.row);
  const Result r = check(copy);
  EXPECT_NE(r.text.find(fmt::format("session {} (sub-delegated", g.session)), std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("cap_per_action"), std::string::npos) << r.text;
}

// A sub-delegated session allowing an action its parent does not (/sessions actions, one bit
// more): attenuation broken, found at the subdelegate row whatever the actions taken.
TEST_F(VerifyGrantTerms, AChildsActionsWiderThanItsParents) {
  const Grant g = nth("subdelegate", 2);
  const auto parents = column(*file_, "/sessions", "parent");
  const auto ids = column(*file_, "/sessions", "id");
  const auto actions = column(*file_, "/sessions", "actions");
  const auto p =
      static_cast<std::size_t>(std::find(ids.begin(), ids.end(), parents[g.index]) - ids.begin());
  ASSERT_LT(p, ids.size());
  std::uint64_t bit = 1;
  while ((actions[p] & bit) != 0) bit <<= 1U;
  const fs::path copy = edited_with(
      "actions", fmt::format("f['sessions/actions'][{}] = {}", g.index, actions[g.index] | bit));
  expect_diverges_at(copy, g.row);
  EXPECT_NE(check(copy).text.find(fmt::format("which its parent {}'s actions", parents[g.index])),
            std::string::npos)
      << check(copy).text;
}

// A sub-delegated session whose target list names one its parent's list does not
// (/session_targets, its last entry set to 2^32-2, which keeps the list sorted).
TEST_F(VerifyGrantTerms, AChildsTargetOutsideItsParentsList) {
  const auto x = load();
  const auto sessions = column(*file_, "/session_targets", "session");
  const auto ids = column(*file_, "/sessions", "id");
  const auto parents = column(*file_, "/sessions", "parent");
  const auto listed = [&](std::uint64_t s) {
    return std::find(sessions.begin(), sessions.end(), s) != sessions.end();
  };
  for (std::uint64_t i = 0; i < x.ev.size(); ++i) {
    if (x.ev[i].kind != x.kind("subdelegate")) continue;
    const std::uint64_t s = x.ev[i].session;
    const auto at = static_cast<std::size_t>(std::find(ids.begin(), ids.end(), s) - ids.begin());
    if (at == ids.size() || !listed(s) || !listed(parents[at])) continue;
    const auto last = static_cast<std::size_t>(
        sessions.rend() - std::find(sessions.rbegin(), sessions.rend(), s) - 1);
    const fs::path copy = edited_with(
        "child-target", fmt::format("f['session_targets/target'][{}] = 4294967294", last));
    expect_diverges_at(copy, i);
    EXPECT_NE(check(copy).text.find("target 4294967294 is not in its parent"), std::string::npos)
        << check(copy).text;
    return;
  }
  FAIL() << "no sub-delegated session with a list under a parent with one";
}

// A steered run: sessions.caps.per_period lowered to 20 and sessions.caps.total from 100 to 40
// tokens at 2 h (knob changes in /interventions). The grants after it follow the new policy and
// verify holds; one of them raised to 40 tokens and one base unit (within the scenario's policy,
// not the one in force) is found at its grant row.
class VerifySteeredGrantTerms : public VerifyGrantTerms {
 protected:
  void SetUp() override {
    run::LiveOptions options;
    options.output = *file_;
    run::LiveRun live(run::test::load(with_events(run::test::quickstart(4))), options);
    live.advance_to(kernel::SimTime{2 * 3600});
    // per_period first: the policy never has it above the total.
    EXPECT_EQ(live.intervene("sessions.caps.per_period", "20").ticks(), 2U * 3600U);
    changed_at_ = live.intervene("sessions.caps.total", "40").ticks();
    live.advance_to(live.end());
  }
  std::uint64_t changed_at_ = 0;
};

TEST_F(VerifySteeredGrantTerms, TheCapInForceAtEachGrant) {
  const Result r = check(*file_);
  ASSERT_EQ(r.outcome, Outcome::kHolds) << r.text;
  EXPECT_NE(r.text.find("allow_never_expiring, and 2 interventions)"), std::string::npos) << r.text;
  const auto x = load();
  const auto ids = column(*file_, "/sessions", "id");
  const auto it = std::find_if(x.ev.begin(), x.ev.end(), [&](const io::EventRecord& e) {
    return e.kind == x.kind("grant") && e.time > changed_at_;
  });
  ASSERT_NE(it, x.ev.end()) << "no grant after the knob change";
  const Grant g{static_cast<std::uint64_t>(it - x.ev.begin()),
                static_cast<std::size_t>(
                    std::find(ids.begin(), ids.end(), std::uint64_t{it->session}) - ids.begin()),
                it->session};
  ASSERT_LT(g.index, ids.size());
  const std::int64_t bound = policy().total;
  ASSERT_EQ(bound, 100000000);  // the scenario's, 100 tokens
  const fs::path copy = with_term("steered-total", g, g.row, "cap_total", 40000001);
  expect_diverges_at(copy, g.row);
  EXPECT_NE(check(copy).text.find(
                "cap_total 40000001 exceeds the policy's sessions.caps.total, 40000000"),
            std::string::npos)
      << check(copy).text;
}

// --- contributor_pool_unpaid -----------------------------------------------------------------

std::vector<std::int64_t> metric_values(const fs::path& file, const char* name) {
  return std::visit(
      [](const auto& v) {
        std::vector<std::int64_t> out;
        for (const auto x : v) out.push_back(static_cast<std::int64_t>(x));
        return out;
      },
      io::read_metric(file, name));
}

// The reference's metric is re-derived at every sample, and is not trivially 0 there.
TEST_F(Edited, ContributorPoolUnpaidAtEverySample) {
  const Result r = check(*file_);
  ASSERT_EQ(r.outcome, Outcome::kHolds) << r.text;
  const auto values = metric_values(*file_, "contributor_pool_unpaid");
  ASSERT_FALSE(values.empty());
  EXPECT_GT(values.back(), 0) << "nothing unpaid: the check would compare zeros";
  EXPECT_NE(
      r.text.find(fmt::format("contributor_pool_unpaid: re-derived at {} samples", values.size())),
      std::string::npos)
      << r.text;
}

// The metric one base unit more at one sample where it is positive: found at that sample.
TEST_F(Edited, OneSampleOfContributorPoolUnpaid) {
  const auto values = metric_values(*file_, "contributor_pool_unpaid");
  const auto times = io::read_metric_time(*file_);
  const auto k = static_cast<std::size_t>(
      std::find_if(values.begin(), values.end(), [](auto v) { return v > 0; }) - values.begin());
  ASSERT_LT(k, values.size());
  const std::size_t at = std::min(values.size() - 1, k + 2);
  const fs::path copy =
      edited_with("unpaid-metric",
                  fmt::format("d = f['metrics/contributor_pool_unpaid']; d[{0}] = d[{0}] + 1", at));
  const Result r = check(copy);
  EXPECT_EQ(r.outcome, Outcome::kDivergence) << r.text;
  EXPECT_NE(r.text.find(fmt::format("sample t={} contributor_pool_unpaid: expected {} (replayed), "
                                    "found {} (file)",
                                    times[at], values[at], values[at] + 1)),
            std::string::npos)
      << r.text;
}

}  // namespace
}  // namespace coordsim::verify
