#pragma once
// The usefulness model as a coalitional game over contributors, evaluated incrementally: adding or
// removing a player costs O(its distinct contents), and value() is O(1) (one expm1). A Shapley
// permutation therefore costs O(rows), not O(players * rows).
//
// State: for each content, how many coalition members hold it (0 = not in the model); the
// fixed-point sums Q+ and Q- over contents held at least once. Buffers are sized once by bind()
// and reused for every coalition, permutation and sample: nothing is allocated while evaluating.
#include <cstdint>
#include <vector>

#include "model/attribution/player_rows.hpp"
#include "model/attribution/usefulness.hpp"

namespace coordsim::model::attribution {

class RowsGame {
 public:
  /// The coalition as the usefulness model sees it: the fixed-point sums Q+ and Q-. The game
  /// algorithms (game.hpp) take marginals as difference(with, without) of two states, so no
  /// marginal value is the difference of two values close to v_max.
  struct State {
    std::int64_t positive = 0;
    std::int64_t negative = 0;
    double decay = 1.0;  // exp(-Q+ / scale): computed once per snapshot, reused by every marginal
  };

  /// Attach to `rows` (which must outlive the binding and not be rebuilt meanwhile) and start
  /// from the empty coalition.
  /// @throws InvalidConfig if `usefulness` is out of range; InvalidRows if copies of one content
  /// disagree on quality or the qualities overflow the fixed-point sums.
  void bind(const PlayerRows& rows, const Usefulness& usefulness);

  [[nodiscard]] std::size_t players() const noexcept {
    return rows_ == nullptr ? 0 : rows_->players();
  }
  /// Back to the empty coalition: O(contents).
  void reset() noexcept;
  /// Add a player who is not in the coalition.
  void add(std::size_t player) noexcept;
  /// Remove a player who is in the coalition.
  void remove(std::size_t player) noexcept;
  /// v(current coalition).
  [[nodiscard]] double value() const noexcept;
  [[nodiscard]] State state() const noexcept;
  /// v(with) - v(without), computed stably (Usefulness::difference) from the exact change.
  /// Remembers the last change's saturation: exact enumeration asks for one player's marginal
  /// over every coalition, and the change is the same (the player's own quality) for most.
  [[nodiscard]] double difference(const State& with, const State& without) const noexcept;

 private:
  const PlayerRows* rows_ = nullptr;
  Usefulness usefulness_{};
  std::vector<std::uint32_t> holders_;  // per content: members of the coalition holding it
  std::int64_t positive_ = 0;           // Q+ in fixed point
  std::int64_t negative_ = 0;           // Q- in fixed point (>= 0)
  // difference()'s one-entry memo: a pure cache (same result with or without it), so a const
  // method may fill it; a RowsGame is used by one thread at a time (one per Workspace).
  mutable std::int64_t memo_change_ = -1;
  mutable double memo_fill_ = 0.0;
};

}  // namespace coordsim::model::attribution
