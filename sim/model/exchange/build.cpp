// The market at genesis: empty venues built from the scenario, then the treasury's and the
// makers' liquidity. Every draw uses the drawing actor's own stream, so the build is a pure
// function of the spec and its seed.
#include <cassert>
#include <cmath>

#include "model/exchange/exchange.hpp"
#include "scenario/units.hpp"

namespace coordsim::model::exchange {

using scenario::AgentKind;

Exchange::Exchange(const scenario::SpecData& spec, const actor::Population& pop, AgentId self)
    : spec_(&spec),
      pop_(&pop),
      self_(self),
      pool_(market::Fee::from_ppm(static_cast<std::uint32_t>(spec.market.fee.value()))),
      reference_(market::GbmParams{spec.market.initial_price, spec.market.reference.drift,
                                   spec.market.reference.model == scenario::ReferenceModel::kGbm
                                       ? spec.market.reference.volatility
                                       : 0.0,
                                   scenario::to_days(spec.market.reference.interval)},
                 spec.seed, actor::kActorStreamBase - 1) {
  const std::size_t makers = pop.of_kind(AgentKind::kMarketMaker).size();
  custody_token_.assign(makers, Amount::zero());
  custody_quote_.assign(makers, Amount::zero());
  posted_token_.assign(makers, Amount::zero());
  posted_quote_.assign(makers, Amount::zero());
  maker_bid_.assign(makers, market::kNoOrder);
  maker_ask_.assign(makers, market::kNoOrder);
}

void Exchange::build(ledger::Ledger& ledger, actor::Streams& streams, AgentId treasury) {
  const auto pool_account = ledger.account(ledger::ProtocolAccount::kPool);
  const auto treasury_account = ledger.account(ledger::ProtocolAccount::kTreasury);
  const double price = spec_->market.initial_price;
  // Without an AMM (market.type order_book) nothing is pooled: the treasury keeps its tokens and
  // the makers' whole holdings are custody for their quotes.
  const Amount seed_tokens =
      has_amm() ? ledger::min(spec_->market.pool_tokens, ledger.liquid(treasury_account))
                : Amount::zero();
  const Amount seed_quote{
      static_cast<std::int64_t>(std::floor(static_cast<double>(seed_tokens.raw()) * price))};
  if (seed_tokens > Amount::zero() && seed_quote > Amount::zero()) {
    (void)ledger.transfer(treasury_account, pool_account, seed_tokens, ledger::Asset::kToken);
    (void)ledger.transfer(treasury_account, pool_account, seed_quote, ledger::Asset::kQuote);
    (void)pool_.add_liquidity(treasury, seed_tokens, seed_quote);
  }
  const auto makers = pop_->of_kind(AgentKind::kMarketMaker);
  for (const AgentId m : makers) {
    auto r = streams.rng(m);
    const auto acct = ledger.account(m);
    const auto& params = spec_->population[pop_->group(m)].as<scenario::MarketMakerParams>();
    const Amount want = has_amm() ? actor::draw_amount(params.liquidity, r) : Amount::zero();
    const Amount tokens = ledger::min(want, ledger.liquid(acct));
    const Amount quote =
        tokens > Amount::zero() && pool_.reserve_token() > Amount::zero()
            ? ledger::min(Amount{static_cast<std::int64_t>(
                              std::floor(static_cast<double>(tokens.raw()) * pool_.spot_price()))},
                          ledger.quote(acct))
            : Amount::zero();
    if (tokens > Amount::zero() && quote > Amount::zero()) {
      const auto out = pool_.add_liquidity(m, tokens, quote);
      if (out.result == market::PoolResult::kOk) {
        (void)ledger.transfer(acct, pool_account, out.token, ledger::Asset::kToken);
        (void)ledger.transfer(acct, pool_account, out.quote, ledger::Asset::kQuote);
      }
    }
    const std::uint32_t slot = pop_->slot(m);
    custody_token_[slot] = ledger.liquid(acct);
    custody_quote_[slot] = ledger.quote(acct);
    (void)ledger.transfer(acct, pool_account, custody_token_[slot], ledger::Asset::kToken);
    (void)ledger.transfer(acct, pool_account, custody_quote_[slot], ledger::Asset::kQuote);
  }
  // The book opens with every maker's quotes, as the pool opens with its reserves. All quote the
  // same reference, so nothing crosses at genesis.
  if (has_book()) {
    auto r = streams.rng(self_);
    actor::Counters genesis;  // no handler runs yet: a genesis fill would be a bug
    for (std::uint32_t slot = 0; slot < makers.size(); ++slot) {
      requote(slot, r, genesis, nullptr);
      assert(fills_.fills.empty());
    }
  }
}

}  // namespace coordsim::model::exchange
