#pragma once
// The market actor system: the AMM pool, the limit order book, the exogenous reference price, and
// the market makers' custody and quotes. The market runs the makers' turns on their behalf from
// their custody, so no other actor ever reads or writes the pool or the book; traders reach it
// only by sending value (a kSwap event) and get value back (kCredit events).
//
// Owns: its columns (below), its handlers (kSwap, kReferenceTick, kArbitrage), its genesis and
// first events, its checkpoint section. It changes the ledger only through the handler context
// (value in and out of the pool's account), and counts into the context's counters.
//
// Guarantees: custody and escrow never go negative; the asks resting on the book are exactly the
// tokens the makers escrowed (InvariantChecker checks both). Not promised: which venue a trade
// uses when both quote the same marginal price (the AMM, today).
#include <cstdint>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/event.hpp"
#include "kernel/time.hpp"
#include "model/actor/context.hpp"
#include "model/actor/population.hpp"
#include "model/actor/price_code.hpp"
#include "model/actor/registry.hpp"
#include "model/ledger/ledger.hpp"
#include "model/market/order_book.hpp"
#include "model/market/pool.hpp"
#include "model/market/reference_price.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::exchange {

using kernel::AgentId;
using ledger::Amount;

class Exchange {
 public:
  /// Order-book prices are integers: quote base units per kBookLot token base units.
  static constexpr std::int64_t kBookLot = 1'000'000;
  [[nodiscard]] static double book_price(market::Price p) noexcept {
    return static_cast<double>(p.value()) / static_cast<double>(kBookLot);
  }

  /// An empty market for `spec`; `self` is the market actor's id. `spec` and `pop` must outlive it.
  Exchange(const scenario::SpecData& spec, const actor::Population& pop, AgentId self);

  // --- Build (build.cpp) ---
  /// Genesis: the treasury seeds the pool at the initial price, makers add their liquidity beside
  /// it and leave the rest of their holdings in custody, the book opens with their quotes.
  void build(ledger::Ledger& ledger, actor::Streams& streams, AgentId treasury);
  /// The market's first events: each maker's first turn, the first reference tick (if it moves).
  /// `add(time, target, kind, aux)` records one.
  template <class Add>
  void initial_events(actor::Streams& streams, Add&& add) const;

  // --- Handlers (exchange.cpp): the target is the market actor ---
  void on_swap(const kernel::Event& e, actor::Context& ctx);
  void on_reference_tick(const kernel::Event& e, actor::Context& ctx);
  void on_arbitrage(const kernel::Event& e, actor::Context& ctx);

  /// A price as it travels in an event's spare aux bits (price_code.hpp), and back.
  [[nodiscard]] std::uint16_t encode_price(double price,
                                           actor::price_code::Round round) const noexcept;
  [[nodiscard]] double decode_fill_price(std::uint16_t aux) const noexcept;

  // --- Read-only views (metrics, invariants, tests) ---
  [[nodiscard]] bool has_amm() const noexcept {
    return spec_->market.type != scenario::MarketType::kOrderBook;
  }
  [[nodiscard]] bool has_book() const noexcept {
    return spec_->market.type != scenario::MarketType::kAmm;
  }
  [[nodiscard]] const market::Pool& pool() const noexcept { return pool_; }
  [[nodiscard]] double reference_price() const noexcept { return reference_.price(); }
  [[nodiscard]] const market::OrderBook& book() const noexcept { return book_; }
  [[nodiscard]] Amount maker_custody(std::size_t maker, ledger::Asset asset) const noexcept {
    return asset == ledger::Asset::kToken ? custody_token_[maker] : custody_quote_[maker];
  }
  /// What a maker has escrowed in its resting order-book quotes (out of its custody).
  [[nodiscard]] Amount maker_posted(std::size_t maker, ledger::Asset asset) const noexcept {
    return asset == ledger::Asset::kToken ? posted_token_[maker] : posted_quote_[maker];
  }
  /// A maker's current quote on one side (kNoOrder, or an id that may since have filled).
  [[nodiscard]] market::OrderId maker_quote(std::size_t maker, market::Side side) const noexcept {
    return side == market::Side::kBuy ? maker_bid_[maker] : maker_ask_[maker];
  }

