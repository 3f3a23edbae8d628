#pragma once
// Value-based attribution over any coalitional game: leave-one-out, exact Shapley and Banzhaf by
// enumeration, Monte Carlo Shapley (random permutations) and Monte Carlo Banzhaf (random
// coalitions). A game is anything satisfying CoalitionGame: an incremental evaluator with
// reset/add/remove/value. RowsGame (the usefulness model) is one; MaskGame wraps any callable
// v(coalition bitmask) so textbook games can be written as one lambda.
//
// Every marginal v(S + i) - v(S) is taken through marginal(game, with, without) of two snapshots.
// For a plain game the snapshot is value() and the marginal the difference of two doubles; a game
// that can do better (StatefulGame: RowsGame, whose values saturate near v_max) exposes its state
// and a stable difference, so no marginal value is lost to cancellation.
//
// All results are the raw signed values; clamping negative values to zero is the rules' business.
// Randomness comes only from the caller's kernel::Rng view (seed, stream, counter), so the same
// inputs and counter give the same estimate on every run and thread.
#include <array>
#include <bit>
#include <cassert>
#include <concepts>
#include <cstdint>
#include <limits>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernel/rng.hpp"
#include "model/attribution/errors.hpp"

namespace coordsim::model::attribution {

template <class G>
concept CoalitionGame = requires(G& g, const G& cg, std::size_t player) {
  { cg.players() } -> std::convertible_to<std::size_t>;
  g.reset();
  g.add(player);
  g.remove(player);
  { cg.value() } -> std::convertible_to<double>;
};

/// A game that snapshots its coalition as a State and computes v(with) - v(without) from two
/// States directly (without forming either value), e.g. to avoid cancellation.
template <class G>
concept StatefulGame = CoalitionGame<G> && requires(const G& cg, const typename G::State& st) {
  { cg.state() } -> std::same_as<typename G::State>;
  { cg.difference(st, st) } -> std::convertible_to<double>;
};

namespace detail {
template <class G>
struct SnapshotOf {
  using type = double;
};
template <StatefulGame G>
struct SnapshotOf<G> {
  using type = typename G::State;
};
}  // namespace detail

/// What a coalition is remembered by: G::State for a StatefulGame, else its value.
template <class G>
using Snapshot = typename detail::SnapshotOf<G>::type;

template <CoalitionGame G>
[[nodiscard]] Snapshot<G> snapshot(const G& game) {
  if constexpr (StatefulGame<G>)
    return game.state();
  else
    return game.value();
}

/// v(with) - v(without) for two snapshots of `game`.
template <CoalitionGame G>
[[nodiscard]] double marginal(const G& game, const Snapshot<G>& with, const Snapshot<G>& without) {
  if constexpr (StatefulGame<G>)
    return game.difference(with, without);
  else
    return with - without;
}

/// A game given by a characteristic function of the coalition bitmask (bit i = player i), for up
/// to 64 players. value() calls f once. Efficiency reads sum(shapley) = v(N) - v(empty).
template <class F>
requires std::is_invocable_r_v<double, const F&, std::uint64_t>
class MaskGame {
 public:
  MaskGame(std::size_t players, F f) : players_(players), f_(std::move(f)) {
    if (players > 64) throw InvalidConfig("MaskGame: at most 64 players");
  }
  [[nodiscard]] std::size_t players() const noexcept { return players_; }
  void reset() noexcept { mask_ = 0; }
  void add(std::size_t p) noexcept { mask_ |= std::uint64_t{1} << p; }
  void remove(std::size_t p) noexcept { mask_ &= ~(std::uint64_t{1} << p); }
  [[nodiscard]] double value() const { return f_(mask_); }
  [[nodiscard]] std::uint64_t mask() const noexcept { return mask_; }

