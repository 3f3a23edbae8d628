#include "thief.hpp"

#include <numeric>
#include <optional>

#include "model/world/register_system.hpp"
#include "model/world/systems.hpp"
#include "thief_kind.hpp"

namespace coordsim::examples::thief {

namespace {
constexpr std::uint32_t kThiefTag = 0x54484946;  // "THIF"
namespace actor = model::actor;
namespace ledger = model::ledger;
namespace sessions = model::sessions;
}  // namespace

// The registration: linking this file puts the thieves' system in every World of the executable.
const int kThiefSystem = model::world::register_system<Thief>("thief");

Thief::Thief(const model::world::ExtensionSetup& setup)
    : spec_(setup.world.spec),
      pop_(setup.world.pop),
      kinds_(setup.kinds<OwnKind>()),
      thieves_(static_cast<std::uint32_t>(pop_->of_kind(kThief.kind()).size())),
      attempts_(std::size_t{thieves_} * kWays, 0),
      refused_(std::size_t{thieves_} * kWays, 0),
      taken_(thieves_, Amount::zero()) {}

void Thief::build(ledger::Ledger& /*ledger*/, actor::Streams& /*streams*/, kernel::SimTime /*end*/,
                  const model::world::InitialAdd& add) {
  for (const AgentId t : pop_->of_kind(kThief.kind())) {
    const auto& p = spec_->population[pop_->group(t)].as<ThiefParams>();
    add(kernel::SimTime::zero() + spec_->ticks(p.period), t, kinds_.code(OwnKind::kTurn), 0, 0);
  }
}

void Thief::on_turn(const kernel::Event& e, actor::Context& ctx) {
  const AgentId t = e.target;
  const std::uint32_t i = pop_->slot(t);
  const auto& p = spec_->population[pop_->group(t)].as<ThiefParams>();
  const Amount amount = p.amount;
  auto r = ctx.rng(t);
  sessions::SessionStore& store = ctx.domain().sessions;
  if (store.size() > 0) {
    // A session of its domain's households, live or not: ids are public (the run file lists them).
    const sessions::SessionId s{r.below(static_cast<std::uint32_t>(store.size()))};
    note(i, Way::kHijack, take(ctx, t, i, s, amount));
    // Hold a session of its own by extending that chain to itself, then spend through it.
    const sessions::GrantResult g =
        store.subdelegate(s, t, t, std::nullopt, sessions::Terms{}, ctx.now());
    note(i, Way::kEscalate, g.ok() && take(ctx, t, i, g.id, amount));
  }
  // Pay an accomplice (any agent) more than it holds: the excess would be made from nothing.
  const AgentId accomplice{r.below(pop_->agents())};
  const ledger::AccountId own = ctx.ledger().account(t);
  const Amount more = ctx.ledger().liquid(own) + amount;
  const bool paid = ctx.send(t, own, accomplice, actor::Kind::kCredit, more, ledger::Asset::kToken);
  if (paid) taken_[i] += amount;
  note(i, Way::kOverdraw, paid);
  ctx.scheduler().schedule(ctx.now() + spec_->ticks(p.period), t, t, kinds_.code(OwnKind::kTurn));
}

bool Thief::take(actor::Context& ctx, AgentId t, std::uint32_t i, sessions::SessionId s,
                 Amount amount) {
  sessions::SessionStore& store = ctx.domain().sessions;
  // The same path as an ai agent's spend (households::Households::spend): the chain first, then
  // the payer's funds; the payer is the principal at the chain's root.
  const ledger::AccountId payer = ctx.ledger().account(store.principal(store.root(s)));
  sessions::Reason reason =
      store.authorize(s, t, sessions::Action::kTransfer, t, amount, ctx.now()).reason;
  if (reason == sessions::Reason::kNone && ctx.ledger().liquid(payer) < amount)
    reason = sessions::Reason::kInsufficientFunds;
  if (reason == sessions::Reason::kNone) {
    (void)ctx.send(t, payer, t, actor::Kind::kCredit, amount, ledger::Asset::kToken);
    store.commit_spend(s, amount, ctx.now());
    taken_[i] += amount;
  } else {
    ++ctx.counters().rejected(reason);
  }
  // A drain row, as the key-compromise attacker's: `coordsim verify` re-derives its reason.
  ctx.record(actor::ActionKind::kDrain, reason, t, t, s, amount, actor::Place::kLiquid);
  return reason == sessions::Reason::kNone;
}

void Thief::note(std::uint32_t i, Way w, bool applied) noexcept {
  const std::size_t at = std::size_t{i} * kWays + static_cast<std::size_t>(w);
  ++attempts_[at];
  if (!applied) ++refused_[at];
}

std::uint64_t Thief::sum(const std::vector<std::uint64_t>& column, Way w) noexcept {
  std::uint64_t n = 0;
  for (std::size_t at = static_cast<std::size_t>(w); at < column.size(); at += kWays)
    n += column[at];
  return n;
}

std::uint64_t Thief::attempts() const noexcept {
  return std::accumulate(attempts_.begin(), attempts_.end(), std::uint64_t{0});
}

Amount Thief::taken() const noexcept {
  return std::accumulate(taken_.begin(), taken_.end(), Amount::zero());
}

void Thief::save(kernel::ArchiveWriter& out) const {
  out.tag(kThiefTag);
  out.vec(attempts_);
  out.vec(refused_);
  out.vec(taken_);
}

void Thief::load(kernel::ArchiveReader& in) {
  in.expect_tag(kThiefTag, "thief");
  in.vec_exact(attempts_, std::size_t{thieves_} * kWays, "thief attempts");
  in.vec_exact(refused_, std::size_t{thieves_} * kWays, "thief refusals");
  in.vec_exact(taken_, thieves_, "thief taken");
  for (std::size_t at = 0; at < attempts_.size(); ++at)
    kernel::ArchiveReader::require(refused_[at] <= attempts_[at], "thief refusals");
  for (const Amount a : taken_) kernel::ArchiveReader::require(a >= Amount::zero(), "thief taken");
}

}  // namespace coordsim::examples::thief
