// The builders actor system run by a real kernel scheduler inside a minimal world (a ledger, one
// domain, the random streams, a switch from event kind to handler): the price grid; an ai agent's
// offer against the demand curve; a learning builder charging its price and refunding the rest,
// or refusing an offer below it; the fee split summing to the fee; a builder that earns nothing
// against a high reservation return exiting; value conserved while it travels; the checkpoint
// section round-tripping and a damaged one refused.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "kernel/scheduler.hpp"
#include "model/builders/builders.hpp"
#include "model/ledger/invariant.hpp"
#include "scenario/load.hpp"

namespace coordsim::model::builders {
namespace {

using actor::Kind;
using scenario::AgentKind;

// Builder 0 learns (logit, three prices 0.5, 1, 2 x its list price 1 token); agent 1 buys.
// `agents`: more keys of the agents' group; `more`: further population entries (after them).
std::string scenario_text(const std::string& behaviour, const std::string& agents = "",
                          const std::string& more = "") {
  return R"(
name: builders-test
seed: 5
duration: 1d
tick: 1s
block_interval: 1s
network: {model: erdos_renyi, mean_degree: 1}
incentives: {publish_fee: 0.5, fee_split: {protocol: 10%, builder: 20%, validators: 20%, contributors: 50%}}
population:
  - {name: builders, kind: model_builder, count: 1, endowment: 1000, price: 1, retrain_interval: 1h,
     behaviour: )" +
         behaviour + R"(}
  - {name: agents, kind: ai_agent, count: 1, endowment: 1000)" +
         agents + R"(}
)" + more;
}
constexpr kernel::SimDuration kBlock{1};
const AgentId kBuilder{0};
const AgentId kAgent{1};

struct MiniWorld {
  explicit MiniWorld(const std::string& behaviour, const std::string& agents = "",
                     const std::string& more = "")
      : spec(scenario::load_string(scenario_text(behaviour, agents, more), "builders_test.yaml")),
        pop(spec.data()),
        ledger([this] {
          const std::vector<Amount> endowment(pop.agents(), Amount{100'000'000});
          const std::vector<Amount> none(pop.agents(), Amount::zero());
          return ledger::Ledger(
              ledger::Genesis{pop.agents(), Amount{1'000'000'000}, Amount{0}, endowment, none});
        }()),
        builders(spec.data(), pop, protocol(), treasury(), kBlock) {
    domains.emplace_back(sessions::Policy{});
    streams.key.assign(actors(), 1);
    streams.counter.assign(actors(), 0);
    // One domain: a board copy (if an agent group compares builders) kept by its first principal.
    builders.open_board(std::vector<std::uint32_t>(actors(), 0), 1);
    builders.build_prices(streams);
    builders.build_learners(streams);
  }
  [[nodiscard]] std::uint32_t actors() const { return pop.agents() + 4; }
  [[nodiscard]] AgentId protocol() const { return AgentId{pop.agents() + 1}; }
  [[nodiscard]] AgentId treasury() const { return AgentId{pop.agents() + 2}; }
  [[nodiscard]] actor::Context context(kernel::Scheduler& s, AgentId target) {
    return actor::Context(s, domains[0], 0, target, ledger, streams, kBlock, true);
  }
  void handle(const kernel::Event& e, kernel::Scheduler& s) {
    actor::Context ctx = context(s, e.target);
    switch (static_cast<Kind>(e.kind)) {
      case Kind::kRetrain:
        EXPECT_EQ(pop.kind(e.target), AgentKind::kModelBuilder) << "a retrain is a builder's";
        return builders.on_retrain(e, ctx);
      case Kind::kPricePost:
        posts.push_back(e);
        return builders.on_post(e, ctx);
      case Kind::kInfer:
        return builders.on_infer(e, ctx);
      case Kind::kCredit:
        ctx.receive(e, account(e.target));
        return builders.on_credit(e);
      case Kind::kTrain:  // the protocol keeps the deposit (every datanet fee charged)
      case Kind::kValidatorShare:
      case Kind::kContributorShare:
        ++received[e.kind];
        return ctx.receive(e, account(e.target));
      default:
        FAIL() << "unexpected kind " << e.kind;
    }
  }
  [[nodiscard]] ledger::AccountId account(AgentId a) const {
    return actor::account_of(ledger, pop.agents(), a);
  }
  [[nodiscard]] Amount liquid(AgentId a) const { return ledger.liquid(account(a)); }
  void pay(kernel::Scheduler& s, Amount offer) {
    actor::Context ctx = context(s, kAgent);
    ASSERT_TRUE(
        ctx.send(kAgent, account(kAgent), kBuilder, Kind::kInfer, offer, ledger::Asset::kToken));
  }
  void check_conserved(const kernel::Scheduler& s) const {
    EXPECT_NO_THROW(ledger::enforce_invariants(
        ledger, ledger::EventContext{s.now().ticks(), s.committed(), "builders"},
        domains[0].in_flight_token, 0));
  }

  scenario::Spec spec;
  actor::Population pop;
  ledger::Ledger ledger;
  std::vector<actor::Domain> domains;
  actor::Streams streams;
  Builders builders;
  std::map<kernel::EventKind, int> received;
  std::vector<kernel::Event> posts;  // price posts arriving at the board's copy
};

const std::string kLogit = "{rule: logit, levels: 3, price_spread: 2, period: 6h}";

TEST(Builders, PriceGridIsGeometricAroundTheListPrice) {
  scenario::BuilderBehaviour b;
  b.rule = scenario::BehaviourRule::kLogit;
  b.levels = 5;
  b.price_spread = 2.0;
  const auto grid = price_grid(b);
  ASSERT_EQ(grid.size(), 5U);
  const double expect[] = {0.5, std::sqrt(0.5), 1.0, std::sqrt(2.0), 2.0};
  for (std::size_t j = 0; j < 5; ++j) EXPECT_NEAR(grid[j], expect[j], 1e-12);
  b.levels = 1;
  EXPECT_EQ(price_grid(b), std::vector<double>{1.0});
  b.levels = 5;
  b.rule = scenario::BehaviourRule::kFixed;
  EXPECT_EQ(price_grid(b), std::vector<double>{1.0});
}

TEST(Builders, ALearningBuilderStartsInAtItsListPrice) {
  MiniWorld w(kLogit);
  EXPECT_TRUE(w.builders.any_learning());
  EXPECT_EQ(w.builders.list_price(0), Amount{1'000'000});
  EXPECT_EQ(w.builders.price(0), Amount{1'000'000});
  EXPECT_EQ(w.builders.active_count(), 1);
  EXPECT_DOUBLE_EQ(w.builders.mean_active_price(), 1e6);
}

TEST(Builders, OffersFollowTheDemandCurve) {
  MiniWorld fixed("{rule: fixed}");
  MiniWorld learning(kLogit);
  scenario::AiAgentParams ap;
  ap.inference_reference = Amount{1'000'000};
  std::uint64_t counter = 0;
  kernel::Rng r(42, counter);
  // Elasticity 0: the list price from a fixed builder (today's payment), the top of the grid
  // from a learning one; no draw either way.
  EXPECT_EQ(fixed.builders.bid(kBuilder, ap, r), Amount{1'000'000});
  EXPECT_EQ(learning.builders.bid(kBuilder, ap, r), Amount{2'000'000});
  EXPECT_EQ(counter, 0U);
  // Elasticity 1.5: an offer reaches price p with probability min(1, (p_ref/p)^1.5).
  ap.inference_elasticity = 1.5;
  constexpr int kDraws = 200'000;
  int none = 0;
  int at_list = 0;
  int at_top = 0;
  for (int k = 0; k < kDraws; ++k) {
    const auto offer = learning.builders.bid(kBuilder, ap, r);
    if (!offer) {
      ++none;
      continue;
    }
    EXPECT_GE(*offer, Amount{500'000});
    EXPECT_LE(*offer, Amount{2'000'000});
    at_list += *offer >= Amount{1'000'000} ? 1 : 0;
    at_top += *offer >= Amount{2'000'000} ? 1 : 0;
  }
  EXPECT_EQ(none, 0);  // every offer reaches the lowest price, half of p_ref
  // Hoeffding at 1 - 1e-9: |mean - p| < sqrt(ln(2e9) / (2 n)) = 0.0073.
  EXPECT_NEAR(static_cast<double>(at_list) / kDraws, 1.0, 0.0073);
  EXPECT_NEAR(static_cast<double>(at_top) / kDraws, std::pow(0.5, 1.5), 0.0073);
  // Against a fixed builder the agent buys at the list price or not at all.
  ap.inference_reference = Amount{500'000};
  int bought = 0;
  for (int k = 0; k < kDraws; ++k) {
    const auto offer = fixed.builders.bid(kBuilder, ap, r);
    if (offer) {
      EXPECT_EQ(*offer, Amount{1'000'000});
      ++bought;
    }
  }
  EXPECT_NEAR(static_cast<double>(bought) / kDraws, std::pow(0.5, 1.5), 0.0073);
}

TEST(Builders, AnOfferIsChargedAtThePriceOrRefunded) {
  MiniWorld w(kLogit);
  kernel::Scheduler s(w.actors(), kBlock);
  const Amount before = w.liquid(kAgent);
  const Amount treasury = w.liquid(w.treasury());
  const Amount protocol = w.liquid(w.protocol());
  w.pay(s, Amount{1'500'000});  // above the price 1: charged 1, 0.5 back
  w.pay(s, Amount{700'000});    // below it: all back
  s.run_until(w, SimTime{10});
  w.check_conserved(s);
  EXPECT_EQ(w.liquid(kAgent), before - Amount{1'000'000});
  EXPECT_EQ(w.builders.refused(0), 1U);
  // The fee is split exactly: 10% treasury, 20% validators, 50% contributors, 20% the builder.
  EXPECT_EQ(w.liquid(w.treasury()) - treasury, Amount{100'000});
  EXPECT_EQ(w.liquid(w.protocol()) - protocol, Amount{700'000});
  EXPECT_EQ(w.liquid(kBuilder), Amount{100'000'000} + Amount{200'000});
}

TEST(Builders, ABuilderEarningBelowItsReservationExitsAndStopsTraining) {
  // Nobody buys; every training costs 0.5; a reservation of 1000 tokens a day. Logit at T = 0
  // (best response) with one price: after the first period, out (its initial estimate 0) beats
  // serving (learned: -12 - 1000 tokens a day).
  MiniWorld w("{rule: logit, levels: 1, period: 6h, temperature: 0, reservation_return: 1000}");
  kernel::Scheduler s(w.actors(), kBlock);
  s.schedule(SimTime{1}, kBuilder, kBuilder, code(Kind::kRetrain));
  s.run_until(w, SimTime{6 * 3600 + 10});
  EXPECT_EQ(w.builders.active_count(), 0);
  const int trainings = w.received[code(Kind::kTrain)];
  EXPECT_EQ(trainings, 6);  // at 1s, 1h, ..., 5h; the 6h retraining decided to exit instead
  s.run_until(w, SimTime{12 * 3600 + 10});
  EXPECT_EQ(w.received[code(Kind::kTrain)], trainings);
  EXPECT_EQ(w.builders.active_count(), 0);
  w.check_conserved(s);
  EXPECT_DOUBLE_EQ(w.builders.mean_active_price(), 0.0);
}

TEST(Builders, CheckpointRoundTripsAndADamagedOneIsRefused) {
  MiniWorld w(kLogit);
  kernel::Scheduler s(w.actors(), kBlock);
  w.pay(s, Amount{700'000});
  s.schedule(SimTime{1}, kBuilder, kBuilder, code(Kind::kRetrain));
  s.run_until(w, SimTime{7 * 3600});
  kernel::ArchiveWriter out(42);
  w.builders.save(out);
  const std::vector<std::byte> bytes = std::move(out).finish();
  MiniWorld back(kLogit);
  kernel::ArchiveReader in(bytes, 42);
  back.builders.load(in);
  EXPECT_EQ(back.builders.price(0), w.builders.price(0));
  EXPECT_EQ(back.builders.active(0), w.builders.active(0));
  EXPECT_EQ(back.builders.refused(0), 1U);
  kernel::ArchiveWriter again(42);
  back.builders.save(again);
  EXPECT_EQ(std::move(again).finish(), bytes);
  // A section from builders with another grid is refused, not trusted.
  MiniWorld other("{rule: logit, levels: 5, period: 6h}");
  EXPECT_THROW(
      {
        kernel::ArchiveReader mismatched(bytes, 42);
        other.builders.load(mismatched);
      },
      kernel::ArchiveError);
  // A fixed scenario writes nothing at all (its columns are rebuilt from the scenario).
  MiniWorld fixed("{rule: fixed}");
  kernel::ArchiveWriter none(42);
  const std::size_t header = none.size();
  fixed.builders.save(none);
  EXPECT_EQ(none.size(), header);
}

TEST(Builders, ABuilderPostsItsPriceToTheBoardAsAPricePost) {
  // The agents compare builders (inference_sample 1), so the domain's board copy is kept by its
  // first principal (agent 2). The builder of the exit test above posts its exit there: a
  // kPricePost from the builder, payload 0 (out), one block after its decision; the board shows
  // it out. Its retrainings stay kRetrain events to itself.
  MiniWorld w("{rule: logit, levels: 1, period: 6h, temperature: 0, reservation_return: 1000}",
              ", inference_sample: 1",
              "  - {name: principals, kind: principal, count: 1, endowment: 1000, agents: 1}\n");
  ASSERT_TRUE(w.builders.has_board());
  const AgentId principal = w.pop.of_kind(AgentKind::kPrincipal)[0];
  kernel::Scheduler s(w.actors(), kBlock);
  s.schedule(SimTime{1}, kBuilder, kBuilder, code(Kind::kRetrain));
  s.run_until(w, SimTime{6 * 3600});
  EXPECT_TRUE(w.posts.empty());  // in at its list price since genesis: nothing new to post
  EXPECT_EQ(w.builders.posted(0, 0), w.builders.list_price(0));
  s.run_until(w, SimTime{6 * 3600 + 10});
  ASSERT_EQ(w.builders.active_count(), 0);
  ASSERT_EQ(w.posts.size(), 1U);
  const kernel::Event& post = w.posts[0];
  EXPECT_EQ(post.target, principal);
  EXPECT_EQ(post.source, kBuilder);
  EXPECT_EQ(post.payload, 0U);
  EXPECT_EQ(w.builders.posted(0, 0), Amount::zero());
  std::uint64_t draws = 0;
  kernel::Rng r(1, draws);
  EXPECT_FALSE(w.builders.choose(0, 1, r).has_value());  // the board shows nobody serving
}

}  // namespace
}  // namespace coordsim::model::builders
