#pragma once
// The validators' actor system: a validator checks rows for the protocol (every check is a
// kSample to the protocol actor, which draws the row and judges it with the validator's accuracy:
// data's on_sample), asks for its final rewards, and, under a learning rule, decides every
// `behaviour.period` how much checking effort to spend, or whether to be staked at all.
//
// Decisions (docs/behaviour.md, "Validators"). Actions: 0 = out (unstaked), 1 = in and idle
// (staked, no check), 2 + (e - 1) x C + c = in at effort level e of 1..L (L = behaviour.levels:
// checks at e/L of the rate sample_interval gives) and care level c of 0..C-1 (C =
// behaviour.care_levels: accuracy per check care_accuracy(c), at care_cost_per_check x c^2 more
// per check). With C = 1 the actions are 1 + e, every check at the group's accuracy. The rule
// learns the realised payoff of the action held over the period, in tokens per day above the
// validator's reservation return r_i:
//
//   in:  (income + bounties - (effort_per_check + care_cost_per_check x c^2) x checks - slashed
//         - opportunity_cost(mean stake, period)) / days(period) - r_i
//   out: 0
//
// Care pays through the protocol's judgement (data's on_sample, which reads the accuracy from
// the kSample payload): a correct flag of a bad row earns the slash bounty, a wrong flag of a
// good row slashes the validator's stake, so both a bounty and the wrong-flag slash raise the
// value of accuracy.
//
// income is the validators' pool rewards that reached it (kReward, split by stake at each batch
// post), bounties the share of correctly flagged contributors' slashes (kBounty), slashed what
// wrong flags took from its stake. Out, a validator has unstaked everything (liquid after
// incentives.unbonding_delay) and the protocol's stake record says 0, so it earns no pool share;
// it returns by the rule's exploration, staking its genesis stake again.
//
// Owns: per validator slot its genesis stake (bond), whether it is staked (active), and for
// learning groups the learners, levels and the period's payoff terms; handlers kValidate (self),
// kBounty (target: the validator) and a validator's kReward. Data's slash handler calls
// note_stake / note_slashed for a learning validator (its own event: the same actor).
//
// Determinism: a decision is made at the validator's own kValidate event, draws once from its own
// stream and reads only its own columns; income, bounties and slashes arrive as events to it.
// `fixed` groups take exactly the draws and events of the script before this system existed.
#include <cstdint>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "kernel/time.hpp"
#include "model/actor/context.hpp"
#include "model/actor/population.hpp"
#include "model/actor/registry.hpp"
#include "model/behaviour/learning.hpp"
#include "model/ledger/ledger.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::validators {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;
using ledger::Wide;

using actor::kFractionScale;  // the kSample payload's encoding (actor/event_kinds.hpp)

/// The learning rule's spec for a validator group: levels x care_levels + 2 actions (out, idle,
/// then every effort level at every care level).
[[nodiscard]] behaviour::Spec to_behaviour(const scenario::ValidatorBehaviour& b);

/// What a learning validator's action >= 1 means: effort e (0 = idle: no check) and care c.
struct Choice {
  std::uint32_t effort = 0;
  std::uint32_t care = 0;
};
/// Action 1 is idle; action 2 + (e - 1) x care_levels + c is effort e at care c.
[[nodiscard]] constexpr Choice decode(std::uint32_t action, std::uint32_t care_levels) noexcept {
  if (action <= 1) return {};
  const std::uint32_t k = action - 2;
  return {k / care_levels + 1, k % care_levels};
}

/// Accuracy per check at care c of C levels: rises linearly from lo = min(floor, top) at c = 0 to
/// `top` (the group's accuracy, drawn for the check) at c = C - 1; exactly `top` when C = 1.
[[nodiscard]] constexpr double care_accuracy(double top, double floor, std::uint32_t care,
                                             std::uint32_t care_levels) noexcept {
  if (care_levels <= 1 || care + 1 >= care_levels) return top;
  const double lo = floor < top ? floor : top;
  return lo + (top - lo) * static_cast<double>(care) / static_cast<double>(care_levels - 1);
}

class Validators {
 public:
  /// Empty columns. `protocol` is the protocol actor; `unit` base units per token. `spec` and
  /// `pop` must outlive it.
  Validators(const scenario::SpecData& spec, const actor::Population& pop, AgentId protocol,
             SimDuration block, std::uint64_t unit);

  // --- Build (build.cpp) ---
  /// Genesis: every validator stakes what its group asks (at most what it holds), one draw from
  /// its own stream.
  void stake_genesis(ledger::Ledger& ledger, actor::Streams& streams) const;
  /// Every validator's first check. `add(time, target, kind)` records it.
  template <class Add>
  void initial_events(actor::Streams& streams, Add&& add) const {
    for (const AgentId v : pop_->of_kind(scenario::AgentKind::kValidator)) {
      auto r = streams.rng(v);
      add(SimTime::zero() + actor::draw_duration(*spec_, params(v).sample_interval, r), v,
          actor::Kind::kValidate);
    }
  }
  /// After genesis staked the validators: their bonds, and for learning groups the learners and
  /// each validator's reservation return (a draw from its own stream, after its first event's).
  void build(const ledger::Ledger& ledger, actor::Streams& streams);

