#pragma once
// The few scenario terms a replay needs (docs/output-format.md, "Verifying a run file"), read
// from the file's own copy of the resolved scenario (the root attribute `scenario_text`) and the
// knob changes in /interventions: the session policy's max_depth and cap accounting, the fee
// split and the validators' slash fraction. Read here, by this module's own reading of the
// canonical YAML the run writes, so that verify links no scenario library and cannot borrow the
// model's parsing by accident.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace coordsim::verify {

/// A term's value over the run: (from time, value) steps, the first at time 0. A change applies
/// to every event at or after its time (the rule /interventions documents).
template <class T>
class Steps {
 public:
  explicit Steps(T initial) : steps_{{0, std::move(initial)}} {}
  void change(std::uint64_t at, T value) { steps_.emplace_back(at, std::move(value)); }
  [[nodiscard]] const T& at(std::uint64_t time) const noexcept {
    const T* v = &steps_.front().second;
    for (const auto& [t, value] : steps_)
      if (t <= time) v = &value;
    return *v;
  }
  [[nodiscard]] std::size_t changes() const noexcept { return steps_.size() - 1; }

 private:
  std::vector<std::pair<std::uint64_t, T>> steps_;  // in the order applied: times never decrease
};

/// incentives.fee_split in parts per million (the four sum to 10^6).
struct FeeSplit {
  std::int64_t protocol = 0, builder = 0, validators = 0, contributors = 0;
};

/// One knob change of /interventions.
struct KnobChange {
  std::uint64_t time = 0;
  std::string key;
  std::string value;
};

/// The value text of `key` (a dotted path of mapping keys: "sessions.max_depth") in the
/// canonical YAML `text`, or "" if absent. Only plain mappings: list items are not entered.
[[nodiscard]] std::string yaml_value(const std::string& text, const std::string& key);

/// "12.5%" (at most four decimals, as the scenario writes percentages) in parts per million.
/// @throws std::invalid_argument
[[nodiscard]] std::int64_t parse_ppm(const std::string& text);

struct ScenarioTerms {
  bool chain_accounting = false;  // sessions.cap_accounting: chain (fixed for a run)
  Steps<std::uint32_t> max_depth{0};
  Steps<FeeSplit> fee_split{FeeSplit{}};
  /// incentives.validator_slash_fraction (ppm): a wrong flag's cut of the validators' stake
  /// record. Known unless the scenario text lacks it (files from before the key).
  Steps<std::int64_t> validator_slash_fraction{0};
  bool validator_slash_fraction_known = false;

  /// @throws std::invalid_argument if a term is missing or malformed.
  static ScenarioTerms read(const std::string& scenario_text, const std::vector<KnobChange>& knobs);
};

}  // namespace coordsim::verify
