#include "faucet.hpp"

namespace coordsim::model::actor::example {

namespace {
constexpr std::uint32_t kFaucetTag = 0x46415543;  // "FAUC"
}  // namespace

Faucet::Faucet(std::uint32_t agents, AgentId self, Amount drip, kernel::SimDuration period)
    : agents_(agents), self_(self), drip_(drip), period_(period) {}

void Faucet::on_turn(const kernel::Event& /*e*/, Context& ctx) {
  const AgentId to{next_};
  const auto from = ctx.ledger().account(ledger::ProtocolAccount::kTreasury);
  // The only way out of this actor: value in flight, delivered to the agent one block later.
  if (ctx.send(self_, from, to, Kind::kCredit, drip_, ledger::Asset::kToken)) {
    ctx.counters()[Counter::kValueMoved] += drip_.raw();
    ctx.record(ActionKind::kTransfer, sessions::Reason::kNone, self_, to, sessions::kNoSession,
               drip_);
  }
  next_ = (next_ + 1) % agents_;
  ++turns_;
  ctx.scheduler().schedule(ctx.now() + period_, self_, self_, code(Kind::kAgentAct));
}

void Faucet::on_credit(const kernel::Event& e, Context& ctx) const {
  ctx.receive(e, ctx.ledger().account(e.target));
}

void Faucet::save(kernel::ArchiveWriter& out) const {
  out.tag(kFaucetTag);
  out.pod(next_);
  out.pod(turns_);
}

void Faucet::load(kernel::ArchiveReader& in) {
  in.expect_tag(kFaucetTag, "faucet");
  in.pod(next_);
  in.pod(turns_);
  kernel::ArchiveReader::require(next_ < agents_, "faucet turn");
}

}  // namespace coordsim::model::actor::example
