#include "verify/splits.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "verify/balances.hpp"
#include "verify/divergence.hpp"

namespace coordsim::verify {

namespace {
int code_of(const std::vector<std::string>& names, const char* name, const char* what) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw std::invalid_argument(std::string("the file names no ") + what + " " + name);
  return static_cast<int>(it - names.begin());
}
constexpr std::int64_t kPpmPerOne = 1000000;
}  // namespace

bool Splits::in_file(const std::vector<std::string>& names) {
  return std::find(names.begin(), names.end(), "attribution") != names.end();
}

Splits::Splits(const std::vector<std::string>& kinds, const std::vector<std::string>& causes,
               const std::vector<std::string>& kind, std::uint32_t protocol, std::uint32_t treasury,
               std::uint32_t settlement, std::uint8_t liquid, std::uint8_t staked,
               std::uint8_t flight, Steps<std::int64_t> slash_fraction)
    : k_attribution_(code_of(kinds, "attribution", "kind")),
      k_weight_(code_of(kinds, "weight", "kind")),
      k_pool_(code_of(kinds, "pool_split", "kind")),
      k_validator_(code_of(kinds, "validator_split", "kind")),
      k_record_(code_of(kinds, "stake_record", "kind")),
      k_unpaid_(code_of(kinds, "unpaid", "kind")),
      k_flag_wrong_(code_of(kinds, "flag_wrong", "kind")),
      k_move_(code_of(kinds, "move", "kind")),
      c_contributor_(static_cast<std::uint16_t>(code_of(causes, "contributor_share", "cause"))),
      c_validator_(static_cast<std::uint16_t>(code_of(causes, "validator_share", "cause"))),
      agents_(static_cast<std::uint32_t>(kind.size())),
      protocol_(protocol),
      treasury_(treasury),
      settlement_(settlement),
      liquid_(liquid),
      staked_(staked),
      flight_(flight),
      slash_fraction_(std::move(slash_fraction)),
      builder_slot_(kind.size(), -1),
      validator_slot_(kind.size(), -1),
      expected_(kind.size(), 0),
      expected_row_(kind.size(), 0) {
  for (std::uint32_t a = 0; a < agents_; ++a) {
    if (kind[a] == "model_builder") {
      builder_slot_[a] = static_cast<std::int32_t>(models_.size());
      models_.emplace_back();
    } else if (kind[a] == "validator") {
      validator_slot_[a] = static_cast<std::int32_t>(validators_.size());
      validators_.push_back(a);
    }
  }
}

void Splits::open(const Balances& balances) {
  record_.clear();
  for (const std::uint32_t v : validators_) record_.push_back(balances.get(staked_, v));
}

bool Splits::pays_contributors(std::uint32_t builder) const noexcept {
  if (builder >= agents_ || builder_slot_[builder] < 0) return false;
  const Model& m = models_[static_cast<std::size_t>(builder_slot_[builder])];
  return m.trained && m.contributors > 0;
}

bool Splits::handles(std::uint16_t kind) const noexcept {
  return kind == k_attribution_ || kind == k_weight_ || kind == k_pool_ || kind == k_validator_ ||
         kind == k_record_ || kind == k_unpaid_ || kind == k_flag_wrong_;
}

std::int64_t Splits::divide(std::int64_t pool, const std::vector<std::uint64_t>& weights,
                            std::vector<std::int64_t>& out) {
  // Hamilton's largest remainder, as docs/output-format.md states it: floors first, then one unit
  // to each of the largest remainders (ties to the lower index). Written from the documented rule,
  // not the model's code.
  out.assign(weights.size(), 0);
  Wide total = 0;
  for (const std::uint64_t w : weights) total += static_cast<Wide>(w);
  if (total == 0) return pool;
  std::vector<Wide>& remainder = scratch_remainder_;
  remainder.resize(weights.size());
  std::int64_t paid = 0;
  scratch_order_.clear();
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const Wide product = static_cast<Wide>(pool) * static_cast<Wide>(weights[i]);
    out[i] = static_cast<std::int64_t>(product / total);
    remainder[i] = product % total;
    paid += out[i];
    if (remainder[i] != 0) scratch_order_.push_back(static_cast<std::uint32_t>(i));
  }
  std::sort(scratch_order_.begin(), scratch_order_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return remainder[a] != remainder[b] ? remainder[a] > remainder[b] : a < b;
  });
  const auto units = static_cast<std::size_t>(pool - paid);
  for (std::size_t k = 0; k < units && k < scratch_order_.size(); ++k) ++out[scratch_order_[k]];
  return 0;
}