 private:
  std::size_t players_;
  F f_;
  std::uint64_t mask_ = 0;
};

/// Exact enumeration visits 2^n coalitions and keeps a table of 2^n doubles (8 MiB at n = 20).
inline constexpr std::size_t kMaxExactPlayers = 20;

enum class Sampling : std::uint8_t {
  kPlain,       // independent uniform permutations
  kAntithetic,  // permutation 2k+1 is the reverse of permutation 2k (negatively correlated pair)
};

/// phi_i = v(N) - v(N \ {i}). O(rows) for RowsGame. Leaves the game holding the grand coalition.
template <CoalitionGame G>
void leave_one_out(G& game, std::span<double> out) {
  assert(out.size() == game.players());
  game.reset();
  for (std::size_t p = 0; p < game.players(); ++p) game.add(p);
  const Snapshot<G> all = snapshot(game);
  for (std::size_t p = 0; p < game.players(); ++p) {
    game.remove(p);
    out[p] = marginal(game, all, snapshot(game));
    game.add(p);
  }
}

namespace detail {
/// table[mask] = take(game) for every coalition, visited in Gray-code order so each step adds or
/// removes exactly one player (one incremental update instead of rebuilding the coalition).
template <CoalitionGame G, class T, class Take>
void walk_coalitions(G& game, std::vector<T>& table, const Take& take) {
  const std::size_t n = game.players();
  if (n > kMaxExactPlayers) throw InvalidConfig("exact enumeration: more than 20 players");
  const std::size_t count = std::size_t{1} << n;
  table.resize(count);
  game.reset();
  table[0] = take(game);
  std::size_t mask = 0;
  for (std::size_t k = 1; k < count; ++k) {
    const auto bit = static_cast<std::size_t>(std::countr_zero(k));
    const std::size_t flag = std::size_t{1} << bit;
    if ((mask & flag) != 0)
      game.remove(bit);
    else
      game.add(bit);
    mask ^= flag;
    table[mask] = take(game);
  }
}
}  // namespace detail

/// v of every coalition, table[mask] (Gray-code walk).
/// @throws InvalidConfig if the game has more than kMaxExactPlayers players.
template <CoalitionGame G>
void coalition_values(G& game, std::vector<double>& table) {
  detail::walk_coalitions(game, table, [](const G& g) { return g.value(); });
}

/// snapshot() of every coalition, table[mask] (Gray-code walk).
/// @throws InvalidConfig if the game has more than kMaxExactPlayers players.
template <CoalitionGame G>
void coalition_snapshots(G& game, std::vector<Snapshot<G>>& table) {
  detail::walk_coalitions(game, table, [](const G& g) { return snapshot(g); });
}

/// Exact Shapley values and (raw, unnormalised) Banzhaf values from a table of coalitions:
///   shapley_i = sum_{S not containing i} |S|! (n-|S|-1)! / n! * (v(S+i) - v(S))
///   banzhaf_i = sum_{S not containing i} (v(S+i) - v(S)) / 2^(n-1)
/// Either output may be empty to skip it. O(n 2^n); summation order fixed (ascending mask).
/// `difference(with, without)` gives v(with) - v(without) for two table entries.
template <class T, class Difference>
void exact_from_table(std::size_t players, std::span<const T> table, std::span<double> shapley,
                      std::span<double> banzhaf, const Difference& difference) {
  const std::size_t n = players;
  assert(n <= kMaxExactPlayers && table.size() == (std::size_t{1} << n));
  assert(shapley.empty() || shapley.size() == n);
  assert(banzhaf.empty() || banzhaf.size() == n);
  if (n == 0) return;
  // coefficient[s] = s!(n-1-s)!/n! = 1 / (n * C(n-1, s)); C built by the exact-in-double
  // recurrence.
  std::array<double, kMaxExactPlayers> coefficient{};
  double binomial = 1.0;
  for (std::size_t s = 0; s < n; ++s) {
    coefficient[s] = 1.0 / (static_cast<double>(n) * binomial);
    binomial = binomial * static_cast<double>(n - 1 - s) / static_cast<double>(s + 1);
  }
  const double half_count = static_cast<double>(std::size_t{1} << (n - 1));
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t flag = std::size_t{1} << i;
    double phi = 0.0;
    double beta = 0.0;
    for (std::size_t mask = 0; mask < table.size(); ++mask) {
      if ((mask & flag) != 0) continue;
      const double gain = difference(table[mask | flag], table[mask]);
      phi += coefficient[static_cast<std::size_t>(std::popcount(mask))] * gain;
      beta += gain;
    }
    if (!shapley.empty()) shapley[i] = phi;
    if (!banzhaf.empty()) banzhaf[i] = beta / half_count;
  }
}

/// exact_from_table over a table of values (coalition_values): marginals are differences.
inline void exact_from_table(std::size_t players, std::span<const double> table,
                             std::span<double> shapley, std::span<double> banzhaf) {
  exact_from_table(players, table, shapley, banzhaf,
                   [](double with, double without) { return with - without; });
}

