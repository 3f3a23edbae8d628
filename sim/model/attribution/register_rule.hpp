#pragma once
// Attribution rules added from their own folder (docs/extending.md, "Worked example: an
// attribution rule"). A rule is a function from the rows a model used to one signed value per
// contributor, registered with one line at namespace scope in one of its .cpp files:
//
//   const attribution::RegisteredRule kSqrtUsage =
//       attribution::register_rule("square_root_usage", &square_root_usage_values);
//
// Linking that file into an executable is the registration: `attribution.rule: square_root_usage`
// is then a word of the scenario (scenario/rule_names.hpp: codes after the built-in rules, in
// name order, the set closed when first read), and compute_weights calls the function for that
// code, as the built-in rules' switch calls theirs: weights = max(value, 0), split by largest
// remainder, so the budget balances whatever the function returns. One indirect call per
// computation (once per training, not per fee), nothing virtual, nothing allocated by the
// dispatch. A static library drops an object file nothing references: link the rule's library
// whole (cmake coordsim_attribution_rule).
#include <cstdint>
#include <span>
#include <string_view>

#include "kernel/rng.hpp"
#include "model/attribution/rules.hpp"

namespace coordsim::model::attribution {

/// What a rule reads. Players are the contributors in ascending AgentId order (players.players()
/// of them); `values` has one slot per player.
struct RuleInput {
  const PlayerRows& players;  // rows per player (row_count, copies counted), distinct contents
  std::span<const Row> rows;  // the rows as given; rows[i] is player players.row_player(i)'s
  std::span<const double> reputation;  // indexed by kernel::index(contributor); may be short
  const RuleConfig& config;            // attribution.* (usefulness, samples, ...)
  kernel::Rng& rng;  // the protocol's stream: draw from it only if the rule samples
  Workspace& ws;     // scratch kept across calls (ws.game: v(S), bind it first; ws.permutation...)
};

/// A rule: fills values[p] for every player p with a finite signed value (negative = harmful;
/// paid max(value, 0)). It must be a function of its input alone (and of the draws it makes from
/// `rng`): that is what makes runs the same on any thread count and across checkpoint/resume.
/// A non-finite value throws InvalidConfig; whatever else it throws reaches the caller.
using RuleFn = void (*)(const RuleInput& in, std::span<double> values);

/// How the stock credit (model/data/row_credit.cpp, docs/behaviour.md) divides what the rule paid
/// one contributor among that contributor's rows, to credit the effort level and datanet each row
/// was written at. The rule's function pays contributors, not rows, so the rule says which
/// division matches it: a learner credited by the wrong one learns what the rule never paid.
enum class RowCredit : std::uint8_t {
  kByQuality,  // by the rows' observed quality, as the value-based built-in rules pay
  kPerRow,     // every row alike, as `usage` pays (a function of row counts only)
};

/// The handle register_rule returns.
class RegisteredRule {
 public:
  explicit constexpr RegisteredRule(std::string_view name) noexcept : name_(name) {}
  [[nodiscard]] constexpr std::string_view name() const noexcept { return name_; }
  /// Its code (for RuleConfig::rule); closes the set of rules.
  [[nodiscard]] Rule rule() const;

 private:
  std::string_view name_;
};

/// Registers rule `name` (a literal: lowercase letters, digits, `_`) computing values with `fn`,
/// its pay divided among a contributor's rows by `credit`.
/// @throws std::logic_error if `fn` is null or scenario::attribution_rule_names() refuses the
/// name (not such a word, a built-in's or taken, no code left, or the set of rules is closed).
RegisteredRule register_rule(std::string_view name, RuleFn fn,
                             RowCredit credit = RowCredit::kByQuality);

/// The function of a registered rule's code; null for a built-in rule, or a registered name that
/// no function came with. A code past the built-in ones closes the set of rules.
[[nodiscard]] RuleFn registered_rule(Rule rule);

/// How `rule` divides a contributor's pay among its rows: kPerRow for `usage` and for a
/// registered rule that says so, kByQuality for every other rule.
[[nodiscard]] RowCredit row_credit(Rule rule);

}  // namespace coordsim::model::attribution
