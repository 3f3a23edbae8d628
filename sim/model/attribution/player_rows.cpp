#include "model/attribution/player_rows.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/attribution/errors.hpp"
#include "model/attribution/usefulness.hpp"
#include "model/ledger/amount.hpp"

namespace coordsim::model::attribution {

namespace {

std::int64_t to_fixed(double quality) {
  if (!std::isfinite(quality)) throw InvalidRows("attribution: row quality is NaN or infinite");
  if (std::fabs(quality) > kMaxAbsQuality)
    throw InvalidRows("attribution: |row quality| exceeds 2^20");
  return std::llround(quality * kQualityUnit);  // exact scaling by 2^32, then one rounding
}

}  // namespace

void PlayerRows::build(std::span<const Row> rows) {
  if (rows.size() >= std::numeric_limits<std::uint32_t>::max())
    throw InvalidRows("attribution: too many rows");
  const auto n = static_cast<std::uint32_t>(rows.size());

  // Dense content numbering: ascending content id.
  content_key_.clear();
  for (const Row& r : rows) content_key_.push_back(r.content_id);
  std::sort(content_key_.begin(), content_key_.end());
  content_key_.erase(std::unique(content_key_.begin(), content_key_.end()), content_key_.end());
  const auto dense = [this](std::uint32_t id) {
    return static_cast<std::uint32_t>(
        std::lower_bound(content_key_.begin(), content_key_.end(), id) - content_key_.begin());
  };

  // Content quality: the first row in input order defines it; later copies must agree.
  content_quality_.assign(content_key_.size(), 0);
  content_set_.assign(content_key_.size(), 0);
  consistent_ = true;
  ledger::Wide magnitude = 0;
  for (const Row& r : rows) {
    const std::int64_t q = to_fixed(r.quality);
    const std::uint32_t c = dense(r.content_id);
    if (content_set_[c] == 0) {
      content_set_[c] = 1;
      content_quality_[c] = q;
      magnitude += q < 0 ? -static_cast<ledger::Wide>(q) : static_cast<ledger::Wide>(q);
    } else if (content_quality_[c] != q) {
      consistent_ = false;
    }
  }
  fits_ = magnitude <= std::numeric_limits<std::int64_t>::max();

  // Group rows by (contributor, content id, row index): a total order, so std::sort is enough.
  order_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) order_[i] = i;
  std::sort(order_.begin(), order_.end(), [rows](std::uint32_t a, std::uint32_t b) {
    const Row& x = rows[a];
    const Row& y = rows[b];
    if (x.contributor != y.contributor) return x.contributor < y.contributor;
    if (x.content_id != y.content_id) return x.content_id < y.content_id;
    return a < b;
  });

  contributor_.clear();
  row_count_.clear();
  held_begin_.clear();
  held_.clear();
  row_player_.resize(n);
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t i = order_[k];
    const Row& r = rows[i];
    const bool new_player = contributor_.empty() || contributor_.back() != r.contributor;
    if (new_player) {
      contributor_.push_back(r.contributor);
      row_count_.push_back(0);
      held_begin_.push_back(static_cast<std::uint32_t>(held_.size()));
    }
    ++row_count_.back();
    row_player_[i] = static_cast<std::uint32_t>(contributor_.size() - 1);
    const bool new_content = new_player || rows[order_[k - 1]].content_id != r.content_id;
    if (new_content) held_.push_back(dense(r.content_id));
  }
  held_begin_.push_back(static_cast<std::uint32_t>(held_.size()));
}

}  // namespace coordsim::model::attribution
