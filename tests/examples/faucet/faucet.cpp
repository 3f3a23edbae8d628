#include "faucet.hpp"

#include <algorithm>

#include "faucet_kind.hpp"
#include "model/world/register_system.hpp"
#include "model/world/systems.hpp"

namespace coordsim::examples::faucet {

namespace {
constexpr std::uint32_t kFaucetTag = 0x46415543;  // "FAUC"
namespace ledger = model::ledger;
namespace actor = model::actor;
}  // namespace

// The registration: linking this file puts the faucet in every World of the executable.
const int kFaucetSystem = model::world::register_system<Faucet>("faucet");

Faucet::Faucet(const model::world::ExtensionSetup& setup) : kinds_(setup.kinds<OwnKind>()) {
  const model::world::Setup& w = setup.world;
  const auto faucets = w.pop->of_kind(kFaucet.kind());
  if (faucets.empty()) return;
  self_ = faucets[0];
  const auto& p = w.spec->population[w.pop->group(self_)].as<FaucetParams>();
  drip_ = p.drip;
  period_ = w.spec->ticks(p.period);
}

void Faucet::build(ledger::Ledger& books, actor::Streams& /*streams*/, kernel::SimTime end,
                   const model::world::InitialAdd& add) {
  if (!active() || self_.value() == 0) return;
  const auto turns =
      static_cast<ledger::Wide>(end.ticks() / static_cast<std::uint64_t>(period_.ticks()));
  const auto treasury = books.account(ledger::ProtocolAccount::kTreasury);
  const ledger::Wide have = books.liquid(treasury).raw();
  const Amount budget{static_cast<std::int64_t>(std::min(drip_.raw() * turns, have))};
  (void)books.transfer(treasury, books.account(self_), budget, ledger::Asset::kToken);
  add(kernel::SimTime::zero() + period_, self_, kinds_.code(OwnKind::kTurn), 0, 0);
}

void Faucet::on_turn(const kernel::Event& /*e*/, actor::Context& ctx) {
  const AgentId to{next_};
  // The only way out of this actor: value in flight, delivered to the agent one block later.
  if (ctx.send(self_, ctx.ledger().account(self_), to, actor::Kind::kCredit, drip_,
               ledger::Asset::kToken)) {
    paid_ += drip_;  // send logged the move; a `transfer` row would claim a session action
  }
  next_ = (next_ + 1) % self_.value();
  ++turns_;
  ctx.scheduler().schedule(ctx.now() + period_, self_, self_, kinds_.code(OwnKind::kTurn));
}

void Faucet::save(kernel::ArchiveWriter& out) const {
  out.tag(kFaucetTag);
  out.pod(next_);
  out.pod(turns_);
  out.pod(paid_.raw());
}

void Faucet::load(kernel::ArchiveReader& in) {
  in.expect_tag(kFaucetTag, "faucet");
  in.pod(next_);
  in.pod(turns_);
  std::int64_t paid = 0;
  in.pod(paid);
  kernel::ArchiveReader::require(next_ == 0 || (active() && next_ < self_.value()), "faucet turn");
  kernel::ArchiveReader::require(paid >= 0, "faucet paid");
  paid_ = Amount{paid};
}

}  // namespace coordsim::examples::faucet
