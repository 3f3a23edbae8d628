#include "model/attribution/rows_game.hpp"

#include <algorithm>

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

}  // namespace coordsim::model::attribution
