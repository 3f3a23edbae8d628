#pragma once
// The settlement layer's books, replayed from the event log: every reward accrued into the open
// batch (`accrue`), each batch's posting (`batch_post`) and finality (`batch_final`), reverts by a
// successful challenge (`revert`) and withdrawals (`reward`). From them, per payee: pending
// (accrued, neither final nor reverted), final (became final) and claimable (final, not yet
// withdrawn). Semantics: docs/output-format.md ("Row kinds") and docs/model.md (settlement).
//
// Checked row by row: a batch posts with the next id and holds at least one accrual; a batch
// becomes final once, after it posted; a revert reverts exactly what the payee had pending in the
// open batch and every posted batch not yet final (and is more than zero); a withdrawal takes
// exactly the payee's claimable rewards; both are paid by the movement logged just after them,
// out of the settlement account. The driver checks at every handler group's end that the
// settlement account holds at least what the books owe (pending + claimable), and compares the
// per-payee figures with every snapshot and the final /agents table.
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/columns.hpp"

namespace coordsim::verify {

class Rewards {
 public:
  /// `kind_names` from the file; `agents` the number of agents (payees are agents);
  /// `settlement` the settlement's account id; `liquid` and `flight` the bucket codes of
  /// `liquid` and `flight_token`; `treasury_actor` the treasury's actor id (reverts go to it).
  /// @throws std::invalid_argument if a kind the format defines is missing.
  Rewards(const std::vector<std::string>& kind_names, std::uint32_t agents,
          std::uint32_t settlement, std::uint8_t liquid, std::uint8_t flight,
          std::uint32_t treasury_actor);

  [[nodiscard]] bool handles(std::uint16_t kind) const noexcept;
  /// `next`: the row after (the movement that pays a revert or a withdrawal), or null.
  /// @throws Divergence
  void apply(std::uint64_t row, const io::EventRecord& r, const io::EventRecord* next);

  [[nodiscard]] std::int64_t pending(std::uint32_t a) const noexcept { return at(pending_, a); }
  [[nodiscard]] std::int64_t final_rewards(std::uint32_t a) const noexcept { return at(final_, a); }
  [[nodiscard]] std::int64_t claimable(std::uint32_t a) const noexcept { return at(claimable_, a); }
  /// What the books owe: every payee's pending plus claimable rewards.
  [[nodiscard]] std::int64_t owed() const noexcept { return owed_; }

  [[nodiscard]] std::uint64_t accruals() const noexcept { return accruals_; }
  [[nodiscard]] std::uint64_t batches_posted() const noexcept { return batches_.size(); }
  [[nodiscard]] std::uint64_t batches_final() const noexcept { return finals_; }
  [[nodiscard]] std::uint64_t reverts() const noexcept { return reverts_; }
  [[nodiscard]] std::uint64_t withdrawals() const noexcept { return withdrawals_; }

 private:
  struct Entry {
    std::uint32_t payee;
    std::int64_t amount;
    bool reverted;
  };
  struct Batch {
    std::uint64_t posted = 0;
    std::vector<Entry> entries;
    bool final = false;
  };
  static std::int64_t at(const std::vector<std::int64_t>& v, std::uint32_t a) noexcept {
    return a < v.size() ? v[a] : 0;
  }
  /// The payment of a revert or a withdrawal: the row after `row`, a movement of `amount` from
  /// the settlement account's liquid tokens into flight to `receiver`.
  void expect_paid(std::uint64_t row, const io::EventRecord* next, std::uint32_t receiver,
                   std::int64_t amount, const char* what) const;
  std::int64_t revert_in(std::vector<Entry>& entries, std::uint32_t payee) noexcept;

  int k_accrue_, k_post_, k_final_, k_reward_, k_revert_, k_move_;
  std::uint32_t agents_, settlement_, treasury_actor_;
  std::uint8_t liquid_, flight_;
  std::vector<std::int64_t> pending_, final_, claimable_;  // per agent
  std::int64_t owed_ = 0;
  std::vector<Entry> open_;                                    // accruing, one entry per payee
  std::unordered_map<std::uint32_t, std::size_t> open_index_;  // payee -> entry in open_
  std::vector<Batch> batches_;                                 // posted, by id
  std::size_t first_open_batch_ = 0;                           // every batch before it is final
  std::uint64_t accruals_ = 0, finals_ = 0, reverts_ = 0, withdrawals_ = 0;
};

}  // namespace coordsim::verify
