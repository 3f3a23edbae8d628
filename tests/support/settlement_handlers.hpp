#pragma once
// The settlement's handlers as World dispatches them, for the mini worlds (mini_world.hpp) of the
// systems that pay into it (tests/model/settlement, tests/model/data). Its users link
// coordsim_model_settlement.
#include "kernel/event.hpp"
#include "model/actor/context.hpp"
#include "model/settlement/settlement.hpp"

namespace coordsim::test_support {

/// Handles event `e` of `kind` if it is one of the settlement's: a batch posted or final, a
/// withdrawal, a reward (to a validator), or value credited to `credited` (refunds, fees, slashes
/// and what the treasury receives). False for any other kind, left to the caller.
inline bool settlement_handles(model::settlement::Settlement& settlement, model::actor::Kind kind,
                               const kernel::Event& e, model::actor::Context& ctx,
                               model::ledger::AccountId credited) {
  using model::actor::Kind;
  switch (kind) {
    case Kind::kBatchPost:
      settlement.on_batch_post(e, ctx);
      return true;
    case Kind::kBatchFinal:
      settlement.on_batch_final(e, ctx);
      return true;
    case Kind::kWithdraw:
      settlement.on_withdraw(e, ctx);
      return true;
    case Kind::kReward:
      model::settlement::Settlement::on_reward(e, ctx);
      return true;
    case Kind::kCredit:
      ctx.receive(e, credited);
      return true;
    default:
      return false;
  }
}

}  // namespace coordsim::test_support