  // --- Handlers (validators.cpp) ---
  /// kValidate (self): decide if due, then check (a kSample to the protocol) at the chosen rate.
  void on_validate(const kernel::Event& e, actor::Context& ctx);
  /// kBounty: a share of a slash arrives at the validator whose correct flag caused it.
  void on_bounty(const kernel::Event& e, actor::Context& ctx);
  /// kReward to a validator: its pool rewards, also the income its decisions learn from.
  void on_reward(const kernel::Event& e, actor::Context& ctx);

  // --- Called by data's slash handler, at the validator's own event ---
  [[nodiscard]] bool adaptive(AgentId v) const noexcept {
    return !learners_.empty() && learners_[pop_->group(v)].spec().rule != behaviour::Rule::kFixed;
  }
  /// Brings the staked balance x time integral up to `now` (before the balance changes).
  void note_stake(AgentId v, SimTime now, const ledger::Ledger& ledger);
  /// A wrong flag took `amount` of its stake this period.
  void note_slashed(AgentId v, Amount amount) { slashed_[pop_->slot(v)] += amount; }

  // --- Read-only views ---
  /// Validators staked now (every validator of a fixed group; learning ones that are in).
  [[nodiscard]] std::uint32_t active() const noexcept;
  /// Validators of the population (staked or not).
  [[nodiscard]] std::uint32_t count() const noexcept {
    return static_cast<std::uint32_t>(active_.size());
  }
  /// A learning validator's current action (0 out, 1 idle, then effort x care: decode); 0 for
  /// fixed ones.
  [[nodiscard]] std::uint8_t level(std::uint32_t slot) const noexcept {
    return level_.empty() ? 0 : level_[slot];
  }
  /// Over the validators checking now (every validator of a fixed group; learning ones in at an
  /// effort above idle): their mean care, c / (C - 1), 1 for a group without a care choice (its
  /// checks are at the group's accuracy); 0 if none checks.
  [[nodiscard]] double mean_care() const;

  // --- Checkpoint (checkpoint.cpp): every column that changes; bonds and reservation returns
  // are rebuilt from the scenario ---
  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged or foreign archive.
  void load(kernel::ArchiveReader& in);

  /// The kinds this system handles alone (actor/registry.hpp; the world's dispatch table is built
  /// from it). Kinds shared with another system are the world's dispatch exceptions
  /// (world/systems.hpp).
  using Handlers = actor::Handlers<actor::On<actor::Kind::kValidate, &Validators::on_validate>,
                                   actor::On<actor::Kind::kBounty, &Validators::on_bounty>>;

 private:
  [[nodiscard]] const scenario::ValidatorParams& params(AgentId v) const {
    return spec_->population[pop_->group(v)].as<scenario::ValidatorParams>();
  }
  /// At the validator's own event: learn the period's payoff and choose, if a decision is due;
  /// exit or enter as the choice says. Returns the action it holds now.
  std::uint32_t decide_if_due(AgentId v, actor::Context& ctx);
  void close_period(AgentId v, SimTime now, const ledger::Ledger& ledger);
  void exit(AgentId v, actor::Context& ctx);
  /// Stakes the bond again; false (and stays out) if its liquid balance cannot cover it.
  bool enter(AgentId v, actor::Context& ctx);

  const scenario::SpecData* spec_;
  const actor::Population* pop_;
  AgentId protocol_;
  SimDuration block_;
  std::uint64_t unit_;
  // Per validator slot, every group.
  std::vector<Amount> bond_;          // staked at genesis: what it stakes again on re-entry
  std::vector<std::uint8_t> active_;  // staked (in)
  // Learning groups only (empty when every validator group is fixed).
  std::vector<behaviour::Learners> learners_;  // per group; kFixed (unused) for other groups
  std::vector<std::uint8_t> level_;            // 0: out; 1 + e: in at effort e
  std::vector<std::uint8_t> has_period_;       // a period has begun (learn at its end)
  std::vector<SimTime> next_decision_;
  std::vector<SimTime> period_start_;
  std::vector<Amount> income_;        // pool rewards and bounties received this period
  std::vector<Amount> slashed_;       // stake slashed this period
  std::vector<std::int64_t> checks_;  // checks made this period
  std::vector<Wide> stake_ticks_;     // integral of the staked balance over the period
  std::vector<SimTime> stake_since_;  // when stake_ticks_ was last brought up to date
  std::vector<Amount> reservation_;   // outside option, base units per day (from the spec)
};

}  // namespace coordsim::model::validators
