// The validators actor system run by a real kernel scheduler inside a minimal world (a ledger, one
// domain, the random streams, the settlement's stake record, a switch from event kind to
// handler): a fixed validator checks at its rate and never leaves; learning validators whose
// reservation return no check can beat learn to leave, unstake everything (value conserved, the
// protocol's stake record follows to 0) and stay out; the checkpoint section taken mid-run loads
// back into a fresh system, and a damaged one is refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernel/scheduler.hpp"
#include "model/ledger/invariant.hpp"
#include "model/settlement/settlement.hpp"
#include "model/validators/validators.hpp"
#include "scenario/load.hpp"
#include "support/archive_roundtrip.hpp"

namespace coordsim::model::validators {
namespace {

using actor::Kind;

// Two fixed validators (agents 0, 1) and three learning ones (2..4) whose outside option is worth
// 1000 tokens a day; a check every 10 minutes at full effort; decisions every hour.
constexpr std::string_view kScenario = R"(
name: validators-test
seed: 5
duration: 2d
tick: 1s
block_interval: 1s
incentives: {unbonding_delay: 30m}
population:
  - {name: fixed, kind: validator, count: 2, endowment: 1000, stake: 100}
  - name: learning
    kind: validator
    count: 3
    endowment: 1000
    stake: 100
    behaviour: {rule: logit, period: 1h, levels: 2, temperature: 0, step: 0.5,
                reservation_return: 1000}
)";
constexpr kernel::SimDuration kBlock{1};

struct MiniWorld {
  MiniWorld()
      : spec(scenario::load_string(kScenario, "validators_test.yaml")),
        pop(spec.data()),
        ledger([this] {
          const std::vector<Amount> endowment(pop.agents(), Amount{1'000'000'000});
          const std::vector<Amount> none(pop.agents(), Amount::zero());
          return ledger::Ledger(
              ledger::Genesis{pop.agents(), Amount{10'000'000'000}, Amount{0}, endowment, none});
        }()),
        settlement(spec.data(), pop, protocol(), treasury(), roles, kBlock),
        validators(spec.data(), pop, protocol(), kBlock, 1'000'000) {
    roles.assign(pop.agents(), actor::Role::kHonest);
    domains.emplace_back(sessions::Policy{});
    streams.key.assign(actors(), 7);
    for (std::size_t a = 0; a < streams.key.size(); ++a) streams.key[a] += a;
    streams.counter.assign(actors(), 0);
    for (std::uint32_t v = 0; v < pop.agents(); ++v)
      (void)ledger.stake(ledger.account(AgentId{v}), Amount{100'000'000});
    settlement.build(ledger);
    validators.build(ledger, streams);
  }
  [[nodiscard]] std::uint32_t actors() const { return pop.agents() + 4; }
  [[nodiscard]] AgentId protocol() const { return AgentId{pop.agents() + 1}; }
  [[nodiscard]] AgentId treasury() const { return AgentId{pop.agents() + 2}; }
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    actor::Context ctx(s, domains[0], 0, e.target, ledger, streams, kBlock, false);
    switch (static_cast<Kind>(e.kind)) {
      case Kind::kValidate:
        return validators.on_validate(e, ctx);
      case Kind::kSample:  // the protocol's judgment is data's (not here): count the checks
        ++samples[e.source.value()];
        return;
      case Kind::kWithdraw:  // nothing is ever owed here
        return;
      case Kind::kValidatorStake:
        return settlement.on_validator_stake(e, ctx);
      case Kind::kUnbonded: {
        const Amount amount{static_cast<std::int64_t>(e.payload)};
        ASSERT_EQ(ledger.complete_unstake(ledger.account(e.target), amount),
                  ledger::LedgerResult::kOk);
        return;
      }
      default:
        FAIL() << "unexpected kind " << e.kind;
    }
  }
  scenario::Spec spec;
  actor::Population pop;
  ledger::Ledger ledger;
  std::vector<actor::Role> roles;
  std::vector<actor::Domain> domains;
  actor::Streams streams;
  settlement::Settlement settlement;
  Validators validators;
  std::vector<std::int64_t> samples = std::vector<std::int64_t>(5, 0);
};

void seed(MiniWorld& w, kernel::Scheduler& s) {
  for (std::uint32_t v = 0; v < w.pop.agents(); ++v)
    s.schedule(SimTime{60}, AgentId{v}, AgentId{v}, code(Kind::kValidate));
}

TEST(Validators, FixedChecksAtItsRateAndLearnersWhoseOutsideOptionIsBetterLeave) {
  MiniWorld w;
  kernel::Scheduler s(w.actors(), kBlock);
  seed(w, s);
  EXPECT_EQ(w.validators.active(), 5U);
  s.run_until(w, SimTime{2 * 86'400});
  // Fixed: a check about every 10 minutes for two days, staked throughout.
  for (std::uint32_t v = 0; v < 2; ++v) {
    EXPECT_GT(w.samples[v], 200) << v;
    EXPECT_LT(w.samples[v], 380) << v;
    EXPECT_EQ(w.ledger.staked(w.ledger.account(AgentId{v})), Amount{100'000'000});
    EXPECT_EQ(w.settlement.validator_stake(v), Amount{100'000'000});
  }
  // Learning: every in-action pays about -1000 tokens a day against out's 0, so each ends out,
  // unstaked (its tokens liquid again, none lost), with the protocol's record at 0.
  EXPECT_EQ(w.validators.active(), 2U);
  for (std::uint32_t v = 2; v < 5; ++v) {
    const auto acct = w.ledger.account(AgentId{v});
    EXPECT_EQ(w.validators.level(v), 0) << v;
    EXPECT_EQ(w.ledger.staked(acct), Amount::zero()) << v;
    EXPECT_EQ(w.ledger.unbonding(acct), Amount::zero()) << v;
    EXPECT_EQ(w.ledger.liquid(acct), Amount{1'000'000'000}) << v;
    EXPECT_EQ(w.settlement.validator_stake(v), Amount::zero()) << v;
  }
  EXPECT_GE(w.domains[0].counters[actor::Counter::kValidatorExits], 3);
}

TEST(Validators, CheckpointSectionRoundTripsAndADamagedOneIsRefused) {
  MiniWorld w;
  kernel::Scheduler s(w.actors(), kBlock);
  seed(w, s);
  s.run_until(w, SimTime{5 * 3600});
  const std::vector<std::byte> blob =
      test_support::saved([&](auto& out) { w.validators.save(out); });
  MiniWorld fresh;
  test_support::load_from(blob, [&](auto& in) { fresh.validators.load(in); });
  for (std::uint32_t v = 0; v < 5; ++v) EXPECT_EQ(fresh.validators.level(v), w.validators.level(v));
  EXPECT_EQ(fresh.validators.active(), w.validators.active());
  EXPECT_EQ(test_support::saved([&](auto& out) { fresh.validators.save(out); }), blob);
  // A damaged section is refused, not trusted.
  MiniWorld other;
  EXPECT_TRUE(test_support::refuses(test_support::damaged(blob),
                                    [&](auto& in) { other.validators.load(in); }));
}

// The care grid: with one care level the actions are today's (1 + effort, every check at the
// group's accuracy); with C levels action 2 + (e - 1) x C + c is effort e at care c, and accuracy
// rises linearly from the floor (or the group's accuracy, if lower) to the group's accuracy.
TEST(Validators, CareLevelsDecodeAndSetTheAccuracyPerCheck) {
  for (std::uint32_t a = 1; a < 6; ++a) {
    EXPECT_EQ(decode(a, 1).effort, a - 1);
    EXPECT_EQ(decode(a, 1).care, 0U);
  }
  // L = 2, C = 3: idle, then (1, 0) (1, 1) (1, 2) (2, 0) (2, 1) (2, 2).
  EXPECT_EQ(decode(1, 3).effort, 0U);
  const std::uint32_t effort[] = {1, 1, 1, 2, 2, 2};
  const std::uint32_t care[] = {0, 1, 2, 0, 1, 2};
  for (std::uint32_t k = 0; k < 6; ++k) {
    EXPECT_EQ(decode(2 + k, 3).effort, effort[k]) << k;
    EXPECT_EQ(decode(2 + k, 3).care, care[k]) << k;
  }
  EXPECT_EQ(care_accuracy(0.95, 0.5, 0, 1), 0.95);  // no choice: exactly the group's
  EXPECT_DOUBLE_EQ(care_accuracy(0.95, 0.5, 0, 3), 0.5);
  EXPECT_DOUBLE_EQ(care_accuracy(0.95, 0.5, 1, 3), 0.725);
  EXPECT_EQ(care_accuracy(0.95, 0.5, 2, 3), 0.95);
  EXPECT_DOUBLE_EQ(care_accuracy(0.4, 0.5, 0, 3), 0.4);  // a floor above the group's: flat
  scenario::ValidatorBehaviour b;
  b.rule = scenario::BehaviourRule::kLogit;
  b.levels = 2;
  b.care_levels = 3;
  EXPECT_EQ(to_behaviour(b).actions, 8U);
}

}  // namespace
}  // namespace coordsim::model::validators
