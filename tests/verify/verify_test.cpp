// coordsim verify: every balance and session decision of real runs re-derived from the event log
// holds (1 and 3 threads, the order book, adversaries with snapshots, a stopped-and-resumed run),
// and one edited field of one row in a copy of a file is found at that row with exit 3.
#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "edited.hpp"
#include "io/reader.hpp"
#include "io/seal.hpp"
#include "verify/scenario.hpp"
#include "verify/verify.hpp"

namespace coordsim::verify {
namespace {

namespace fs = std::filesystem;
using run::test::Case;
using namespace test;  // NOLINT(google-build-using-namespace): the fixtures

// Run `c` on `threads` and verify the file.
void expect_holds(const Case& c, int threads) {
  test_support::ScratchDir dir;
  const fs::path file = dir / "run.h5";
  const auto summary = run::test::run_full(run::test::load(c), file, threads);
  ASSERT_TRUE(summary.complete);
  const Result r = check(file);
  EXPECT_EQ(r.outcome, Outcome::kHolds) << c.name << " on " << threads << " threads:\n" << r.text;
  EXPECT_NE(r.text.find("all checks hold"), std::string::npos);
}

TEST(Verify, QuickstartOneThread) { expect_holds(with_events(run::test::quickstart(1)), 1); }
TEST(Verify, QuickstartThreeThreads) { expect_holds(with_events(run::test::quickstart(5)), 3); }
TEST(Verify, OrderBookBothVenues) { expect_holds(with_events(run::test::order_book(8)), 3); }
TEST(Verify, AdversariesWithSnapshots) { expect_holds(run::test::adversarial(11), 1); }

TEST(Verify, StoppedAndResumedOnAnotherThreadCount) {
  test_support::ScratchDir dir;
  const Case c = run::test::adversarial(3);
  const fs::path stopped = dir / "stopped.h5";
  ASSERT_FALSE(run::test::run_stopped_after(run::test::load(c), stopped, 1, 1).complete);
  const fs::path resumed = dir / "resumed.h5";
  ASSERT_TRUE(run::resume(stopped, run::test::options(resumed, 3)).complete);
  const Result r = check(resumed);
  EXPECT_EQ(r.outcome, Outcome::kHolds) << r.text;
}

TEST(Verify, NoEventLogIsExitTwo) {
  test_support::ScratchDir dir;
  const fs::path file = dir / "run.h5";
  (void)run::test::run_full(run::test::load(run::test::quickstart(1)), file, 1);
  EXPECT_EQ(check(file).outcome, Outcome::kNoLog);
}

TEST(Verify, FilteredEventLogIsExitTwo) {
  test_support::ScratchDir dir;
  const fs::path file = dir / "run.h5";
  Case c = with_events(run::test::quickstart(1));
  c.overrides.emplace_back("output.events.kinds=[transfer, move]");
  (void)run::test::run_full(run::test::load(c), file, 1);
  const Result r = check(file);
  EXPECT_EQ(r.outcome, Outcome::kNoLog) << r.text;
  EXPECT_NE(r.text.find("filtered"), std::string::npos) << r.text;
}

TEST(Verify, TruncatedFileIsExitOne) {
  test_support::ScratchDir dir;
  const fs::path file = dir / "run.h5";
  (void)run::test::run_full(run::test::load(with_events(run::test::quickstart(1))), file, 1);
  fs::resize_file(file, fs::file_size(file) / 2);
  EXPECT_EQ(check(file).outcome, Outcome::kDamaged);
}

// The scenario terms verify reads by itself: from the canonical YAML a run writes, and changed by
// knob changes from their times on.
TEST(VerifyScenarioTerms, ReadFromTheFilesScenarioAndKnobChanges) {
  test_support::ScratchDir dir;
  const fs::path file = dir / "run.h5";
  Case c = with_events(run::test::quickstart(1));
  c.overrides.emplace_back("incentives.fee_split.protocol=12.3456%");
  c.overrides.emplace_back("incentives.fee_split.builder=17.6544%");
  c.overrides.emplace_back("sessions.cap_accounting=chain");
  (void)run::test::run_full(run::test::load(c), file, 1);
  const std::string text = io::read_run_info(file).scenario_text;
  EXPECT_EQ(yaml_value(text, "sessions.max_depth"), "3");
  EXPECT_EQ(yaml_value(text, "sessions.caps.total"), "100");
  EXPECT_EQ(yaml_value(text, "sessions.no_such_key"), "");
  const ScenarioTerms t = ScenarioTerms::read(
      text, {{100, "sessions.max_depth", "1"}, {200, "incentives.fee_split.contributors", "40%"}});
  EXPECT_TRUE(t.chain_accounting);
  EXPECT_EQ(t.max_depth.at(99), 3U);
  EXPECT_EQ(t.max_depth.at(100), 1U);
  EXPECT_EQ(t.fee_split.at(0).protocol, 123456);
  EXPECT_EQ(t.fee_split.at(0).builder, 176544);
  EXPECT_EQ(t.fee_split.at(199).contributors, 500000);
  EXPECT_EQ(t.fee_split.at(200).contributors, 400000);
  EXPECT_EQ(t.fee_split.at(200).protocol, 123456);
  EXPECT_EQ(parse_ppm("0.5%"), 5000);
  EXPECT_EQ(parse_ppm("100%"), 1000000);
  EXPECT_THROW((void)parse_ppm("0.12345%"), std::invalid_argument);
  EXPECT_THROW((void)parse_ppm("12"), std::invalid_argument);
  EXPECT_THROW((void)parse_ppm("-1%"), std::invalid_argument);
}

// --- One edited field of one row -------------------------------------------------------------

TEST_F(Edited, ReferenceHolds) { EXPECT_EQ(check(*file_).outcome, Outcome::kHolds); }

// An edit that is not sealed again is damage: refused before HDF5 or the replay reads it.
TEST_F(Edited, AnEditWithoutANewSealIsADamagedFile) {
  const auto ev = io::read_events(*file_);
  ASSERT_GT(ev.size(), 2U);
  const std::uint64_t row = std::min<std::uint64_t>(913, ev.size() / 2);
  // A value certain to differ from the one there: the bytes must really change.
  const std::int64_t value = ev[row].amount == 1 ? 2 : 1;
  const Result r = check(edited_unsealed("amount", row, value));
  EXPECT_EQ(r.outcome, Outcome::kDamaged) << r.text;
  EXPECT_NE(r.text.find("seal"), std::string::npos) << r.text;
}

TEST_F(Edited, AmountOfADelivery) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto move = code(names.kinds, "move");
  const auto flight = code(names.buckets, "flight_token");
  // The hundredth delivery out of flight, one base unit more.
  std::uint64_t row = 0;
  for (std::uint64_t i = 0, seen = 0; i < ev.size(); ++i) {
    if (ev[i].kind == move && ev[i].from_bucket == flight && ++seen == 100) {
      row = i;
      break;
    }
  }
  ASSERT_GT(row, 0U);
  expect_diverges_at(edited("amount", row, ev[row].amount + 1), row);
}

TEST_F(Edited, AmountOfAMarketMove) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto move = code(names.kinds, "move");
  const auto reserve = code(names.buckets, "reserve_token");
  // A swap's tokens out of the reserves, doubled: the pool account no longer settles to zero
  // when its handler ends, which is found at the handler's last row.
  std::uint64_t row = 0;
  for (std::uint64_t i = 0; i < ev.size(); ++i) {
    if (ev[i].kind == move && ev[i].from_bucket == reserve && ev[i].time > 0 && i > 1000) {
      row = i;
      break;
    }
  }
  ASSERT_GT(row, 0U);
  std::uint64_t last = row;  // the last row of the same (time, handler)
  while (last + 1 < ev.size() && ev[last + 1].time == ev[row].time &&
         ev[last + 1].handler == ev[row].handler)
    ++last;
  expect_diverges_at(edited("amount", row, ev[row].amount * 2), last);
}

