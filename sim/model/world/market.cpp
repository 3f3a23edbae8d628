// The market actor: the AMM pool, the exogenous reference price, and the market makers'
// arbitrage, which the market runs on their behalf from their custody (so that no other actor
// ever reads or writes the pool).
#include <algorithm>
#include <cmath>

#include "model/market/arbitrage.hpp"
#include "model/world/world.hpp"

namespace coordsim::model::world {

namespace {
// A fill price travels back to the trader in the reply's spare aux bits as a fraction of the
// initial price, 1/8192 resolution, up to 4x: enough for a momentum trader to see the trend.
constexpr double kPriceScale = 8192.0;
constexpr double kPriceCodeMax = 32767.0;
}  // namespace

void World::on_swap(const kernel::Event& e, kernel::Scheduler& s) {
  const auto pool_account = ledger_.account(ledger::ProtocolAccount::kPool);
  receive(e, pool_account);
  const bool token_in = (e.aux & 1U) == 0;
  const Amount in{static_cast<std::int64_t>(e.payload)};
  const auto dir =
      token_in ? market::SwapDirection::kTokenToQuote : market::SwapDirection::kQuoteToToken;
  const auto out = pool_.swap_exact_in(dir, in);
  const auto in_asset = token_in ? ledger::Asset::kToken : ledger::Asset::kQuote;
  const auto out_asset = token_in ? ledger::Asset::kQuote : ledger::Asset::kToken;
  if (out.result != market::PoolResult::kOk) {
    ++here().counters.failed_swaps;
    (void)send(s, market(), pool_account, e.source, Kind::kCredit, in, in_asset);
    return;
  }
  ++here().counters.swaps;
  here().counters.swap_volume += token_in ? in.raw() : out.amount_out.raw();
  const double fill =
      token_in ? static_cast<double>(out.amount_out.raw()) / static_cast<double>(in.raw())
               : static_cast<double>(in.raw()) / static_cast<double>(out.amount_out.raw());
  const double code_value =
      std::clamp(std::round(fill / spec_->market.initial_price * kPriceScale), 1.0, kPriceCodeMax);
  (void)send(s, market(), pool_account, e.source, Kind::kCredit, out.amount_out, out_asset,
             static_cast<std::uint16_t>(code_value));
}

double World::decode_fill_price(std::uint16_t aux) const noexcept {
  const unsigned code_value = static_cast<unsigned>(aux) >> 1U;
  return code_value == 0
             ? 0.0
             : static_cast<double>(code_value) / kPriceScale * spec_->market.initial_price;
}

void World::on_reference_tick(const kernel::Event& /*e*/, kernel::Scheduler& s) {
  (void)reference_.advance();
  s.schedule(s.now() + spec_->ticks(spec_->market.reference.interval), market(), market(),
             code(Kind::kReferenceTick));
}

void World::on_arbitrage(const kernel::Event& e, kernel::Scheduler& s) {
  const std::uint32_t slot = e.aux;
  const auto makers = pop_.of_kind(scenario::AgentKind::kMarketMaker);
  const AgentId maker = makers[slot];
  auto r = rng(market());
  const auto& mp = spec_->population[pop_.group(maker)].as<scenario::MarketMakerParams>();
  s.schedule(s.now() + draw_duration(mp.arbitrage_interval, r), market(), market(),
             code(Kind::kArbitrage), e.aux);

  const auto plan = market::plan_arbitrage(pool_, market::to_ratio(reference_.price()));
  const bool token_in = plan.direction == market::SwapDirection::kTokenToQuote;
  Amount& have_in = token_in ? custody_token_[slot] : custody_quote_[slot];
  Amount& have_out = token_in ? custody_quote_[slot] : custody_token_[slot];
  const Amount amount = ledger::min(plan.amount_in, have_in);
  if (amount <= Amount::zero()) return;
  const auto out = pool_.swap_exact_in(plan.direction, amount);
  if (out.result != market::PoolResult::kOk) return;
  // Custody and reserves both sit in the pool's ledger account: the swap moves value between
  // them inside the account, so the ledger does not change.
  have_in -= amount;
  have_out += out.amount_out;
  ++here().counters.swaps;
  here().counters.swap_volume += token_in ? amount.raw() : out.amount_out.raw();
}

}  // namespace coordsim::model::world
