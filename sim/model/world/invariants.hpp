#pragma once
// The model's invariants (MODEL.md), checked on the whole world. A broken one throws
// ledger::InvariantViolationError with a report naming the invariant, the moment, the accounts or
// sessions and the amounts; the run stops with exit status 3.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/world/world.hpp"

namespace coordsim::model::world {

class InvariantChecker {
 public:
  static constexpr std::array<std::string_view, 6> kNames{
      "conservation",    // every bucket + pool + treasury + in flight + burned == genesis supply
      "in_flight",       // value travelling between actors is never negative
      "pool_backing",    // the pool account holds the reserves plus the makers' custody; k never
                         // falls
      "authorisation",   // every live session within its caps; children within their parents
      "budget_balance",  // every fee split summed exactly to the fee
      "no_negative",     // no balance below zero (part of the ledger check)
  };

  /// Checks every family the scenario's `invariants:` section leaves on (conservation with
  /// in_flight, no_negative and pool_backing; authorisation; budget_balance). `what` describes the
  /// moment (e.g. "sample at t=3600s").
  /// @throws ledger::InvariantViolationError
  void check(const World& world, kernel::SimTime now, std::uint64_t events, std::string_view what);

  [[nodiscard]] std::uint64_t checks() const noexcept { return checks_; }
  [[nodiscard]] std::uint64_t sessions_checked() const noexcept { return sessions_checked_; }

  /// Checkpoints: the counts and the last pool k seen (k may never fall between checks).
  void save(kernel::ArchiveWriter& out) const;
  void load(kernel::ArchiveReader& in);

 private:
  void check_conservation(const World& world, kernel::SimTime now, std::uint64_t events,
                          std::string_view what, const std::string& context);
  void check_sessions(const sessions::SessionStore& st, const std::string& context);

  std::uint64_t checks_ = 0;
  std::uint64_t sessions_checked_ = 0;
  ledger::Wide last_k_ = 0;
};

}  // namespace coordsim::model::world