TEST_F(Edited, ReasonOfAnAppliedAction) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto transfer = code(names.kinds, "transfer");
  std::uint64_t row = 0;
  for (std::uint64_t i = 0, seen = 0; i < ev.size(); ++i) {
    if (ev[i].kind == transfer && ev[i].reason == 0 && ev[i].amount > 0 && ++seen == 50) {
      row = i;
      break;
    }
  }
  ASSERT_GT(row, 0U);
  expect_diverges_at(edited("reason", row, code(names.reasons, "CAP_EXCEEDED")), row);
}

TEST_F(Edited, ReasonOfARejectedAction) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto cap = code(names.reasons, "CAP_EXCEEDED");
  // A rejection made an approval: no payment precedes it.
  std::uint64_t row = 0;
  for (std::uint64_t i = 1; i < ev.size(); ++i) {
    if (ev[i].reason == cap && ev[i].amount > 0 && ev[i - 1].kind != code(names.kinds, "move")) {
      row = i;
      break;
    }
  }
  ASSERT_GT(row, 0U);
  expect_diverges_at(edited("reason", row, 0), row);
}

// The settlement's books: an accrual one base unit larger is found by a reward check: the
// settlement account no longer covers what the books owe (where its balance is exactly that, at
// a batch post), or the payee's withdrawal or end-table rewards differ from the replay.
TEST_F(Edited, AmountOfAnAccrual) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto accrue = code(names.kinds, "accrue");
  std::uint64_t row = 0;
  for (std::uint64_t i = 0, seen = 0; i < ev.size(); ++i) {
    if (ev[i].kind == accrue && ++seen == 10) {
      row = i;
      break;
    }
  }
  ASSERT_GT(row, 0U) << "the reference run accrues fewer than 10 rewards";
  const Result r = check(edited("amount", row, ev[row].amount + 1));
  EXPECT_EQ(r.outcome, Outcome::kDivergence) << r.text;
  const std::uint32_t payee = ev[row].target;
  EXPECT_TRUE(r.text.find("its books owe") != std::string::npos ||
              r.text.find(fmt::format("payee {}", payee)) != std::string::npos ||
              r.text.find(fmt::format("agent {} rewards_", payee)) != std::string::npos)
      << "payee " << payee << ":\n"
      << r.text;
}

