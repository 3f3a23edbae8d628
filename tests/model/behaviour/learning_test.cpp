// The learning rules against their closed forms and known limits (docs/behaviour.md).
#include "model/behaviour/learning.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "kernel/rng.hpp"
#include "model/behaviour/errors.hpp"

namespace coordsim::model::behaviour {
namespace {

Spec roth_erev_spec(std::uint32_t actions, RothErevParams p) {
  return Spec{Rule::kRothErev, actions, {}, p, {}, {}};
}
Spec ewa_spec(std::uint32_t actions, EwaParams p) {
  return Spec{Rule::kEwa, actions, {}, {}, p, {}};
}
Spec logit_spec(std::uint32_t actions, LogitParams p) {
  return Spec{Rule::kLogit, actions, {}, {}, {}, p};
}

std::vector<double> probabilities_of(const Learners& l, std::uint32_t agent) {
  std::vector<double> p(l.actions());
  l.probabilities(agent, p);
  return p;
}

TEST(Logit, ProbabilitiesAreSoftmaxOfPayoffOverTemperature) {
  const std::array<double, 4> payoffs = {1.0, 2.5, -0.5, 2.0};
  for (const double temperature : {0.25, 1.0, 3.0, 40.0}) {
    Learners l(logit_spec(4, LogitParams{temperature, 1.0, 0.0}), 1);
    l.learn(0, 0, payoffs);  // step 1: the estimates are the payoffs just seen
    double sum = 0.0;
    for (const double x : payoffs) sum += std::exp(x / temperature);
    const auto p = probabilities_of(l, 0);
    for (std::size_t j = 0; j < payoffs.size(); ++j)
      EXPECT_NEAR(p[j], std::exp(payoffs[j] / temperature) / sum, 1e-15) << temperature;
  }
}

TEST(Logit, HugePayoffsDoNotOverflow) {
  std::array<double, 3> p{};
  logit_probabilities(std::array<double, 3>{1e6, 1e6 - 1.0, -1e6}, 1.0, p);
  EXPECT_NEAR(p[0], 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_NEAR(p[1], std::exp(-1.0) / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_EQ(p[2], 0.0);
}

TEST(Logit, TemperatureToZeroIsBestResponse) {
  const std::array<double, 3> payoffs = {0.9, 1.0, 0.2};
  double previous = 1.0;
  for (const double temperature : {1.0, 0.1, 0.01, 0.001}) {
    Learners l(logit_spec(3, LogitParams{temperature, 1.0, 0.0}), 1);
    l.learn(0, 1, payoffs);
    const auto p = probabilities_of(l, 0);
    const double others = p[0] + p[2];
    EXPECT_LT(others, previous) << "P(not best) must fall with the temperature";
    previous = others;
  }
  EXPECT_LT(previous, 1e-40);  // e^-100 at temperature 0.001: best response within rounding
  Learners exact(logit_spec(3, LogitParams{0.0, 1.0, 0.0}), 1);
  exact.learn(0, 1, payoffs);
  EXPECT_EQ(probabilities_of(exact, 0), (std::vector<double>{0.0, 1.0, 0.0}));
  exact.learn(0, 1, std::array<double, 3>{1.0, 1.0, 0.2});  // a tie splits evenly
  EXPECT_EQ(probabilities_of(exact, 0), (std::vector<double>{0.5, 0.5, 0.0}));
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(1, 2), counter);
  for (int i = 0; i < 100; ++i) EXPECT_NE(exact.choose(0, rng), 2U);
}

TEST(Logit, SampleAverageAndConstantStepEstimates) {
  Learners average(logit_spec(2, LogitParams{1.0, 0.0, 5.0}), 1);
  average.learn(0, 1, 2.0);
  average.learn(0, 1, 4.0);
  average.learn(0, 1, 9.0);
  EXPECT_DOUBLE_EQ(average.attractions(0)[1], 5.0);  // (2 + 4 + 9) / 3, the prior forgotten
  EXPECT_DOUBLE_EQ(average.attractions(0)[0], 5.0);  // never observed: the initial estimate
  Learners recency(logit_spec(2, LogitParams{1.0, 0.5, 0.0}), 1);
  recency.learn(0, 0, 4.0);
  recency.learn(0, 0, 8.0);
  EXPECT_DOUBLE_EQ(recency.attractions(0)[0], 5.0);  // 0 -> 2 -> 5
}

/// Two-armed Bernoulli bandit (payoff 1 with probability 0.7 or 0.3): the share of choices of the
/// better arm over the last 500 of 3000 rounds, for one seed.
double bandit_share_of_better_arm(const Spec& spec, std::uint64_t seed) {
  Learners l(spec, 1);
  std::uint64_t choice_counter = 0;
  std::uint64_t payoff_counter = 0;
  kernel::Rng choices(kernel::stream_key(seed, 1), choice_counter);
  kernel::Rng payoffs(kernel::stream_key(seed, 2), payoff_counter);
  constexpr std::array<double, 2> kWin = {0.3, 0.7};
  int better = 0;
  for (int t = 0; t < 3000; ++t) {
    const std::uint32_t a = l.choose(0, choices);
    l.learn(0, a, payoffs.bernoulli(kWin[a]) ? 1.0 : 0.0);
    if (t >= 2500 && a == 1) ++better;
  }
  return better / 500.0;
}

TEST(RothErev, TwoArmedBanditSettlesOnTheBetterArm) {
  const Spec spec = roth_erev_spec(2, RothErevParams{0.01, 0.02, 1.0, 0.0, 1e-4});
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    const double share = bandit_share_of_better_arm(spec, seed);
    EXPECT_GT(share, 0.8) << "seed " << seed;
  }
}

TEST(Logit, TwoArmedBanditSettlesOnTheBetterArm) {
  // Sample-average estimates with a low temperature: the worse arm is still tried, so both
  // estimates converge and the logit weight of the better arm is exp(0.4 / 0.1) : 1.
  const Spec spec = logit_spec(2, LogitParams{0.1, 0.0, 0.5});
  for (std::uint64_t seed = 1; seed <= 20; ++seed)
    EXPECT_GT(bandit_share_of_better_arm(spec, seed), 0.8) << "seed " << seed;
}

TEST(RothErev, UpdateMatchesTheThreeParameterModel) {
  Learners l(roth_erev_spec(3, RothErevParams{0.1, 0.3, 2.0, 1.0, 1e-4}), 1);
  l.learn(0, 1, 5.0);  // R = 4: own 2.8, others 0.6 each
  EXPECT_DOUBLE_EQ(l.attractions(0)[0], 0.9 * 2.0 + 0.6);
  EXPECT_DOUBLE_EQ(l.attractions(0)[1], 0.9 * 2.0 + 2.8);
  EXPECT_DOUBLE_EQ(l.attractions(0)[2], 0.9 * 2.0 + 0.6);
  l.learn(0, 0, -3.0);  // below the floor: no reinforcement, only forgetting
  EXPECT_DOUBLE_EQ(l.attractions(0)[1], 0.9 * (0.9 * 2.0 + 2.8));
  const auto p = probabilities_of(l, 0);
  const auto q = l.attractions(0);
  EXPECT_DOUBLE_EQ(p[1], q[1] / (q[0] + q[1] + q[2]));
  Learners cut(roth_erev_spec(2, RothErevParams{1.0, 0.0, 1.0, 0.0, 0.25}), 1);
  cut.learn(0, 0, 0.0);  // total forgetting and no payoff: both at the cutoff, still a strategy
  EXPECT_EQ(probabilities_of(cut, 0), (std::vector<double>{0.5, 0.5}));
}

TEST(Ewa, DeltaZeroKappaOneIsCumulativeReinforcement) {
  // Camerer and Ho (1999): delta = 0, kappa = 1, N(0) = 1 gives A_j = phi A_j + [j chosen] pi,
  // which is also Roth-Erev with forgetting 1 - phi and no experimentation.
  const double phi = 0.8;
  Learners ewa(ewa_spec(3, EwaParams{phi, 0.0, 1.0, 1.0, 0.5, 1.0}), 1);
  Learners roth(roth_erev_spec(3, RothErevParams{1.0 - phi, 0.0, 0.5, 0.0, 1e-300}), 1);
  std::array<double, 3> expected = {0.5, 0.5, 0.5};
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(7, 0), counter);
  for (int t = 0; t < 200; ++t) {
    const std::uint32_t chosen = rng.below(3);
    const double payoff = rng.uniform(0.0, 10.0);
    ewa.learn(0, chosen, payoff);
    roth.learn(0, chosen, payoff);
    for (std::uint32_t j = 0; j < 3; ++j)
      expected[j] = phi * expected[j] + (j == chosen ? payoff : 0.0);
    ASSERT_DOUBLE_EQ(ewa.experience(0), 1.0);
    for (std::uint32_t j = 0; j < 3; ++j) {
      ASSERT_NEAR(ewa.attractions(0)[j], expected[j], 1e-12 * (1.0 + expected[j])) << t;
      ASSERT_NEAR(roth.attractions(0)[j], expected[j], 1e-12 * (1.0 + expected[j])) << t;
    }
  }
}

TEST(Ewa, DeltaOneKappaZeroIsWeightedFictitiousPlay) {
  // Weighted fictitious play: beliefs over the opponent's 3 actions with experience weight N,
  //   N(t) = phi N(t-1) + 1,   B_k(t) = (phi N(t-1) B_k(t-1) + [opponent played k]) / N(t),
  // and each own action's attraction is its expected payoff sum_k B_k U[j][k]. EWA with delta = 1,
  // kappa = 0 reproduces it when A(0) agrees with B(0): here both own actions expect 0.9 under
  // the prior B(0) = (0.2, 0.5, 0.3), so one initial_attraction fits both.
  constexpr std::array<std::array<double, 3>, 2> kPayoff = {{{3.0, 0.0, 1.0}, {1.0, 2.0, -1.0}}};
  const double phi = 0.7;
  double n = 2.0;
  std::array<double, 3> belief = {0.2, 0.5, 0.3};
  Learners ewa(ewa_spec(2, EwaParams{phi, 1.0, 0.0, 1.0, 0.9, n}), 1);
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(11, 0), counter);
  for (int t = 0; t < 100; ++t) {
    const std::uint32_t opponent = rng.below(3);
    const std::uint32_t own = rng.below(2);  // belief learning ignores which action was own
    ewa.learn(0, own, std::array<double, 2>{kPayoff[0][opponent], kPayoff[1][opponent]});
    const double next = phi * n + 1.0;
    for (std::uint32_t k = 0; k < 3; ++k)
      belief[k] = (phi * n * belief[k] + (k == opponent ? 1.0 : 0.0)) / next;
    n = next;
    ASSERT_NEAR(ewa.experience(0), n, 1e-12);
    for (std::size_t j = 0; j < 2; ++j) {
      double expected = 0.0;
      for (std::size_t k = 0; k < 3; ++k) expected += belief[k] * kPayoff[j][k];
      ASSERT_NEAR(ewa.attractions(0)[j], expected, 1e-12) << "own action " << j << " at " << t;
    }
  }
}