  // --- Checkpoint (checkpoint.cpp): every column that changes; scratch is not stored ---
  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError for a damaged or foreign archive.
  void load(kernel::ArchiveReader& in);

  /// The kinds this system handles alone (actor/registry.hpp; the world's dispatch table is built
  /// from it). Kinds shared with another system are the world's dispatch exceptions
  /// (world/systems.hpp).
  using Handlers =
      actor::Handlers<actor::On<actor::Kind::kSwap, &Exchange::on_swap>,
                      actor::On<actor::Kind::kReferenceTick, &Exchange::on_reference_tick>,
                      actor::On<actor::Kind::kArbitrage, &Exchange::on_arbitrage>>;

 private:
  /// What the taker of a set of fills (if it is not a maker) pays and receives.
  struct Settled {
    Amount paid;      // in the taker's input asset
    Amount received;  // in the other asset
  };
  [[nodiscard]] bool book_is_better(bool buy) const noexcept;
  void swap_on_amm(const kernel::Event& e, actor::Context& ctx, bool buy, Amount in, double limit);
  void swap_on_book(const kernel::Event& e, actor::Context& ctx, bool buy, Amount in, double limit);
  /// A maker's turn on the book: cancel its quotes, take their escrow back, quote afresh.
  /// `log` is the handler's context, to log custody and escrow moves (null at genesis, before
  /// the opening balances are taken).
  void requote(std::uint32_t maker_slot, kernel::Rng& r, actor::Counters& counters,
               actor::Context* log);
  /// Moves the value of fills between makers' escrow and custody.
  Settled settle_fills(const market::MatchOutput& fills, actor::Counters& counters,
                       actor::Context* log);
  static void log_move(actor::Context* log, std::uint32_t from, actor::Place from_place,
                       std::uint32_t to, actor::Place to_place, Amount amount) {
    if (log != nullptr) log->move(from, from_place, to, to_place, amount);
  }
  void arbitrage_amm(std::uint32_t maker_slot, actor::Context& ctx);

  const scenario::SpecData* spec_;
  const actor::Population* pop_;
  AgentId self_;
  market::Pool pool_;
  market::GbmPrice reference_;
  market::OrderBook book_;
  // Per market maker (by slot).
  std::vector<Amount> custody_token_;
  std::vector<Amount> custody_quote_;
  std::vector<market::OrderId> maker_bid_;  // its resting quotes
  std::vector<market::OrderId> maker_ask_;
  std::vector<Amount> posted_token_;  // escrowed in its resting ask
  std::vector<Amount> posted_quote_;  // escrowed in its resting bid
  market::MatchOutput fills_;         // scratch, reused by every order
};

template <class Add>
void Exchange::initial_events(actor::Streams& streams, Add&& add) const {
  const kernel::SimTime zero = kernel::SimTime::zero();
  for (const AgentId m : pop_->of_kind(scenario::AgentKind::kMarketMaker)) {
    auto r = streams.rng(m);
    const auto& params = spec_->population[pop_->group(m)].as<scenario::MarketMakerParams>();
    add(zero + actor::draw_duration(*spec_, params.arbitrage_interval, r), self_,
        actor::Kind::kArbitrage,
        static_cast<std::uint16_t>(std::min<std::uint32_t>(pop_->slot(m), 0xFFFF)));
  }
  if (spec_->market.reference.model == scenario::ReferenceModel::kGbm) {
    add(zero + spec_->ticks(spec_->market.reference.interval), self_, actor::Kind::kReferenceTick,
        std::uint16_t{0});
  }
}

}  // namespace coordsim::model::exchange
