// The builders' and validators' handlers, the last ones in World: a builder's training request
// and its inferences' fee split, a validator's sampling turn. What they reach of the data
// economy (the deposit a training needs, the encoding of a sample's accuracy) is
// data::Data's read-only API; the protocol's side of both (kTrain, kSample) is data's.
#include <algorithm>

#include "model/world/world.hpp"

namespace coordsim::model::world {

void World::on_retrain(const kernel::Event& e, actor::Context& ctx) {
  kernel::Scheduler& s = ctx.scheduler();
  const auto& bp = spec_->population[pop_.group(e.target)].as<scenario::ModelBuilderParams>();
  s.schedule(s.now() + std::max(block_, spec_->ticks(bp.retrain_interval)), e.target, e.target,
             code(Kind::kRetrain));
  // Training publishes a new version of each datanet the protocol chooses for the model, at that
  // datanet's fee. The builder cannot know the choice (the protocol makes it from what it has
  // observed), so it sends the most the choice can cost with the request, and the protocol pays
  // the fees and refunds the rest. A builder who cannot put up the deposit keeps its old model.
  const Amount deposit = data_.deposit_for(data_.datanets_per_model(bp));
  if (!ctx.send(e.target, ctx.ledger().account(e.target), protocol(), Kind::kTrain, deposit,
                ledger::Asset::kToken)) {
    ++ctx.counters()[Counter::kPublishUnpaid];
    return;
  }
  // send() schedules nothing for a zero amount (every datanet free): ask without money.
  if (deposit == Amount::zero())
    s.schedule(s.now() + block_, protocol(), e.target, code(Kind::kTrain));
}

void World::on_infer(const kernel::Event& e, actor::Context& ctx) {
  kernel::Scheduler& s = ctx.scheduler();
  const AgentId b = e.target;
  const auto acct = ctx.ledger().account(b);
  ctx.receive(e, acct);
  const Amount fee{static_cast<std::int64_t>(e.payload)};
  const auto& split = spec_->incentives.fee_split;
  constexpr std::int64_t kOne = scenario::kPpmPerOne;
  const Amount protocol_share = ledger::mul_div(fee, split.protocol.value(), kOne);
  const Amount validator_share = ledger::mul_div(fee, split.validators.value(), kOne);
  const Amount contributor_share = ledger::mul_div(fee, split.contributors.value(), kOne);
  // Rounding leftovers go to the builder, so the four shares always sum to the fee exactly.
  const Amount builder_share = fee - protocol_share - validator_share - contributor_share;
  Counters& counters = ctx.counters();
  ++counters[Counter::kFeeSplits];
  if (builder_share < Amount::zero() ||
      protocol_share + validator_share + contributor_share + builder_share != fee) {
    ++counters[Counter::kFeeSplitFailures];
  }
  ++counters[Counter::kInferences];
  counters[Counter::kFees] += fee.raw();
  (void)ctx.send(b, acct, treasury(), Kind::kCredit, protocol_share, ledger::Asset::kToken);
  (void)ctx.send(b, acct, protocol(), Kind::kValidatorShare, validator_share,
                 ledger::Asset::kToken);
  (void)ctx.send(b, acct, protocol(), Kind::kContributorShare, contributor_share,
                 ledger::Asset::kToken);
  // The protocol hears of every inference, paid share or not (a 0% contributor share, or one that
  // rounds to nothing): a model that serves has used its rows (data_utilisation).
  if (contributor_share == Amount::zero())
    s.schedule(s.now() + block_, protocol(), b, code(Kind::kContributorShare));
}

void World::on_validate(const kernel::Event& e, actor::Context& ctx) {
  kernel::Scheduler& s = ctx.scheduler();
  const AgentId v = e.target;
  auto r = ctx.rng(v);
  const auto& vp = spec_->population[pop_.group(v)].as<scenario::ValidatorParams>();
  s.schedule(s.now() + draw_duration(vp.sample_interval, r), v, v, code(Kind::kValidate));
  s.schedule(s.now() + block_, protocol(), v, code(Kind::kWithdraw));
  const double accuracy = std::clamp(scenario::sample(vp.accuracy, r), 0.0, 1.0);
  constexpr double kFractionScale = data::kFractionScale;
  s.schedule(s.now() + block_, protocol(), v, code(Kind::kSample), 0,
             static_cast<std::uint64_t>(std::min(accuracy * kFractionScale, kFractionScale - 1.0)));
}

}  // namespace coordsim::model::world