TEST(Ewa, ChoiceIsLogitOfAttractionsWithLambda) {
  Learners l(ewa_spec(2, EwaParams{1.0, 1.0, 0.0, 2.0, 0.0, 1.0}), 1);
  l.learn(0, 0, std::array<double, 2>{1.0, 3.0});  // A = (0.5, 1.5) after N = 2
  const auto p = probabilities_of(l, 0);
  EXPECT_NEAR(p[1], 1.0 / (1.0 + std::exp(-2.0 * 1.0)), 1e-15);
  EXPECT_TRUE(needs_forgone_payoffs(l.spec()));
}

TEST(Fixed, DrawsTheGivenMixedStrategyAndNeverLearns) {
  Spec s;
  s.rule = Rule::kFixed;
  s.actions = 3;
  s.fixed = {1.0, 3.0, 0.0};
  Learners l(s, 2);
  l.learn(1, 0, 100.0);
  EXPECT_EQ(probabilities_of(l, 1), (std::vector<double>{0.25, 0.75, 0.0}));
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(3, 4), counter);
  constexpr int kDraws = 40000;
  std::array<int, 3> seen{};
  for (int i = 0; i < kDraws; ++i) ++seen[l.choose(0, rng)];
  EXPECT_EQ(seen[2], 0);
  // Hoeffding at confidence 1 - 1e-9: |freq - p| <= sqrt(ln(2e9) / (2n)) = 0.0165.
  EXPECT_NEAR(seen[1] / double{kDraws}, 0.75, 0.0165);
  EXPECT_TRUE(l.attractions(0).empty());
}

