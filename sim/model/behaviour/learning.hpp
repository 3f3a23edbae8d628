#pragma once
// Decision rules for a population group: each agent repeatedly picks one of a few actions and
// learns from the payoff (in tokens) it gets. docs/behaviour.md has the equations and references.
//
//   kFixed     a given mixed strategy; never learns (today's scripted behaviour)
//   kRothErev  reinforcement with forgetting and experimentation (Erev and Roth 1998)
//   kEwa       experience-weighted attraction, logit choice (Camerer and Ho 1999)
//   kLogit     logit (quantal) response to estimated payoffs, with a temperature
//              (McKelvey and Palfrey 1995; estimates by sample average or constant step)
//   registered rules, declared outside this folder (register_rule.hpp): values after kLogit
//
// Layout: a Learners object holds one group's state as columns; one agent's attractions are
// `actions` contiguous doubles. A built-in rule is a switch on an enum, not a virtual call; a
// registered rule is reached after the switch through plain function pointers. No decision or
// update allocates (only resize() does).
//
// Promised: choose() makes exactly one draw from the caller's kernel::Rng, whatever the rule and
// whatever the state, so the counter an agent's stream has reached depends only on how many
// decisions it made. Given the same updates and counters, every run gives the same choices.
// Not promised: anything about payoffs' units. Rules are scale-sensitive (a logit temperature is
// in payoff units, Roth-Erev propensities add payoffs to initial propensities): the world passes
// payoffs in tokens, and the parameters are read in tokens.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "kernel/archive.hpp"
#include "kernel/rng.hpp"

namespace coordsim::model::behaviour {

/// A decision has at most this many actions: probabilities live in a buffer on the stack.
inline constexpr std::uint32_t kMaxActions = 16;

/// The built-in rules; a registered rule's value follows kLogit (register_rule.hpp), the same
/// number as its scenario::BehaviourRule.
enum class Rule : std::uint8_t { kFixed, kRothErev, kEwa, kLogit };

struct RuleFns;  // register_rule.hpp
struct RuleState;
struct ConstRuleState;

/// Scenario spelling: "fixed", "roth_erev", "ewa", "logit", then the registered rules' names.
/// Reading a registered rule's name closes the set of rules (register_rule.hpp): not noexcept.
[[nodiscard]] std::string_view rule_name(Rule rule);
/// @throws InvalidBehaviour for an unknown name.
[[nodiscard]] Rule parse_rule(std::string_view name);

/// Erev and Roth (1998), three-parameter reinforcement:
///   R      = max(payoff - payoff_floor, 0)
///   q_j   <- max((1 - forgetting) q_j + E_j, min_propensity)
///   E_j    = (1 - experimentation) R for the chosen action, experimentation R / (m - 1) otherwise
///   P(j)   = q_j / sum_k q_k
struct RothErevParams {
  double forgetting = 0.0;          // phi in [0, 1]
  double experimentation = 0.0;     // epsilon in [0, 1)
  double initial_propensity = 1.0;  // q_j(1) > 0 (Erev-Roth: s(1) * mean |payoff| / m)
  double payoff_floor = 0.0;        // x_min: reinforcements must not be negative
  double min_propensity = 1e-4;     // the cutoff v > 0 of Erev-Roth; keeps sum q > 0
};

/// Camerer and Ho (1999):
///   N(t)   = phi (1 - kappa) N(t-1) + 1
///   A_j(t) = (phi N(t-1) A_j(t-1) + (delta + (1 - delta) [j = chosen]) payoff_j) / N(t)
///   P(j)   = exp(lambda A_j) / sum_k exp(lambda A_k)
/// delta = 0, kappa = 1, N(0) = 1: cumulative reinforcement A_j = phi A_j + [j = chosen] payoff.
/// delta = 1, kappa = 0: weighted fictitious play (A_j = expected payoff under decayed beliefs).
struct EwaParams {
  double phi = 0.9;                 // decay of past attractions, [0, 1]
  double delta = 0.5;               // weight of forgone payoffs, [0, 1]
  double kappa = 0.0;               // [0, 1]: 0 averages attractions, 1 accumulates them
  double lambda = 1.0;              // logit sensitivity >= 0 (payoff units^-1)
  double initial_attraction = 0.0;  // A_j(0)
  double initial_experience = 1.0;  // N(0) >= 0; <= 1 / (1 - phi (1 - kappa)) per the paper
};

/// Logit response to estimated payoffs:
///   estimate_j <- estimate_j + w (payoff_j - estimate_j),  w = 1 / n_j (step = 0) or step
///   P(j)        = exp(estimate_j / temperature) / sum_k exp(estimate_k / temperature)
/// temperature 0 is best response (uniform over the best estimates).
struct LogitParams {
  double temperature = 1.0;       // >= 0, payoff units
  double step = 0.0;              // 0: sample average; (0, 1]: constant step (tracks change)
  double initial_estimate = 0.0;  // estimate before any observation
};

/// One group's decision: the rule, its parameters and the number of actions.
struct Spec {
  Rule rule = Rule::kFixed;
  std::uint32_t actions = 2;  // 1..kMaxActions
  std::vector<double> fixed;  // kFixed: weight per action (>= 0, not all 0); normalised by use
  RothErevParams roth_erev{};
  EwaParams ewa{};
  LogitParams logit{};
};

/// @throws InvalidBehaviour if a parameter is out of range (see each struct), actions is 0 or
/// above kMaxActions, (kFixed) the weights are not `actions` finite non-negative numbers with
/// a positive sum, the rule is not a registered one, or its own validate() refuses the spec.
void validate(const Spec& spec);

/// True if learn() must be given every action's payoff (forgone payoffs): EWA with delta > 0.
[[nodiscard]] bool needs_forgone_payoffs(const Spec& spec) noexcept;

/// P(j) = exp((v_j - max v) * sensitivity) / sum: softmax(v * sensitivity) without overflow.
/// sensitivity = +infinity is best response: uniform over the maxima. 0 is uniform.
void logit_probabilities(std::span<const double> values, double sensitivity,
                         std::span<double> out) noexcept;

/// Inverse-CDF draw from `probabilities` (summing to 1 up to rounding) with one uniform u in
/// [0, 1). Rounding never selects an action of probability 0.
[[nodiscard]] std::uint32_t sample(std::span<const double> probabilities, double u) noexcept;

/// One population group's learning state: agents 0..agents()-1, each with actions() attractions.
class Learners {
 public:
  Learners() = default;
  /// @throws InvalidBehaviour (validate).
  explicit Learners(Spec spec, std::uint32_t agents = 0);

