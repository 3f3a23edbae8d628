#include "model/attribution/game.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "kernel/rng.hpp"

namespace coordsim::model::attribution {
namespace {

constexpr double kTight = 1e-12;

// Glove game: player 0 holds a left glove, players 1 and 2 right gloves; a coalition is worth 1
// if it can make a pair. Textbook Shapley value (2/3, 1/6, 1/6).
double glove(std::uint64_t s) { return ((s & 1U) != 0 && (s & 6U) != 0) ? 1.0 : 0.0; }

// Weighted majority game [quota; weights].
struct Majority {
  double quota;
  std::vector<double> weights;
  double operator()(std::uint64_t s) const {
    double sum = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if ((s >> i) & 1U) sum += weights[i];
    }
    return sum >= quota ? 1.0 : 0.0;
  }
};

struct Values {
  std::vector<double> shapley;
  std::vector<double> banzhaf;
};

template <class G>
Values exact(G& game) {
  Values v{std::vector<double>(game.players()), std::vector<double>(game.players())};
  std::vector<double> table;
  exact_values(game, v.shapley, v.banzhaf, table);
  return v;
}

// Independent reference: the definition itself, the average over all n! orders of arrival.
template <class F>
std::vector<double> shapley_by_permutations(std::size_t n, const F& f) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<double> phi(n, 0.0);
  double count = 0.0;
  do {
    std::uint64_t s = 0;
    for (std::size_t p : order) {
      const double before = f(s);
      s |= std::uint64_t{1} << p;
      phi[p] += f(s) - before;
    }
    count += 1.0;
  } while (std::next_permutation(order.begin(), order.end()));
  for (double& x : phi) x /= count;
  return phi;
}

// Independent reference: Banzhaf by counting swings directly from f.
template <class F>
std::vector<double> banzhaf_by_definition(std::size_t n, const F& f) {
  std::vector<double> beta(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    for (std::uint64_t s = 0; s < (std::uint64_t{1} << n); ++s) {
      if ((s & bit) == 0) beta[i] += f(s | bit) - f(s);
    }
    beta[i] /= static_cast<double>(std::uint64_t{1} << (n - 1));
  }
  return beta;
}

TEST(ExactValues, GloveGame) {
  MaskGame game(3, glove);
  const Values v = exact(game);
  EXPECT_NEAR(v.shapley[0], 2.0 / 3.0, kTight);
  EXPECT_NEAR(v.shapley[1], 1.0 / 6.0, kTight);
  EXPECT_NEAR(v.shapley[2], 1.0 / 6.0, kTight);
  // Banzhaf: L swings with {R1}, {R2}, {R1,R2}: 3/4; R1 swings only with {L}: 1/4.
  EXPECT_NEAR(v.banzhaf[0], 3.0 / 4.0, kTight);
  EXPECT_NEAR(v.banzhaf[1], 1.0 / 4.0, kTight);
  EXPECT_NEAR(v.banzhaf[2], 1.0 / 4.0, kTight);
}

TEST(ExactValues, WeightedMajorityGame) {
  // [3; 2, 1, 1]: player 0 is pivotal unless it arrives last behind both others (prob 1/3),
  // so Shapley (2/3, 1/6, 1/6); swings: player 0 with {1},{2},{1,2}; player 1 only with {0}.
  MaskGame game(3, Majority{3.0, {2.0, 1.0, 1.0}});
  const Values v = exact(game);
  EXPECT_NEAR(v.shapley[0], 2.0 / 3.0, kTight);
  EXPECT_NEAR(v.shapley[1], 1.0 / 6.0, kTight);
  EXPECT_NEAR(v.shapley[2], 1.0 / 6.0, kTight);
  EXPECT_NEAR(v.banzhaf[0], 3.0 / 4.0, kTight);
  EXPECT_NEAR(v.banzhaf[1], 1.0 / 4.0, kTight);
  EXPECT_NEAR(v.banzhaf[2], 1.0 / 4.0, kTight);
  // A larger one, against the definitions: [51; 40, 30, 20, 10, 5, 5] (UN-council style).
  const Majority council{51.0, {40.0, 30.0, 20.0, 10.0, 5.0, 5.0}};
  MaskGame big(6, council);
  const Values w = exact(big);
  const auto shapley = shapley_by_permutations(6, council);
  const auto banzhaf = banzhaf_by_definition(6, council);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_NEAR(w.shapley[i], shapley[i], kTight) << i;
    EXPECT_NEAR(w.banzhaf[i], banzhaf[i], kTight) << i;
  }
}