// A withdrawal of one base unit more than the payee's claimable rewards is found at its row.
TEST_F(Edited, AmountOfAWithdrawal) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto reward = code(names.kinds, "reward");
  const auto it =
      std::find_if(ev.begin(), ev.end(), [&](const auto& e) { return e.kind == reward; });
  ASSERT_NE(it, ev.end()) << "the reference run withdraws no reward";
  const auto row = static_cast<std::uint64_t>(it - ev.begin());
  expect_diverges_at(edited("amount", row, ev[row].amount + 1), row);
}

// The end table's pending rewards of one payee, edited in /agents and sealed again: the replay
// of the books finds it in the final tables.
TEST_F(Edited, PendingRewardsInTheAgentsTable) {
  const auto table = io::read_table(*file_, "/agents");
  const auto col = std::find_if(table.begin(), table.end(), [](const io::TableColumn& c) {
    return c.name == "rewards_pending";
  });
  ASSERT_NE(col, table.end());
  const auto& pending = std::get<std::vector<std::int64_t>>(col->values);
  const std::size_t agent =
      static_cast<std::size_t>(std::max_element(pending.begin(), pending.end()) - pending.begin());
  const fs::path copy = dir_ / "edit-agents.h5";
  fs::copy_file(*file_, copy, fs::copy_options::overwrite_existing);
  const std::string cmd = fmt::format(
      "/usr/bin/python3 -c \"import h5py; f = h5py.File('{}', 'r+'); "
      "f['agents/rewards_pending'][{}] = {}; f.close()\"",
      copy.string(), agent, pending[agent] + 1);
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  io::seal(copy);
  const Result r = check(copy);
  EXPECT_EQ(r.outcome, Outcome::kDivergence) << r.text;
  EXPECT_NE(r.text.find(fmt::format("/agents agent {} rewards_pending", agent)), std::string::npos)
      << r.text;
}

