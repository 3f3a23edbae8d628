#include "verify/fees.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <stdexcept>

#include "verify/divergence.hpp"

namespace coordsim::verify {

namespace {
std::uint16_t cause_code(const std::vector<std::string>& names, const char* name) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end())
    throw std::invalid_argument(std::string("the file names no cause ") + name);
  return static_cast<std::uint16_t>(it - names.begin());
}
__extension__ typedef __int128 Wide;
constexpr std::int64_t kPpmPerOne = 1000000;
}  // namespace

FeeSplits::FeeSplits(const std::vector<std::string>& causes, std::vector<bool> builder,
                     std::uint8_t liquid, std::uint8_t flight, Steps<FeeSplit> split)
    : c_infer_(cause_code(causes, "infer")),
      c_credit_(cause_code(causes, "credit")),
      c_validator_(cause_code(causes, "validator_share")),
      c_contributor_(cause_code(causes, "contributor_share")),
      builder_(std::move(builder)),
      liquid_(liquid),
      flight_(flight),
      split_(std::move(split)),
      agents_(static_cast<std::uint32_t>(builder_.size())) {}

void FeeSplits::take(std::uint64_t row, const io::EventRecord& r, Share& s, const char* what) {
  if (s.seen)
    throw Divergence(
        row, fmt::format("a second {} sent for one inference by builder {}", what, r.actor));
  s = Share{r.amount, row, true};
}

void FeeSplits::on_move(std::uint64_t row, const io::EventRecord& r) {
  if (open_ && (r.time != cur_.time || r.handler != cur_.builder)) finish();
  // Protocol actors follow the agents: protocol = agents + 1, treasury = agents + 2 (`handler`).
  if (r.from_bucket == flight_ && r.cause == c_infer_ && r.target < agents_ && builder_[r.target] &&
      r.handler == r.target) {
    if (open_) finish();
    open_ = true;
    cur_ = Open{row, r.time, r.target, r.amount, 0, {}, {}, {}};
    return;
  }
  if (!open_ || r.actor != cur_.builder || r.from_bucket != liquid_ || r.to_bucket != flight_)
    return;
  if (r.cause == c_credit_ && r.target == agents_ + 2) {
    take(row, r, cur_.protocol, "protocol share");
  } else if (r.cause == c_credit_ && r.target < agents_) {
    if (cur_.refund != 0)
      throw Divergence(
          row, fmt::format("a second refund for one inference by builder {}", cur_.builder));
    cur_.refund = r.amount;
  } else if (r.cause == c_validator_ && r.target == agents_ + 1) {
    take(row, r, cur_.validators, "validators' share");
  } else if (r.cause == c_contributor_ && r.target == agents_ + 1) {
    take(row, r, cur_.contributors, "contributors' share");
  }
}

void FeeSplits::end_group() {
  if (open_) finish();
}

void FeeSplits::finish() {
  open_ = false;
  const std::int64_t fee = cur_.paid - cur_.refund;
  if (fee < 0)
    throw Divergence(cur_.row, fmt::format("builder {} refunds {} of a payment of {}", cur_.builder,
                                           cur_.refund, cur_.paid));
  if (fee == 0)
    ++refused_;
  else
    ++inferences_;
  const FeeSplit& split = split_.at(cur_.time);
  const auto check = [&](const Share& s, std::int64_t ppm, const char* what) {
    const auto expected =
        static_cast<std::int64_t>(static_cast<Wide>(fee) * ppm / kPpmPerOne);  // floor, fee >= 0
    if (s.amount != expected) {
      throw Divergence(
          s.seen ? s.row : cur_.row,
          fmt::format("inference by builder {} of fee {} (paid {}, refunded {}): {} expected {} "
                      "({} of the fee, incentives.fee_split), found {}",
                      cur_.builder, fee, cur_.paid, cur_.refund, what, expected,
                      fmt::format("{}.{:04}%", ppm / 10000, ppm % 10000),
                      s.seen ? fmt::format("{}", s.amount) : std::string("no row")));
    }
  };
  check(cur_.protocol, split.protocol, "the protocol share");
  check(cur_.validators, split.validators, "the validators' share");
  check(cur_.contributors, split.contributors, "the contributors' share");
}

}  // namespace coordsim::verify
