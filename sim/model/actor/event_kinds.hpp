#pragma once
// What an event asks its target actor to do. The kernel never looks at these; the world's
// dispatch (world.cpp) is one switch over them. Names are written to the output file.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "kernel/event.hpp"
#include "scenario/enums.hpp"

namespace coordsim::model::actor {

enum class Kind : kernel::EventKind {
  // ai agents
  kAgentAct,    // self: the agent's next action (trade, transfer, inference)
  kCompromise,  // self: an attacker takes over the agent's live sessions
  kDrain,       // self: a compromised agent spends what its caps allow, every block
  // principals
  kGrant,   // self: grant (or re-grant) a session to one of its agents (payload: slot)
  kExpire,  // self: a session it granted reaches valid_until (payload: session id)
  kRevoke,  // self: detection delay passed; revoke the agent's session (payload: slot)
  // value and requests between actors (payload: amount in base units; aux bit 0: quote asset)
  kCredit,            // value arrives for the target's account
  kSwap,              // value arrives at the market to be swapped
  kInfer,             // an inference fee arrives at a model builder
  kContributorShare,  // the contributors' share of a fee arrives at the protocol actor
  kValidatorShare,    // the validators' share of a fee arrives at the protocol actor
  kReward,            // a withdrawn final reward arrives at a contributor or validator
  kWithdraw,          // a contributor or validator asks the protocol for its final rewards
  kSlash,             // the protocol asks a staker to give up `payload` of its stake
  // data
  kContribute,  // self: a contributor adds a row
  kRow,         // a row arrives at the protocol actor (payload: packed row)
  kRetrain,     // self: a model builder retrains
  kTrain,       // the protocol actor snapshots a builder's model (source: the builder)
  kValidate,    // self: a validator samples a row
  kSample,      // the protocol actor hands a validator a row to judge (source: validator)
  // protocol
  kReferenceTick,  // self (market): the exogenous reference price moves
  kArbitrage,      // self (market): a market maker's arbitrage, run by the market (aux: maker slot)
  kBatchPost,      // self (protocol): a settlement batch posts
  kBatchFinal,     // self (protocol): a batch's challenge window closes (payload: batch id)
  // contributors under a learning rule (data/contributors.cpp)
  kUnbonded,  // self: the unbonding delay of an exit passed (payload: amount to make liquid)
  kLeave,     // a contributor left: the protocol drops its rows from future models
  // validators (sim/model/validators)
  kBounty,          // a share of a slash arrives at the validator whose flag caused it
  kValidatorStake,  // a validator's staked balance changed (payload: the new balance): protocol
  // Sybil operators and their identities (data/sybils.cpp)
  kSybilSwitch,  // operator -> identity: run (aux 1) or stop (aux 0)
  kSybilReport,  // identity -> operator: income, slash or row with stake-ticks (aux: which)
  // Messages that carry no value
  kStatement,  // protocol -> contributor: what one tag of its rows earned in a split (data,
               // row_credit.cpp; payload: base units; aux: the tag, | Data::kPar for the par)
  kPricePost,  // builder -> a domain's copy of the price board, at its first principal
               // (builders; payload: the builder's new price, 0 for out)
  kCount,
};

inline constexpr std::array<std::string_view, static_cast<std::size_t>(Kind::kCount)> kKindNames{
    "agent_act",       "compromise",
    "drain",           "grant",
    "expire",          "revoke",
    "credit",          "swap",
    "infer",           "contributor_share",
    "validator_share", "reward",
    "withdraw",        "slash",
    "contribute",      "row",
    "retrain",         "train",
    "validate",        "sample",
    "reference_tick",  "arbitrage",
    "batch_post",      "batch_final",
    "unbonded",        "leave",
    "bounty",          "validator_stake",
    "sybil_switch",    "sybil_report",
    "statement",       "price_post"};
// One name per kind, in order: an initialiser list one short would leave the last name empty.
static_assert(std::ranges::none_of(kKindNames, [](std::string_view n) { return n.empty(); }),
              "kKindNames names every actor::Kind, in order");

[[nodiscard]] constexpr kernel::EventKind code(Kind k) noexcept {
  return static_cast<kernel::EventKind>(k);
}

/// Actions an agent attempts and records (the /events table's `kind` column).
enum class ActionKind : std::uint16_t {
  kTransfer,
  kSwap,
  kInfer,
  kDrain,
  kContribute,
  kGrant,
  kSubdelegate,
  kRevoke,
  kFlag,
  kSlash,
  kReward,
  kRevert,
  kFlagWrong,  // a validator flagged a good row (it is slashed for it); kFlag is a correct flag
  // Value movements and the terms behind them (docs/output-format.md, "/events").
  kMove,          // `amount` moves from (actor, from_bucket) to (target, to_bucket)
  kOrder,         // a trade reaches the market: actor the trader, amount its limit (book price)
  kArbitrage,     // a maker's arbitrage against the AMM: actor the maker, amount the reference
  kCapPerAction,  // a new session's terms, one row each (session: the new session)
  kCapPerPeriod,
  kCapPeriod,  // ticks (0: the window is the whole lifetime)
  kCapCalls,
  kValidUntil,  // ticks (2^63-1: never)
  kParent,      // a sub-delegated session's parent (amount: the parent's global session id)
  kReplace,     // a live session revoked because its agent got a new one (renewal)
  kExpire,      // a session reached valid_until
  kValidAfter,  // ticks; only when a session does not start at its grant's time
  // The router-bug attacker spends an approval: authorised as a swap through the market (target),
  // paid to the attacker (the movement rows say so).
  kRouterDrain,
  // The settlement's books, so per-payee pending, final and claimable rewards can be replayed.
  kAccrue,      // a reward accrued into the open batch (target: the payee)
  kBatchPost,   // the open batch posted (amount: its batch id)
  kBatchFinal,  // a batch's challenge window closed (amount: its batch id)
  // What the settlement's splits divide by, so a replay can re-derive every accrual
  // (docs/output-format.md, "Row kinds"): a model's new attribution (amount: its contributors)
  // and one row per contributor with a positive weight (amount: the integer weight the split
  // uses); a model's pool split into the open batch; the validators' pool split by the stake
  // record; a change of that record; what nobody earned, sent to the treasury at a batch post.
  kAttribution,
  kWeight,
  kPoolSplit,
  kValidatorSplit,
  kStakeRecord,
  kUnpaid,
  kCount
};
// The names are the scenario layer's list (`output.events.kinds` is checked against it when a
// scenario loads, before any model exists), so there is one list; its length is the enum's.
inline constexpr const auto& kActionNames = scenario::kEventKindNames;
static_assert(kActionNames.size() == static_cast<std::size_t>(ActionKind::kCount),
              "scenario/enums.hpp kEventKindNames names every ActionKind, in order");

/// Payload encodings shared by the systems at both ends of an event. A validator's accuracy for
/// one check travels in the kSample payload as a 32-bit fraction (validators send, data reads).
inline constexpr double kFractionScale = 4294967296.0;  // 2^32

/// aux of a kSlash event (data sends, data handles at the slashed agent): 0, the payload is the
/// amount; kSlashFraction, the payload is a fraction (ppm) of the target's stake; kSlashBounty (a
/// correct flag under incentives.slash_bounty > 0), the payload is the flagging validator's id,
/// the amount is the spec's stake_per_row x slash_fraction, and the slashed contributor pays the
/// bounty share of what it loses to that validator.
inline constexpr std::uint16_t kSlashFraction = 1;
inline constexpr std::uint16_t kSlashBounty = 2;

}  // namespace coordsim::model::actor
