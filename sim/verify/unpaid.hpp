#pragma once
// The metric `contributor_pool_unpaid` (docs/world.md: the part of the contributors' share that
// no contributor received, cumulative), re-derived from the event log for every sample. It grows
// at two moments (docs/output-format.md, "Row kinds"):
// - a contributors' share delivered to the protocol (a `move` out of the protocol's flight, cause
//   `contributor_share`) for a model that takes no share then (no `attribution` row yet, or one of
//   0 contributors): the whole share, when it is delivered;
// - a model pool's split whose weights are all zero (no `weight` row): the whole pool, at the
//   `pool_split` row (splits.hpp keeps that sum).
// A delivery does not name its builder; the send does (its `actor`). Deliveries reach the
// protocol one block after their sends and, at one time, in the order of their senders' ids and
// then of each sender's sends (the event order, docs/output-format.md): so the delivery of a share
// is the pending send of that amount with the earliest (time, builder, row).
#include <cstdint>
#include <map>
#include <set>
#include <tuple>

#include "io/columns.hpp"

namespace coordsim::verify {

class Splits;

class ContributorUnpaid {
 public:
  /// `cause`: the code of `contributor_share`; `protocol` the protocol actor's id; `liquid` and
  /// `flight` the bucket codes of `liquid` and `flight_token`.
  ContributorUnpaid(std::uint16_t cause, std::uint32_t protocol, std::uint8_t liquid,
                    std::uint8_t flight)
      : cause_(cause), protocol_(protocol), liquid_(liquid), flight_(flight) {}

  /// Every `move` row, in log order, with the splits' replay as it stands before the row.
  /// @throws Divergence
  void on_move(std::uint64_t row, const io::EventRecord& r, const Splits& splits);
  /// The metric's value now.
  [[nodiscard]] std::int64_t value(const Splits& splits) const noexcept;
  /// Shares delivered to a model that took none so far, and how many.
  [[nodiscard]] std::uint64_t unpaid_deliveries() const noexcept { return deliveries_; }

 private:
  std::uint16_t cause_;
  std::uint32_t protocol_;
  std::uint8_t liquid_, flight_;
  // Shares in flight to the protocol, by amount: (send time, builder, send row).
  std::map<std::int64_t, std::set<std::tuple<std::uint64_t, std::uint32_t, std::uint64_t>>>
      pending_;
  std::int64_t to_no_model_ = 0;  // shares delivered to models that took none
  std::uint64_t deliveries_ = 0;
};

}  // namespace coordsim::verify
