// The behaviour example of docs/extending.md, end to end: epsilon-greedy, registered from this
// folder only (epsilon_greedy.cpp), inside the real scenario loader, Learners, World, run loop,
// recorder and command line.
//   - a word of the scenario: `rule: epsilon_greedy` loads, numbered after the built-in rules,
//     and renders back; the shipped coordsim (which does not link it) refuses it;
//   - the textbook rule: its probabilities and sample-average / constant-step updates on small
//     cases (Sutton and Barto 2018, 2.2-2.5), one draw per choice, its state checkpointed with
//     its name;
//   - in the world: contributors using it respond to their payoff (a larger fee share keeps more
//     of them in, over several seeds), and the run file is the same on 1, 2 and 3 threads and
//     through checkpoint/resume;
//   - `coordsim` with the rule (example_epsilon_greedy_coordsim) runs the folder's scenario, whose
//     event log `verify` replays, and refuses a misspelt rule at its file:line:column with exit
//     status 2.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "epsilon_greedy.hpp"
#include "io/reader.hpp"
#include "kernel/archive.hpp"
#include "kernel/rng.hpp"
#include "model/behaviour/errors.hpp"
#include "model/behaviour/from_scenario.hpp"
#include "model/behaviour/learning.hpp"
#include "model/behaviour/register_rule.hpp"
#include "model/world/world.hpp"
#include "scenario/load.hpp"
#include "support/archive_roundtrip.hpp"
#include "support/fee_share.hpp"
#include "support/resume.hpp"
#include "support/run_file.hpp"
#include "support/worked_example.hpp"