TEST(ExactValues, UnanimityGames) {
  // u_T(S) = 1 iff T is inside S: Shapley 1/|T| on T, 0 elsewhere; Banzhaf 2^-(|T|-1) on T.
  for (std::uint64_t carrier : {0b1ULL, 0b101ULL, 0b11010ULL, 0b11111ULL, 0b100110ULL}) {
    const std::size_t n = 6;
    MaskGame game(n, [carrier](std::uint64_t s) { return (s & carrier) == carrier ? 1.0 : 0.0; });
    const Values v = exact(game);
    const int t = std::popcount(carrier);
    for (std::size_t i = 0; i < n; ++i) {
      const bool member = ((carrier >> i) & 1U) != 0;
      EXPECT_NEAR(v.shapley[i], member ? 1.0 / t : 0.0, kTight) << "T=" << carrier << " i=" << i;
      EXPECT_NEAR(v.banzhaf[i], member ? std::ldexp(1.0, 1 - t) : 0.0, kTight)
          << "T=" << carrier << " i=" << i;
    }
  }
}

// Random games: exact_values against both definitions, plus efficiency and the dummy axiom.
TEST(ExactValues, RandomGamesMatchDefinitions) {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 21), counter);
    const std::size_t n = 2 + rng.below(6);
    std::vector<double> table(std::size_t{1} << n);
    for (double& x : table) x = rng.uniform(-1.0, 2.0);
    table[0] = 0.0;
    // Player n-1 is a dummy: v(S + dummy) = v(S).
    for (std::size_t s = 0; s < table.size(); ++s) {
      if ((s >> (n - 1)) & 1U) table[s] = table[s & ~(std::size_t{1} << (n - 1))];
    }
    const auto f = [&table](std::uint64_t s) { return table[s]; };
    MaskGame game(n, f);
    const Values v = exact(game);
    const auto shapley = shapley_by_permutations(n, f);
    const auto banzhaf = banzhaf_by_definition(n, f);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_NEAR(v.shapley[i], shapley[i], 1e-9);
      EXPECT_NEAR(v.banzhaf[i], banzhaf[i], 1e-9);
      sum += v.shapley[i];
    }
    EXPECT_NEAR(sum, table.back(), 1e-9);  // efficiency
    EXPECT_NEAR(v.shapley[n - 1], 0.0, 1e-12);
    EXPECT_NEAR(v.banzhaf[n - 1], 0.0, 1e-12);
  }
}

TEST(LeaveOneOut, TextbookGames) {
  MaskGame game(3, glove);
  std::vector<double> loo(3);
  leave_one_out(game, loo);
  // Without L no pair is possible; without one R the other still pairs with L.
  EXPECT_EQ(loo, (std::vector<double>{1.0, 0.0, 0.0}));
}

TEST(ExactValues, RefusesMoreThanTwentyPlayers) {
  MaskGame game(21, [](std::uint64_t) { return 0.0; });
  std::vector<double> out(21);
  std::vector<double> table;
  EXPECT_THROW(exact_values(game, out, {}, table), InvalidConfig);
}

// Hoeffding: the mean of m i.i.d. samples in [a, b] is within (b - a) sqrt(ln(2/d) / (2m)) of its
// expectation with probability >= 1 - d. With a union bound over n players (d/n each) every
// player is inside its bound with probability >= 1 - d. Antithetic pairs are i.i.d. and their
// average also lies in [a, b], so m = number of pairs there.
double hoeffding(double range, double samples, std::size_t players, double confidence_miss) {
  return range * std::sqrt(std::log(2.0 * static_cast<double>(players) / confidence_miss) /
                           (2.0 * samples));
}

