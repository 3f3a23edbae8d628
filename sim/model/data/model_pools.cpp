// The contributors' share of inference fees, while it waits for a batch to post: one pool per
// model, split by the model's attribution weights into the settlement's open batch. The pools and
// weights are data's columns (Data::Model); what the split pays goes through
// settlement::Settlement.
#include "model/attribution/rules.hpp"
#include "model/data/data.hpp"
#include "model/sessions/reason.hpp"
#include "model/sessions/session_id.hpp"

namespace coordsim::model::data {

void Data::on_contributor_share(const kernel::Event& e, actor::Context& ctx) {
  ctx.receive(e, ctx.ledger().account(ledger::ProtocolAccount::kSettlement));
  const Amount pool{static_cast<std::int64_t>(e.payload)};
  const std::uint32_t slot = pop_->slot(e.source);
  Model& m = models_[slot];
  if (!m.trained || m.weights.contributors.empty()) {
    // What no contributor can earn (no model yet) belongs to the treasury.
    peers_.settlement->add_unpaid(ctx, pool);
    return;
  }
  if (!m.served) {
    m.served = true;
    for (const std::uint32_t row : m.rows) rows_.used[row] = 1;
  }
  if (pool == Amount::zero()) return;  // an unpaid inference (on_infer): nothing to accrue
  // The model's weights are fixed until it retrains, and a split of a sum equals the sum of the
  // splits up to rounding: so fees accrue per model and are split once, when the batch posts (or
  // the model retrains), instead of once per inference. Same payees, same exact budget balance,
  // a fraction of the work.
  if (m.pool == Amount::zero()) active_models_.push_back(slot);
  m.pool += pool;
  m.pool_time_weighted += static_cast<Wide>(pool.raw()) * static_cast<Wide>(e.time.ticks());
}

void Data::split_model_pool(actor::Context& ctx, std::uint32_t slot) {
  Model& m = models_[slot];
  if (m.pool <= Amount::zero()) return;
  const Amount pool = m.pool;
  const SimTime accrued{static_cast<std::uint64_t>(m.pool_time_weighted / pool.raw())};
  m.pool = Amount::zero();
  m.pool_time_weighted = 0;
  // Logged before the accruals it makes, so a replay divides the same pool by the weights the
  // model's `weight` rows hold (docs/output-format.md).
  ctx.record(actor::ActionKind::kPoolSplit, sessions::Reason::kNone,
             pop_->of_kind(scenario::AgentKind::kModelBuilder)[slot], peers_.protocol,
             sessions::kNoSession, pool);
  const Amount unallocated = attribution::split(pool, workspace_, m.weights);
  Amount paid = Amount::zero();
  for (std::size_t i = 0; i < m.weights.contributors.size(); ++i) {
    const Amount amount = m.weights.payouts[i];
    if (amount <= Amount::zero()) continue;
    peers_.settlement->accrue(m.weights.contributors[i], amount, accrued);
    paid += amount;
  }
  if (!m.credit.empty()) send_statements(slot, ctx);
  ++ctx.counters()[Counter::kFeeSplits];
  if (paid + unallocated != pool) ++ctx.counters()[Counter::kFeeSplitFailures];
  peers_.settlement->add_unpaid(ctx, unallocated);
}

double Data::mean_model_value() const noexcept {
  double sum = 0.0;
  std::size_t trained = 0;
  for (const Model& m : models_) {
    if (!m.trained) continue;
    sum += m.true_value;
    ++trained;
  }
  return trained == 0 ? 0.0 : sum / static_cast<double>(trained);
}

void Data::split_model_pools(actor::Context& ctx) {
  for (const std::uint32_t slot : active_models_) split_model_pool(ctx, slot);
  active_models_.clear();
}

}  // namespace coordsim::model::data
