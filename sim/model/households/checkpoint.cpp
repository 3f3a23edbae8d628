// The households' checkpoint section: every per-agent column (the sessions themselves are saved
// with their domains). Loading checks that each agent's session exists in its domain's store.
#include "model/households/households.hpp"

namespace coordsim::model::households {

void Households::save(kernel::ArchiveWriter& out) const {
  out.vec(session_);
  out.vec(compromised_since_);
  out.vec(last_price_seen_);
  out.vec(window_spent_);
  out.vec(window_start_);
  out.vec(revoke_pending_);
}

void Households::load_columns(kernel::ArchiveReader& in) {
  const std::size_t n = pop_->agents();
  in.vec_exact(session_, n, "agent sessions");
  in.vec_exact(compromised_since_, n, "agent compromise times");
  in.vec_exact(last_price_seen_, n, "agent prices seen");
  in.vec_exact(window_spent_, n, "agent spending windows");
  in.vec_exact(window_start_, n, "agent spending windows");
  in.vec_exact(revoke_pending_, n, "pending revocations");
}

}  // namespace coordsim::model::households
