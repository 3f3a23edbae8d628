// The data actor system run by a real kernel scheduler inside a minimal world (a ledger, one
// domain, the random streams, a switch from event kind to handler), with the settlement it pays
// into: every row is backed by stake and registered once; a training pays its datanets' fees from
// the deposit and refunds the rest; the contributors' share of a fee reaches the settlement's
// batch exactly (paid or unpaid, nothing lost); value is conserved while it travels; both
// checkpoint sections, taken mid-run with learning contributors, load back to the same bytes, and
// sections from another scenario are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernel/scheduler.hpp"
#include "model/data/data.hpp"
#include "support/archive_roundtrip.hpp"
#include "support/mini_world.hpp"
#include "support/settlement_handlers.hpp"

namespace coordsim::model::data {
namespace {

using actor::Counter;
using actor::Kind;
using scenario::AgentKind;
using test_support::refuses;

// Four contributors (agents 0-3, two of them learning), one builder (4), one validator (5); one
// tick per second and per block.
constexpr std::string_view kScenario = R"(
name: data-test
seed: 5
duration: 1d
tick: 1s
block_interval: 1s
token: {decimals: 0}
data: {datanets: 2, publish_fees: [3, 7]}
incentives: {stake_per_row: 2}
settlement: {batch_blocks: 10, challenge_window: 20s}
population:
  - {name: contributors, kind: contributor, count: 2, endowment: 1000, row_interval: 30s}
  - name: learners
    kind: contributor
    count: 2
    endowment: 1000
    row_interval: 30s
    behaviour: {rule: roth_erev, period: 5m}
  - {name: builders, kind: model_builder, count: 1, endowment: 1000, price: 1, datanets_per_model: 2}
  - {name: validators, kind: validator, count: 1, endowment: 1000}
)";
constexpr kernel::SimDuration kBlock = test_support::MiniWorldBase::kBlock;

// Data and the settlement it pays into, in the smallest world (tests/support/mini_world.hpp),
// and the dispatch from kind to their handlers as World does it.
struct MiniWorld : test_support::MiniWorldBase {
  explicit MiniWorld(std::string_view yaml = kScenario)
      : MiniWorldBase(yaml, Amount{10'000}),
        data(spec.data(), pop, Peers{protocol(), treasury(), &settlement}, kBlock, 1),
        settlement(spec.data(), pop, protocol(), treasury(), data.roles(), kBlock) {
    // World's order: genesis, first events (kept until a scheduler seeds them), then the
    // learners' reservation returns.
    data.build(streams);
    settlement.build(ledger);
    const auto add = [&](SimTime t, AgentId target, Kind kind) {
      first.push_back(kernel::Event{t, target, target, 0, code(kind), 0, 0});
    };
    data.initial_events(streams, add);
    settlement.initial_events(add);
    data.build_contributors(streams);
  }
  [[nodiscard]] AgentId builder() const { return pop.of_kind(AgentKind::kModelBuilder)[0]; }
  void seed(kernel::Scheduler& s) const {
    for (const kernel::Event& e : first) s.schedule(e.time, e.target, e.source, e.kind);
  }
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    const auto kind = static_cast<Kind>(e.kind);
    if (kind == Kind::kStatement) statements.push_back(e);
    if (kind == Kind::kReward) rewards.push_back(e);
    if (kind == Kind::kLeave) left.push_back(e.source);
    // What the splits (a batch post, a retrain) accrue to each agent: pending grows only there.
    const bool splits = kind == Kind::kBatchPost || kind == Kind::kTrain;
    if (splits) pending_before = settlement.rewards_pending();
    dispatch_with(e, s, [&](Kind, actor::Context& ctx) { dispatch(e, kind, ctx); });
    if (splits) {
      const auto& after = settlement.rewards_pending();
      accrued.resize(after.size(), Amount::zero());
      for (std::size_t a = 0; a < after.size(); ++a)
        if (after[a] > pending_before[a]) accrued[a] += after[a] - pending_before[a];
    }
  }
  void dispatch(const kernel::Event& e, Kind kind, actor::Context& ctx) {
    [&] {
      switch (kind) {
        case Kind::kContribute:
          return data.on_contribute(e, ctx);
        case Kind::kRow:
          return data.on_row(e, ctx);
        case Kind::kTrain:
          return data.on_train(e, ctx);
        case Kind::kSample:
          return data.on_sample(e, ctx);
        case Kind::kSlash:
          (void)data.on_slash(e, ctx);
          return;
        case Kind::kLeave:
          return data.on_leave(e, ctx);
        case Kind::kUnbonded:
          return data.on_unbonded(e, ctx);
        case Kind::kContributorShare:
          return data.on_contributor_share(e, ctx);
        case Kind::kBatchPost:  // the model pools split, then the settlement posts the batch
          data.split_model_pools(ctx);
          break;
        case Kind::kReward:
          if (pop.kind(e.target) == AgentKind::kContributor)
            return data.on_contributor_reward(e, ctx);
          break;
        case Kind::kStatement:
          return data.on_statement(e, ctx);
        default:
          break;
      }
      // kCredit: refunds, fees and slashes arriving.
      if (!test_support::settlement_handles(settlement, kind, e, ctx, account(e.target)))
        FAIL() << "unexpected kind " << e.kind;
    }();
  }
  // The builder sends value to the protocol, as World's builders' handlers do.
  void builder_sends(kernel::Scheduler& s, Kind kind, Amount amount) {
    actor::Context ctx = context(s, builder());
    ASSERT_TRUE(
        ctx.send(builder(), account(builder()), protocol(), kind, amount, ledger::Asset::kToken));
  }

  Data data;
  settlement::Settlement settlement;
  std::vector<kernel::Event> first;
  // What the test watches: statements, rewards, leavers and what splits accrued per agent.
  std::vector<kernel::Event> statements;
  std::vector<kernel::Event> rewards;
  std::vector<AgentId> left;
  std::vector<Amount> pending_before;
  std::vector<Amount> accrued;
};

// Both of data's checkpoint sections, in World's order.
std::vector<std::byte> sections(const MiniWorld& w) {
  return test_support::saved([&](auto& out) {
    w.data.save(out);
    w.data.save_contributors(out);
  });
}
void load_sections(MiniWorld& w, kernel::ArchiveReader& in) {
  w.data.load(in);
  w.data.load_contributors(in);
}
void load_sections(MiniWorld& w, const std::vector<std::byte>& blob) {
  test_support::load_from(blob, [&](kernel::ArchiveReader& in) { load_sections(w, in); });
}

TEST(Data, RowsAreStakedTrainingsPayTheirFeesAndTheContributorsShareArrivesExactly) {
  MiniWorld w;
  kernel::Scheduler s(w.actors(), kBlock);
  w.seed(s);
  s.run_until(w, SimTime{600});
  const actor::Counters& counters = w.domains[0].counters;
  ASSERT_GT(w.data.rows().size(), 0U);
  EXPECT_EQ(static_cast<std::size_t>(counters[Counter::kRows]), w.data.rows().size());
  std::uint64_t by_datanet = 0;
  for (const std::uint64_t n : w.data.datanet_stats().rows) by_datanet += n;
  EXPECT_EQ(by_datanet, w.data.rows().size());
  // Every row registered was staked for (2 tokens each), and at most one more is on its way (a
  // row reaches the protocol a block after it is staked, and rows come 30 s apart). Fixed
  // contributors only: learners unstake when they leave.
  for (std::uint32_t i = 0; i < w.pop.count(0); ++i) {
    const AgentId c{w.pop.first(0) + i};
    std::int64_t rows = 0;
    for (const AgentId who : w.data.rows().contributor) rows += who == c ? 1 : 0;
    const std::int64_t staked = w.ledger.staked(w.account(c)).raw();
    EXPECT_GE(staked, 2 * rows);
    EXPECT_LE(staked, 2 * (rows + 1));
  }
  // A training on both datanets: the deposit is the two fees, all of it paid to the treasury.
  const auto& bp = w.spec->population[w.pop.group(w.builder())].as<scenario::ModelBuilderParams>();
  ASSERT_EQ(w.data.datanets_per_model(bp), 2U);
  const Amount deposit = w.data.datanet_fee(0) + w.data.datanet_fee(1);
  EXPECT_EQ(deposit, Amount{10});
  EXPECT_EQ(ledger::max(w.data.datanet_fee(0), w.data.datanet_fee(1)), Amount{7});
  const Amount builder_before = w.liquid(w.builder());
  const Amount treasury_before = w.liquid(w.treasury());
  w.builder_sends(s, Kind::kTrain, deposit);
  s.run_until(w, SimTime{605});
  EXPECT_EQ(w.liquid(w.builder()), builder_before - deposit);
  EXPECT_EQ(w.liquid(w.treasury()), treasury_before + deposit);
  EXPECT_EQ(counters[Counter::kPublishFees], 10);
  EXPECT_EQ(counters[Counter::kDatanetVersions], 2);

  // A fee's contributors' share: split by the model's weights when the batch posts, into the
  // contributors' pending rewards; what nobody earned goes to the treasury. Nothing is lost.
  const Amount treasury_mid = w.liquid(w.treasury());
  Amount pending_before = Amount::zero();
  for (const Amount p : w.settlement.rewards_pending()) pending_before += p;
  w.builder_sends(s, Kind::kContributorShare, Amount{1001});
  s.run_until(w, SimTime{622});  // a batch posted after the share arrived; none final yet
  Amount pending = Amount::zero();
  for (const Amount p : w.settlement.rewards_pending()) pending += p;
  EXPECT_EQ(pending - pending_before + (w.liquid(w.treasury()) - treasury_mid), Amount{1001});
  EXPECT_GT(pending, pending_before);
  EXPECT_EQ(counters[Counter::kFeeSplitFailures], 0);
  std::size_t used = 0;
  for (const std::uint8_t u : w.data.rows().used) used += u;
  EXPECT_GT(used, 0U);  // the model served: its rows count as used
  w.check_conserved(s);
}

TEST(Data, ItsCheckpointSectionsRoundTripAndDamageIsRefused) {
  MiniWorld a;
  kernel::Scheduler sa(a.actors(), kBlock);
  a.seed(sa);
  sa.run_until(a, SimTime{900});  // learners have decided at least twice
  a.builder_sends(sa, Kind::kTrain, a.data.datanet_fee(0) + a.data.datanet_fee(1));
  a.builder_sends(sa, Kind::kContributorShare, Amount{500});
  sa.run_until(a, SimTime{905});  // trained, its pool accrued, the batch not yet posted
  const std::vector<std::byte> blob = sections(a);
  MiniWorld b;
  load_sections(b, blob);
  EXPECT_EQ(b.data.rows().content, a.data.rows().content);
  EXPECT_EQ(b.data.datanet_stats().chosen, a.data.datanet_stats().chosen);
  EXPECT_EQ(sections(b), blob);
  // Sections from another scenario are refused, not trusted: other agents (a contributor more),
  // or the same agents without learners.
  std::string more(kScenario);
  more.replace(more.find("count: 2, endowment: 1000, row_interval"), 8, "count: 3");
  std::string fixed(kScenario);
  fixed.replace(fixed.find("rule: roth_erev"), 15, "rule: fixed");
  for (const std::string& other : {more, fixed}) {
    MiniWorld c(other);
    EXPECT_TRUE(refuses(blob, [&](auto& in) { load_sections(c, in); }));
  }
}

TEST(Data, UnderJudgedQualityValidatorsVerdictsArePooledPerContentAndCheckpointed) {
  const std::string judged = std::string(kScenario) + "attribution: {quality_source: judged}\n";
  MiniWorld a(judged);
  kernel::Scheduler sa(a.actors(), kBlock);
  a.seed(sa);
  sa.run_until(a, SimTime{300});
  ASSERT_GT(a.data.rows().size(), 0U);
  // Twenty checks by a validator that is always right: the rows here are all good, so every
  // check is a pass of the sampled row's content (and no flag, so no slash).
  const AgentId v = a.pop.of_kind(AgentKind::kValidator)[0];
  for (std::uint32_t k = 0; k < 20; ++k) {
    sa.schedule(SimTime{301 + k}, a.protocol(), v, code(Kind::kSample), 0,
                static_cast<std::uint64_t>(actor::kFractionScale));
  }
  sa.run_until(a, SimTime{330});
  std::uint32_t passes = 0;
  for (const auto& j : a.data.judgements()) {
    passes += j.passes;
    EXPECT_EQ(j.fails, 0U);
  }
  EXPECT_EQ(passes, 20U);
  EXPECT_LE(a.data.judgements().size(), a.data.rows().size());
  const std::vector<std::byte> blob = sections(a);
  MiniWorld b(judged);
  load_sections(b, blob);
  EXPECT_EQ(sections(b), blob);
  // Verdicts in a checkpoint of a run whose source keeps none are refused, not trusted.
  MiniWorld c;
  EXPECT_TRUE(refuses(blob, [&](auto& in) { c.data.load(in); }));
  // Under the default (held_out) nothing is kept.
  MiniWorld d;
  kernel::Scheduler sd(d.actors(), kBlock);
  d.seed(sd);
  sd.run_until(d, SimTime{300});
  sd.schedule(SimTime{301}, d.protocol(), v, code(Kind::kSample), 0,
              static_cast<std::uint64_t>(actor::kFractionScale));
  sd.run_until(d, SimTime{310});
  EXPECT_TRUE(d.data.judgements().empty());
}

TEST(Data, StatementsArriveAsTheirOwnKindWithWhatTheRowsEarned) {
  // The learners choose their effort, so the protocol credits them by the stock of rows
  // (row_credit.cpp): at every split, statements of what each tag of their rows earned, as
  // kStatement events carrying no value. The kReward handler sees only value.
  std::string effort(kScenario);
  effort.replace(effort.find("period: 5m}"), 11, "period: 5m, effort_levels: 3}");
  MiniWorld w(effort);
  kernel::Scheduler s(w.actors(), kBlock);
  w.seed(s);
  s.run_until(w, SimTime{600});
  w.builder_sends(s, Kind::kTrain, w.data.datanet_fee(0) + w.data.datanet_fee(1));
  s.run_until(w, SimTime{605});
  w.builder_sends(s, Kind::kContributorShare, Amount{1001});
  s.run_until(w, SimTime{700});  // batches posted (every 10 s) and their statements arrived
  ASSERT_FALSE(w.statements.empty());
  constexpr std::uint16_t kTagBits = 0xFF;
  std::vector<Amount> stated(w.actors(), Amount::zero());
  std::vector<std::int64_t> count(w.actors(), 0);
  Amount par = Amount::zero();
  std::int64_t pars = 0;
  for (const kernel::Event& e : w.statements) {
    EXPECT_EQ(e.source, w.protocol());
    EXPECT_EQ(w.pop.group(e.target), 1U) << "only the learners are credited";
    EXPECT_EQ(e.aux & ~(Data::kPar | kTagBits), 0) << "aux: the tag, and the par bit";
    EXPECT_GT(e.payload, 0U);
    if ((e.aux & Data::kPar) != 0) {
      par += Amount{static_cast<std::int64_t>(e.payload)};
      ++pars;
    } else {
      stated[index(e.target)] += Amount{static_cast<std::int64_t>(e.payload)};
      ++count[index(e.target)];
    }
  }
  // A learner still in is told what its rows earned: what the splits accrued to it, shared among
  // its tags (each share rounded to a base unit).
  bool checked = false;
  Amount total = Amount::zero();
  for (std::uint32_t a = 0; a < w.pop.agents(); ++a) {
    if (a < w.accrued.size()) total += w.accrued[a];
    if (count[a] == 0) continue;
    const AgentId c{a};
    if (std::find(w.left.begin(), w.left.end(), c) != w.left.end()) continue;
    EXPECT_LE(std::abs((stated[a] - w.accrued[a]).raw()), count[a]) << "contributor " << a;
    checked = true;
  }
  EXPECT_TRUE(checked);
  // The par statements share at most what the splits paid out (their rows' share of the model's).
  EXPECT_LE(par.raw(), total.raw() + pars);
  // Rewards are value, never a statement: each comes from the protocol with only the asset bit.
  for (const kernel::Event& e : w.rewards) {
    EXPECT_EQ(e.source, w.protocol());
    EXPECT_EQ(e.aux & ~1U, 0U);
  }
  w.check_conserved(s);
}

}  // namespace
}  // namespace coordsim::model::data
