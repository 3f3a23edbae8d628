#include "model/attribution/rows_game.hpp"

#include <algorithm>
#include <cmath>

#include "model/attribution/errors.hpp"

namespace coordsim::model::attribution {

void RowsGame::bind(const PlayerRows& rows, const Usefulness& usefulness) {
  validate(usefulness);
  if (!rows.consistent_quality()) {
    throw InvalidRows("attribution: copies of one content carry different qualities");
  }
  if (!rows.fits_fixed_point())
    throw InvalidRows("attribution: total |quality| overflows the fixed-point sums");
  rows_ = &rows;
  usefulness_ = usefulness;
  holders_.assign(rows.contents(), 0);
  positive_ = 0;
  negative_ = 0;
  memo_change_ = -1;  // the memo depends on the scale
}

void RowsGame::reset() noexcept {
  std::fill(holders_.begin(), holders_.end(), 0U);
  positive_ = 0;
  negative_ = 0;
}

void RowsGame::add(std::size_t player) noexcept {
  for (const std::uint32_t c : rows_->player_contents(player)) {
    if (holders_[c]++ != 0) continue;  // a copy of a content already in the model adds nothing
    const std::int64_t q = rows_->content_quality(c);
    if (q > 0)
      positive_ += q;
    else
      negative_ -= q;
  }
}

void RowsGame::remove(std::size_t player) noexcept {
  for (const std::uint32_t c : rows_->player_contents(player)) {
    if (--holders_[c] != 0) continue;  // another member still holds a copy
    const std::int64_t q = rows_->content_quality(c);
    if (q > 0)
      positive_ -= q;
    else
      negative_ += q;
  }
}

double RowsGame::value() const noexcept {
  return usefulness_.value(static_cast<double>(positive_) / kQualityUnit,
                           static_cast<double>(negative_) / kQualityUnit);
}

RowsGame::State RowsGame::state() const noexcept {
  return {positive_, negative_,
          std::exp(-(static_cast<double>(positive_) / kQualityUnit) / usefulness_.scale)};
}

double RowsGame::difference(const State& with, const State& without) const noexcept {
  // Both sums are non-negative and below 2^63 (fits_fixed_point), so the integer changes are
  // exact; only their conversion to quality units rounds.
  const std::int64_t change = with.positive - without.positive;
  const std::int64_t magnitude = change < 0 ? -change : change;
  if (magnitude != memo_change_) {
    memo_change_ = magnitude;
    memo_fill_ = usefulness_.saturation(static_cast<double>(magnitude) / kQualityUnit);
  }
  const double low_decay = change >= 0 ? without.decay : with.decay;
  return usefulness_.combine(low_decay, memo_fill_, change >= 0,
                             static_cast<double>(with.negative - without.negative) / kQualityUnit);
}

}  // namespace coordsim::model::attribution