  [[nodiscard]] const Spec& spec() const noexcept { return spec_; }
  [[nodiscard]] std::uint32_t agents() const noexcept { return agents_; }
  [[nodiscard]] std::uint32_t actions() const noexcept { return spec_.actions; }

  /// Grow (or shrink) to `agents`; new agents start from the initial state. The only allocation.
  void resize(std::uint32_t agents);
  /// Back to the initial state: an agent slot reused by a newcomer learns from scratch.
  void reset(std::uint32_t agent) noexcept;

  /// The agent's mixed strategy now: out.size() == actions().
  void probabilities(std::uint32_t agent, std::span<double> out) const noexcept;
  /// Draw an action from probabilities(agent): exactly one rng draw.
  [[nodiscard]] std::uint32_t choose(std::uint32_t agent, kernel::Rng& rng) const noexcept;

  /// Learn from the realised payoff of the chosen action only (the usual case: a contributor
  /// does not see what the rows it did not write would have earned). Requires
  /// !needs_forgone_payoffs(spec()).
  void learn(std::uint32_t agent, std::uint32_t chosen, double payoff) noexcept;
  /// Learn from every action's payoff: payoffs[chosen] realised, the others forgone (what the
  /// action would have earned against the same play of the others). Roth-Erev reads only
  /// payoffs[chosen]; logit updates every estimate; EWA weighs forgone payoffs by delta.
  void learn(std::uint32_t agent, std::uint32_t chosen, std::span<const double> payoffs) noexcept;

  /// Roth-Erev propensities, EWA attractions, logit estimates or a registered rule's values
  /// (empty span for kFixed).
  [[nodiscard]] std::span<const double> attractions(std::uint32_t agent) const noexcept;
  /// EWA's experience weight N(t) (0 for other rules).
  [[nodiscard]] double experience(std::uint32_t agent) const noexcept;

  /// A registered rule's extra state (register_rule.hpp; empty for a built-in rule).
  [[nodiscard]] std::span<const double> extra(std::uint32_t agent) const noexcept;

  /// Checkpoints: the state columns (the spec comes from the scenario, rebuilt on resume); for a
  /// registered rule, then its name and its extra column (a built-in rule's bytes are unchanged).
  void save(kernel::ArchiveWriter& out) const;
  /// @throws kernel::ArchiveError / ArchiveMismatchError if the columns do not fit agents() and
  /// actions() of this (rebuilt) object, name another registered rule or hold values the rule
  /// cannot have produced.
  void load(kernel::ArchiveReader& in);

 private:
  [[nodiscard]] std::size_t row(std::uint32_t agent) const noexcept {
    return static_cast<std::size_t>(agent) * spec_.actions;
  }
  void roth_erev(std::uint32_t agent, std::uint32_t chosen, double payoff) noexcept;
  void ewa(std::uint32_t agent, std::uint32_t chosen, std::span<const double> payoffs) noexcept;
  void logit(std::uint32_t agent, std::uint32_t action, double payoff) noexcept;
  [[nodiscard]] std::size_t extra_width() const noexcept;
  [[nodiscard]] RuleState state(std::uint32_t agent) noexcept;
  [[nodiscard]] ConstRuleState state(std::uint32_t agent) const noexcept;
  void registered_learn(std::uint32_t agent, std::uint32_t chosen, double payoff) noexcept;

  Spec spec_{};
  std::uint32_t agents_ = 0;
  std::vector<double> fixed_;            // kFixed: the normalised mixed strategy
  std::vector<double> attraction_;       // agents x actions (empty for kFixed)
  std::vector<double> count_;            // kLogit with step 0: observations per agent x action
  std::vector<double> experience_;       // kEwa: N(t) per agent
  const RuleFns* registered_ = nullptr;  // a registered rule's functions (static storage)
  std::vector<double> extra_;            // a registered rule: agents x extra_width()
};

}  // namespace coordsim::model::behaviour
