// Building a world from a spec: population, genesis balances, market, network, first events.
// Every random draw here uses the drawing actor's own stream, in id order, so the build is a pure
// function of the spec and its seed.
#include <algorithm>
#include <cassert>
#include <cmath>
#include <stdexcept>

#include "model/network/generators.hpp"
#include "model/world/world.hpp"

namespace coordsim::model::world {

using scenario::AgentKind;

namespace {

sessions::Policy to_policy(const scenario::SpecData& spec) {
  const auto& p = spec.sessions;
  sessions::Policy policy;
  policy.default_ttl = spec.ticks(p.default_ttl);
  policy.max_ttl = spec.ticks(p.max_ttl);
  policy.allow_unlimited = p.allow_unlimited;
  policy.allow_never_expiring = p.allow_never_expiring;
  policy.max_depth = static_cast<std::uint32_t>(p.max_depth);
  policy.cap_accounting = p.cap_accounting == scenario::CapAccounting::kChain
                              ? sessions::CapAccounting::kChain
                              : sessions::CapAccounting::kPerLink;
  switch (p.renew) {
    case scenario::RenewPolicy::kBeforeExpiry:
      policy.renewal = sessions::RenewalMode::kBeforeExpiry;
      break;
    case scenario::RenewPolicy::kOnDemand:
      policy.renewal = sessions::RenewalMode::kOnDemand;
      break;
    case scenario::RenewPolicy::kNever:
      policy.renewal = sessions::RenewalMode::kNever;
      break;
  }
  policy.renew_before = spec.ticks(p.renew_before);
  sessions::Caps caps;
  caps.total = p.caps.total;
  caps.per_action = p.caps.per_action;
  caps.per_period = p.caps.per_period;
  caps.period = spec.ticks(p.caps.period);
  caps.calls = static_cast<std::uint64_t>(p.caps.calls);
  policy.default_caps = caps;
  return policy;
}

network::GraphSpec to_graph_spec(const scenario::NetworkSpec& n, std::uint32_t nodes) {
  network::GraphSpec g;
  g.nodes = nodes;
  g.mean_degree = n.mean_degree;
  g.m = static_cast<std::uint32_t>(n.attach);
  g.k =
      std::max<std::uint32_t>(2, static_cast<std::uint32_t>(std::lround(n.mean_degree / 2.0)) * 2);
  g.rewire = n.rewire;
  g.exponent = n.exponent;
  g.path = n.file;
  switch (n.model) {
    case scenario::NetworkModel::kErdosRenyi:
      g.kind = network::GraphKind::kErdosRenyi;
      break;
    case scenario::NetworkModel::kBarabasiAlbert:
      g.kind = network::GraphKind::kBarabasiAlbert;
      break;
    case scenario::NetworkModel::kWattsStrogatz:
      g.kind = network::GraphKind::kWattsStrogatz;
      break;
    case scenario::NetworkModel::kPowerLaw:
      g.kind = network::GraphKind::kPowerLaw;
      break;
    case scenario::NetworkModel::kEdgeList:
      g.kind = network::GraphKind::kEdgeList;
      break;
  }
  return g;
}

std::uint64_t pow10(std::int32_t d) {
  std::uint64_t v = 1;
  for (std::int32_t i = 0; i < d; ++i) v *= 10;
  return v;
}

// Token endowments drawn per agent, and the quote endowments that match them at the initial
// price. Drawn before the ledger exists because the ledger is built from them.
struct Endowments {
  std::vector<Amount> token;
  std::vector<Amount> quote;
  Amount token_supply;
  Amount quote_supply;
};

Endowments draw_endowments(const scenario::SpecData& spec, const Population& pop,
                           std::span<const std::uint64_t> keys, std::span<std::uint64_t> counters) {
  Endowments e;
  e.token.resize(pop.agents());
  e.quote.resize(pop.agents());
  Wide token_sum = 0;
  Wide quote_sum = 0;
  const double price = spec.market.initial_price;
  for (std::uint32_t a = 0; a < pop.agents(); ++a) {
    kernel::Rng rng(keys[a], counters[a]);
    e.token[a] = ledger::whole_units(
        scenario::sample(spec.population[pop.group(AgentId{a})].endowment, rng));
    e.quote[a] = Amount{
        static_cast<std::int64_t>(std::floor(static_cast<double>(e.token[a].raw()) * price))};
    token_sum += e.token[a].raw();
    quote_sum += e.quote[a].raw();
  }
  if (token_sum > spec.token.supply.raw()) {
    throw std::invalid_argument("the endowments drawn (" + ledger::to_string(token_sum) +
                                " base units) exceed token.supply (" +
                                ledger::to_string(spec.token.supply.raw()) +
                                "): lower the endowments or raise the supply");
  }
  e.token_supply = spec.token.supply;
  // The treasury's quote seeds the pool alongside its tokens; nothing else is created.
  const Wide pool_quote =
      static_cast<Wide>(std::floor(static_cast<double>(spec.market.pool_tokens.raw()) * price));
  const Wide total_quote = quote_sum + pool_quote;
  if (total_quote > std::numeric_limits<std::int64_t>::max()) {
    throw std::invalid_argument(
        "the quote asset implied by endowments and market.initial_price overflows 64 bits");
  }
  e.quote_supply = Amount{static_cast<std::int64_t>(total_quote)};
  return e;
}

}  // namespace

namespace {
ledger::Ledger make_ledger(const Endowments& e, std::uint32_t agents) {
  ledger::Genesis g;
  g.agents = agents;
  g.token_supply = e.token_supply;
  g.quote_supply = e.quote_supply;
  g.token_endowments = e.token;
  g.quote_endowments = e.quote;
  return ledger::Ledger(g);
}
}  // namespace

World::World(const scenario::Spec& spec)
    : spec_(std::make_shared<const scenario::SpecData>(spec.data())),
      seed_(spec->seed),
      block_(std::max<std::int64_t>(1, spec->ticks(spec->block_interval).ticks())),
      end_(SimTime{static_cast<std::uint64_t>(spec->ticks(spec->duration).ticks())}),
      unit_(pow10(spec->token.decimals)),
      pop_(*spec),
      streams_{std::vector<std::uint64_t>(pop_.agents() + kProtocolActors),
               std::vector<std::uint64_t>(pop_.agents() + kProtocolActors, 0)},
      ledger_([&] {
        for (std::size_t a = 0; a < streams_.key.size(); ++a)
          streams_.key[a] = kernel::stream_key(seed_, actor::kActorStreamBase + a);
        return make_ledger(draw_endowments(*spec_, pop_, streams_.key, streams_.counter),
                           pop_.agents());
      }()),
      systems_(Setup{spec_.get(), &pop_, market(), protocol(), treasury(), attacker(), block_,
                     unit_, &graph_}),
      graph_(network::generate(to_graph_spec(spec->network, pop_.agents()), spec->seed)) {
  build_domains();
  systems_.builders.open_board(domain_of_, domains_.size());
  systems_.build(ledger_, streams_, end_,
                 [this](SimTime t, AgentId target, Kind kind, std::uint16_t aux,
                        std::uint64_t payload) { add_initial(t, target, kind, aux, payload); });
}

void World::build_domains() {
  // Households (a principal and its ai agents) share a domain, principals spread evenly over
  // kHouseholdDomains; other agents spread by id; each protocol actor gets a domain of its own.
  const sessions::Policy policy = to_policy(*spec_);
  for (std::uint32_t d = 0; d < kHouseholdDomains + kProtocolActors; ++d)
    domains_.emplace_back(policy);
  const std::uint32_t n = pop_.agents();
  domain_of_.assign(n + kProtocolActors, 0);
  for (std::uint32_t a = 0; a < n; ++a) {
    domain_of_[a] = static_cast<std::uint32_t>(std::uint64_t{a} * kHouseholdDomains /
                                               std::max<std::uint32_t>(n, 1));
  }
  const auto principals = pop_.of_kind(AgentKind::kPrincipal);
  for (std::size_t i = 0; i < principals.size(); ++i) {
    const auto d = static_cast<std::uint32_t>(i * kHouseholdDomains / principals.size());
    domain_of_[index(principals[i])] = d;
    for (const AgentId a : pop_.agents_of(principals[i])) domain_of_[index(a)] = d;
  }
  for (std::uint32_t p = 0; p < kProtocolActors; ++p) domain_of_[n + p] = kHouseholdDomains + p;
  // Every ledger operation would otherwise write one shared "last operation" record.
  ledger_.set_track_last_operation(false);
}

void World::add_initial(SimTime t, AgentId target, Kind kind, std::uint16_t aux,
                        std::uint64_t payload) {
  if (t < end_) initial_.push_back(Initial{t, target, target, code(kind), aux, payload});
}

}  // namespace coordsim::model::world