// A session's scope narrowed in /sessions (the transfer bit cleared, sealed again): the first
// applied transfer (a drain is one too) through it is found at its row.
TEST_F(Edited, ScopeInTheSessionsTable) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto transfer = code(names.kinds, "transfer");
  const auto drain = code(names.kinds, "drain");
  const auto it = std::find_if(ev.begin(), ev.end(), [&](const auto& e) {
    return (e.kind == transfer || e.kind == drain) && e.reason == 0;
  });
  ASSERT_NE(it, ev.end());
  const auto row = static_cast<std::uint64_t>(it - ev.begin());
  const auto table = io::read_table(*file_, "/sessions");
  const auto ids = std::find_if(table.begin(), table.end(),
                                [](const io::TableColumn& c) { return c.name == "id"; });
  ASSERT_NE(ids, table.end());
  const auto& id = std::get<std::vector<std::uint64_t>>(ids->values);
  const auto at = std::find(id.begin(), id.end(), std::uint64_t{it->session});
  ASSERT_NE(at, id.end());
  const fs::path copy = dir_ / "edit-scope.h5";
  fs::copy_file(*file_, copy, fs::copy_options::overwrite_existing);
  const std::string cmd = fmt::format(
      "/usr/bin/python3 -c \"import h5py; f = h5py.File('{}', 'r+'); a = f['sessions/actions']; "
      "a[{}] = int(a[{}]) & ~1; f.close()\"",
      copy.string(), at - id.begin(), at - id.begin());
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  io::seal(copy);
  expect_diverges_at(copy, row);
}

// A log from a version before the settlement's rows (no `accrue` kind): nothing to replay the
// rewards from, exit 2, not a damaged file.
TEST_F(Edited, ALogWithoutTheSettlementRowsIsExitTwo) {
  const fs::path copy = dir_ / "edit-old.h5";
  fs::copy_file(*file_, copy, fs::copy_options::overwrite_existing);
  const std::string cmd = fmt::format(
      "/usr/bin/python3 -c \"import h5py, numpy as np; f = h5py.File('{}', 'r+'); d = f['events']; "
      "a = d.attrs['kind_names']; "
      "d.attrs['kind_names'] = np.array([b'unknown' if x == b'accrue' else x for x in a], "
      "dtype=a.dtype); f.close()\"",
      copy.string());
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  io::seal(copy);
  const Result r = check(copy);
  EXPECT_EQ(r.outcome, Outcome::kNoLog) << r.text;
  EXPECT_NE(r.text.find("settlement's rows"), std::string::npos) << r.text;
}

TEST_F(EditedScope, ReferenceHoldsAndHasEveryNewReason) {
  const Result r = check(*file_);
  EXPECT_EQ(r.outcome, Outcome::kHolds) << r.text;
  const auto x = load();
  const auto count = [&](const char* reason) {
    return std::count_if(x.ev.begin(), x.ev.end(), [&](const auto& e) {
      return x.action(e) && e.reason == x.reason(reason);
    });
  };
  EXPECT_GT(count("TARGET_NOT_ALLOWED"), 0);
  EXPECT_GT(count("INSUFFICIENT_FUNDS"), 0);
  const auto depth = column(*file_, "/sessions", "depth");
  EXPECT_GT(std::count_if(depth.begin(), depth.end(), [](auto d) { return d > 0; }), 0);
  EXPECT_NE(r.text.find("targets from /session_targets"), std::string::npos) << r.text;
}

// One target of a session's list changed (in /session_targets, to an id no list holds): the first
// action through that session or a child of it, to the old target, that got past the target
// check (applied, CAP_EXCEEDED or INSUFFICIENT_FUNDS) is now TARGET_NOT_ALLOWED, at its row.
TEST_F(EditedScope, OneTargetInTheSessionTargetsTable) {
  const auto x = load();
  const auto sessions = column(*file_, "/session_targets", "session");
  const auto targets = column(*file_, "/session_targets", "target");
  const auto ids = column(*file_, "/sessions", "id");
  const auto parents = column(*file_, "/sessions", "parent");
  ASSERT_FALSE(sessions.empty());
  const auto through = [&](std::uint64_t s, std::uint64_t link) {
    while (s != link) {
      const auto at = std::find(ids.begin(), ids.end(), s);
      if (at == ids.end()) return false;
      s = parents[static_cast<std::size_t>(at - ids.begin())];
    }
    return true;
  };
  const auto past_targets = [&](const io::EventRecord& e) {
    return x.action(e) && (e.reason == 0 || e.reason == x.reason("CAP_EXCEEDED") ||
                           e.reason == x.reason("INSUFFICIENT_FUNDS"));
  };
  // The session and target of the first applied action whose target is its list's last entry
  // (2^32-2, no actor, then keeps the list sorted).
  for (const auto& e : x.ev) {
    if (!x.action(e) || e.reason != 0) continue;
    std::size_t at = sessions.size();
    for (std::size_t k = 0; k < sessions.size(); ++k)
      if (sessions[k] == e.session && targets[k] == e.target) at = k;
    if (at == sessions.size() || (at + 1 < sessions.size() && sessions[at + 1] == sessions[at]))
      continue;
    const auto first = std::find_if(x.ev.begin(), x.ev.end(), [&](const io::EventRecord& o) {
      return past_targets(o) && o.target == e.target && through(o.session, e.session);
    });
    const auto row = static_cast<std::uint64_t>(first - x.ev.begin());
    const fs::path copy =
        edited_with("target", fmt::format("f['session_targets/target'][{}] = 4294967294", at));
    expect_diverges_at(copy, row);
    const Result r = check(copy);
    EXPECT_NE(r.text.find("replay finds TARGET_NOT_ALLOWED"), std::string::npos) << r.text;
    return;
  }
  FAIL() << "no applied action through a session whose list ends with its target";
}

