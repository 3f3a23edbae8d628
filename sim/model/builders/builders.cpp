// The builders' handlers: retraining requests, inference served and split, and the learning
// builders' decisions (docs/behaviour.md, "Builders"):
//
//   serving at level j (price p_j):  payoff = net / days(period) - reservation return
//        net = builder's share of fees + deposit refunds - deposits - serving_cost x inferences
//   out:                              payoff = 0 (the outside option is the reference)
//
// Determinism: a decision is made at the builder's own kRetrain event, reads only its own
// columns (fees, refunds arrive as events to it) and draws once from its own stream.
#include <algorithm>
#include <cmath>

#include "model/behaviour/payoff.hpp"
#include "model/builders/builders.hpp"

namespace coordsim::model::builders {

using actor::Counter;
using actor::Kind;

namespace {
/// A grid level's price: the list price times the multiple, in whole base units, at least 1.
Amount level_price(Amount list, double multiple) {
  return ledger::max(
      Amount{1},
      Amount{static_cast<std::int64_t>(std::llround(static_cast<double>(list.raw()) * multiple))});
}
}  // namespace

bool Builders::learning(AgentId b) const noexcept {
  return any_learning_ && !grid_[pop_->group(b)].empty();
}

void Builders::set_level(std::uint32_t slot, std::uint32_t group, std::uint32_t level) {
  level_[slot] = static_cast<std::uint8_t>(level);
  if (level != 0) price_[slot] = level_price(list_[slot], grid_[group][level - 1]);
}

void Builders::decide_if_due(AgentId b, actor::Context& ctx) {
  const std::uint32_t i = pop_->slot(b);
  const SimTime now = ctx.now();
  if (now < next_decision_[i]) return;
  const auto g = pop_->group(b);
  const auto& beh = params(b).behaviour;
  const std::uint32_t agent = b.value() - pop_->first(g);
  const SimDuration held = now - period_start_[i];
  if (has_period_[i] != 0 && held.ticks() > 0) {
    const SimDuration day = spec_->ticks(scenario::Micros{86'400'000'000});
    double payoff = 0.0;  // tokens per day above the reservation return
    if (level_[i] != 0) {
      behaviour::PayoffTerms terms;
      terms.income = income_[i];
      terms.fees = paid_[i];
      terms.effort = ledger::mul_div(beh.serving_cost, served_[i], 1);
      terms.held = held;
      payoff = behaviour::to_tokens(
                   behaviour::net_payoff(terms, behaviour::OpportunityCost{0, day}), unit_) *
                   static_cast<double>(day.ticks()) / static_cast<double>(held.ticks()) -
               behaviour::to_tokens(reservation_[i], unit_);
    }
    learners_[g].learn(agent, level_[i], payoff);
  }
  has_period_[i] = 1;
  period_start_[i] = now;
  income_[i] = Amount::zero();
  paid_[i] = Amount::zero();
  served_[i] = 0;
  auto r = ctx.rng(b);
  const std::uint8_t level_before = level_[i];
  const Amount price_before = price_[i];
  set_level(i, g, learners_[g].choose(agent, r));
  next_decision_[i] = now + std::max(block_, spec_->ticks(beh.period));
  if (board_ && (level_[i] != level_before || price_[i] != price_before)) post(b, ctx);
}

void Builders::post(AgentId b, actor::Context& ctx) const {
  const std::uint32_t i = pop_->slot(b);
  const std::uint64_t payload = level_[i] == 0 ? 0 : static_cast<std::uint64_t>(price_[i].raw());
  for (const AgentId rep : board_rep_) {
    if (rep == kernel::kNoAgent) continue;
    ctx.scheduler().schedule(ctx.now() + block_, rep, b, code(Kind::kPricePost), 0, payload);
  }
}

void Builders::on_post(const kernel::Event& e, actor::Context& ctx) {
  const std::uint32_t d = ctx.domain_index();
  const std::uint32_t i = pop_->slot(e.source);
  const Amount price{static_cast<std::int64_t>(e.payload)};
  const bool was = posted_[d][i] != Amount::zero();
  const bool is = price != Amount::zero();
  posted_[d][i] = price;
  if (was == is) return;
  auto& serving = serving_[d];
  const auto at = std::lower_bound(serving.begin(), serving.end(), i);
  if (is) {
    serving.insert(at, i);
  } else {
    serving.erase(at);
  }
}

std::optional<AgentId> Builders::choose(std::uint32_t domain, std::int64_t k,
                                        kernel::Rng& r) const {
  const auto& serving = serving_[domain];
  if (serving.empty()) return std::nullopt;
  const auto n = static_cast<std::uint32_t>(serving.size());
  const auto& posted = posted_[domain];
  std::uint32_t best = serving[r.below(n)];
  for (std::int64_t j = 1; j < k; ++j) {
    const std::uint32_t c = serving[r.below(n)];
    if (posted[c] < posted[best]) best = c;
  }
  return pop_->of_kind(scenario::AgentKind::kModelBuilder)[best];
}

void Builders::on_retrain(const kernel::Event& e, actor::Context& ctx) {
  const AgentId b = e.target;
  const auto& bp = params(b);
  ctx.scheduler().schedule(ctx.now() + std::max(block_, spec_->ticks(bp.retrain_interval)), b, b,
                           code(Kind::kRetrain));
  const bool learns = learning(b);
  if (learns) {
    decide_if_due(b, ctx);
    if (level_[pop_->slot(b)] == 0) return;  // out: no model to keep fresh
  }
  // Training publishes a new version of each datanet the protocol chooses for the model, at that
  // datanet's fee. The builder cannot know the choice (the protocol makes it from what it has
  // observed), so it sends the most the choice can cost with the request, and the protocol pays
  // the fees and refunds the rest. A builder who cannot put up the deposit keeps its old model.
  const auto datanets = static_cast<std::int64_t>(deposit_for_.size() - 1);
  const Amount deposit = deposit_for_[static_cast<std::size_t>(
      std::clamp<std::int64_t>(bp.datanets_per_model, 1, datanets))];
  const auto acct = ctx.ledger().account(b);
  if (!ctx.send(b, acct, protocol_, Kind::kTrain, deposit, ledger::Asset::kToken)) {
    ++ctx.counters()[Counter::kPublishUnpaid];
    return;
  }
  if (learns) paid_[pop_->slot(b)] += deposit;
  // send() schedules nothing for a zero amount (every datanet free): ask without money.
  if (deposit == Amount::zero()) ctx.schedule_for(protocol_, b, Kind::kTrain);
}

void Builders::on_infer(const kernel::Event& e, actor::Context& ctx) {
  const AgentId b = e.target;
  const auto acct = ctx.ledger().account(b);
  ctx.receive(e, acct);
  Amount fee{static_cast<std::int64_t>(e.payload)};
  const bool learns = learning(b);
  const std::uint32_t i = pop_->slot(b);
  if (learns) {
    // The agent offered what it is willing to pay; the builder charges its price, or refunds the
    // whole offer when it is out or the offer is below its price.
    const bool serves = level_[i] != 0 && fee >= price_[i];
    const Amount refund = serves ? fee - price_[i] : fee;
    if (refund > Amount::zero())
      (void)ctx.send(b, acct, e.source, Kind::kCredit, refund, ledger::Asset::kToken);
    if (!serves) {
      ++refused_[i];
      return;
    }
    fee = price_[i];
  }
  const auto& split = spec_->incentives.fee_split;
  constexpr std::int64_t kOne = scenario::kPpmPerOne;
  const Amount protocol_share = ledger::mul_div(fee, split.protocol.value(), kOne);
  const Amount validator_share = ledger::mul_div(fee, split.validators.value(), kOne);
  const Amount contributor_share = ledger::mul_div(fee, split.contributors.value(), kOne);
  // Rounding leftovers go to the builder, so the four shares always sum to the fee exactly.
  const Amount builder_share = fee - protocol_share - validator_share - contributor_share;
  auto& counters = ctx.counters();
  ++counters[Counter::kFeeSplits];
  if (builder_share < Amount::zero() ||
      protocol_share + validator_share + contributor_share + builder_share != fee) {
    ++counters[Counter::kFeeSplitFailures];
  }
  ++counters[Counter::kInferences];
  counters[Counter::kFees] += fee.raw();
  ++sold_[i];
  if (learns) {
    income_[i] += builder_share;
    ++served_[i];
  }
  (void)ctx.send(b, acct, treasury_, Kind::kCredit, protocol_share, ledger::Asset::kToken);
  (void)ctx.send(b, acct, protocol_, Kind::kValidatorShare, validator_share, ledger::Asset::kToken);
  (void)ctx.send(b, acct, protocol_, Kind::kContributorShare, contributor_share,
                 ledger::Asset::kToken);
  // The protocol hears of every inference, paid share or not (a 0% contributor share, or one that
  // rounds to nothing): a model that serves has used its rows (data_utilisation).
  if (contributor_share == Amount::zero()) ctx.schedule_for(protocol_, b, Kind::kContributorShare);
}

void Builders::on_credit(const kernel::Event& e) {
  if (e.source != protocol_ || !learning(e.target)) return;
  income_[pop_->slot(e.target)] += Amount{static_cast<std::int64_t>(e.payload)};
}

std::optional<Amount> Builders::bid(AgentId b, const scenario::AiAgentParams& ap,
                                    kernel::Rng& r) const {
  const std::uint32_t i = pop_->slot(b);
  const auto g = pop_->group(b);
  const bool grid = any_learning_ && !grid_[g].empty();
  const Amount lo = grid ? level_price(list_[i], grid_[g].front()) : list_[i];
  const Amount hi = grid ? level_price(list_[i], grid_[g].back()) : list_[i];
  if (ap.inference_elasticity <= 0.0) return hi;
  // Willingness to pay, Pareto with scale p_ref and shape elasticity: P(v >= p) = (p_ref/p)^e.
  const double v = static_cast<double>(ap.inference_reference.raw()) *
                   std::pow(r.uniform(), -1.0 / ap.inference_elasticity);
  if (!(v >= static_cast<double>(lo.raw()))) return std::nullopt;
  if (v >= static_cast<double>(hi.raw())) return hi;
  return Amount{static_cast<std::int64_t>(std::floor(v))};
}

std::int64_t Builders::active_count() const noexcept {
  return std::count_if(level_.begin(), level_.end(), [](std::uint8_t l) { return l != 0; });
}

double Builders::mean_active_price() const noexcept {
  double sum = 0.0;
  std::int64_t n = 0;
  for (std::size_t i = 0; i < price_.size(); ++i) {
    if (level_[i] == 0) continue;
    sum += static_cast<double>(price_[i].raw());
    ++n;
  }
  return n == 0 ? 0.0 : sum / static_cast<double>(n);
}

}  // namespace coordsim::model::builders