void Splits::expect(std::uint32_t payee, std::int64_t amount, std::uint64_t split_row) {
  if (amount <= 0) return;
  if (expected_[payee] == 0) expected_payees_.push_back(payee);
  expected_[payee] += amount;
  expected_row_[payee] = split_row;
}

void Splits::on_move(std::uint64_t /*row*/, const io::EventRecord& r) {
  // A delivery out of flight into the settlement account: a fee share reaching the protocol.
  if (r.from_bucket != flight_ || r.to_bucket != liquid_ || r.target != settlement_ ||
      r.actor != protocol_)
    return;
  if (r.cause == c_contributor_) delivered_ += r.amount;
  if (r.cause == c_validator_) validator_pool_ += r.amount;
}

void Splits::on_accrue(std::uint64_t row, const io::EventRecord& r) {
  if (r.target >= agents_) return;  // the rewards' replay reports it
  ++accruals_checked_;
  const std::uint32_t p = r.target;
  if (expected_[p] != r.amount) {
    throw Divergence(
        row, expected_[p] == 0
                 ? fmt::format("accrue of payee {}: no split before it in this handler pays it "
                               "(found {})",
                               p, r.amount)
                 : fmt::format("accrue of payee {}: the splits of this handler pay it {} (the "
                               "last at row {}, by the logged weights or stake record), found {}",
                               p, expected_[p], expected_row_[p], r.amount));
  }
  expected_[p] = 0;
}

void Splits::end_group(std::uint64_t last_row) {
  for (const std::uint32_t p : expected_payees_) {
    if (expected_[p] != 0) {
      throw Divergence(last_row, fmt::format("the split at row {} pays payee {} {}, but no accrue "
                                             "row of the handler logs it",
                                             expected_row_[p], p, expected_[p]));
    }
  }
  expected_payees_.clear();
}