// One INSUFFICIENT_FUNDS rejection's amount set to 0: any payer can pay nothing, so the replay
// finds it applied, at that row.
TEST_F(EditedScope, OneAmountOfAFundsRejection) {
  const auto x = load();
  const auto it = std::find_if(x.ev.begin(), x.ev.end(), [&](const auto& e) {
    return x.action(e) && e.reason == x.reason("INSUFFICIENT_FUNDS");
  });
  ASSERT_NE(it, x.ev.end());
  const auto row = static_cast<std::uint64_t>(it - x.ev.begin());
  const fs::path copy = edited("amount", row, 0);
  expect_diverges_at(copy, row);
  EXPECT_NE(check(copy).text.find("replay finds APPLIED"), std::string::npos) << check(copy).text;
}

// An applied action's paying bucket changed (liquid <-> quote) where the payer holds less of the
// other: the replay finds INSUFFICIENT_FUNDS, or the payment before it no longer matches.
TEST_F(EditedScope, OnePayingBucketOfAnAppliedSwap) {
  const auto x = load();
  const auto liquid = code(x.names.buckets, "liquid");
  const auto quote = code(x.names.buckets, "quote");
  const auto it = std::find_if(x.ev.begin(), x.ev.end(), [&](const auto& e) {
    return e.kind == x.kind("swap") && e.reason == 0 && e.amount > 0;
  });
  ASSERT_NE(it, x.ev.end());
  const auto row = static_cast<std::uint64_t>(it - x.ev.begin());
  expect_diverges_at(edited("from_bucket", row, it->from_bucket == liquid ? quote : liquid), row);
}

// The policy's max_depth in the file's scenario copy lowered to 0: the first action through a
// sub-delegated session that nothing earlier in the check order rejects is now DEPTH_EXCEEDED.
TEST_F(EditedScope, OneDepthMaxDepthInTheScenarioCopy) {
  const auto x = load();
  const auto ids = column(*file_, "/sessions", "id");
  const auto depth = column(*file_, "/sessions", "depth");
  std::uint64_t row = x.ev.size();
  for (std::uint64_t i = 0; i < x.ev.size() && row == x.ev.size(); ++i) {
    const auto& e = x.ev[i];
    if (!x.action(e) || e.reason == x.reason("REVOKED") || e.reason == x.reason("EXPIRED") ||
        e.reason == x.reason("NOT_DELEGATE"))
      continue;
    const auto at = std::find(ids.begin(), ids.end(), std::uint64_t{e.session});
    if (at != ids.end() && depth[static_cast<std::size_t>(at - ids.begin())] > 0) row = i;
  }
  ASSERT_LT(row, x.ev.size()) << "no action through a sub-delegated session";
  const auto info = io::read_run_info(*file_);
  ASSERT_NE(info.scenario_text.find("max_depth: 3"), std::string::npos);
  const fs::path copy =
      edited_with("depth",
                  "t = f.attrs['scenario_text'].replace(b'max_depth: 3', b'max_depth: 0'); "
                  "f.attrs.modify('scenario_text', np.bytes_(t))");
  ASSERT_NE(io::read_run_info(copy).scenario_text.find("max_depth: 0"), std::string::npos);
  expect_diverges_at(copy, row);
  EXPECT_NE(check(copy).text.find("DEPTH_EXCEEDED"), std::string::npos) << check(copy).text;
}

