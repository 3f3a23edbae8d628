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

using In = const MetricInput&;

// The three ways a row computes its value.
constexpr MetricDef counted(std::string_view name, std::string_view unit, std::string_view what,
                            Counter counter) {
  return MetricDef{name, unit, what, counter, nullptr, nullptr};
}
constexpr MetricDef computed(std::string_view name, std::string_view unit, std::string_view what,
                             std::int64_t (*f)(In)) {
  return MetricDef{name, unit, what, Counter::kCount, f, nullptr};
}
constexpr MetricDef computed(std::string_view name, std::string_view unit, std::string_view what,
                             double (*f)(In)) {
  return MetricDef{name, unit, what, Counter::kCount, nullptr, f};
}
constexpr MetricDef rejected(std::string_view name, std::string_view what, Reason r) {
  return counted(name, kCount, what, slot_of(Counter::kRejected, static_cast<std::size_t>(r)));
}

std::int64_t narrow(ledger::Wide v) {
  constexpr ledger::Wide kMax = std::numeric_limits<std::int64_t>::max();
  return static_cast<std::int64_t>(std::min(v, kMax));
}
std::int64_t as_int(std::uint64_t v) { return static_cast<std::int64_t>(v); }
double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }

double contributor_total(In m) {
  return static_cast<double>(m.counters[Counter::kRewardsFinalHonest] +
                             m.counters[Counter::kRewardsFinalAdversarial]);
}
double reward_share(In m, Role role) {
  return ratio(static_cast<double>(m.counters.by_role(Counter::kFinalByRole, role)),
               contributor_total(m));
}
double return_on_stake(In m, Role role) {
  const Counters& c = m.counters;
  return c.by_role(Counter::kStakedByRole, role) > 0
             ? static_cast<double>(c.by_role(Counter::kFinalByRole, role) -
                                   c.by_role(Counter::kSlashedByRole, role)) /
                   static_cast<double>(c.by_role(Counter::kStakedByRole, role))
             : 0.0;
}
double book_price_or_zero(const std::optional<market::Price>& p) {
  return p ? exchange::Exchange::book_price(*p) : 0.0;
}
constexpr auto kAllLevels = std::numeric_limits<std::size_t>::max();

