#pragma once
// The settlement's splits, re-derived from the event log (docs/output-format.md, "Row kinds"):
// every `accrue` row is what the splits before it in the same handler pay that payee, and
// nothing a split pays goes unlogged.
//
// - A model's pool (`pool_split`, actor: its builder) is divided by the weights of the model's
//   last `attribution` and its `weight` rows (the integers the model's split divides by, in the
//   model's contributor order) by largest remainder: floor(pool x w / W) each, then one base unit
//   to each of the pool - sum(floors) largest remainders pool x w mod W, ties to the earlier
//   contributor; all weights zero: nothing paid, the pool is unpaid.
// - The validators' pool (`validator_split`) is divided the same way by the protocol's stake
//   record, replayed here: each validator's opening staked balance; after a `flag_wrong` row the
//   record loses floor(record x incentives.validator_slash_fraction / 10^6) (the wrong flag's
//   slash, ordered then, reaches the balance a block later); a `stake_record` row (a validator's
//   exit or entry, a block after it) sets it. The record, not the staked balance, is what the
//   model splits by: the two differ for a block after each of those.
// - What nobody earned (`unpaid`, with its payment as the next row) is, since the previous
//   `unpaid` row: the contributors' shares delivered to the protocol and not split into a model
//   pool (models with no attribution or no contributor), plus every split's unpaid part. Each
//   model pool split is covered by shares delivered since (a pool is split whole at the next
//   batch post or retrain), and each validators' pool is exactly the validators' shares
//   delivered since the previous one.
//
// The weights and the stake record's sets are taken as logged (they are the model's choices:
// attribution rules and validators' decisions); what follows from them is checked.
#include <cstdint>
#include <string>
#include <vector>

#include "io/columns.hpp"
#include "verify/scenario.hpp"

namespace coordsim::verify {

class Balances;

class Splits {
 public:
  /// Names from the file; `kind[agent]` the /agents kind column; `protocol`, `treasury` the
  /// protocol and treasury actor ids, `settlement` the settlement account id; `liquid`, `staked`
  /// and `flight` bucket codes; `slash_fraction` incentives.validator_slash_fraction (ppm) over
  /// the run. @throws std::invalid_argument if a kind or cause the format defines is missing.
  Splits(const std::vector<std::string>& kind_names, const std::vector<std::string>& cause_names,
         const std::vector<std::string>& kind, std::uint32_t protocol, std::uint32_t treasury,
         std::uint32_t settlement, std::uint8_t liquid, std::uint8_t staked, std::uint8_t flight,
         Steps<std::int64_t> slash_fraction);

  /// Whether a file has the rows (`attribution` ... `unpaid`): files before them are replayed
  /// without these checks (the kind names tell).
  [[nodiscard]] static bool in_file(const std::vector<std::string>& kind_names);

  /// The opening balances are in: the stake record starts as the validators' staked balances.
  void open(const Balances& balances);
  [[nodiscard]] bool handles(std::uint16_t kind) const noexcept;
  /// `next`: the row after (an `unpaid` row's payment), or null. @throws Divergence
  void apply(std::uint64_t row, const io::EventRecord& r, const io::EventRecord* next);
  /// Every `move` row: deliveries of fee shares to the protocol. @throws Divergence
  void on_move(std::uint64_t row, const io::EventRecord& r);
  /// An `accrue` row, before the books take it: it must be what the splits pay. @throws Divergence
  void on_accrue(std::uint64_t row, const io::EventRecord& r);
  /// The end of a (time, handler) group: every payee a split paid has its `accrue` row.
  /// @throws Divergence
  void end_group(std::uint64_t last_row);

  [[nodiscard]] std::uint64_t attributions() const noexcept { return attributions_; }
  [[nodiscard]] std::uint64_t weights() const noexcept { return weights_; }
  [[nodiscard]] std::uint64_t model_splits() const noexcept { return model_splits_; }
  [[nodiscard]] std::uint64_t validator_splits() const noexcept { return validator_splits_; }
  [[nodiscard]] std::uint64_t stake_records() const noexcept { return stake_records_; }
  [[nodiscard]] std::uint64_t wrong_flags() const noexcept { return wrong_flags_; }
  [[nodiscard]] std::uint64_t unpaid_rows() const noexcept { return unpaid_rows_; }
  [[nodiscard]] std::uint64_t accruals_checked() const noexcept { return accruals_checked_; }
  /// Whether `builder`'s model takes contributors' shares into its pool now: its last
  /// `attribution` row names at least one contributor (false for an agent that is no builder).
  [[nodiscard]] bool pays_contributors(std::uint32_t builder) const noexcept;
  /// What the model pools' splits left unpaid so far (all weights zero: the whole pool).
  [[nodiscard]] std::int64_t model_unpaid() const noexcept { return model_unpaid_; }

 private:
  __extension__ typedef __int128 Wide;  // products of an amount and a weight
  struct Model {
    std::uint64_t row = 0;  // its `attribution` row (0 with `trained` false: none yet)
    bool trained = false;
    std::uint64_t contributors = 0;  // the attribution row's amount
    std::vector<std::uint32_t> payee;
    std::vector<std::uint64_t> weight;
  };
  /// Largest remainder of `pool` by `weights` into out (same length); returns the unpaid part.
  std::int64_t divide(std::int64_t pool, const std::vector<std::uint64_t>& weights,
                      std::vector<std::int64_t>& out);
  void expect(std::uint32_t payee, std::int64_t amount, std::uint64_t split_row);

  int k_attribution_, k_weight_, k_pool_, k_validator_, k_record_, k_unpaid_, k_flag_wrong_,
      k_move_;
  std::uint16_t c_contributor_, c_validator_;
  std::uint32_t agents_, protocol_, treasury_, settlement_;
  std::uint8_t liquid_, staked_, flight_;
  Steps<std::int64_t> slash_fraction_;
  std::vector<std::int32_t> builder_slot_;    // per agent: its model (-1: not a builder)
  std::vector<std::int32_t> validator_slot_;  // per agent: its stake record (-1: not a validator)
  std::vector<std::uint32_t> validators_;     // in agent order (the model's order)
  std::vector<Model> models_;
  std::vector<std::int64_t> record_;  // the stake record, per validator
  // What the splits of the current handler pay each payee and no `accrue` row took yet.
  std::vector<std::int64_t> expected_;
  std::vector<std::uint64_t> expected_row_;  // the split row behind it (the last one)
  std::vector<std::uint32_t> expected_payees_;
  // Since the last `unpaid` row: shares delivered and split, and what the splits left unpaid.
  std::int64_t delivered_ = 0, split_ = 0, unpaid_ = 0;
  std::int64_t model_unpaid_ = 0;      // over the run: the model splits' unpaid parts
  std::int64_t validator_pool_ = 0;    // validators' shares delivered since the last split
  std::int64_t weight_list_ = -1;      // the builder whose weight rows may follow, or -1
  std::uint64_t weight_next_row_ = 0;  // the row a weight row of that list must be
  std::uint32_t last_weight_payee_ = 0;
  std::uint64_t attributions_ = 0, weights_ = 0, model_splits_ = 0, validator_splits_ = 0,
                stake_records_ = 0, wrong_flags_ = 0, unpaid_rows_ = 0, accruals_checked_ = 0;
  // Scratch of divide().
  std::vector<std::uint64_t> scratch_weights_;
  std::vector<std::int64_t> scratch_out_;
  std::vector<std::uint32_t> scratch_order_;
  std::vector<Wide> scratch_remainder_;
};

}  // namespace coordsim::verify
