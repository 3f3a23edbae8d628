#pragma once
// A small world for property tests, driven by the sequential kernel exactly as sim/run does
// (Scheduler(actor_count, block), seed_events, run_until), and watched only through the world's
// public read-only views and its ActionSink: the tests do not depend on how the world stores its
// state, so they keep working when its internals are sharded.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/scheduler.hpp"
#include "model/world/invariants.hpp"
#include "model/world/world.hpp"
#include "scenario/load.hpp"

namespace coordsim::model::world::test {

using kernel::SimDuration;
using kernel::SimTime;
using sessions::SessionId;

/// Every agent kind and every adversary at once, small enough to check after every event.
/// Caps are tight against the agents' spending so that CAP_EXCEEDED, renewal, watching and
/// revocation all happen within six hours; agents sub-delegate often so that chains form.
inline constexpr std::string_view kSmallWorld = R"(
name: world-property
seed: 1
duration: 6h
block_interval: 2s
population:
  - name: principals
    kind: principal
    count: 8
    endowment: 2000
    agents: 3
    grant_budget: {uniform: [20, 120]}
    watch: true
    detection_delay: {uniform: [2m, 30m]}
    anomaly_factor: 1.5
  - name: agents
    kind: ai_agent
    count: 24
    strategy: noise
    action_interval: {exponential: 2m}
    trade_size: {lognormal: {median: 1, sigma: 1}}
    inference_share: 0.4
    transfer_share: 0.3
    subdelegate_probability: 0.6
  - name: contributors
    kind: contributor
    count: 20
    endowment: 50
    row_interval: {exponential: 20m}
    datanets: 2
  - {name: builders, kind: model_builder, count: 3, endowment: 500, price: 0.5,
     retrain_interval: 30m, datanets_per_model: 2}
  - {name: validators, kind: validator, count: 4, endowment: 1000, stake: 500, accuracy: 0.8,
     sample_interval: {exponential: 5m}}
  - {name: makers, kind: market_maker, count: 2, endowment: 50000, liquidity: 20000,
     arbitrage_interval: 2m}
data:
  datanets: 4
sessions:
  default_ttl: 30m
  max_ttl: 4h
  max_depth: 2
  cap_accounting: per_link
  caps: {total: 100, per_action: 8, per_period: 40, period: 15m, calls: 40}
  renew: before_expiry
  renew_before: 3m
settlement: {batch_blocks: 10, challenge_window: 10m, challenge_probability: 0.5}
adversaries:
  key_compromise: {rate: 1, start: 30m}
  sybil: {fraction: 0.15, copies: 3}
  poisoner: {fraction: 0.15, quality: {uniform: [-1, -0.2]}}
  free_rider: {fraction: 0.1}
invariants:
  check: every_event
)";

/// A scenario text loaded with `seed` and further `--set`-style overrides (the seed is printed, so
/// that a failure names it).
[[nodiscard]] scenario::Spec world_with_seed(std::string_view yaml, std::string_view name,
                                             std::uint64_t seed,
                                             const std::vector<std::string>& overrides = {});

/// kSmallWorld with `seed` and further `--set`-style overrides.
[[nodiscard]] scenario::Spec small_world(std::uint64_t seed,
                                         const std::vector<std::string>& overrides = {});

/// Watches every action the world records. For each action applied through a session it checks,
/// at that instant, that the whole chain was valid (a property of the chain's columns, walked
/// here independently of the store's own authorize()), and it sums what attackers drained.
class ActionProbe final : public ActionSink {
 public:
  explicit ActionProbe(const World& w)
      : w_(&w), drained_(w.agent_count(), ledger::Amount::zero()) {}

