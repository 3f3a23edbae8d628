#pragma once
// The model builders actor system: each builder's inference price, its retraining requests, the
// inferences it serves (and the split of each fee), and, under a learning `behaviour`, its
// choice every period between exiting and serving at one of a grid of prices
// (docs/behaviour.md, "Builders").
//
// Owns: per builder its list price (drawn at genesis from the group's `price`), its current price
// and level (0: out), and under a learning rule its learners and the period's payoff terms;
// handlers kRetrain and kInfer (target: the builder), kPricePost (target: a copy of the price
// board, below), and the protocol's refunds of training
// deposits (kCredit from the protocol; the value itself is received by households::on_credit).
//
// Reads, never writes: the spec and the population. What other actors may read of it: the list
// prices and the price grid (fixed at genesis: `bid` computes an ai agent's offer from them),
// and, when an ai agent group compares builders (`inference_sample` > 0), its own domain's copy
// of the public price board (`choose`). The current price is the builder's own: an agent never
// reads it, it offers what it is willing to pay and the builder charges its price or refunds the
// offer (on_infer), as a limit order.
//
// The price board (docs/behaviour.md, "Builders competing for demand"): one copy per domain
// holding principals, each written only by events to that domain. A builder whose price or
// level changes posts the change (kPricePost, source the builder, target the domain's first
// principal, payload the price, 0 when out) to every copy, one block later; the copy's handler
// runs in that domain's shard in kernel order, as every read of it does. So no handler reads
// state another shard writes, and the board an agent sees is the same on any thread count.
//
// Guarantees: a `fixed` group is today's builder exactly (its list price, always in; no draw,
// event or checkpoint byte of its own). A handler changes only its target builder's columns.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "kernel/rng.hpp"
#include "kernel/time.hpp"
#include "model/actor/context.hpp"
#include "model/actor/population.hpp"
#include "model/actor/registry.hpp"
#include "model/behaviour/learning.hpp"
#include "model/ledger/ledger.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::builders {

using kernel::AgentId;
using kernel::SimDuration;
using kernel::SimTime;
using ledger::Amount;

/// The behaviour spec of a builder group: action 0 is out, action j = 1..levels the j-th price.
[[nodiscard]] behaviour::Spec to_spec(const scenario::BuilderBehaviour& b);
/// The price multiples of a group's grid, lowest first: geometric from 1/spread to spread
/// (levels = 1: {1}). A fixed group's grid is {1}.
[[nodiscard]] std::vector<double> price_grid(const scenario::BuilderBehaviour& b);

class Builders {
 public:
  /// Empty columns. `protocol` and `treasury` are the protocol actors fees are split to. `spec`
  /// and `pop` must outlive it.
  Builders(const scenario::SpecData& spec, const actor::Population& pop, AgentId protocol,
           AgentId treasury, SimDuration block);

  // --- Build (build.cpp) ---
  /// List prices, one draw from each builder's stream (at genesis, where the world drew them).
  void build_prices(actor::Streams& streams);
  /// Every builder's first training, soon after the start and staggered so builders do not all
  /// train at once. `add(time, target, kind)` records it.
  template <class Add>
  void initial_events(actor::Streams& streams, Add&& add) const {
    for (const AgentId b : pop_->of_kind(scenario::AgentKind::kModelBuilder)) {
      auto r = streams.rng(b);
      add(SimTime::zero() + block_ * (1 + static_cast<std::int64_t>(r.below(30))), b,
          actor::Kind::kRetrain);
    }
  }
  /// Learning groups: reservation returns (one more draw each) and the first level, after every
  /// other genesis draw, so fixed groups' draws are today's.
  void build_learners(actor::Streams& streams);

  // --- Handlers (builders.cpp): the target is the builder ---
  /// Its periodic retraining: decide (learning rule, when due), then ask the protocol to train
  /// with a deposit of the most the protocol's choice of datanets can cost.
  void on_retrain(const kernel::Event& e, actor::Context& ctx);
  /// An inference paid for: charged at the builder's price (the rest refunded) and split.
  void on_infer(const kernel::Event& e, actor::Context& ctx);
  /// Value arriving at the builder (after households::on_credit received it): the protocol's
  /// refund of a training deposit is income of the period.
  void on_credit(const kernel::Event& e);
  /// A builder's posted price arriving at a domain's copy of the board (kPricePost, addressed to
  /// the domain's first principal; source: the builder).
  void on_post(const kernel::Event& e, actor::Context& ctx);

  // --- The public price board (only when an ai agent group has inference_sample > 0) ---
  /// Opens the board: `domain_of` is the world's partition (per actor); each domain holding
  /// principals gets a copy, updated through events to its first principal. Before build_prices.
  void open_board(std::span<const std::uint32_t> domain_of, std::size_t domains);
  [[nodiscard]] bool has_board() const noexcept { return board_; }
  /// An ai agent's choice of builder in domain `domain`: `k` draws (with replacement) among the
  /// builders that domain's board shows serving, the lowest posted price of them (the first drawn
  /// on a tie); none when the board shows none serving. Reads only the domain's own copy.
  [[nodiscard]] std::optional<AgentId> choose(std::uint32_t domain, std::int64_t k,
                                              kernel::Rng& r) const;
  /// The price domain `domain`'s board posts for builder `slot` (0: out).
  [[nodiscard]] Amount posted(std::uint32_t domain, std::uint32_t slot) const noexcept {
    return posted_[domain][slot];
  }

