// The settlement's checkpoint section: batches (posted and open), the validators' pool, the unpaid
// share, the stake record and the per-agent rewards, in a fixed order. Rebuilt from the scenario
// instead: the spec, the population, the actors' ids, the roles (the world's). Not stored: the
// scratch of the validators' pool split (overwritten before it is read).
#include "model/settlement/settlement.hpp"

namespace coordsim::model::settlement {

namespace {

using kernel::ArchiveReader;
using kernel::ArchiveWriter;

void save_batch(ArchiveWriter& out, const Batch& b) {
  out.pod(b.posted);
  out.vec(b.payee);
  out.vec(b.amount);
  out.vec(b.accrued_weighted);
  out.vec(b.reverted);
  out.boolean(b.final);
  out.boolean(b.any_reverted);
}

void load_batch(ArchiveReader& in, Batch& b, std::uint32_t agents) {
  in.pod(b.posted);
  in.vec(b.payee);
  in.vec_exact(b.amount, b.payee.size(), "batch amounts");
  in.vec_exact(b.accrued_weighted, b.payee.size(), "batch accruals");
  in.vec_exact(b.reverted, b.payee.size(), "batch reversions");
  b.final = in.boolean();
  b.any_reverted = in.boolean();
  for (const AgentId p : b.payee) ArchiveReader::require(p.value() < agents, "batch payee");
}

}  // namespace

void Settlement::save(ArchiveWriter& out) const {
  out.pod(static_cast<std::uint64_t>(batches_.size()));
  for (const Batch& b : batches_) save_batch(out, b);
  save_batch(out, open_);
  out.pod(validator_pool_);
  out.pod(unpaid_);
  out.vec(stake_);
  out.vec(pending_);
  out.vec(final_);
  out.vec(claimable_);
  out.vec(open_entry_);
}

void Settlement::load(ArchiveReader& in) {
  const std::uint32_t agents = pop_->agents();
  batches_.resize(in.count(2 * sizeof(std::uint64_t)));
  for (Batch& b : batches_) load_batch(in, b, agents);
  load_batch(in, open_, agents);
  in.pod(validator_pool_);
  in.pod(unpaid_);
  in.vec_exact(stake_, pop_->of_kind(scenario::AgentKind::kValidator).size(), "validator stakes");
  in.vec_exact(pending_, agents, "pending rewards");
  in.vec_exact(final_, agents, "final rewards");
  in.vec_exact(claimable_, agents, "claimable rewards");
  in.vec_exact(open_entry_, agents, "open batch entries");
  for (std::size_t a = 0; a < agents; ++a) {
    const std::uint32_t e = open_entry_[a];
    ArchiveReader::require(e == kNoEntry || (e < open_.payee.size() && index(open_.payee[e]) == a),
                           "open batch entry");
  }
}

}  // namespace coordsim::model::settlement