void Splits::apply(std::uint64_t row, const io::EventRecord& r, const io::EventRecord* next) {
  const int kind = r.kind;
  // Weight rows follow their attribution row directly: any other row in between ends the list.
  if (kind != k_weight_ || row != weight_next_row_) weight_list_ = -1;
  weight_next_row_ = row + 1;
  if (kind == k_attribution_) {
    if (r.actor >= agents_ || builder_slot_[r.actor] < 0)
      throw Divergence(row,
                       fmt::format("an attribution of actor {}, not a model builder", r.actor));
    if (r.amount < 0)
      throw Divergence(row, fmt::format("an attribution of {} contributors", r.amount));
    Model& m = models_[static_cast<std::size_t>(builder_slot_[r.actor])];
    m = Model{row, true, static_cast<std::uint64_t>(r.amount), {}, {}};
    weight_list_ = r.actor;
    ++attributions_;
    return;
  }
  if (kind == k_weight_) {
    // A model's weights follow its attribution row, one per contributor with a positive weight,
    // in the model's contributor order (ascending ids).
    if (weight_list_ != static_cast<std::int64_t>(r.actor))
      throw Divergence(row, fmt::format("a weight row of builder {} not after its attribution row "
                                        "and weight rows",
                                        r.actor));
    Model& m = models_[static_cast<std::size_t>(builder_slot_[r.actor])];
    if (r.target >= agents_ || r.amount <= 0 || m.payee.size() >= m.contributors ||
        (!m.payee.empty() && r.target <= last_weight_payee_)) {
      throw Divergence(row, fmt::format("weight row of builder {}: contributor {} weight {} (must "
                                        "be an agent after the previous one, a positive weight, "
                                        "at most {} rows)",
                                        r.actor, r.target, r.amount, m.contributors));
    }
    m.payee.push_back(r.target);
    m.weight.push_back(static_cast<std::uint64_t>(r.amount));
    last_weight_payee_ = r.target;
    ++weights_;
    return;
  }
  if (kind == k_pool_) {
    if (r.actor >= agents_ || builder_slot_[r.actor] < 0 || r.amount <= 0)
      throw Divergence(row, fmt::format("a pool split of {} by actor {} (must be a model builder's "
                                        "positive pool)",
                                        r.amount, r.actor));
    const Model& m = models_[static_cast<std::size_t>(builder_slot_[r.actor])];
    if (!m.trained || m.contributors == 0)
      throw Divergence(
          row, fmt::format("builder {}'s model splits a pool, but it {}: its "
                           "contributors' shares go unpaid as they arrive",
                           r.actor, m.trained ? "has no contributor" : "was never trained"));
    split_ += r.amount;
    if (split_ > delivered_)
      throw Divergence(row, fmt::format("pools split since the last unpaid row ({}) exceed the "
                                        "contributors' shares delivered to the protocol ({})",
                                        split_, delivered_));
    const std::int64_t left = divide(r.amount, m.weight, scratch_out_);
    unpaid_ += left;
    model_unpaid_ += left;
    for (std::size_t i = 0; i < m.payee.size(); ++i) expect(m.payee[i], scratch_out_[i], row);
    ++model_splits_;
    return;
  }
  if (kind == k_validator_) {
    if (r.amount != validator_pool_ || validators_.empty())
      throw Divergence(row, fmt::format("the validators' pool split is {}: expected the "
                                        "validators' shares delivered since the last split, {}{}",
                                        r.amount, validator_pool_,
                                        validators_.empty() ? " (and there is no validator)" : ""));
    validator_pool_ = 0;
    scratch_weights_.resize(record_.size());
    for (std::size_t i = 0; i < record_.size(); ++i)
      scratch_weights_[i] = static_cast<std::uint64_t>(std::max<std::int64_t>(0, record_[i]));
    unpaid_ += divide(r.amount, scratch_weights_, scratch_out_);
    for (std::size_t i = 0; i < validators_.size(); ++i)
      expect(validators_[i], scratch_out_[i], row);
    ++validator_splits_;
    return;
  }
  if (kind == k_record_) {
    if (r.actor >= agents_ || validator_slot_[r.actor] < 0 || r.amount < 0)
      throw Divergence(row, fmt::format("a stake record of {} for actor {} (must be a validator's, "
                                        "not negative)",
                                        r.amount, r.actor));
    record_[static_cast<std::size_t>(validator_slot_[r.actor])] = r.amount;
    ++stake_records_;
    return;
  }
  if (kind == k_flag_wrong_) {
    if (r.actor >= agents_ || validator_slot_[r.actor] < 0)
      throw Divergence(row, fmt::format("a wrong flag by actor {}, not a validator", r.actor));
    std::int64_t& rec = record_[static_cast<std::size_t>(validator_slot_[r.actor])];
    const std::int64_t fraction = slash_fraction_.at(r.time);
    rec -= static_cast<std::int64_t>(static_cast<Wide>(rec) * fraction / kPpmPerOne);
    ++wrong_flags_;
    return;
  }
  if (kind == k_unpaid_) {
    const std::int64_t expected = delivered_ - split_ + unpaid_;
    if (r.amount != expected)
      throw Divergence(row, fmt::format("unpaid {}: expected {} since the last unpaid row (the "
                                        "contributors' shares delivered, {}, less the pools split, "
                                        "{}, plus what the splits left unpaid, {})",
                                        r.amount, expected, delivered_, split_, unpaid_));
    if (next == nullptr || next->kind != k_move_ || next->actor != settlement_ ||
        next->from_bucket != liquid_ || next->to_bucket != flight_ || next->target != treasury_ ||
        next->amount != r.amount)
      throw Divergence(row, fmt::format("unpaid {} is not paid by the next row (a movement of that "
                                        "amount from the settlement account to the treasury)",
                                        r.amount));
    delivered_ = split_ = unpaid_ = 0;
    ++unpaid_rows_;
    return;
  }
}

}  // namespace coordsim::verify
