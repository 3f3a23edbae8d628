#pragma once
// The attribution rules for the contributors' share of one inference fee (MODEL.md, "Configurable
// incentive rules"). Each rule turns the rows a model used into one weight per contributor; the
// pool is then split by largest_remainder so payouts sum exactly to it. docs/attribution.md has
// the formulas and which research question each rule serves.
//
// Weights depend only on the rows, the rule and (for the Monte Carlo rules) the rng counter, not
// on the fee: a caller may compute_weights once per model version and split() every fee with
// them, which is much cheaper than re-running Shapley per inference.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/rng.hpp"
#include "model/attribution/game.hpp"
#include "model/attribution/largest_remainder.hpp"
#include "model/attribution/player_rows.hpp"
#include "model/attribution/row.hpp"
#include "model/attribution/rows_game.hpp"
#include "model/attribution/usefulness.hpp"
#include "model/ledger/amount.hpp"
#include "scenario/enums.hpp"

namespace coordsim::model::attribution {

/// The rules (scenario/enums.hpp: one enum for scenario files and the model):
///   kUsage          rows used, every copy counted
///   kInfluence      sum of max(estimate, 0) * reputation^reputation_weight
///   kLeaveOneOut    v(N) - v(N \ {i})
///   kShapley        Monte Carlo: permutation sampling, `samples` permutations
///   kShapleyExact   enumeration, at most kMaxExactPlayers contributors
///   kBanzhaf        exact up to exact_max_players contributors, else `samples` coalitions
///   kShapleyRobust  replication-robust Shapley (Agarwal, Dahleh and Sarkar 2019): Shapley (exact
///                   up to exact_max_players, else `samples` permutations) times
///                   exp(-similarity_penalty * sum_j SM(i,j)), SM(i,j) the |quality|-weighted
///                   share of i's contents that j also holds.
/// and, with codes after those, the rules registered from their own folders (register_rule.hpp).
using Rule = scenario::AttributionRule;

/// A rule's name, as scenario files spell it ("shapley_exact" for the rule they cannot name).
/// Reading a registered rule's name closes the set of rules (register_rule.hpp): not noexcept.
[[nodiscard]] std::string_view rule_name(Rule rule);

struct RuleConfig {
  Rule rule = Rule::kUsage;
  Usefulness usefulness{};         // v(S) for the value-based rules
  double reputation_weight = 1.0;  // exponent of the reputation multiplier (influence rule)
  std::uint32_t samples = 256;     // permutations (MC Shapley) or coalitions (MC Banzhaf)
  Sampling sampling = Sampling::kAntithetic;  // MC Shapley only
  std::uint32_t exact_max_players = 16;  // Banzhaf, robust Shapley: enumerate when players <= this
  /// lambda of the robust rule (>= 0). lambda >= 1 guarantees that k identities holding copies of
  /// the same rows are paid no more in total than one (docs/attribution.md); 0 is plain Shapley.
  double similarity_penalty = 1.0;
};

/// @throws InvalidConfig if a parameter is out of range.
void validate(const RuleConfig& config);

/// Scratch reused across calls: after the first few calls of a given size nothing is allocated.
struct Workspace {
  PlayerRows players;
  RowsGame game;
  std::vector<RowsGame::State> table;      // exact enumeration: 2^n coalition states (24 bytes)
  std::vector<std::uint32_t> permutation;  // MC Shapley
  std::vector<std::uint8_t> membership;    // MC Banzhaf
  LargestRemainderScratch split;
  std::vector<std::uint32_t> holders;  // robust Shapley: players holding each content
  std::vector<double> similarity;      // robust Shapley: sum_j SM(i, j) per player
};

/// The result for one set of rows. Indexed by player: contributors in ascending AgentId order.
struct Attribution {
  std::vector<kernel::AgentId> contributors;
  /// The rule's signed value per contributor (row count, influence mass, marginal contribution,
  /// Shapley or raw Banzhaf value). Negative = harmful: useful as a metric and for validators.
  std::vector<double> values;
  /// max(value, 0): what the pool is split by. Poisoners earn nothing; slashing them is the
  /// validators' job, not the attribution rule's.
  std::vector<double> weights;
  std::vector<ledger::Amount> payouts;  // filled by split()
  /// Filled by split(): the pool if every weight is 0, else 0. This is the part of the pool no
  /// contributor received (the caller routes it elsewhere, e.g. to the treasury): summed over
  /// splits it is the metric contributor_pool_unpaid. See pool_report().
  ledger::Amount unallocated{};

  /// Checkpoints: every field (a model's weights are computed once per training and reused).
  void save(kernel::ArchiveWriter& out) const {
    out.vec(contributors);
    out.vec(values);
    out.vec(weights);
    out.vec(payouts);
    out.pod(unallocated);
  }
  /// @throws kernel::ArchiveError if the columns disagree or a contributor is not below `agents`.
  void load(kernel::ArchiveReader& in, std::uint32_t agents) {
    in.vec(contributors);
    in.vec_exact(values, contributors.size(), "attribution values");
    in.vec_exact(weights, contributors.size(), "attribution weights");
    in.vec(payouts);
    in.pod(unallocated);
    kernel::ArchiveReader::require(payouts.empty() || payouts.size() == contributors.size(),
                                   "attribution payouts");
    for (const kernel::AgentId c : contributors)
      kernel::ArchiveReader::require(c.value() < agents, "attribution contributor");
  }
};

/// Fill out.contributors, out.values and out.weights (payouts are cleared).
/// `reputation` is indexed by kernel::index(contributor) and is read only by the influence rule
/// (negative reputation counts as 0); `rng` is advanced only by the Monte Carlo rules.
/// @throws InvalidConfig, InvalidRows (see validate, PlayerRows::build, RowsGame::bind);
/// InvalidConfig if the influence rule lacks a contributor's reputation or exact Shapley is asked
/// for more than kMaxExactPlayers contributors.
void compute_weights(const RuleConfig& config, std::span<const Row> rows,
                     std::span<const double> reputation, kernel::Rng& rng, Workspace& ws,
                     Attribution& out);

/// Split `pool` by out.weights into out.payouts (largest remainder); sum(payouts) + unallocated
/// == pool always. @returns out.unallocated. @throws InvalidSplit if pool < 0.
ledger::Amount split(ledger::Amount pool, Workspace& ws, Attribution& out);

/// What one split did with its pool: everything in it is either paid or unpaid.
struct PoolReport {
  ledger::Amount pool{};     // paid + unpaid
  ledger::Amount paid{};     // sum of payouts
  ledger::Amount unpaid{};   // no contributor received it (Attribution::unallocated)
  std::uint32_t payees = 0;  // contributors with a positive payout
};

/// The report of the last split() of `a` (all zero before any split).
[[nodiscard]] PoolReport pool_report(const Attribution& a) noexcept;

/// compute_weights then split.
ledger::Amount attribute(const RuleConfig& config, std::span<const Row> rows,
                         std::span<const double> reputation, kernel::Rng& rng, ledger::Amount pool,
                         Workspace& ws, Attribution& out);

/// Ground truth: v(all rows) under the usefulness model. For metrics (model usefulness, reward
/// per unit of true quality). @throws InvalidConfig, InvalidRows.
[[nodiscard]] double model_value(std::span<const Row> rows, const Usefulness& usefulness,
                                 Workspace& ws);

}  // namespace coordsim::model::attribution
