#pragma once
// Every inference's fee split, re-derived from the movement rows (docs/output-format.md, "Every
// value movement"): in a model builder's handler, an inference begins with the delivery of the
// agent's payment (cause `infer`) into the builder's account; what the builder sends back to an
// agent (cause `credit`) is a refund, and the fee is the payment less the refund. The builder then
// sends the protocol share (cause `credit`, to the treasury), the validators' share
// (`validator_share`) and the contributors' share (`contributor_share`, both to the protocol
// actor); each must be floor(fee x share / 10^6) of the scenario's incentives.fee_split at that
// time (a zero share is no row), the builder keeping the rounding leftover. How the
// contributors' and validators' pools are then divided among payees is splits.hpp's.
#include <cstdint>
#include <string>
#include <vector>

#include "io/columns.hpp"
#include "verify/scenario.hpp"

namespace coordsim::verify {

class FeeSplits {
 public:
  /// Names from the file; `builder[agent]`: whether the agent is a model builder; `liquid` and
  /// `flight` the bucket codes of `liquid` and `flight_token`. @throws std::invalid_argument
  FeeSplits(const std::vector<std::string>& cause_names, std::vector<bool> builder,
            std::uint8_t liquid, std::uint8_t flight, Steps<FeeSplit> split);

  /// A `move` row, in log order. @throws Divergence
  void on_move(std::uint64_t row, const io::EventRecord& r);
  /// The end of a (time, handler) group and of the log. @throws Divergence
  void end_group();

  [[nodiscard]] std::uint64_t inferences() const noexcept { return inferences_; }
  [[nodiscard]] std::uint64_t refused() const noexcept { return refused_; }

 private:
  struct Share {
    std::int64_t amount = 0;
    std::uint64_t row = 0;
    bool seen = false;
  };
  struct Open {
    std::uint64_t row = 0, time = 0;
    std::uint32_t builder = 0;
    std::int64_t paid = 0, refund = 0;
    Share protocol, validators, contributors;
  };
  void finish();
  static void take(std::uint64_t row, const io::EventRecord& r, Share& s, const char* what);

  std::uint16_t c_infer_, c_credit_, c_validator_, c_contributor_;
  std::vector<bool> builder_;
  std::uint8_t liquid_, flight_;
  Steps<FeeSplit> split_;
  std::uint32_t agents_;
  bool open_ = false;
  Open cur_;
  std::uint64_t inferences_ = 0, refused_ = 0;
};

}  // namespace coordsim::verify