namespace coordsim::examples::epsilon_greedy {
namespace {

namespace fs = std::filesystem;
using model::behaviour::InvalidBehaviour;
using model::behaviour::Learners;
using model::behaviour::Rule;
using model::behaviour::Spec;
using test_support::ScratchDir;

constexpr test_support::Example kExample{"epsilon_greedy"};

Rule rule() { return model::behaviour::parse_rule(kEpsilonGreedy); }

/// epsilon-greedy over `actions` actions: epsilon, step (0: sample average), initial estimate.
Spec spec_of(std::uint32_t actions, double epsilon, double step, double initial = 0.0) {
  Spec s;
  s.rule = rule();
  s.actions = actions;
  s.roth_erev.experimentation = epsilon;
  s.logit.step = step;
  s.logit.initial_estimate = initial;
  return s;
}

std::vector<double> probabilities_of(const Learners& l, std::uint32_t agent) {
  std::vector<double> p(l.actions());
  l.probabilities(agent, p);
  return p;
}

void expect_near(const std::vector<double>& got, const std::vector<double>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t j = 0; j < got.size(); ++j)
    EXPECT_NEAR(got[j], want[j], 1e-15) << "action " << j;
}

// --- the scenario's word ----------------------------------------------------------------------

TEST(EpsilonGreedyScenario, TheRuleIsAWordOfTheScenarioAfterTheBuiltInOnes) {
  const auto names = scenario::enum_names(scenario::BehaviourRule{});
  ASSERT_EQ(names.size(), scenario::kBehaviourRuleNames.size() + 1);
  EXPECT_EQ(names.back(), "epsilon_greedy");
  EXPECT_EQ(static_cast<std::size_t>(rule()), scenario::kBehaviourRuleNames.size());
  EXPECT_EQ(model::behaviour::rule_name(rule()), "epsilon_greedy");

  const scenario::Spec spec = kExample.load();
  const auto& b = spec->population[2].as<scenario::ContributorParams>().behaviour;
  EXPECT_EQ(scenario::to_string(b.rule), "epsilon_greedy");
  EXPECT_EQ(model::behaviour::to_rule(b.rule), rule());
  const Spec s = model::behaviour::to_spec(b, 3);
  EXPECT_EQ(s.roth_erev.experimentation, 0.1);
  EXPECT_EQ(s.logit.step, 0.0);
  EXPECT_EQ(scenario::load_string(scenario::to_yaml(spec), "again.yaml"), spec);
  // Every place a rule is named takes it: builders, validators and the adversaries too.
  const scenario::Spec all = kExample.load(
      {"population[3].behaviour.rule=epsilon_greedy", "population[4].behaviour.rule=epsilon_greedy",
       "adversaries.poisoner.rule=epsilon_greedy", "adversaries.poisoner.fraction=0.1"});
  EXPECT_EQ(scenario::to_string(all->adversaries.poisoner.rule), "epsilon_greedy");
  EXPECT_EQ(scenario::to_string(all->population[4].as<scenario::ValidatorParams>().behaviour.rule),
            "epsilon_greedy");
}

TEST(EpsilonGreedyScenario, TheRegistrationIsClosedOnceTheSchemaIsRead) {
  (void)kExample.load();
  EXPECT_THROW((void)model::behaviour::register_rule("late", {}), std::logic_error);
  model::behaviour::RuleFns fns = *model::behaviour::registered_rule(rule());
  EXPECT_THROW((void)model::behaviour::register_rule("late", fns), std::logic_error);
  EXPECT_THROW((void)model::behaviour::register_rule("epsilon_greedy", fns), std::logic_error);
}

// --- the textbook rule -------------------------------------------------------------------------

TEST(EpsilonGreedyRule, UntriedActionsAreTiedAndShareTheGreedyProbability) {
  const Learners l(spec_of(4, 0.2, 0.0), 1);
  expect_near(probabilities_of(l, 0), {0.25, 0.25, 0.25, 0.25});
}

TEST(EpsilonGreedyRule, ProbabilitiesAreEpsilonOverMPlusTheRestOnTheBestEstimate) {
  // Sutton and Barto (2018) 2.2: with probability epsilon a uniform action, else the greedy one.
  Learners l(spec_of(4, 0.2, 0.0), 2);
  l.learn(0, 1, 3.0);
  l.learn(0, 1, 5.0);  // Q_1 = (3 + 5) / 2 = 4: the sample average (2.3, 2.4)
  l.learn(0, 2, 1.0);  // Q_2 = 1
  l.learn(0, 3, -2.0);
  EXPECT_EQ(l.attractions(0)[1], 4.0);
  EXPECT_EQ(l.attractions(0)[2], 1.0);
  EXPECT_EQ(l.extra(0)[1], 2.0);  // n_1
  expect_near(probabilities_of(l, 0), {0.05, 0.05 + 0.8, 0.05, 0.05});
  // Two best estimates split the greedy share: agent 1, Q = (2, 0, 0, 2) after one step each.
  l.learn(1, 0, 2.0);
  l.learn(1, 3, 2.0);
  expect_near(probabilities_of(l, 1), {0.05 + 0.4, 0.05, 0.05, 0.05 + 0.4});
  // epsilon 0 is greedy; epsilon 1 is uniform whatever the estimates.
  Learners greedy(spec_of(3, 0.0, 0.0), 1);
  greedy.learn(0, 2, 1.0);
  expect_near(probabilities_of(greedy, 0), {0.0, 0.0, 1.0});
  Learners uniform(spec_of(2, 1.0, 0.0), 1);
  uniform.learn(0, 0, 7.0);
  expect_near(probabilities_of(uniform, 0), {0.5, 0.5});
}

TEST(EpsilonGreedyRule, ConstantStepIsAnExponentialRecencyWeightedAverage) {
  // 2.5: Q <- Q + alpha (R - Q); from Q_1 = 1, after R = 4 then 8 at alpha = 0.5: 2.5, then 5.25.
  Learners l(spec_of(2, 0.1, 0.5, 1.0), 1);
  expect_near(std::vector<double>(l.attractions(0).begin(), l.attractions(0).end()), {1.0, 1.0});
  l.learn(0, 0, 4.0);
  EXPECT_EQ(l.attractions(0)[0], 2.5);
  l.learn(0, 0, 8.0);
  EXPECT_EQ(l.attractions(0)[0], 5.25);
  EXPECT_EQ(l.attractions(0)[1], 1.0);
  // Forgone payoffs are not seen: the chosen action's payoff alone is learned.
  l.learn(0, 1, std::array<double, 2>{100.0, 3.0});
  EXPECT_EQ(l.attractions(0)[0], 5.25);
  EXPECT_EQ(l.attractions(0)[1], 2.0);
  // A reset slot (a newcomer) starts again from the initial estimate and no observation.
  l.reset(0);
  EXPECT_EQ(l.attractions(0)[0], 1.0);
  EXPECT_EQ(l.extra(0)[0], 0.0);
}

TEST(EpsilonGreedyRule, ChooseMakesExactlyOneDrawAndFollowsTheProbabilities) {
  Learners l(spec_of(3, 0.3, 0.0), 1);
  l.learn(0, 2, 1.0);  // P = (0.1, 0.1, 0.8)
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(11, 5), counter);
  std::array<int, 3> seen{};
  constexpr int kDraws = 40'000;
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t before = counter;
    ++seen[l.choose(0, rng)];
    ASSERT_EQ(counter, before + 1);
  }
  const std::array<double, 3> p{0.1, 0.1, 0.8};
  for (std::size_t j = 0; j < 3; ++j) {
    const double se = std::sqrt(p[j] * (1 - p[j]) / kDraws);
    EXPECT_NEAR(seen[j] / static_cast<double>(kDraws), p[j], 5 * se) << "action " << j;
  }
}

TEST(EpsilonGreedyRule, OutOfRangeParametersAreRefused) {
  EXPECT_THROW(Learners(spec_of(2, 1.5, 0.0)), InvalidBehaviour);
  EXPECT_THROW(Learners(spec_of(2, 0.1, -1.0)), InvalidBehaviour);
  Spec s = spec_of(2, 0.1, 0.0);
  s.rule = static_cast<Rule>(200);  // neither built in nor registered
  EXPECT_THROW(Learners{s}, InvalidBehaviour);
  EXPECT_THROW((void)model::behaviour::parse_rule("epsilon_gready"), InvalidBehaviour);
}

