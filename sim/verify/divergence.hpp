#pragma once
// The first thing that did not hold: which row, which balance, what was expected and found.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

namespace coordsim::verify {

inline constexpr std::uint64_t kNoRow = ~std::uint64_t{0};

/// Thrown by a check that fails; the driver prints it and exits with kDivergence.
class Divergence : public std::runtime_error {
 public:
  Divergence(std::uint64_t row, const std::string& what) : std::runtime_error(what), row_(row) {}
  [[nodiscard]] std::uint64_t row() const noexcept { return row_; }

 private:
  std::uint64_t row_;
};

}  // namespace coordsim::verify
