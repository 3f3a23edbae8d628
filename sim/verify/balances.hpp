#pragma once
// Every balance of a run, replayed from the event log's movement rows (kind `move`): the
// ledger's buckets per account, the market's reserves, custody and escrow, value in flight per
// receiving actor, burned value, and what genesis handed out. Semantics: docs/output-format.md.
//
// Checks made row by row: no balance goes negative, a movement stays within one asset, every
// delivery out of flight matches an earlier send to the same receiver (same cause and amount).
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "io/columns.hpp"

namespace coordsim::verify {

enum class Asset : std::uint8_t { kToken, kQuote, kEither };

/// What a bucket code of the file means (read from the `bucket_names` attribute by name).
struct PlaceInfo {
  std::string name;
  Asset asset = Asset::kEither;
  bool genesis = false;
  bool flight = false;
};

class Balances {
 public:
  /// @throws std::invalid_argument if a name the format defines is missing.
  explicit Balances(const std::vector<std::string>& bucket_names);

  /// Applies one movement row (row index `row`, for messages). @throws Divergence
  void apply(std::uint64_t row, const io::EventRecord& r);

  /// The bucket code of a documented name.
  [[nodiscard]] std::uint8_t place(const std::string& name) const;
  [[nodiscard]] std::int64_t get(std::uint8_t place, std::uint32_t account) const noexcept;
  /// Sum of one place over every account.
  [[nodiscard]] std::int64_t total(std::uint8_t place) const noexcept;
  /// Sum of every place of one asset (genesis excluded).
  [[nodiscard]] std::int64_t asset_total(Asset a) const noexcept;
  [[nodiscard]] std::int64_t genesis(Asset a) const noexcept {
    return a == Asset::kToken ? genesis_token_ : genesis_quote_;
  }
  [[nodiscard]] const std::string& name(std::uint8_t place) const { return info_.at(place).name; }
  [[nodiscard]] std::size_t places() const noexcept { return info_.size(); }
  [[nodiscard]] std::uint64_t moves() const noexcept { return moves_; }
  /// Sends still waiting for their delivery.
  [[nodiscard]] std::uint64_t pending_flights() const noexcept { return pending_; }

 private:
  void add(std::uint64_t row, std::uint8_t place, std::uint32_t account, std::int64_t delta);

  std::vector<PlaceInfo> info_;
  std::vector<std::vector<std::int64_t>> balance_;  // [place][account]
  std::int64_t genesis_token_ = 0;
  std::int64_t genesis_quote_ = 0;
  std::uint64_t moves_ = 0;
  // Sends into flight not yet delivered: (receiver, place, cause, amount) -> their times.
  std::map<std::tuple<std::uint32_t, std::uint8_t, std::uint16_t, std::int64_t>,
           std::vector<std::uint64_t>>
      flights_;
  std::uint64_t pending_ = 0;
};

}  // namespace coordsim::verify
