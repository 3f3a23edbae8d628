#include "model/world/metrics.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace coordsim::model::world {

using scenario::AgentKind;
using sessions::Reason;

namespace {

constexpr std::string_view kBase = "base_units";
constexpr std::string_view kCount = "count";
constexpr std::string_view kShare = "fraction";
constexpr std::string_view kSeconds = "s";
constexpr std::string_view kPrice = "quote_per_token";

constexpr std::array kDefs{
    MetricDef{"events", kCount, "events processed by the kernel so far", true},
    MetricDef{"actions_applied", kCount,
              "agent actions applied through a valid session chain (cumulative)", true},
    MetricDef{"rejected_expired", kCount, "actions rejected: EXPIRED (cumulative)", true},
    MetricDef{"rejected_not_yet_valid", kCount, "actions rejected: NOT_YET_VALID (cumulative)",
              true},
    MetricDef{"rejected_out_of_scope", kCount, "actions rejected: OUT_OF_SCOPE (cumulative)", true},
    MetricDef{"rejected_target_not_allowed", kCount,
              "actions rejected: TARGET_NOT_ALLOWED (cumulative)", true},
    MetricDef{"rejected_cap_exceeded", kCount, "actions rejected: CAP_EXCEEDED (cumulative)", true},
    MetricDef{"rejected_revoked", kCount, "actions rejected: REVOKED (cumulative)", true},
    MetricDef{"rejected_depth_exceeded", kCount, "actions rejected: DEPTH_EXCEEDED (cumulative)",
              true},
    MetricDef{"rejected_insufficient_funds", kCount,
              "actions rejected: INSUFFICIENT_FUNDS (cumulative)", true},
    MetricDef{"value_moved", kBase, "token value moved by applied actions (cumulative)", true},
    MetricDef{"live_sessions", kCount, "sessions neither revoked nor expired", true},
    MetricDef{"exposure", kBase,
              "sum of remaining total caps over live sessions (docs/sessions.md)", true},
    MetricDef{"grants", kCount, "root sessions granted (cumulative)", true},
    MetricDef{"subdelegations", kCount, "child sessions created by sub-delegation (cumulative)",
              true},
    MetricDef{"expirations", kCount, "sessions that reached valid_until (cumulative)", true},
    MetricDef{"revocations", kCount,
              "sessions revoked by principals, cascades counted once (cumulative)", true},
    MetricDef{"compromised_agents", kCount, "ai agents taken over by an attacker (cumulative)",
              true},
    MetricDef{"compromised_live", kCount,
              "compromised agents that can still act through a live session", true},
    MetricDef{"value_taken", kBase,
              "value drained through compromised sessions: the blast radius (cumulative)", true},
    MetricDef{"compromised_seconds", kSeconds,
              "total time compromised agents could act (closed and running windows)", false},
    MetricDef{"pool_price", kPrice, "AMM spot price", false},
    MetricDef{"reference_price", kPrice, "exogenous reference price (GBM)", false},
    MetricDef{"pool_token_reserve", kBase, "AMM token reserve: market depth", true},
    MetricDef{"pool_quote_reserve", kBase, "AMM quote reserve", true},
    MetricDef{"swap_volume", kBase, "token volume through the pool (cumulative)", true},
    MetricDef{"swaps_failed", kCount,
              "swaps the pool could not fill within their limit, refunded (cumulative)", true},
    MetricDef{"book_best_bid", kPrice, "order book: best bid (0 when no bid rests)", false},
    MetricDef{"book_best_ask", kPrice, "order book: best ask (0 when no ask rests)", false},
    MetricDef{"book_bid_depth", kBase, "order book: token base units bid, all levels", true},
    MetricDef{"book_ask_depth", kBase, "order book: token base units offered, all levels", true},
    MetricDef{"book_volume", kBase, "token volume filled on the order book (cumulative)", true},
    MetricDef{"book_fills", kCount, "fills on the order book (cumulative)", true},
    MetricDef{"book_maker_fills", kCount,
              "of those, a maker's new quote crossing another maker's stale one (cumulative)",
              true},
    MetricDef{"book_orders", kCount, "ai agents' orders sent to the order book (cumulative)", true},
    MetricDef{"book_orders_unfilled", kCount,
              "ai agents' book orders refunded without any fill within their limit (cumulative)",
              true},
    MetricDef{"graph_components", kCount,
              "connected components of the interaction graph (agents that interacted)", true},
    MetricDef{"graph_largest_share", kShare, "largest component's share of all agents", false},
    MetricDef{"inferences", kCount, "inference calls paid (cumulative)", true},
    MetricDef{"fees", kBase, "inference fees collected (cumulative)", true},
    MetricDef{"rows", kCount, "data rows contributed, copies included (cumulative)", true},
    MetricDef{"duplicate_rows", kCount,
              "rows that replicate an existing row: duplicated work (cumulative)", true},
    MetricDef{"data_utilisation", kShare,
              "share of rows ever used by a model that served inference", false},
    MetricDef{"contributor_exits", kCount,
              "contributors who could no longer stake and left (cumulative)", true},
    MetricDef{"contributors_entered", kCount,
              "contributors who have contributed a first row (cumulative)", true},
    MetricDef{"datanet_versions", kCount,
              "datanet versions published by model trainings (cumulative)", true},
    MetricDef{"publish_fees", kBase,
              "publication fees paid by builders to the treasury (cumulative)", true},
    MetricDef{"datanet_picks_explored", kCount,
              "datanets picked at random by builders' explore rather than by best observed "
              "quality and price (cumulative)",
              true},
    MetricDef{"rewards_final_honest", kBase,
              "final rewards paid to honest contributors (cumulative)", true},
    MetricDef{"rewards_final_adversarial", kBase,
              "final rewards paid to Sybil, poisoning and free-riding contributors (cumulative)",
              true},
    MetricDef{"adversarial_share", kShare, "adversarial share of final contributor rewards", false},
    MetricDef{"reward_per_quality", kBase,
              "honest final rewards per unit of honest true row quality", false},
    MetricDef{"rewards_gini", kShare, "Gini coefficient of final rewards over contributors", false},
    MetricDef{"reward_share_sybil", kShare, "Sybil replicators' share of final contributor rewards",
              false},
    MetricDef{"reward_share_poisoner", kShare, "poisoners' share of final contributor rewards",
              false},
    MetricDef{"reward_share_free_rider", kShare,
              "free riders' share of final contributor rewards (they stake nothing)", false},
    MetricDef{"return_on_stake_honest", kShare,
              "honest contributors: (final rewards - slashed stake) / stake committed with rows",
              false},
    MetricDef{"return_on_stake_sybil", kShare,
              "Sybil replicators: (final rewards - slashed stake) / stake committed with rows",
              false},
    MetricDef{"return_on_stake_poisoner", kShare,
              "poisoners: (final rewards - slashed stake) / stake committed with rows", false},
    MetricDef{"rewards_pending", kBase,
              "rewards held by the settlement layer: accrued, or final and not yet withdrawn",
              true},
    MetricDef{"flags_correct", kCount, "validator flags of truly bad rows (cumulative)", true},
    MetricDef{"flags_wrong", kCount, "validator flags of good rows (cumulative)", true},
    MetricDef{"slashed", kBase, "stake slashed from contributors and validators (cumulative)",
              true},
    MetricDef{"batches_posted", kCount, "settlement batches posted (cumulative)", true},
    MetricDef{"batches_final", kCount,
              "settlement batches past their challenge window (cumulative)", true},
    MetricDef{"batches_reverted", kCount,
              "batches in which a challenge reverted rewards (cumulative)", true},
    MetricDef{"rewards_reverted", kBase, "rewards reverted by successful challenges (cumulative)",
              true},
    MetricDef{"settlement_latency", kSeconds, "mean time from accrual to finality of paid rewards",
              false},
    MetricDef{"escaped_slashable", kBase,
              "poisoners' rewards that became final without being reverted by a challenge, "
              "whether or not the poisoner had been caught before (cumulative)",
              true},
    MetricDef{"treasury", kBase, "treasury balance", true},
    MetricDef{"in_flight", kBase, "token value sent between actors, not yet delivered", true},
};

std::int64_t narrow(ledger::Wide v) {
  constexpr ledger::Wide kMax = std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::min(v, kMax));
}

}  // namespace