/// Exact Shapley and Banzhaf values by enumerating all 2^n coalitions, every marginal taken by
/// marginal(). `table` is scratch (doubles for a plain game, G::State for a StatefulGame).
/// @throws InvalidConfig if the game has more than kMaxExactPlayers players.
template <CoalitionGame G>
void exact_values(G& game, std::span<double> shapley, std::span<double> banzhaf,
                  std::vector<Snapshot<G>>& table) {
  coalition_snapshots(game, table);
  exact_from_table(game.players(), std::span<const Snapshot<G>>(table), shapley, banzhaf,
                   [&game](const Snapshot<G>& with, const Snapshot<G>& without) {
                     return marginal(game, with, without);
                   });
}

/// Uniform random permutation of 0..n-1 into `perm` (Fisher-Yates from the identity, so the
/// permutation is a function of the rng key and counter alone). Uses n-1 draws.
inline void random_permutation(kernel::Rng& rng, std::span<std::uint32_t> perm) {
  assert(perm.size() <= std::numeric_limits<std::uint32_t>::max());
  for (std::size_t i = 0; i < perm.size(); ++i) perm[i] = static_cast<std::uint32_t>(i);
  for (std::size_t i = perm.size(); i > 1; --i) {
    const std::uint32_t j = rng.below(static_cast<std::uint32_t>(i));
    std::swap(perm[i - 1], perm[j]);
  }
}

/// Monte Carlo Shapley: the average over `samples` random permutations of each player's marginal
/// contribution v(predecessors + i) - v(predecessors). Unbiased; one permutation is n adds and n+1
/// value() calls (O(rows) for RowsGame). `perm` is scratch.
/// @throws InvalidConfig if samples == 0.
template <CoalitionGame G>
void monte_carlo_shapley(G& game, std::uint32_t samples, Sampling sampling, kernel::Rng& rng,
                         std::span<double> out, std::vector<std::uint32_t>& perm) {
  const std::size_t n = game.players();
  assert(out.size() == n);
  if (samples == 0) throw InvalidConfig("Monte Carlo Shapley: samples must be positive");
  std::fill(out.begin(), out.end(), 0.0);
  if (n == 0) return;
  perm.resize(n);
  game.reset();
  const Snapshot<G> empty = snapshot(game);
  for (std::uint32_t s = 0; s < samples; ++s) {
    const bool mirror = sampling == Sampling::kAntithetic && (s % 2 == 1);
    if (!mirror) random_permutation(rng, perm);
    game.reset();
    Snapshot<G> before = empty;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t p = mirror ? perm[n - 1 - k] : perm[k];
      game.add(p);
      const Snapshot<G> after = snapshot(game);
      out[p] += marginal(game, after, before);
      before = after;
    }
  }
  for (double& v : out) v /= static_cast<double>(samples);
}

/// Monte Carlo Banzhaf: draw `samples` coalitions S uniformly (each player in with probability
/// 1/2); for EVERY player i the swing v(S + i) - v(S - i) is one unbiased sample of banzhaf_i,
/// because S - i is uniform over the coalitions of the others. One sample costs O(rows) for
/// RowsGame. `membership` is scratch.
/// @throws InvalidConfig if samples == 0.
template <CoalitionGame G>
void monte_carlo_banzhaf(G& game, std::uint32_t samples, kernel::Rng& rng, std::span<double> out,
                         std::vector<std::uint8_t>& membership) {
  const std::size_t n = game.players();
  assert(out.size() == n);
  if (samples == 0) throw InvalidConfig("Monte Carlo Banzhaf: samples must be positive");
  std::fill(out.begin(), out.end(), 0.0);
  if (n == 0) return;
  membership.resize(n);
  for (std::uint32_t s = 0; s < samples; ++s) {
    game.reset();
    std::uint64_t bits = 0;
    for (std::size_t p = 0; p < n; ++p) {
      if (p % 64 == 0) bits = rng.next();  // one draw decides 64 memberships
      membership[p] = static_cast<std::uint8_t>(bits & 1U);
      bits >>= 1;
      if (membership[p] != 0) game.add(p);
    }
    const Snapshot<G> with_s = snapshot(game);
    for (std::size_t p = 0; p < n; ++p) {
      if (membership[p] != 0) {
        game.remove(p);
        out[p] += marginal(game, with_s, snapshot(game));
        game.add(p);
      } else {
        game.add(p);
        out[p] += marginal(game, snapshot(game), with_s);
        game.remove(p);
      }
    }
  }
  for (double& v : out) v /= static_cast<double>(samples);
}

}  // namespace coordsim::model::attribution
