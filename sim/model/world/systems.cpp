// The registration list's out-of-line parts: the dispatch exceptions and the checkpoint order.
#include "model/world/systems.hpp"

namespace coordsim::model::world {

using scenario::AgentKind;

void Systems::on_credit(Systems& s, const kernel::Event& e, actor::Context& ctx) {
  s.households.on_credit(e, ctx);
  if (s.builders.any_learning() && e.target.value() < s.setup.pop->agents() &&
      s.setup.pop->kind(e.target) == AgentKind::kModelBuilder)
    s.builders.on_credit(e);
}

void Systems::on_reward(Systems& s, const kernel::Event& e, actor::Context& ctx) {
  const AgentKind kind = s.setup.pop->kind(e.target);
  if (kind == AgentKind::kValidator) return s.validators.on_reward(e, ctx);
  if (kind == AgentKind::kContributor) return s.data.on_contributor_reward(e, ctx);
  settlement::Settlement::on_reward(e, ctx);
}

void Systems::on_slash(Systems& s, const kernel::Event& e, actor::Context& ctx) {
  const bool learns =
      s.setup.pop->kind(e.target) == AgentKind::kValidator && s.validators.adaptive(e.target);
  if (learns) s.validators.note_stake(e.target, ctx.now(), ctx.ledger());
  const ledger::Amount slashed = s.data.on_slash(e, ctx);
  if (learns && slashed > ledger::Amount::zero()) s.validators.note_slashed(e.target, slashed);
}

void Systems::on_train(Systems& s, const kernel::Event& e, actor::Context& ctx) {
  s.data.on_train(e, ctx);
  s.settlement.log_accruals(ctx);
}

void Systems::on_batch_post(Systems& s, const kernel::Event& e, actor::Context& ctx) {
  s.data.split_model_pools(ctx);
  s.settlement.on_batch_post(e, ctx);
}

// The section order is the order the members had in World before the split: the bytes are
// pinned by the golden digests, so the settlement, builders and validators follow data's first
// part without tags of their own (validators' section has one inside, "VALD"), and data's second
// part comes last.
void Systems::save(kernel::ArchiveWriter& out) const {
  out.tag(kAgentsTag);
  households.save(out);

  out.tag(kMarketTag);
  exchange.save(out);
  interactions.save(out);

  out.tag(kProtocolTag);
  data.save(out);
  settlement.save(out);
  builders.save(out);  // nothing unless a builder group learns (builders/checkpoint.cpp)
  validators.save(out);

  out.tag(kContribTag);
  data.save_contributors(out);

  extensions.save(out);  // each with its own tag, after the pinned sections
}

void Systems::load_rest(kernel::ArchiveReader& in) {
  in.expect_tag(kMarketTag, "market");
  exchange.load(in);
  interactions.load(in);

  in.expect_tag(kProtocolTag, "protocol");
  data.load(in);
  settlement.load(in);
  builders.load(in);
  validators.load(in);

  in.expect_tag(kContribTag, "contributors");
  data.load_contributors(in);

  extensions.load(in);
}

}  // namespace coordsim::model::world
