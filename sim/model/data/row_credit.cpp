// The stock credit of contributors' effort and datanet choices (docs/behaviour.md, "Stock
// credit"). A row is durable capital: every training uses all of a datanet's rows, so a
// contributor's income in a period is paid on its whole stock of rows, most of them written in
// earlier periods. Crediting the period's income to the period's effort (or datanet) sees the
// effort's cost at once and almost none of its return. Instead:
//
//   protocol, at a training:  each credited payee's weight in the model is shared among the tags
//                             (effort level, datanet offset) of its rows there, in proportion to
//                             what the rule pays a row: 1 under `usage` (a row is a row), the
//                             row's observed quality max(q^, 0) under the rules that read it;
//   protocol, at a split:     a statement per (payee, tag): payout x share, a kStatement event
//                             (aux: the tag), no value (what a dashboard of one's rows
//                             shows; the money still arrives as one reward after finality);
//                             With it, a second statement: how many of the payee's rows of that
//                             tag the split paid (P_k);
//   contributor, per period:  per effort level k (datanet d) the statements S_k and the integral
//                             of the rows it holds at k, R_k (rows x days), counting the rows
//                             written before the period began (a row earns only once a model
//                             trained on it served and a batch posted: counted from its own
//                             period on, every new level would look worthless); at its end,
//                             for every k with R_k > 0,
//                               pi_k = r x (S_k / R_k x row_life - cost_k)
//                             with r the rows it wrote per day over the period and cost_k the
//                             effort cost of a row at k (at the period's effort, for datanets),
//                             learned as action k's payoff (tokens per day, like the group's
//                             other payoffs). Levels without rows held learn nothing.
//
// Determinism: the protocol's part runs at its own events (trainings, batch posts) and reads
// only its columns and the spec; statements reach the contributor as events; the contributor's
// part runs at its own events. Nothing is allocated per event once the scratch has grown.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "model/attribution/register_rule.hpp"
#include "model/behaviour/payoff.hpp"
#include "model/data/data.hpp"