TEST(Learners, SameSeedSameChoicesAndOneDrawPerChoice) {
  const Spec spec = roth_erev_spec(4, RothErevParams{0.05, 0.1, 1.0, 0.0, 1e-4});
  auto run = [&](std::uint64_t seed) {
    Learners l(spec, 3);
    std::vector<std::uint32_t> out;
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 9), counter);
    for (int t = 0; t < 300; ++t) {
      const auto agent = static_cast<std::uint32_t>(t % 3);
      const std::uint64_t before = counter;
      const std::uint32_t a = l.choose(agent, rng);
      EXPECT_EQ(counter, before + 1);
      l.learn(agent, a, static_cast<double>(a) * 0.5);
      out.push_back(a);
    }
    return out;
  };
  EXPECT_EQ(run(42), run(42));
  EXPECT_NE(run(42), run(43));
}

TEST(Learners, ResizeAndResetStartFromTheInitialState) {
  Learners l(ewa_spec(2, EwaParams{0.9, 0.0, 0.0, 1.0, 0.25, 1.0}), 1);
  l.learn(0, 1, 4.0);
  l.resize(3);
  EXPECT_EQ(l.agents(), 3U);
  EXPECT_DOUBLE_EQ(l.attractions(2)[1], 0.25);
  EXPECT_DOUBLE_EQ(l.experience(2), 1.0);
  EXPECT_NE(l.attractions(0)[1], 0.25);
  l.reset(0);
  EXPECT_DOUBLE_EQ(l.attractions(0)[1], 0.25);
}

