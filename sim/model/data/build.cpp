// Building the data system from a spec: empty columns, the datanets' fees and the deposits they
// imply, the attribution rule; at genesis, the contributors' adversary roles.
#include <algorithm>

#include "kernel/rng.hpp"
#include "model/data/data.hpp"

namespace coordsim::model::data {

Data::Data(const scenario::SpecData& spec, const actor::Population& pop, Peers peers,
           SimDuration block, std::uint64_t unit)
    : spec_(&spec), pop_(&pop), peers_(peers), block_(block), unit_(unit) {
  const std::size_t n = pop.agents();
  role_.assign(n, Role::kHonest);
  penalty_.assign(n, 0.0);
  exited_.assign(n, 0);
  rows_of_.assign(n, 0);
  reputation_.assign(n, 1.0);
  const auto count = static_cast<std::size_t>(std::max<std::int64_t>(1, spec.data.datanets));
  // The loader checked that a price list has one fee per datanet.
  const auto& listed = spec.data.publish_fees;
  datanet_fee_ = listed.empty() ? std::vector<Amount>(count, spec.incentives.publish_fee)
                                : std::vector<Amount>(listed.begin(), listed.end());
  datanet_fee_.resize(count, spec.incentives.publish_fee);
  for (auto* column :
       {&datanet_stats_.rows, &datanet_stats_.duplicates, &datanet_stats_.sampled_good,
        &datanet_stats_.sampled_bad, &datanet_stats_.chosen, &datanet_stats_.explored})
    column->assign(count, 0);
  models_.resize(pop.of_kind(AgentKind::kModelBuilder).size());
  rule_.rule = spec.attribution.rule;
  rule_.samples = static_cast<std::uint32_t>(spec.attribution.samples);
  rule_.reputation_weight = spec.attribution.reputation_weight;
  rule_.usefulness.scale = spec.attribution.usefulness_scale;
  rule_.similarity_penalty = spec.attribution.similarity_penalty;
  const auto& a = spec.attribution;
  observer_.source = a.quality_source;
  observer_.prior = {a.judged.prior_good, a.judged.prior_bad, a.judged.good_quality,
                     a.judged.bad_quality};
  // The evaluation's own stream: its draws are a function of (seed, content) alone, apart from
  // every actor's stream (kActorStreamBase + id) and the network's.
  constexpr std::uint64_t kHeldOutStream = 0x68656C646F7574ULL;  // "heldout"
  observer_.evaluation = {a.held_out.noise_sd, kernel::stream_key(spec.seed, kHeldOutStream)};
  attribution::validate(observer_);
}

void Data::build(actor::Streams& streams) {
  // Adversary roles among contributors: a pure function of each contributor's own stream. Managed
  // Sybils come in blocks of max_identities consecutive contributors of one group, all Sybil
  // identities of one operator when the block's first draw says Sybil (a block of one: the
  // legacy draw, unchanged).
  const auto& adv = spec_->adversaries;
  const auto& sy = adv.sybil;
  sybils_.managed =
      sy.max_identities != 1 || sy.identities != 1 || sy.rule != scenario::BehaviourRule::kFixed;
  const auto block = static_cast<std::uint32_t>(sybils_.managed ? sy.max_identities : 1);
  bool block_sybil = false;
  for (const AgentId c : pop_->of_kind(AgentKind::kContributor)) {
    auto r = streams.rng(c);
    const double u = r.uniform();
    if ((c.value() - pop_->first(pop_->group(c))) % block == 0) block_sybil = u < sy.fraction;
    if (block_sybil) {
      role_[index(c)] = Role::kSybil;
    } else if (u < sy.fraction) {
      // a Sybil draw outside a Sybil block: honest
    } else if (u < sy.fraction + adv.poisoner.fraction) {
      role_[index(c)] = Role::kPoisoner;
    } else if (u < sy.fraction + adv.poisoner.fraction + adv.free_rider.fraction) {
      role_[index(c)] = Role::kFreeRider;
    }
  }
  build_sybils(streams);
  build_adversaries();
}

}  // namespace coordsim::model::data