// One contributors' share of an inference, one base unit more: the fee split no longer matches
// incentives.fee_split, found at that row (before its delivery is found unmatched).
TEST_F(Edited, OneContributorShareOfAFee) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto move = code(names.kinds, "move");
  const auto share = code(names.causes, "contributor_share");
  const auto flight = code(names.buckets, "flight_token");
  std::uint64_t row = 0;
  for (std::uint64_t i = 0, seen = 0; i < ev.size(); ++i) {
    if (ev[i].kind == move && ev[i].cause == share && ev[i].to_bucket == flight && ++seen == 20) {
      row = i;
      break;
    }
  }
  ASSERT_GT(row, 0U);
  const fs::path copy = edited("amount", row, ev[row].amount + 1);
  expect_diverges_at(copy, row);
  EXPECT_NE(check(copy).text.find("the contributors' share expected"), std::string::npos)
      << check(copy).text;
}

// --- The settlement's splits: weights, stake record, accruals, unpaid ----------------------------

// The reference records what the splits divide by, and verify re-derives them: model pools by
// the logged weights, validators' pools by the replayed stake record (after wrong flags).
TEST_F(Edited, ReferenceRecordsEverySplit) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto count = [&](const char* kind) {
    const auto k = code(names.kinds, kind);
    return std::count_if(ev.begin(), ev.end(), [&](const auto& e) { return e.kind == k; });
  };
  EXPECT_GT(count("attribution"), 0);
  EXPECT_GT(count("weight"), count("attribution"));
  EXPECT_GT(count("pool_split"), 0);
  EXPECT_GT(count("validator_split"), 0);
  EXPECT_GT(count("flag_wrong"), 0) << "no wrong flag: the stake record's slashes go untested";
  const Result r = check(*file_);
  ASSERT_EQ(r.outcome, Outcome::kHolds) << r.text;
  EXPECT_NE(r.text.find(fmt::format("splits: {} model pools divided", count("pool_split"))),
            std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find(fmt::format("{} accruals equal what the splits pay", count("accrue"))),
            std::string::npos)
      << r.text;
}

// An accrual one base unit larger is found at its own row: it is no longer what the splits pay.
TEST_F(Edited, OneAccrualIsFoundAtItsRow) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto accrue = code(names.kinds, "accrue");
  std::uint64_t row = 0;
  for (std::uint64_t i = 0, seen = 0; i < ev.size(); ++i) {
    if (ev[i].kind == accrue && ++seen == 25) {
      row = i;
      break;
    }
  }
  ASSERT_GT(row, 0U) << "the reference run accrues fewer than 25 rewards";
  const fs::path copy = edited("amount", row, ev[row].amount + 1);
  expect_diverges_at(copy, row);
  EXPECT_NE(check(copy).text.find(fmt::format("accrue of payee {}", ev[row].target)),
            std::string::npos)
      << check(copy).text;
}

// One contributor's weight tripled (in an attribution of several paid contributors): the next
// split of that model pays differently, found at the first accrue row of that split's handler
// whose amount the new weights change, and the message names the split's row.
TEST_F(Edited, OneWeight) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto weight = code(names.kinds, "weight");
  const auto split = code(names.kinds, "pool_split");
  const auto accrue = code(names.kinds, "accrue");
  for (std::uint64_t w = 1; w + 1 < ev.size(); ++w) {
    // A weight row with another weight row of the same attribution after it.
    if (ev[w].kind != weight || ev[w + 1].kind != weight) continue;
    std::uint64_t s = w + 1;
    while (s < ev.size() && !(ev[s].kind == split && ev[s].actor == ev[w].actor)) ++s;
    if (s == ev.size()) continue;  // never split with these weights
    const fs::path copy = edited("amount", w, ev[w].amount * 3);
    const Result r = check(copy);
    ASSERT_EQ(r.outcome, Outcome::kDivergence) << r.text;
    const std::uint64_t at = divergence_row(r.text);
    ASSERT_LT(at, ev.size()) << r.text;
    EXPECT_EQ(ev[at].kind, accrue) << r.text;
    EXPECT_GT(at, s) << r.text;
    EXPECT_EQ(ev[at].time, ev[s].time) << r.text;
    EXPECT_EQ(ev[at].handler, ev[s].handler) << r.text;
    EXPECT_NE(r.text.find("by the logged weights or stake record"), std::string::npos) << r.text;
    return;
  }
  FAIL() << "no model with two paid contributors was split";
}