namespace coordsim::model::data {

void Data::note_rows(std::uint32_t i, SimTime now) {
  Adaptive& a = adaptive_;
  const auto dt = static_cast<Wide>((now - a.held_since[i]).ticks());
  const std::size_t base = std::size_t{i} * kTagColumns;
  if (dt > 0) {
    for (std::size_t t = 0; t < kTagColumns; ++t)
      a.row_ticks[base + t] += static_cast<Wide>(a.held[base + t]) * dt;
  }
  a.held_since[i] = now;
}

void Data::mature_rows(std::uint32_t i, std::uint32_t k, std::uint32_t o) {
  Adaptive& a = adaptive_;
  const std::size_t base = std::size_t{i} * kTagColumns;
  a.held[base + k] += a.fresh[i];
  a.held[base + kTagSlots + o] += a.fresh[i];
  a.fresh[i] = 0;
}

void Data::drop_rows(std::uint32_t i, SimTime now) {
  note_rows(i, now);
  const std::size_t base = std::size_t{i} * kTagColumns;
  for (std::size_t t = 0; t < kTagColumns; ++t) adaptive_.held[base + t] = 0;
  adaptive_.fresh[i] = 0;
}

void Data::learn_stock(AgentId c, SimDuration held, SimDuration day) {
  // The caller brought row_ticks up to the period's end (note_rows).
  Adaptive& a = adaptive_;
  const std::uint32_t i = pop_->slot(c);
  const auto g = pop_->group(c);
  const std::uint32_t agent = c.value() - pop_->first(g);
  const auto& b = spec_->population[g].as<scenario::ContributorParams>().behaviour;
  const auto unit = static_cast<std::int64_t>(unit_);
  const auto day_ticks = static_cast<double>(day.ticks());
  // Rows written per day over the period: the scale of the payoff (tokens per day).
  const double rate =
      static_cast<double>(a.books.rows[i]) * day_ticks / static_cast<double>(held.ticks());
  if (rate <= 0.0) return;
  const double life = static_cast<double>(spec_->ticks(b.row_life).ticks()) / day_ticks;
  // Effort cost of one row at level k, in tokens (rounded to base units as the payoff does).
  auto cost = [&](std::uint32_t k) {
    const double per_row =
        static_cast<double>(b.effort_per_row.raw()) * (1.0 + b.effort_cost * effort_of(b, k));
    return static_cast<double>(std::llround(per_row)) / static_cast<double>(unit);
  };
  const std::size_t base = std::size_t{i} * kTagColumns;
  // Earned per row held per day, over the row's life, less its cost: a row's net worth.
  auto payoff = [&](std::size_t t, double row_cost) {
    const double row_days = static_cast<double>(a.row_ticks[base + t]) / day_ticks;
    const double per_row_day = behaviour::to_tokens(a.credit[base + t], unit) / row_days;
    return rate * (per_row_day * life - row_cost);
  };
  if (chooses_effort(c)) {
    // Effort: the contributor's yield per row held per day, all levels pooled, times level k's
    // pay relative to the mean pay per row of the models that paid its rows (what its rows
    // earned over what they would have earned at that mean: 1 at every level under `usage`).
    // Which datanets the builders trained on, and how much each model earned, is the same
    // lottery for every level; only the rule's pay per row tells levels apart. A level none of
    // whose rows were paid is expected to pay the mean (relative 1).
    auto& l = a.effort_learners[g];
    Wide ticks = 0;
    Amount earned = Amount::zero();
    for (std::uint32_t k = 0; k < l.actions(); ++k) {
      ticks += a.row_ticks[base + k];
      earned += a.credit[base + k];
    }
    const double yield =
        ticks <= 0 ? 0.0
                   : behaviour::to_tokens(earned, unit) / (static_cast<double>(ticks) / day_ticks);
    for (std::uint32_t k = 0; k < l.actions() && earned > Amount::zero(); ++k) {
      const double relative = a.par[base + k] <= Amount::zero()
                                  ? 1.0
                                  : static_cast<double>(a.credit[base + k].raw()) /
                                        static_cast<double>(a.par[base + k].raw());
      l.learn(agent, k, rate * (relative * yield * life - cost(k)));
    }
  }
  if (chooses_datanet(c)) {
    auto& l = a.datanet_learners[g];
    const double now_cost = cost(a.effort.empty() ? 0U : a.effort[i]);
    for (std::uint32_t o = 0; o < l.actions(); ++o)
      if (a.row_ticks[base + kTagSlots + o] > 0) l.learn(agent, o, payoff(kTagSlots + o, now_cost));
  }
}

void Data::build_credit(std::uint32_t slot) {
  Model& m = models_[slot];
  m.credit.clear();
  credit_scratch_.clear();
  const auto& players = m.weights.contributors;
  const bool per_row = attribution::row_credit(rule_.rule) == attribution::RowCredit::kPerRow;
  for (std::size_t k = 0; k < m.rows.size(); ++k) {
    const std::uint32_t row = m.rows[k];
    const AgentId c = rows_.contributor[row];
    if (!credited(c)) continue;
    // What the rule pays this row, relative to the payee's other rows in the model.
    const double w = per_row ? 1.0 : std::max(scratch_rows_[k].quality, 0.0);
    if (w <= 0.0) continue;
    const auto p = static_cast<std::uint32_t>(std::lower_bound(players.begin(), players.end(), c) -
                                              players.begin());
    if (p >= players.size() || players[p] != c) continue;
    credit_scratch_.push_back(CreditShare{p, row, row_tag_[row], 1, w, 0.0});
  }
  if (credit_scratch_.empty()) return;
  std::sort(credit_scratch_.begin(), credit_scratch_.end(),
            [](const CreditShare& x, const CreditShare& y) {
              return x.player != y.player ? x.player < y.player
                                          : (x.tag != y.tag ? x.tag < y.tag : x.row < y.row);
            });
  // One share per (player, tag), its weights summed in row order; then normalised per player.
  credit_sum_.assign(players.size(), 0.0);
  for (const CreditShare& e : credit_scratch_) {
    credit_sum_[e.player] += e.share;
    if (!m.credit.empty() && m.credit.back().player == e.player && m.credit.back().tag == e.tag) {
      m.credit.back().share += e.share;
      ++m.credit.back().count;
    } else {
      m.credit.push_back(e);
    }
  }
  for (CreditShare& e : m.credit) {
    e.share /= credit_sum_[e.player];
    e.even = static_cast<double>(e.count) / static_cast<double>(m.rows.size());
  }
}

void Data::send_statements(std::uint32_t slot, actor::Context& ctx) {
  const Model& m = models_[slot];
  kernel::Scheduler& s = ctx.scheduler();
  // At the model's mean pay per row, a payee's rows would have earned total x their share of
  // the model's rows (even): `par`.
  Amount total = Amount::zero();
  for (const Amount paid : m.weights.payouts) total += paid;
  for (const CreditShare& e : m.credit) {
    const Amount paid = m.weights.payouts[e.player];
    if (paid <= Amount::zero()) continue;
    const AgentId c = m.weights.contributors[e.player];
    if (e.row < left_before_[index(c)]) continue;  // its rows left with it: held by nobody
    const auto amount =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(paid.raw()) * e.share));
    const auto par =
        static_cast<std::uint64_t>(std::llround(static_cast<double>(total.raw()) * e.even));
    if (amount > 0)
      s.schedule(s.now() + block_, c, peers_.protocol, code(Kind::kStatement),
                 static_cast<std::uint16_t>(e.tag), amount);
    if (par > 0)
      s.schedule(s.now() + block_, c, peers_.protocol, code(Kind::kStatement),
                 static_cast<std::uint16_t>(kPar | e.tag), par);
  }
}

}  // namespace coordsim::model::data