std::span<const MetricDef> metric_defs() noexcept { return kDefs; }

double gini(std::vector<std::int64_t> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  long double weighted = 0;
  long double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    weighted += static_cast<long double>(i + 1) * static_cast<long double>(values[i]);
    total += static_cast<long double>(values[i]);
  }
  if (total <= 0) return 0.0;
  const auto n = static_cast<long double>(values.size());
  return static_cast<double>((2 * weighted) / (n * total) - (n + 1) / n);
}

void sample_metrics(const World& w, kernel::SimTime now, std::vector<MetricValue>& out) {
  out.clear();
  const Counters c = w.counters();
  const double tick_s = static_cast<double>(w.spec().tick.value()) / 1e6;
  auto i64 = [&](std::int64_t v) { out.emplace_back(v); };
  auto u64 = [&](std::uint64_t v) { out.emplace_back(static_cast<std::int64_t>(v)); };
  auto f64 = [&](double v) { out.emplace_back(v); };

  u64(0);  // events: filled in by the runner, which owns the scheduler
  i64(c[Counter::kApplied]);
  for (const Reason r : {Reason::kExpired, Reason::kNotYetValid, Reason::kOutOfScope,
                         Reason::kTargetNotAllowed, Reason::kCapExceeded, Reason::kRevoked,
                         Reason::kDepthExceeded, Reason::kInsufficientFunds}) {
    i64(c.rejected(r));
  }
  i64(c[Counter::kValueMoved]);
  std::uint64_t live_sessions = 0;
  ledger::Wide exposure = 0;
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    live_sessions += w.domain(d).sessions.live_sessions(now);
    exposure += w.domain(d).sessions.total_exposure(now).bounded;
  }
  u64(live_sessions);
  i64(narrow(exposure));
  i64(c[Counter::kGrants]);
  i64(c[Counter::kSubdelegations]);
  i64(c[Counter::kExpirations]);
  i64(c[Counter::kRevocations]);
  i64(c[Counter::kCompromised]);
  std::uint64_t live = 0;
  std::uint64_t running_ticks = 0;
  for (const AgentId a : w.population().of_kind(AgentKind::kAiAgent)) {
    const SimTime since = w.compromised_since(a);
    if (since == SimTime::never()) continue;
    const auto id = w.session_of(a);
    if (id != sessions::kNoSession && w.sessions_of(a).is_live(id, now)) {
      ++live;
      running_ticks += static_cast<std::uint64_t>((now - since).ticks());
    }
  }
  u64(live);
  i64(c[Counter::kValueTaken]);
  f64(static_cast<double>(static_cast<std::uint64_t>(c[Counter::kCompromisedTicksLive]) +
                          running_ticks) *
      tick_s);
  f64(w.pool().reserve_token() > Amount::zero() ? w.pool().spot_price() : 0.0);
  f64(w.reference_price());
  i64(w.pool().reserve_token().raw());
  i64(w.pool().reserve_quote().raw());
  i64(c[Counter::kSwapVolume]);
  i64(c[Counter::kFailedSwaps]);
  const auto& book = w.book();
  f64(book.best_bid() ? World::book_price(*book.best_bid()) : 0.0);
  f64(book.best_ask() ? World::book_price(*book.best_ask()) : 0.0);
  constexpr auto kAllLevels = std::numeric_limits<std::size_t>::max();
  i64(book.depth(market::Side::kBuy, kAllLevels).raw());
  i64(book.depth(market::Side::kSell, kAllLevels).raw());
  i64(c[Counter::kBookVolume]);
  i64(c[Counter::kBookFills]);
  i64(c[Counter::kBookMakerFills]);
  i64(c[Counter::kBookOrders]);
  i64(c[Counter::kBookUnfilled]);
  u64(w.interactions().components());
  f64(w.interactions().largest_share());
  i64(c[Counter::kInferences]);
  i64(c[Counter::kFees]);
  i64(c[Counter::kRows]);
  i64(c[Counter::kDuplicateRows]);
  const auto& rows = w.rows();
  std::size_t used = 0;
  double honest_quality = 0.0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    used += rows.used[r];
    if (w.adversary_role(rows.contributor[r]) == Role::kHonest && rows.quality[r] > 0.0)
      honest_quality += rows.quality[r];
  }
  f64(rows.size() == 0 ? 0.0 : static_cast<double>(used) / static_cast<double>(rows.size()));
  i64(c[Counter::kContributorExits]);
  i64(c[Counter::kContributorsEntered]);
  i64(c[Counter::kDatanetVersions]);
  i64(c[Counter::kPublishFees]);
  i64(c[Counter::kDatanetExplored]);
  i64(c[Counter::kRewardsFinalHonest]);
  i64(c[Counter::kRewardsFinalAdversarial]);
  const auto contributor_total =
      static_cast<double>(c[Counter::kRewardsFinalHonest] + c[Counter::kRewardsFinalAdversarial]);
  f64(contributor_total > 0
          ? static_cast<double>(c[Counter::kRewardsFinalAdversarial]) / contributor_total
          : 0.0);
  f64(honest_quality > 0 ? static_cast<double>(c[Counter::kRewardsFinalHonest]) / honest_quality
                         : 0.0);
  std::vector<std::int64_t> finals;
  for (const AgentId a : w.population().of_kind(AgentKind::kContributor))
    finals.push_back(w.rewards_final()[index(a)].raw());
  f64(gini(std::move(finals)));
  const auto share = [&](Role role) {
    return contributor_total > 0
               ? static_cast<double>(c.by_role(Counter::kFinalByRole, role)) / contributor_total
               : 0.0;
  };
  f64(share(Role::kSybil));
  f64(share(Role::kPoisoner));
  f64(share(Role::kFreeRider));
  for (const Role role : {Role::kHonest, Role::kSybil, Role::kPoisoner}) {
    f64(c.by_role(Counter::kStakedByRole, role) > 0
            ? static_cast<double>(c.by_role(Counter::kFinalByRole, role) -
                                  c.by_role(Counter::kSlashedByRole, role)) /
                  static_cast<double>(c.by_role(Counter::kStakedByRole, role))
            : 0.0);
  }
  ledger::Wide pending = 0;
  const auto settlement = w.ledger().account(ledger::ProtocolAccount::kSettlement);
  pending = w.ledger().liquid(settlement).raw();
  i64(narrow(pending));
  i64(c[Counter::kFlagsCorrect]);
  i64(c[Counter::kFlagsWrong]);
  i64(c[Counter::kSlashedContributors] + c[Counter::kSlashedValidators]);
  i64(c[Counter::kBatchesPosted]);
  i64(c[Counter::kBatchesFinal]);
  i64(c[Counter::kBatchesReverted]);
  i64(c[Counter::kRewardsReverted]);
  f64(c[Counter::kLatencyCount] == 0 ? 0.0
                                     : static_cast<double>(c[Counter::kLatencyTicksSum]) /
                                           static_cast<double>(c[Counter::kLatencyCount]) * tick_s);
  i64(c[Counter::kEscaped]);
  i64(w.ledger().liquid(w.ledger().account(ledger::ProtocolAccount::kTreasury)).raw());
  i64(narrow(w.in_flight(ledger::Asset::kToken)));
}

}  // namespace coordsim::model::world