// The validators' pool of a split, one base unit more: no longer the validators' shares
// delivered since the last split, at its row.
TEST_F(Edited, OneValidatorsPool) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto vsplit = code(names.kinds, "validator_split");
  const auto it =
      std::find_if(ev.begin(), ev.end(), [&](const auto& e) { return e.kind == vsplit; });
  ASSERT_NE(it, ev.end());
  const auto row = static_cast<std::uint64_t>(it - ev.begin());
  expect_diverges_at(edited("amount", row, it->amount + 1), row);
}

// A model's pool one base unit more: its split pays someone more than the accrue rows say (or
// the pools exceed the shares delivered), found at or after the split in its handler.
TEST_F(Edited, OneModelPool) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto split = code(names.kinds, "pool_split");
  const auto it = std::find_if(ev.begin(), ev.end(),
                               [&](const auto& e) { return e.kind == split && e.amount > 1000; });
  ASSERT_NE(it, ev.end());
  const auto row = static_cast<std::uint64_t>(it - ev.begin());
  const Result r = check(edited("amount", row, it->amount + 1));
  ASSERT_EQ(r.outcome, Outcome::kDivergence) << r.text;
  const std::uint64_t at = divergence_row(r.text);
  ASSERT_LT(at, ev.size()) << r.text;
  EXPECT_GE(at, row) << r.text;
  EXPECT_EQ(ev[at].time, it->time) << r.text;
  EXPECT_EQ(ev[at].handler, it->handler) << r.text;
}

// A wrong flag's slash of the stake record matters: the first wrong flag before a validators'
// split turned into a plain `flag` row (the record keeps its stake) changes that split.
TEST_F(Edited, AWrongFlagNotSlashingTheRecord) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto wrong = code(names.kinds, "flag_wrong");
  const auto vsplit = code(names.kinds, "validator_split");
  const auto accrue = code(names.kinds, "accrue");
  const auto it =
      std::find_if(ev.begin(), ev.end(), [&](const auto& e) { return e.kind == wrong; });
  ASSERT_NE(it, ev.end());
  const auto row = static_cast<std::uint64_t>(it - ev.begin());
  auto s = std::find_if(it, ev.end(), [&](const auto& e) { return e.kind == vsplit; });
  ASSERT_NE(s, ev.end()) << "no validators' split after the first wrong flag";
  const Result r = check(edited("kind", row, code(names.kinds, "flag")));
  ASSERT_EQ(r.outcome, Outcome::kDivergence) << r.text;
  const std::uint64_t at = divergence_row(r.text);
  ASSERT_LT(at, ev.size()) << r.text;
  EXPECT_EQ(ev[at].kind, accrue) << r.text;
  EXPECT_GT(at, static_cast<std::uint64_t>(s - ev.begin())) << r.text;
}

// What nobody earned, one base unit more: found at the unpaid row.
TEST_F(Edited, OneUnpaidSum) {
  const auto ev = io::read_events(*file_);
  const auto names = io::read_event_names(*file_);
  const auto unpaid = code(names.kinds, "unpaid");
  const auto it =
      std::find_if(ev.begin(), ev.end(), [&](const auto& e) { return e.kind == unpaid; });
  ASSERT_NE(it, ev.end()) << "the reference sends nothing unpaid to the treasury";
  const auto row = static_cast<std::uint64_t>(it - ev.begin());
  const fs::path copy = edited("amount", row, it->amount + 1);
  expect_diverges_at(copy, row);
  EXPECT_NE(check(copy).text.find("since the last unpaid row"), std::string::npos)
      << check(copy).text;
}

TEST_F(Edited, TimeMovedBackwards) {
  const auto ev = io::read_events(*file_);
  const std::uint64_t row = ev.size() / 2;
  ASSERT_GT(ev[row - 1].time, 0U);
  expect_diverges_at(edited("time", row, static_cast<std::int64_t>(ev[row - 1].time) - 1), row);
}

}  // namespace
}  // namespace coordsim::verify
