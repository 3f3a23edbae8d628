#include "verify/unpaid.hpp"

#include <fmt/core.h>

#include "verify/divergence.hpp"
#include "verify/splits.hpp"

namespace coordsim::verify {

void ContributorUnpaid::on_move(std::uint64_t row, const io::EventRecord& r, const Splits& splits) {
  if (r.cause != cause_) return;
  if (r.to_bucket == flight_ && r.target == protocol_ && r.from_bucket == liquid_) {
    pending_[r.amount].emplace(r.time, r.actor, row);  // a builder's send
    return;
  }
  if (r.from_bucket != flight_ || r.actor != protocol_) return;
  const auto it = pending_.find(r.amount);
  if (it == pending_.end() || it->second.empty())  // the balances' replay reports it first
    throw Divergence(row,
                     fmt::format("a contributors' share of {} delivered but never sent", r.amount));
  const std::uint32_t builder = std::get<1>(*it->second.begin());
  it->second.erase(it->second.begin());
  if (it->second.empty()) pending_.erase(it);
  if (!splits.pays_contributors(builder)) {
    to_no_model_ += r.amount;
    ++deliveries_;
  }
}

std::int64_t ContributorUnpaid::value(const Splits& splits) const noexcept {
  return to_no_model_ + splits.model_unpaid();
}

}  // namespace coordsim::verify