// Grouped by the actor whose state they read (docs/world.md).
constexpr std::array kDefs{
    // The kernel.
    computed("events", kCount, "events processed by the kernel so far",
             [](In m) { return as_int(m.events); }),
    // Households: ai agents acting through sessions, principals granting, key compromise.
    counted("actions_applied", kCount,
            "agent actions applied through a valid session chain (cumulative)", Counter::kApplied),
    rejected("rejected_expired", "actions rejected: EXPIRED (cumulative)", Reason::kExpired),
    rejected("rejected_not_yet_valid", "actions rejected: NOT_YET_VALID (cumulative)",
             Reason::kNotYetValid),
    rejected("rejected_out_of_scope", "actions rejected: OUT_OF_SCOPE (cumulative)",
             Reason::kOutOfScope),
    rejected("rejected_target_not_allowed", "actions rejected: TARGET_NOT_ALLOWED (cumulative)",
             Reason::kTargetNotAllowed),
    rejected("rejected_cap_exceeded", "actions rejected: CAP_EXCEEDED (cumulative)",
             Reason::kCapExceeded),
    rejected("rejected_revoked", "actions rejected: REVOKED (cumulative)", Reason::kRevoked),
    rejected("rejected_depth_exceeded", "actions rejected: DEPTH_EXCEEDED (cumulative)",
             Reason::kDepthExceeded),
    rejected("rejected_insufficient_funds", "actions rejected: INSUFFICIENT_FUNDS (cumulative)",
             Reason::kInsufficientFunds),
    counted("value_moved", kBase, "token value moved by applied actions (cumulative)",
            Counter::kValueMoved),
    computed("live_sessions", kCount, "sessions neither revoked nor expired",
             [](In m) { return as_int(m.live_sessions); }),
    computed("exposure", kBase, "sum of remaining total caps over live sessions (docs/sessions.md)",
             [](In m) { return narrow(m.exposure); }),
    counted("grants", kCount, "root sessions granted (cumulative)", Counter::kGrants),
    counted("subdelegations", kCount, "child sessions created by sub-delegation (cumulative)",
            Counter::kSubdelegations),
    counted("expirations", kCount, "sessions that reached valid_until (cumulative)",
            Counter::kExpirations),
    counted("revocations", kCount,
            "sessions revoked by principals, cascades counted once (cumulative)",
            Counter::kRevocations),
    counted("compromised_agents", kCount, "ai agents taken over by an attacker (cumulative)",
            Counter::kCompromised),
    computed("compromised_live", kCount,
             "compromised agents that can still act through a live session",
             [](In m) { return as_int(m.compromised_live); }),
    counted("value_taken", kBase,
            "value drained through compromised sessions: the blast radius (cumulative)",
            Counter::kValueTaken),
    computed("compromised_seconds", kSeconds,
             "total time compromised agents could act (closed and running windows)",
             [](In m) {
               return static_cast<double>(
                          static_cast<std::uint64_t>(m.counters[Counter::kCompromisedTicksLive]) +
                          m.compromised_running_ticks) *
                      m.tick_seconds;
             }),
    // The market: pool, reference price, order book.
    computed("pool_price", kPrice, "AMM spot price",
             [](In m) {
               const auto& pool = m.world.exchange().pool();
               return pool.reserve_token() > Amount::zero() ? pool.spot_price() : 0.0;
             }),
    computed("reference_price", kPrice, "exogenous reference price (GBM)",
             [](In m) { return m.world.exchange().reference_price(); }),
    computed("pool_token_reserve", kBase, "AMM token reserve: market depth",
             [](In m) { return m.world.exchange().pool().reserve_token().raw(); }),
    computed("pool_quote_reserve", kBase, "AMM quote reserve",
             [](In m) { return m.world.exchange().pool().reserve_quote().raw(); }),
    counted("swap_volume", kBase, "token volume through the pool (cumulative)",
            Counter::kSwapVolume),
    counted("swaps_failed", kCount,
            "swaps the pool could not fill within their limit, refunded (cumulative)",
            Counter::kFailedSwaps),
    computed("book_best_bid", kPrice, "order book: best bid (0 when no bid rests)",
             [](In m) { return book_price_or_zero(m.world.exchange().book().best_bid()); }),
    computed("book_best_ask", kPrice, "order book: best ask (0 when no ask rests)",
             [](In m) { return book_price_or_zero(m.world.exchange().book().best_ask()); }),
    computed(
        "book_bid_depth", kBase, "order book: token base units bid, all levels",
        [](In m) { return m.world.exchange().book().depth(market::Side::kBuy, kAllLevels).raw(); }),
    computed("book_ask_depth", kBase, "order book: token base units offered, all levels",
             [](In m) {
               return m.world.exchange().book().depth(market::Side::kSell, kAllLevels).raw();
             }),
    counted("book_volume", kBase, "token volume filled on the order book (cumulative)",
            Counter::kBookVolume),
    counted("book_fills", kCount, "fills on the order book (cumulative)", Counter::kBookFills),
    counted("book_maker_fills", kCount,
            "of those, a maker's new quote crossing another maker's stale one (cumulative)",
            Counter::kBookMakerFills),
    counted("book_orders", kCount, "ai agents' orders sent to the order book (cumulative)",
            Counter::kBookOrders),
    counted("book_orders_unfilled", kCount,
            "ai agents' book orders refunded without any fill within their limit (cumulative)",
            Counter::kBookUnfilled),
    // The interaction graph.
    computed("graph_components", kCount,
             "connected components of the interaction graph (agents that interacted)",
             [](In m) { return as_int(m.world.interactions().components()); }),
    computed("graph_largest_share", kShare, "largest component's share of all agents",
             [](In m) { return m.world.interactions().largest_share(); }),
    // Data: inference, rows, datanets.
    counted("inferences", kCount, "inference calls paid (cumulative)", Counter::kInferences),
    counted("fees", kBase, "inference fees collected (cumulative)", Counter::kFees),
    counted("rows", kCount, "data rows contributed, copies included (cumulative)", Counter::kRows),
    counted("duplicate_rows", kCount,
            "rows that replicate an existing row: duplicated work (cumulative)",
            Counter::kDuplicateRows),
    computed("data_utilisation", kShare, "share of rows ever used by a model that served inference",
             [](In m) {
               const std::size_t rows = m.world.rows().size();
               return rows == 0 ? 0.0
                                : static_cast<double>(m.rows_used) / static_cast<double>(rows);
             }),
    counted("contributors_active", kCount,
            "contributors in the economy now: entered and not exited since",
            Counter::kContributorsActive),
    counted("contributors_entered", kCount,
            "entries of contributors: with behaviour.rule fixed, contributors who have written a "
            "first row; with a learning rule, every decision to enter, re-entries included "
            "(cumulative)",
            Counter::kContributorsEntered),
    counted("contributors_exited", kCount,
            "exits of contributors: with behaviour.rule fixed, those who could no longer stake; "
            "with a learning rule, every exit, decided or forced by a stake it could not put up "
            "(cumulative)",
            Counter::kContributorExits),
    counted("datanet_versions", kCount,
            "datanet versions published by model trainings (cumulative)",
            Counter::kDatanetVersions),
    counted("publish_fees", kBase, "publication fees paid by builders to the treasury (cumulative)",
            Counter::kPublishFees),
    counted("datanet_picks_explored", kCount,
            "datanets picked at random by builders' explore rather than by best observed "
            "quality and price (cumulative)",
            Counter::kDatanetExplored),
    // Rewards by contributor role.
    counted("rewards_final_honest", kBase, "final rewards paid to honest contributors (cumulative)",
            Counter::kRewardsFinalHonest),
    counted("rewards_final_adversarial", kBase,
            "final rewards paid to Sybil, poisoning and free-riding contributors (cumulative)",
            Counter::kRewardsFinalAdversarial),
    computed("adversarial_share", kShare, "adversarial share of final contributor rewards",
             [](In m) {
               return ratio(static_cast<double>(m.counters[Counter::kRewardsFinalAdversarial]),
                            contributor_total(m));
             }),
    computed("reward_per_quality", kBase,
             "honest final rewards per unit of honest true row quality",
             [](In m) {
               return ratio(static_cast<double>(m.counters[Counter::kRewardsFinalHonest]),
                            m.honest_quality);
             }),
    computed("rewards_gini", kShare, "Gini coefficient of final rewards over contributors",
             [](In m) {
               std::vector<std::int64_t> finals;
               for (const AgentId a : m.world.population().of_kind(AgentKind::kContributor))
                 finals.push_back(m.world.rewards_final()[index(a)].raw());
               return gini(std::move(finals));
             }),
    computed("reward_share_sybil", kShare, "Sybil replicators' share of final contributor rewards",
             [](In m) { return reward_share(m, Role::kSybil); }),
    computed("reward_share_poisoner", kShare, "poisoners' share of final contributor rewards",
             [](In m) { return reward_share(m, Role::kPoisoner); }),
    computed("reward_share_free_rider", kShare,
             "free riders' share of final contributor rewards (they stake nothing)",
             [](In m) { return reward_share(m, Role::kFreeRider); }),
    computed("return_on_stake_honest", kShare,
             "honest contributors: (final rewards - slashed stake) / stake committed with rows",
             [](In m) { return return_on_stake(m, Role::kHonest); }),
    computed("return_on_stake_sybil", kShare,
             "Sybil replicators: (final rewards - slashed stake) / stake committed with rows",
             [](In m) { return return_on_stake(m, Role::kSybil); }),
    computed("return_on_stake_poisoner", kShare,
             "poisoners: (final rewards - slashed stake) / stake committed with rows",
             [](In m) { return return_on_stake(m, Role::kPoisoner); }),
    // Settlement and validation.
    computed("rewards_pending", kBase,
             "rewards held by the settlement layer: accrued, or final and not yet withdrawn",
             [](In m) {
               const auto& l = m.world.ledger();
               return l.liquid(l.account(ledger::ProtocolAccount::kSettlement)).raw();
             }),
    counted("flags_correct", kCount, "validator flags of truly bad rows (cumulative)",
            Counter::kFlagsCorrect),
    counted("flags_wrong", kCount, "validator flags of good rows (cumulative)",
            Counter::kFlagsWrong),
    computed("slashed", kBase, "stake slashed from contributors and validators (cumulative)",
             [](In m) {
               return m.counters[Counter::kSlashedContributors] +
                      m.counters[Counter::kSlashedValidators];
             }),
    counted("batches_posted", kCount, "settlement batches posted (cumulative)",
            Counter::kBatchesPosted),
    counted("batches_final", kCount, "settlement batches past their challenge window (cumulative)",
            Counter::kBatchesFinal),
    counted("batches_reverted", kCount,
            "batches in which a challenge reverted rewards (cumulative)",
            Counter::kBatchesReverted),
    counted("rewards_reverted", kBase, "rewards reverted by successful challenges (cumulative)",
            Counter::kRewardsReverted),
    computed("settlement_latency", kSeconds, "mean time from accrual to finality of paid rewards",
             [](In m) {
               const Counters& c = m.counters;
               return c[Counter::kLatencyCount] == 0
                          ? 0.0
                          : static_cast<double>(c[Counter::kLatencyTicksSum]) /
                                static_cast<double>(c[Counter::kLatencyCount]) * m.tick_seconds;
             }),
    counted("escaped_slashable", kBase,
            "poisoners' rewards that became final without being reverted by a challenge, "
            "whether or not the poisoner had been caught before (cumulative)",
            Counter::kEscaped),
    counted("contributor_pool_unpaid", kBase,
            "the part of the contributors' share of fees that no contributor received (no "
            "trained model yet, or the attribution rule paid nobody): sent to the treasury "
            "(cumulative)",
            Counter::kContributorPoolUnpaid),
    computed("slashable_pending", kBase,
             "poisoners' rewards accrued and neither final nor reverted yet: still revertible "
             "(at the end of a run: what escaped_slashable does not yet count)",
             [](In m) {
               Amount pending = Amount::zero();
               for (const AgentId a : m.world.population().of_kind(AgentKind::kContributor)) {
                 if (m.world.adversary_role(a) == Role::kPoisoner) {
                   pending += m.world.rewards_pending()[index(a)];
                 }
               }
               return pending.raw();
             }),
    // The treasury and value between actors.
    computed("treasury", kBase, "treasury balance",
             [](In m) {
               const auto& l = m.world.ledger();
               return l.liquid(l.account(ledger::ProtocolAccount::kTreasury)).raw();
             }),
    computed("in_flight", kBase, "token value sent between actors, not yet delivered",
             [](In m) { return narrow(m.world.in_flight(ledger::Asset::kToken)); }),
};

}  // namespace