// Range of player i's marginal contributions v(S + i) - v(S) over all S: the support of one
// Monte Carlo sample (Shapley: one permutation; Banzhaf: one coalition).
template <class G>
std::vector<double> marginal_ranges(G& game) {
  std::vector<double> table;
  coalition_values(game, table);
  const std::size_t n = game.players();
  std::vector<double> range(n);
  for (std::size_t i = 0; i < n; ++i) {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    for (std::size_t s = 0; s < table.size(); ++s) {
      if ((s >> i) & 1U) continue;
      const double d = table[s | (std::size_t{1} << i)] - table[s];
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
    range[i] = hi - lo;
  }
  return range;
}

constexpr double kMiss = 1e-6;  // the stated confidence: 1 - 1e-6

template <class G>
void expect_monte_carlo_within_hoeffding(G& game, std::uint64_t seed, std::uint32_t samples) {
  const std::size_t n = game.players();
  const Values truth = exact(game);
  const auto range = marginal_ranges(game);
  std::vector<double> estimate(n);
  std::vector<std::uint32_t> perm;
  std::vector<std::uint8_t> membership;
  for (Sampling sampling : {Sampling::kPlain, Sampling::kAntithetic}) {
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 5), counter);
    monte_carlo_shapley(game, samples, sampling, rng, estimate, perm);
    const double m = sampling == Sampling::kPlain ? samples : samples / 2;
    for (std::size_t i = 0; i < n; ++i) {
      const double bound = hoeffding(range[i], m, n, kMiss);
      EXPECT_LE(std::fabs(estimate[i] - truth.shapley[i]), bound)
          << "shapley seed " << seed << " player " << i << " sampling "
          << static_cast<int>(sampling);
    }
  }
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(seed, 6), counter);
  monte_carlo_banzhaf(game, samples, rng, estimate, membership);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_LE(std::fabs(estimate[i] - truth.banzhaf[i]), hoeffding(range[i], samples, n, kMiss))
        << "banzhaf seed " << seed << " player " << i;
  }
}

TEST(MonteCarlo, AgreesWithExactWithinHoeffdingOnTextbookGames) {
  for (std::uint64_t seed : {1ULL, 2ULL, 3ULL, 20240601ULL}) {
    std::printf("[ seed     ] Monte Carlo textbook games, seed %llu\n",
                static_cast<unsigned long long>(seed));
    MaskGame gloves(3, glove);
    expect_monte_carlo_within_hoeffding(gloves, seed, 2000);
    MaskGame council(6, Majority{51.0, {40.0, 30.0, 20.0, 10.0, 5.0, 5.0}});
    expect_monte_carlo_within_hoeffding(council, seed, 2000);
  }
}

TEST(MonteCarlo, SampleMeanConvergesAndIsDeterministic) {
  MaskGame game(3, glove);
  std::vector<double> a(3);
  std::vector<double> b(3);
  std::vector<std::uint32_t> perm;
  std::uint64_t ca = 7;
  std::uint64_t cb = 7;
  kernel::Rng ra(kernel::stream_key(99, 1), ca);
  kernel::Rng rb(kernel::stream_key(99, 1), cb);
  monte_carlo_shapley(game, 10000, Sampling::kPlain, ra, a, perm);
  monte_carlo_shapley(game, 10000, Sampling::kPlain, rb, b, perm);
  EXPECT_EQ(a, b);                  // same (seed, stream, counter): bit-identical
  EXPECT_EQ(ca, 7U + 10000U * 2U);  // Fisher-Yates on 3 players: 2 draws per permutation
  // Efficiency holds per permutation, so exactly (up to rounding) for the estimate too.
  EXPECT_NEAR(a[0] + a[1] + a[2], 1.0, 1e-12);
  EXPECT_THROW(monte_carlo_shapley(game, 0, Sampling::kPlain, ra, a, perm), InvalidConfig);
}

TEST(MonteCarlo, RandomPermutationIsUniform) {
  // All 24 orders of 4 players appear with frequency 1/24: chi-square at the 0.1% level (23 dof:
  // critical value 49.73).
  std::vector<std::uint32_t> perm(4);
  std::vector<double> count(24, 0.0);
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(3, 3), counter);
  const int draws = 48000;
  for (int k = 0; k < draws; ++k) {
    random_permutation(rng, perm);
    std::size_t code = 0;  // Lehmer code of the permutation
    for (std::size_t i = 0; i < 4; ++i) {
      std::size_t smaller = 0;
      for (std::size_t j = i + 1; j < 4; ++j) smaller += perm[j] < perm[i] ? 1U : 0U;
      code = code * (4 - i) + smaller;
    }
    count[code] += 1.0;
  }
  double chi = 0.0;
  const double expected = draws / 24.0;
  for (double c : count) chi += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi, 49.73);
}

}  // namespace
}  // namespace coordsim::model::attribution