TEST(Learners, CheckpointRoundTripAndMismatch) {
  const Spec spec = logit_spec(3, LogitParams{0.5, 0.0, 0.0});
  Learners a(spec, 4);
  a.learn(2, 1, 3.0);
  a.learn(3, 0, std::array<double, 3>{1.0, 2.0, 3.0});
  kernel::ArchiveWriter w(77);
  a.save(w);
  const auto blob = std::move(w).finish();
  Learners b(spec, 4);
  kernel::ArchiveReader r(blob, 77);
  b.load(r);
  r.finish();
  for (std::uint32_t i = 0; i < 4; ++i) {
    ASSERT_EQ(std::vector<double>(a.attractions(i).begin(), a.attractions(i).end()),
              std::vector<double>(b.attractions(i).begin(), b.attractions(i).end()));
  }
  b.learn(2, 1, 6.0);  // the restored counts continue the same average
  EXPECT_DOUBLE_EQ(b.attractions(2)[1], 4.5);
  Learners other(spec, 5);
  kernel::ArchiveReader r2(blob, 77);
  EXPECT_THROW(other.load(r2), kernel::ArchiveMismatchError);
}

TEST(Spec, NamesAndValidation) {
  for (const Rule r : {Rule::kFixed, Rule::kRothErev, Rule::kEwa, Rule::kLogit})
    EXPECT_EQ(parse_rule(rule_name(r)), r);
  EXPECT_THROW((void)parse_rule("softmax"), InvalidBehaviour);
  EXPECT_THROW(Learners(roth_erev_spec(0, {})), InvalidBehaviour);
  EXPECT_THROW(Learners(roth_erev_spec(kMaxActions + 1, {})), InvalidBehaviour);
  EXPECT_THROW(Learners(roth_erev_spec(2, RothErevParams{1.5, 0.0, 1.0, 0.0, 1e-4})),
               InvalidBehaviour);
  EXPECT_THROW(Learners(roth_erev_spec(2, RothErevParams{0.0, 1.0, 1.0, 0.0, 1e-4})),
               InvalidBehaviour);
  EXPECT_THROW(Learners(roth_erev_spec(2, RothErevParams{0.0, 0.0, 0.0, 0.0, 1e-4})),
               InvalidBehaviour);
  EXPECT_THROW(Learners(roth_erev_spec(2, RothErevParams{0.0, 0.0, 1.0, 0.0, 0.0})),
               InvalidBehaviour);
  EXPECT_THROW(Learners(ewa_spec(2, EwaParams{0.9, -0.1, 0.0, 1.0, 0.0, 1.0})), InvalidBehaviour);
  EXPECT_THROW(Learners(ewa_spec(2, EwaParams{0.9, 0.5, 0.0,
                                              std::numeric_limits<double>::quiet_NaN(), 0.0, 1.0})),
               InvalidBehaviour);
  EXPECT_THROW(Learners(logit_spec(2, LogitParams{-1.0, 0.0, 0.0})), InvalidBehaviour);
  EXPECT_THROW(Learners(logit_spec(2, LogitParams{1.0, 2.0, 0.0})), InvalidBehaviour);
  Spec fixed;
  fixed.actions = 2;
  fixed.fixed = {0.0, 0.0};
  EXPECT_THROW(Learners{fixed}, InvalidBehaviour);
  fixed.fixed = {1.0};
  EXPECT_THROW(Learners{fixed}, InvalidBehaviour);
  fixed.fixed = {1.0, -1.0};
  EXPECT_THROW(Learners{fixed}, InvalidBehaviour);
}

TEST(Sample, RoundingNeverPicksAnImpossibleAction) {
  const std::array<double, 3> p = {0.5, 0.5 - 1e-17, 0.0};
  EXPECT_EQ(sample(p, std::nextafter(1.0, 0.0)), 1U);
  EXPECT_EQ(sample(p, 0.0), 0U);
}

}  // namespace
}  // namespace coordsim::model::behaviour
