#pragma once
// Interventions: knob changes made to a running simulation (by a person in coordsim-viz), and
// what it takes to record them in a run file and to replay them with `coordsim run
// --interventions`.
//
// An intervention is applied at a sample boundary only: after the sample at its time (and the
// checkpoint, if one falls there) and before any later event. That point is the same in a live
// run and in run(), whatever the wall clock did, so a run that applies the same interventions at
// the same times records the same datasets (docs/output-format.md, "/interventions").
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/columns.hpp"
#include "io/seal.hpp"
#include "kernel/time.hpp"
#include "scenario/spec.hpp"

namespace coordsim::run {

/// A change of a scenario knob during a run: at `time` (a sample time), `key` went from
/// `old_value` to `new_value`, both as the resolved scenario writes them (so `new_value` given to
/// --set reproduces the change).
struct Intervention {
  kernel::SimTime time;
  std::string key;
  std::string old_value;
  std::string new_value;
  friend bool operator==(const Intervention&, const Intervention&) = default;
};

/// A bad interventions file, a key that is not a knob or a value the scenario refuses. The
/// message names the file (or "intervention") and the reason. `coordsim` exits 2.
class InterventionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Empty if `key` is a knob, else why not. Knobs are the keys a running world can take: single
/// values under `incentives.`, `sessions.` and `adversaries.`, and a population group's
/// behaviour (`population[N].price`), but not what decides who exists (`population[N].count`,
/// `.kind`, `.name`).
[[nodiscard]] std::string knob_refusal(std::string_view key);

/// The value of `key` (dotted, list items as `population[3]`) in a resolved scenario's canonical
/// YAML (scenario::to_yaml), as written there; empty if it is not a single-line value.
[[nodiscard]] std::string resolved_value(std::string_view yaml, std::string_view key);

/// `spec` with `key` set to `value` (YAML, as --set takes it), and the change it makes at `time`.
/// @throws InterventionError (not a knob, or the value leaves the key unchanged in form: none),
///         scenario::ScenarioError (the scenario refuses the value)
struct AppliedKnob {
  scenario::Spec spec;
  Intervention change;
};
[[nodiscard]] AppliedKnob apply_knob(const scenario::Spec& spec, kernel::SimTime time,
                                     const std::string& key, const std::string& value);
/// Applies, in order, every intervention of `list` from index `next` on whose time is `at`:
/// advances `next` past them, appends each applied change to `applied` and returns the scenario
/// with all of them in force. run() and the replaying live run both step through a list this way.
[[nodiscard]] scenario::Spec apply_due(scenario::Spec spec, const std::vector<Intervention>& list,
                                       std::size_t& next, kernel::SimTime at,
                                       std::vector<Intervention>& applied);

/// The /interventions table of a run file (time, time_s, key, old_value, new_value).
[[nodiscard]] std::vector<io::TableColumn> intervention_table(const std::vector<Intervention>& list,
                                                              double tick_seconds);

/// The interventions recorded in a run file's /interventions table, in order; none if the file
/// has no such table (nobody changed a knob in that run).
/// `unsealed` as for every reader (io/seal.hpp): kRead reads a file without a seal.
/// @throws InterventionError naming `path` (not a run file, no table, wrong columns)
[[nodiscard]] std::vector<Intervention> read_interventions(
    const std::filesystem::path& path, io::Unsealed unsealed = io::Unsealed::kRefuse);

/// Checks `list` against `spec` before a run: times in order, each a sample time of the run
/// (0, a multiple of output.sample_interval, or the end), each key a knob, each value accepted
/// in turn. `source` names the list in messages. @throws InterventionError
void check_interventions(const scenario::Spec& spec, const std::vector<Intervention>& list,
                         const std::string& source);

}  // namespace coordsim::run