MetricInput::MetricInput(const World& w, kernel::SimTime at, std::uint64_t committed)
    : world(w),
      now(at),
      events(committed),
      counters(w.counters()),
      tick_seconds(static_cast<double>(w.spec().tick.value()) / 1e6) {
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    live_sessions += w.domain(d).sessions.live_sessions(now);
    exposure += w.domain(d).sessions.total_exposure(now).bounded;
  }
  for (const AgentId a : w.population().of_kind(AgentKind::kAiAgent)) {
    const SimTime since = w.households().compromised_since(a);
    if (since == SimTime::never()) continue;
    const auto id = w.households().session_of(a);
    if (id != sessions::kNoSession && w.sessions_of(a).is_live(id, now)) {
      ++compromised_live;
      compromised_running_ticks += static_cast<std::uint64_t>((now - since).ticks());
    }
  }
  const auto& rows = w.rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    rows_used += rows.used[r];
    if (w.adversary_role(rows.contributor[r]) == Role::kHonest && rows.quality[r] > 0.0)
      honest_quality += rows.quality[r];
  }
}

std::span<const MetricDef> metric_defs() noexcept { return kDefs; }

void sample_metrics(const World& w, kernel::SimTime now, std::uint64_t events,
                    std::vector<MetricValue>& out) {
  const MetricInput input(w, now, events);
  out.clear();
  for (const MetricDef& def : kDefs) out.push_back(def.value(input));
}

std::string metrics_markdown() {
  std::string md = "| metric | unit | description |\n|---|---|---|\n";
  for (const MetricDef& def : kDefs) {
    md += "| `" + std::string(def.name) + "` | " + std::string(def.unit) + " | " +
          std::string(def.description) + " |\n";
  }
  return md;
}

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

}  // namespace coordsim::model::world