TEST(EpsilonGreedyRule, ItsStateAndNameAreCheckpointed) {
  Learners l(spec_of(3, 0.1, 0.0), 2);
  l.learn(0, 1, 3.0);
  l.learn(1, 2, -1.0);
  l.learn(1, 2, 2.0);
  const auto blob = test_support::saved([&](kernel::ArchiveWriter& out) { l.save(out); });
  Learners back(spec_of(3, 0.1, 0.0), 2);
  test_support::load_from(blob, [&](kernel::ArchiveReader& in) {
    back.load(in);
    in.finish();
  });
  for (std::uint32_t a = 0; a < 2; ++a) {
    EXPECT_EQ(probabilities_of(back, a), probabilities_of(l, a));
    for (std::uint32_t j = 0; j < 3; ++j) {
      EXPECT_EQ(back.attractions(a)[j], l.attractions(a)[j]);
      EXPECT_EQ(back.extra(a)[j], l.extra(a)[j]);
    }
  }
  // The same columns under another rule's name, or a count no update can make, are refused.
  const auto forged = [&](std::string_view name, double count) {
    return test_support::saved([&](kernel::ArchiveWriter& out) {
      out.vec(std::vector<double>(6, 0.0));
      out.vec(std::vector<double>{});
      out.vec(std::vector<double>{});
      out.span(std::span<const char>(name.data(), name.size()));
      out.vec(std::vector<double>{0, 0, 0, 0, count, 0});
    });
  };
  EXPECT_THROW(test_support::load_from(forged("softmax", 1),
                                       [&](kernel::ArchiveReader& in) { back.load(in); }),
               kernel::ArchiveMismatchError);
  EXPECT_THROW(test_support::load_from(forged("epsilon_greedy", 0.5),
                                       [&](kernel::ArchiveReader& in) { back.load(in); }),
               kernel::ArchiveError);
  EXPECT_NO_THROW(test_support::load_from(forged("epsilon_greedy", 2),
                                          [&](kernel::ArchiveReader& in) { back.load(in); }));
}

// --- in the world -------------------------------------------------------------------------------

/// The example economy under `seed` with the contributors' fee share at `share_percent` (the
/// rest split protocol : builder : validators = 1 : 2 : 2, as in the file).
test_support::ContributorCounts run_share(std::uint64_t seed, int share_percent) {
  std::vector<std::string> sets = test_support::contributors_fee_share(share_percent);
  sets.push_back("seed=" + std::to_string(seed));
  const scenario::Spec spec = kExample.load(sets);
  model::world::World w(spec);
  (void)test_support::run_to_end(w);
  return test_support::contributor_counts(w.counters());
}

TEST(EpsilonGreedyWorld, AHigherFeeShareKeepsMoreContributorsInOverSeeds) {
  // What a contributor learns from is its realised net return above its reservation return: a
  // larger share raises it, so more contributors find `in` better than `out` and stay (greedy),
  // and the explored minority (epsilon) does not undo it. Seed by seed, and by more than three
  // standard errors of the difference of the means (seed_stats.hpp).
  test_support::expect_a_higher_share_keeps_more_contributors(31, 5, run_share);
}

TEST(EpsilonGreedyWorld, TheRunFileIsTheSameOnAnyThreadCountAndAfterResume) {
  ScratchDir dir;
  // The same file on 1, 2 and 3 threads, and stopped after its second checkpoint (a day in: the
  // learners have decided four times) then resumed.
  fs::path file;
  ASSERT_NO_FATAL_FAILURE(file = test_support::expect_same_file_on_threads_and_resume(
                              kExample.load({"output.checkpoint_every=12h"}), dir, 2));
  // The contributors did decide: some are in at the end.
  const auto active = test_support::series(file, "contributors_active");
  ASSERT_FALSE(active.empty());
  EXPECT_GT(active.back(), 0);
}

// --- the command line ---------------------------------------------------------------------------

TEST(EpsilonGreedyCommandLine, RunsAndVerifiesTheExampleAndRefusesAMisspeltRuleWithExitStatus2) {
  ScratchDir dir;
  // An independent replay of the log re-derives every balance of a run whose contributors
  // decided by the registered rule (verify reads the scenario stored in the file: the rule's name).
  ASSERT_NO_FATAL_FAILURE(test_support::expect_runs_and_verifies(kExample.file(), dir / "e.h5"));

  // Line 6, column 23: the value of `rule`.
  test_support::expect_refused_with_status_2(
      dir,
      "name: b\npopulation:\n  - {kind: principal, count: 3, agents: 0}\n"
      "  - kind: contributor\n    count: 10\n    behaviour: {rule: epsilon_gready}\n",
      {"bad.yaml:6:23: population[1].behaviour.rule: expected one of fixed, roth_erev, ewa, "
       "logit, epsilon_greedy, found `epsilon_gready`",
       "did you mean `epsilon_greedy`?"});
  // The shipped coordsim does not link the rule: the example's own scenario is refused there.
  test_support::expect_shipped_coordsim_refuses(kExample, "behaviour.rule");
}

}  // namespace
}  // namespace coordsim::examples::epsilon_greedy
