#include "model/world/invariants.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "model/ledger/invariant.hpp"

namespace coordsim::model::world {

namespace {

[[noreturn]] void fail(std::string invariant, const std::string& context, ledger::Wide expected,
                       ledger::Wide actual, std::vector<ledger::InvolvedBalance> balances = {}) {
  ledger::InvariantViolation v;
  v.invariant = std::move(invariant);
  v.context = context;
  v.expected = expected;
  v.actual = actual;
  v.balances = std::move(balances);
  throw ledger::InvariantViolationError(std::move(v));
}

}  // namespace

void InvariantChecker::check(const World& w, kernel::SimTime now, std::uint64_t events,
                             std::string_view what) {
  ++checks_;
  const std::string context = std::string(what) + " (tick " + std::to_string(now.ticks()) +
                              ", after " + std::to_string(events) + " events)";
  const auto& wanted = w.spec().invariants;  // each family can be switched off in the scenario
  if (wanted.conservation) check_conservation(w, now, events, what, context);
  if (wanted.authorisation) {
    for (std::uint32_t d = 0; d < w.domain_count(); ++d)
      check_sessions(w.domain(d).sessions, context);
  }
  if (wanted.budget_balance) {
    const auto c = w.counters();
    if (c[Counter::kFeeSplitFailures] != 0) {
      fail("budget_balance", context, 0, static_cast<ledger::Wide>(c[Counter::kFeeSplitFailures]));
    }
  }
}

void InvariantChecker::check_conservation(const World& w, kernel::SimTime now, std::uint64_t events,
                                          std::string_view what, const std::string& context) {
  const auto& l = w.ledger();
  const ledger::EventContext ctx{now.ticks(), events, what};
  // Conservation and no negative balance, per asset, counting the value in flight.
  const ledger::Wide flying_token = w.in_flight(ledger::Asset::kToken);
  const ledger::Wide flying_quote = w.in_flight(ledger::Asset::kQuote);
  ledger::enforce_invariants(l, ctx, flying_token, flying_quote);
  if (flying_token < 0 || flying_quote < 0)
    fail("in_flight", context, 0, std::min(flying_token, flying_quote));

  const auto pool_account = l.account(ledger::ProtocolAccount::kPool);
  const auto makers = w.population().of_kind(scenario::AgentKind::kMarketMaker);
  ledger::Wide custody_token = 0;
  ledger::Wide custody_quote = 0;
  ledger::Wide posted_token = 0;
  for (std::size_t m = 0; m < makers.size(); ++m) {
    custody_token += w.exchange().maker_custody(m, ledger::Asset::kToken).raw() +
                     w.exchange().maker_posted(m, ledger::Asset::kToken).raw();
    custody_quote += w.exchange().maker_custody(m, ledger::Asset::kQuote).raw() +
                     w.exchange().maker_posted(m, ledger::Asset::kQuote).raw();
    posted_token += w.exchange().maker_posted(m, ledger::Asset::kToken).raw();
    if (w.exchange().maker_posted(m, ledger::Asset::kQuote) < ledger::Amount::zero() ||
        w.exchange().maker_custody(m, ledger::Asset::kQuote) < ledger::Amount::zero() ||
        w.exchange().maker_custody(m, ledger::Asset::kToken) < ledger::Amount::zero()) {
      fail("book_backing (a maker's custody or escrow is negative)", context, 0,
           std::min(w.exchange().maker_posted(m, ledger::Asset::kQuote),
                    std::min(w.exchange().maker_custody(m, ledger::Asset::kQuote),
                             w.exchange().maker_custody(m, ledger::Asset::kToken)))
               .raw());
    }
  }
  // Only makers rest orders, and an ask escrows exactly its tokens: the asks on the book are
  // what the makers have posted.
  const ledger::Wide resting_asks =
      w.exchange().book().depth(market::Side::kSell, std::numeric_limits<std::size_t>::max()).raw();
  if (posted_token != resting_asks)
    fail("book_backing (asks)", context, posted_token, resting_asks);
  const ledger::Wide want_token = custody_token + w.exchange().pool().reserve_token().raw();
  const ledger::Wide want_quote = custody_quote + w.exchange().pool().reserve_quote().raw();
  if (l.liquid(pool_account).raw() != want_token || l.quote(pool_account).raw() != want_quote) {
    fail("pool_backing", context, want_token, l.liquid(pool_account).raw(),
         {{pool_account, "token", l.liquid(pool_account)},
          {pool_account, "quote", l.quote(pool_account)}});
  }
  // k may only fall when liquidity is withdrawn, which the world never does.
  const ledger::Wide k = w.exchange().pool().k();
  if (k < last_k_) fail("pool_backing (k decreased)", context, last_k_, k);
  last_k_ = k;
}

void InvariantChecker::check_sessions(const sessions::SessionStore& st,
                                      const std::string& context) {
  const bool per_link = st.policy().cap_accounting == sessions::CapAccounting::kPerLink;
  for (std::uint32_t i = 0; i < st.size(); ++i) {
    const sessions::SessionId id{i};
    ++sessions_checked_;
    const auto caps = st.caps(id);
    if (per_link && caps.total != sessions::kUnlimited && st.spent_total(id) > caps.total) {
      fail("authorisation (session " + std::to_string(i) + " spent past its total cap)", context,
           caps.total.raw(), st.spent_total(id).raw());
    }
    const auto parent = st.parent(id);
    if (parent == sessions::kNoSession) continue;
    if (!sessions::caps_within(caps, st.caps(parent)) ||
        st.valid_until(id) > st.valid_until(parent) ||
        !st.actions(id).subset_of(st.actions(parent))) {
      fail("authorisation (session " + std::to_string(i) + " exceeds its parent " +
               std::to_string(parent.value()) + ")",
           context, st.caps(parent).total.raw(), caps.total.raw());
    }
  }
}

}  // namespace coordsim::model::world