  void on_action(const ActionRecord& r) override;

  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  [[nodiscard]] ledger::Amount drained(kernel::AgentId a) const noexcept {
    return drained_[index(a)];
  }
  [[nodiscard]] ledger::Wide drained_total() const noexcept { return drained_total_; }
  /// What router drains (the router-bug attacker) took, summed over the applied ones.
  [[nodiscard]] ledger::Wide router_total() const noexcept { return router_total_; }
  [[nodiscard]] std::uint64_t applied_checked() const noexcept { return applied_checked_; }
  [[nodiscard]] std::uint64_t links_checked() const noexcept { return links_checked_; }
  /// Amount and count of the applied actions taken with `s` (of domain `d`) as the acting session.
  [[nodiscard]] ledger::Wide acted_amount(std::uint32_t d, SessionId s) const noexcept {
    return d < acted_amount_.size() && s.value() < acted_amount_[d].size()
               ? acted_amount_[d][s.value()]
               : 0;
  }
  [[nodiscard]] std::uint64_t acted_calls(std::uint32_t d, SessionId s) const noexcept {
    return d < acted_calls_.size() && s.value() < acted_calls_[d].size()
               ? acted_calls_[d][s.value()]
               : 0;
  }

 private:
  void problem(const ActionRecord& r, const std::string& what);

  const World* w_;
  std::vector<ledger::Amount> drained_;
  ledger::Wide drained_total_ = 0;
  ledger::Wide router_total_ = 0;
  std::uint64_t applied_checked_ = 0;
  std::uint64_t links_checked_ = 0;
  std::vector<std::vector<ledger::Wide>> acted_amount_;  // per domain, per session of its store
  std::vector<std::vector<std::uint64_t>> acted_calls_;
  std::vector<std::string> problems_;
};

/// What the session checks remember between slices: the counters of every session at the first
/// slice that saw it dead (revoked or expired), and its revocation.
struct DomainSessionMemory {
  std::vector<std::uint8_t> dead;
  std::vector<ledger::Amount> spent_when_dead;
  std::vector<std::uint64_t> calls_when_dead;
  std::vector<SimTime> until_when_dead;
  std::vector<std::uint8_t> revoked;
  std::vector<SimTime> revoked_at;
};
/// One DomainSessionMemory per domain of the world (each domain has its own session store).
struct SessionMemory {
  std::vector<DomainSessionMemory> domains;
};

/// Checks every session of the world at `now` (attenuation, caps, monotone revocation, nothing
/// spent through a dead chain since it was first seen dead); appends what is wrong to `problems`.
void check_sessions(const World& w, SimTime now, SessionMemory& memory,
                    std::vector<std::string>& problems);

/// Recomputes conservation from the ledger's columns (independently of InvariantChecker): every
/// bucket of every account plus burned equals the supply, per asset; nothing is negative; the
/// in-flight account holds what the world says is travelling.
void check_conservation(const World& w, SimTime now, std::vector<std::string>& problems);

/// Every session's counters are exactly the applied actions charged to it: under per-link
/// accounting what its whole subtree did, under chain accounting what it did itself.
void check_accounting(const World& w, const ActionProbe& probe, std::vector<std::string>& problems);

/// The blast-radius bound for each compromised agent: what it drained is at most the sum of the
/// total caps of the sessions delegated to it that were still alive when it was compromised.
void check_blast_radius(const World& w, const ActionProbe& probe,
                        std::vector<std::string>& problems);

/// A world, its probe and a kernel, run in slices of `slice` with every check after each slice
/// (and InvariantChecker after every event when the scenario says every_event).
class Harness {
 public:
  explicit Harness(const scenario::Spec& spec);

  /// Runs to the end; returns false if any check failed (the reasons are in problems()).
  bool run(SimDuration slice);

  [[nodiscard]] const World& world() const noexcept { return *world_; }
  [[nodiscard]] const ActionProbe& probe() const noexcept { return *probe_; }
  [[nodiscard]] const std::vector<std::string>& problems() const noexcept { return problems_; }
  [[nodiscard]] std::uint64_t events() const noexcept { return scheduler_->committed(); }
  [[nodiscard]] std::uint64_t invariant_checks() const noexcept { return checker_.checks(); }

 private:
  std::unique_ptr<World> world_;
  std::unique_ptr<ActionProbe> probe_;
  std::unique_ptr<kernel::Scheduler> scheduler_;
  InvariantChecker checker_;
  SessionMemory memory_;
  std::vector<std::string> problems_;
};

/// Prints at most `limit` problems as one failure message.
[[nodiscard]] std::string describe(const std::vector<std::string>& problems,
                                   std::size_t limit = 10);

}  // namespace coordsim::model::world::test
