#pragma once
// The settlement's metric rows: final rewards by contributor role, batches, challenges, latency,
// and the validators' flags and slashes that feed the challenges (data's counters, recorded in
// this section since the first run file). Declared here, assembled into the world's table
// (world/metrics.cpp).
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "model/actor/metric.hpp"
#include "model/actor/role.hpp"
#include "model/settlement/settlement.hpp"

namespace coordsim::model::settlement {

/// Final rewards paid to contributors, honest and adversarial.
[[nodiscard]] double contributor_total(const actor::Counters& c) noexcept;
/// `role`'s share of final contributor rewards.
[[nodiscard]] double reward_share(const actor::Counters& c, actor::Role role) noexcept;
/// (final rewards - slashed stake) / stake committed with rows, for `role`'s contributors.
[[nodiscard]] double return_on_stake(const actor::Counters& c, actor::Role role) noexcept;
/// Gini coefficient of non-negative amounts (0: equal, towards 1: concentrated). Exact sort-based.
[[nodiscard]] double gini(std::vector<std::int64_t> values);

/// The settlement's rows, in recorded order. `In` (world::MetricInput) has `counters`,
/// `tick_seconds`, `honest_quality` (summed positive true quality of honest contributors' rows)
/// and `world`, read-only: `settlement()` (this system), `population()`, `ledger()`,
/// `adversary_role(a)`.
template <class In>
constexpr auto metric_rows() {
  using actor::computed;
  using actor::counted;
  using actor::Counter;
  using actor::Counters;
  using actor::ratio;
  using actor::Role;
  using scenario::AgentKind;
  namespace unit = actor::unit;
  return std::array{
      // Rewards by contributor role.
      counted<In>("rewards_final_honest", unit::kBase,
                  "final rewards paid to honest contributors (cumulative)",
                  Counter::kRewardsFinalHonest),
      counted<In>(
          "rewards_final_adversarial", unit::kBase,
          "final rewards paid to Sybil, poisoning and free-riding contributors (cumulative)",
          Counter::kRewardsFinalAdversarial),
      computed<In>(
          "adversarial_share", unit::kShare, "adversarial share of final contributor rewards",
          [](const In& m) {
            return ratio(static_cast<double>(m.counters[Counter::kRewardsFinalAdversarial]),
                         contributor_total(m.counters));
          }),
      computed<In>("reward_per_quality", unit::kBase,
                   "honest final rewards per unit of honest true row quality",
                   [](const In& m) {
                     return ratio(static_cast<double>(m.counters[Counter::kRewardsFinalHonest]),
                                  m.honest_quality);
                   }),
      computed<In>("rewards_gini", unit::kShare,
                   "Gini coefficient of final rewards over contributors",
                   [](const In& m) {
                     std::vector<std::int64_t> finals;
                     for (const AgentId a : m.world.population().of_kind(AgentKind::kContributor))
                       finals.push_back(m.world.settlement().rewards_final()[index(a)].raw());
                     return gini(std::move(finals));
                   }),
      computed<In>("reward_share_sybil", unit::kShare,
                   "Sybil replicators' share of final contributor rewards",
                   [](const In& m) { return reward_share(m.counters, Role::kSybil); }),
      computed<In>("reward_share_poisoner", unit::kShare,
                   "poisoners' share of final contributor rewards",
                   [](const In& m) { return reward_share(m.counters, Role::kPoisoner); }),
      computed<In>("reward_share_free_rider", unit::kShare,
                   "free riders' share of final contributor rewards (they stake nothing)",
                   [](const In& m) { return reward_share(m.counters, Role::kFreeRider); }),
      computed<In>(
          "return_on_stake_honest", unit::kShare,
          "honest contributors: (final rewards - slashed stake) / stake committed with rows",
          [](const In& m) { return return_on_stake(m.counters, Role::kHonest); }),
      computed<In>("return_on_stake_sybil", unit::kShare,
                   "Sybil replicators: (final rewards - slashed stake) / stake committed with rows",
                   [](const In& m) { return return_on_stake(m.counters, Role::kSybil); }),
      computed<In>("return_on_stake_poisoner", unit::kShare,
                   "poisoners: (final rewards - slashed stake) / stake committed with rows",
                   [](const In& m) { return return_on_stake(m.counters, Role::kPoisoner); }),
      // Settlement and validation.
      computed<In>("rewards_pending", unit::kBase,
                   "rewards held by the settlement layer: accrued, or final and not yet withdrawn",
                   [](const In& m) {
                     const auto& l = m.world.ledger();
                     return l.liquid(l.account(ledger::ProtocolAccount::kSettlement)).raw();
                   }),
      counted<In>("flags_correct", unit::kCount, "validator flags of truly bad rows (cumulative)",
                  Counter::kFlagsCorrect),
      counted<In>("flags_wrong", unit::kCount, "validator flags of good rows (cumulative)",
                  Counter::kFlagsWrong),
      computed<In>("slashed", unit::kBase,
                   "stake slashed from contributors and validators (cumulative)",
                   [](const In& m) {
                     return m.counters[Counter::kSlashedContributors] +
                            m.counters[Counter::kSlashedValidators];
                   }),
      counted<In>("batches_posted", unit::kCount, "settlement batches posted (cumulative)",
                  Counter::kBatchesPosted),
      counted<In>("batches_final", unit::kCount,
                  "settlement batches past their challenge window (cumulative)",
                  Counter::kBatchesFinal),
      counted<In>("batches_reverted", unit::kCount,
                  "batches in which a challenge reverted rewards (cumulative)",
                  Counter::kBatchesReverted),
      counted<In>("rewards_reverted", unit::kBase,
                  "rewards reverted by successful challenges (cumulative)",
                  Counter::kRewardsReverted),
      computed<In>("settlement_latency", unit::kSeconds,
                   "mean time from accrual to finality of paid rewards",
                   [](const In& m) {
                     const Counters& c = m.counters;
                     return c[Counter::kLatencyCount] == 0
                                ? 0.0
                                : static_cast<double>(c[Counter::kLatencyTicksSum]) /
                                      static_cast<double>(c[Counter::kLatencyCount]) *
                                      m.tick_seconds;
                   }),
      counted<In>("escaped_slashable", unit::kBase,
                  "poisoners' rewards that became final without being reverted by a challenge, "
                  "whether or not the poisoner had been caught before (cumulative)",
                  Counter::kEscaped),
      counted<In>("contributor_pool_unpaid", unit::kBase,
                  "the part of the contributors' share of fees that no contributor received (no "
                  "trained model yet, or the attribution rule paid nobody): sent to the treasury "
                  "(cumulative)",
                  Counter::kContributorPoolUnpaid),
      computed<In>(
          "slashable_pending", unit::kBase,
          "poisoners' rewards accrued and neither final nor reverted yet: still revertible "
          "(at the end of a run: what escaped_slashable does not yet count)",
          [](const In& m) {
            Amount pending = Amount::zero();
            for (const AgentId a : m.world.population().of_kind(AgentKind::kContributor)) {
              if (m.world.adversary_role(a) == Role::kPoisoner) {
                pending += m.world.settlement().rewards_pending()[index(a)];
              }
            }
            return pending.raw();
          }),
  };
}

}  // namespace coordsim::model::settlement
