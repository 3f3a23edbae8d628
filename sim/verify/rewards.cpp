#include "verify/rewards.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "verify/divergence.hpp"

namespace coordsim::verify {

namespace {
int kind_code(const std::vector<std::string>& names, const char* name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw std::invalid_argument(std::string("the file names no kind ") + name);
  return static_cast<int>(it - names.begin());
}
}  // namespace

Rewards::Rewards(const std::vector<std::string>& k, std::uint32_t agents, std::uint32_t settlement,
                 std::uint8_t liquid, std::uint8_t flight, std::uint32_t treasury_actor)
    : k_accrue_(kind_code(k, "accrue")),
      k_post_(kind_code(k, "batch_post")),
      k_final_(kind_code(k, "batch_final")),
      k_reward_(kind_code(k, "reward")),
      k_revert_(kind_code(k, "revert")),
      k_move_(kind_code(k, "move")),
      agents_(agents),
      settlement_(settlement),
      treasury_actor_(treasury_actor),
      liquid_(liquid),
      flight_(flight),
      pending_(agents, 0),
      final_(agents, 0),
      claimable_(agents, 0) {}

bool Rewards::handles(std::uint16_t kind) const noexcept {
  return kind == k_accrue_ || kind == k_post_ || kind == k_final_ || kind == k_reward_ ||
         kind == k_revert_;
}

void Rewards::expect_paid(std::uint64_t row, const io::EventRecord* next, std::uint32_t receiver,
                          std::int64_t amount, const char* what) const {
  if (next == nullptr || next->kind != k_move_ || next->actor != settlement_ ||
      next->from_bucket != liquid_ || next->to_bucket != flight_ || next->target != receiver ||
      next->amount != amount) {
    throw Divergence(row, fmt::format("{} of {} is not paid by the next row (a movement of that "
                                      "amount from the settlement account to actor {})",
                                      what, amount, receiver));
  }
}

std::int64_t Rewards::revert_in(std::vector<Entry>& entries, std::uint32_t payee) noexcept {
  std::int64_t sum = 0;
  for (Entry& e : entries) {
    if (e.payee != payee || e.reverted) continue;
    e.reverted = true;
    sum += e.amount;
  }
  return sum;
}

void Rewards::apply(std::uint64_t row, const io::EventRecord& r, const io::EventRecord* next) {
  const int kind = r.kind;
  if (kind == k_post_) {
    if (r.amount != static_cast<std::int64_t>(batches_.size()))
      throw Divergence(
          row, fmt::format("batch {} posted, expected the next id {}", r.amount, batches_.size()));
    if (open_.empty()) throw Divergence(row, "a batch posted with no accrual in it");
    batches_.push_back(Batch{r.time, std::move(open_), false});
    open_.clear();
    open_index_.clear();
    return;
  }
  if (kind == k_final_) {
    if (r.amount < 0 || static_cast<std::uint64_t>(r.amount) >= batches_.size())
      throw Divergence(row, fmt::format("batch {} made final, but it never posted", r.amount));
    Batch& b = batches_[static_cast<std::size_t>(r.amount)];
    if (b.final) throw Divergence(row, fmt::format("batch {} made final twice", r.amount));
    if (r.time < b.posted)
      throw Divergence(row, fmt::format("batch {} final at {}, before it posted at {}", r.amount,
                                        r.time, b.posted));
    for (const Entry& e : b.entries) {
      if (e.reverted) continue;
      pending_[e.payee] -= e.amount;
      final_[e.payee] += e.amount;
      claimable_[e.payee] += e.amount;
    }
    b.final = true;
    std::vector<Entry>().swap(b.entries);  // a final batch can no longer be reverted
    ++finals_;
    while (first_open_batch_ < batches_.size() && batches_[first_open_batch_].final)
      ++first_open_batch_;
    return;
  }
  // The rest names a payee.
  const std::uint32_t payee = r.target;
  if (payee >= agents_)
    throw Divergence(row, fmt::format("a reward row names payee {}, not an agent", payee));
  if (r.amount <= 0)
    throw Divergence(row, fmt::format("a reward row of {} (must be positive)", r.amount));
  if (kind == k_accrue_) {
    // One live entry per payee in the open batch; a reverted one is not added to again.
    const auto it = open_index_.find(payee);
    if (it == open_index_.end()) {
      open_index_.emplace(payee, open_.size());
      open_.push_back(Entry{payee, r.amount, false});
    } else {
      open_[it->second].amount += r.amount;
    }
    pending_[payee] += r.amount;
    owed_ += r.amount;
    ++accruals_;
  } else if (kind == k_revert_) {
    std::int64_t sum = 0;
    for (std::size_t b = first_open_batch_; b < batches_.size(); ++b)
      if (!batches_[b].final) sum += revert_in(batches_[b].entries, payee);
    sum += revert_in(open_, payee);
    open_index_.erase(payee);
    if (sum != r.amount)
      throw Divergence(row, fmt::format("revert of payee {}: expected {} (pending in batches not "
                                        "yet final), found {}",
                                        payee, sum, r.amount));
    expect_paid(row, next, treasury_actor_, r.amount, "a revert");
    pending_[payee] -= sum;
    owed_ -= sum;
    ++reverts_;
  } else if (kind == k_reward_) {
    if (r.amount != claimable_[payee])
      throw Divergence(row, fmt::format("withdrawal by payee {}: expected its claimable {}, "
                                        "found {}",
                                        payee, claimable_[payee], r.amount));
    expect_paid(row, next, payee, r.amount, "a withdrawal");
    claimable_[payee] = 0;
    owed_ -= r.amount;
    ++withdrawals_;
  }
}

}  // namespace coordsim::verify
