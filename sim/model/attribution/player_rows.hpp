#pragma once
// The rows a model trained on, regrouped by contributor: the players of the attribution game.
//
// Players are the distinct contributors, numbered 0..players()-1 in ascending AgentId order (so
// the numbering, and every result indexed by it, is independent of row order). Contents are the
// distinct content ids, numbered densely in ascending id order. Each player holds the set of
// contents it contributed at least one copy of, and a count of all its rows, copies included.
#include <cstdint>
#include <span>
#include <vector>

#include "kernel/agent_id.hpp"
#include "model/attribution/row.hpp"

namespace coordsim::model::attribution {

class PlayerRows {
 public:
  /// Rebuild from `rows`, reusing this object's capacity. O(r log r) for r rows.
  /// @throws InvalidRows if a quality is NaN, infinite or larger in magnitude than kMaxAbsQuality.
  void build(std::span<const Row> rows);

  [[nodiscard]] std::size_t players() const noexcept { return contributor_.size(); }
  [[nodiscard]] std::size_t contents() const noexcept { return content_quality_.size(); }
  [[nodiscard]] std::size_t rows() const noexcept { return row_player_.size(); }

  [[nodiscard]] kernel::AgentId contributor(std::size_t player) const {
    return contributor_[player];
  }
  [[nodiscard]] std::span<const kernel::AgentId> contributors() const noexcept {
    return contributor_;
  }
  /// Rows of this player, every copy counted.
  [[nodiscard]] std::uint32_t row_count(std::size_t player) const { return row_count_[player]; }
  /// Dense indices of the distinct contents this player holds.
  [[nodiscard]] std::span<const std::uint32_t> player_contents(std::size_t player) const {
    return {held_.data() + held_begin_[player], held_.data() + held_begin_[player + 1]};
  }
  /// The player of row i of the span given to build().
  [[nodiscard]] std::uint32_t row_player(std::size_t row) const { return row_player_[row]; }

  /// Quality of a content in fixed point (quality * kQualityUnit, rounded): the quality of its
  /// first row in input order.
  [[nodiscard]] std::int64_t content_quality(std::size_t content) const {
    return content_quality_[content];
  }
  /// False if two copies of one content carried different qualities: the value-based rules
  /// refuse such input (RowsGame::bind throws), the usage and influence rules do not care.
  [[nodiscard]] bool consistent_quality() const noexcept { return consistent_; }
  /// False if the sum of |quality| over all contents would overflow the fixed-point sums.
  [[nodiscard]] bool fits_fixed_point() const noexcept { return fits_; }

 private:
  std::vector<kernel::AgentId> contributor_;   // per player
  std::vector<std::uint32_t> row_count_;       // per player
  std::vector<std::uint32_t> held_begin_;      // per player + 1: offsets into held_
  std::vector<std::uint32_t> held_;            // dense content indices, ascending per player
  std::vector<std::uint32_t> row_player_;      // per input row
  std::vector<std::int64_t> content_quality_;  // per content, fixed point
  // build scratch, kept for its capacity
  std::vector<std::uint32_t> order_;
  std::vector<std::uint32_t> content_key_;
  std::vector<std::uint8_t> content_set_;
  bool consistent_ = true;
  bool fits_ = true;
};

}  // namespace coordsim::model::attribution