  /// An ai agent's offer for one inference from builder `b`, from public information only (the
  /// list price and the group's grid, and the agent's own p_ref = inference_reference):
  /// willingness to pay v = p_ref u^(-1/elasticity), u uniform
  /// (one draw, only when elasticity > 0), so P(v >= p) = min(1, (p_ref/p)^elasticity); nothing
  /// when v is below the lowest price b may charge, else min(v, highest). Elasticity 0: the
  /// highest price (for a fixed builder its list price: today's payment).
  [[nodiscard]] std::optional<Amount> bid(AgentId b, const scenario::AiAgentParams& ap,
                                          kernel::Rng& r) const;

  // --- Read-only views (metrics, tests) ---
  [[nodiscard]] bool any_learning() const noexcept { return any_learning_; }
  [[nodiscard]] bool learning(AgentId b) const noexcept;
  [[nodiscard]] Amount list_price(std::uint32_t slot) const noexcept { return list_[slot]; }
  [[nodiscard]] Amount price(std::uint32_t slot) const noexcept { return price_[slot]; }
  [[nodiscard]] bool active(std::uint32_t slot) const noexcept { return level_[slot] != 0; }
  [[nodiscard]] std::size_t size() const noexcept { return price_.size(); }
  /// Builders in (every fixed builder, and learning builders not out).
  [[nodiscard]] std::int64_t active_count() const noexcept;
  /// Mean current price of the builders in, base units (0 when none is).
  [[nodiscard]] double mean_active_price() const noexcept;
  /// Inferences refused (offer below the price, or the builder out), per builder, cumulative.
  [[nodiscard]] std::uint64_t refused(std::uint32_t slot) const noexcept { return refused_[slot]; }
  /// Inferences served, per builder, cumulative (checkpointed only with a price board: without
  /// one it counts from the world's build or load; a view for tests).
  [[nodiscard]] std::uint64_t sold(std::uint32_t slot) const noexcept { return sold_[slot]; }

  // --- Checkpoint (checkpoint.cpp): only with a learning group (fixed columns are rebuilt) or a
  // price board (its copies and the inferences sold) ---
  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged or foreign archive.
  void load(kernel::ArchiveReader& in);

  /// The kinds this system handles alone (actor/registry.hpp; the world's dispatch table is built
  /// from it). Kinds shared with another system are the world's dispatch exceptions
  /// (world/systems.hpp).
  using Handlers = actor::Handlers<actor::On<actor::Kind::kInfer, &Builders::on_infer>,
                                   actor::On<actor::Kind::kRetrain, &Builders::on_retrain>,
                                   actor::On<actor::Kind::kPricePost, &Builders::on_post>>;

 private:
  [[nodiscard]] const scenario::ModelBuilderParams& params(AgentId b) const {
    return spec_->population[pop_->group(b)].as<scenario::ModelBuilderParams>();
  }
  /// At the builder's retraining: when a decision is due, learn the period's payoff and choose.
  void decide_if_due(AgentId b, actor::Context& ctx);
  void set_level(std::uint32_t slot, std::uint32_t group, std::uint32_t level);
  /// Every copy of the board as the builders are now (at genesis).
  void fill_board();
  /// Posts builder `b`'s price (0: out) to every copy, one block after `ctx.now()`.
  void post(AgentId b, actor::Context& ctx) const;
  void save_board(kernel::ArchiveWriter& out) const;
  void load_board(kernel::ArchiveReader& in);

  const scenario::SpecData* spec_;
  const actor::Population* pop_;
  AgentId protocol_;
  AgentId treasury_;
  SimDuration block_;
  std::int64_t unit_ = 1;  // base units per token
  // The sum of the k dearest datanet fees, k = 0..datanets: the deposit for a training on k
  // datanets (a pure function of the spec).
  std::vector<Amount> deposit_for_;
  bool any_learning_ = false;
  // Per group (empty for fixed groups): the price multiples and the learners.
  std::vector<std::vector<double>> grid_;
  std::vector<behaviour::Learners> learners_;
  // Per builder (by slot).
  std::vector<Amount> list_;         // drawn at genesis; public
  std::vector<Amount> price_;        // what it charges now
  std::vector<std::uint8_t> level_;  // 0: out; j >= 1: grid_[group][j - 1]; fixed: 1
  std::vector<std::uint64_t> refused_;
  // Learning builders' period (by slot).
  std::vector<SimTime> next_decision_;
  std::vector<SimTime> period_start_;
  std::vector<std::uint8_t> has_period_;
  std::vector<Amount> income_;        // builder's share of fees + deposit refunds this period
  std::vector<Amount> paid_;          // training deposits sent this period
  std::vector<std::int64_t> served_;  // inferences served this period
  std::vector<Amount> reservation_;   // outside option, base units per day (from the spec)
  std::vector<std::uint64_t> sold_;   // inferences served, cumulative
  // The price board (empty unless board_): per domain, the actor its posts go to (kNoAgent: no
  // copy), the posted price per builder slot (0: out) and the slots posted serving, ascending.
  bool board_ = false;
  std::vector<AgentId> board_rep_;
  std::vector<std::vector<Amount>> posted_;
  std::vector<std::vector<std::uint32_t>> serving_;
};

}  // namespace coordsim::model::builders
