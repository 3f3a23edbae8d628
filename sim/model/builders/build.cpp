// The builders at genesis: list prices (one draw each, where the world drew them before this
// system existed, so fixed groups keep their streams), and for learning groups the grid, the
// learners and the reservation returns. Every draw uses the builder's own stream.
#include <algorithm>
#include <cmath>

#include "model/behaviour/from_scenario.hpp"
#include "model/builders/builders.hpp"

namespace coordsim::model::builders {

using scenario::AgentKind;

behaviour::Spec to_spec(const scenario::BuilderBehaviour& b) {
  return behaviour::to_spec(
      b, static_cast<std::uint32_t>(b.levels) + 1U);  // out, then the price levels
}

std::vector<double> price_grid(const scenario::BuilderBehaviour& b) {
  if (b.rule == scenario::BehaviourRule::kFixed || b.levels <= 1) return {1.0};
  std::vector<double> grid;
  const double top = static_cast<double>(b.levels - 1);
  for (std::int64_t j = 0; j < b.levels; ++j)
    grid.push_back(std::pow(b.price_spread, 2.0 * static_cast<double>(j) / top - 1.0));
  return grid;
}

Builders::Builders(const scenario::SpecData& spec, const actor::Population& pop, AgentId protocol,
                   AgentId treasury, SimDuration block)
    : spec_(&spec), pop_(&pop), protocol_(protocol), treasury_(treasury), block_(block) {
  for (std::int64_t d = 0; d < spec.token.decimals; ++d) unit_ *= 10;
  // The deposit for k datanets: the k dearest fees (the loader checked one fee per datanet).
  const auto count = static_cast<std::size_t>(std::max<std::int64_t>(1, spec.data.datanets));
  std::vector<Amount> fees(spec.data.publish_fees.begin(), spec.data.publish_fees.end());
  fees.resize(count, spec.incentives.publish_fee);
  std::sort(fees.begin(), fees.end(), [](Amount a, Amount b) { return b < a; });
  deposit_for_.assign(1, Amount::zero());
  for (const Amount fee : fees) deposit_for_.push_back(deposit_for_.back() + fee);
  const std::size_t n = pop.of_kind(AgentKind::kModelBuilder).size();
  list_.assign(n, Amount::zero());
  price_.assign(n, Amount::zero());
  level_.assign(n, 1);
  refused_.assign(n, 0);
  sold_.assign(n, 0);
  grid_.resize(pop.groups());
  learners_.resize(pop.groups());
  for (std::size_t g = 0; g < pop.groups(); ++g) {
    const auto& group = spec.population[g];
    if (group.kind != AgentKind::kModelBuilder) continue;
    const auto& b = group.as<scenario::ModelBuilderParams>().behaviour;
    if (b.rule == scenario::BehaviourRule::kFixed) continue;
    any_learning_ = true;
    grid_[g] = price_grid(b);
    learners_[g] = behaviour::Learners(to_spec(b), pop.count(g));
  }
}

void Builders::open_board(std::span<const std::uint32_t> domain_of, std::size_t domains) {
  for (const auto& group : spec_->population)
    if (group.kind == AgentKind::kAiAgent &&
        group.as<scenario::AiAgentParams>().inference_sample > 0)
      board_ = true;
  if (!board_) return;
  // A copy per domain that holds principals (an ai agent lives in its principal's domain), kept
  // by the domain's first principal: its posts are events to it.
  board_rep_.assign(domains, kernel::kNoAgent);
  for (const AgentId p : pop_->of_kind(AgentKind::kPrincipal)) {
    AgentId& rep = board_rep_[domain_of[p.value()]];
    if (rep == kernel::kNoAgent) rep = p;
  }
  posted_.assign(domains, std::vector<Amount>(price_.size(), Amount::zero()));
  serving_.assign(domains, {});
}

void Builders::fill_board() {
  if (!board_) return;
  for (std::size_t d = 0; d < posted_.size(); ++d) {
    serving_[d].clear();
    for (std::uint32_t i = 0; i < price_.size(); ++i) {
      posted_[d][i] = level_[i] == 0 ? Amount::zero() : price_[i];
      if (level_[i] != 0) serving_[d].push_back(i);
    }
  }
}

void Builders::build_prices(actor::Streams& streams) {
  for (const AgentId b : pop_->of_kind(AgentKind::kModelBuilder)) {
    auto r = streams.rng(b);
    const std::uint32_t i = pop_->slot(b);
    list_[i] = ledger::max(Amount{1}, actor::draw_amount(params(b).price, r));
    price_[i] = list_[i];
  }
  fill_board();
}

void Builders::build_learners(actor::Streams& streams) {
  if (!any_learning_) return;
  const std::size_t n = price_.size();
  next_decision_.assign(n, SimTime::never());
  period_start_.assign(n, SimTime::zero());
  has_period_.assign(n, 0);
  income_.assign(n, Amount::zero());
  paid_.assign(n, Amount::zero());
  served_.assign(n, 0);
  reservation_.assign(n, Amount::zero());
  for (const AgentId b : pop_->of_kind(AgentKind::kModelBuilder)) {
    if (!learning(b)) continue;
    const std::uint32_t i = pop_->slot(b);
    const auto g = pop_->group(b);
    const auto& beh = params(b).behaviour;
    auto r = streams.rng(b);
    reservation_[i] = actor::draw_amount(beh.reservation_return, r);
    // A learning builder starts in, at the level nearest its list price, and first decides
    // after one period of experience of it.
    const auto& grid = grid_[g];
    std::uint32_t start = 0;
    for (std::uint32_t j = 1; j < grid.size(); ++j)
      if (std::abs(std::log(grid[j])) < std::abs(std::log(grid[start]))) start = j;
    set_level(i, g, start + 1);
    has_period_[i] = 1;
    next_decision_[i] = SimTime::zero() + std::max(block_, spec_->ticks(beh.period));
  }
  fill_board();  // a learning builder starts at its grid's level nearest its list price
}

}  // namespace coordsim::model::builders
