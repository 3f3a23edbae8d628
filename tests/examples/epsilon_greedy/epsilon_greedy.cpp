#include "epsilon_greedy.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

#include "model/behaviour/errors.hpp"
#include "model/behaviour/register_rule.hpp"

namespace coordsim::examples::epsilon_greedy {
namespace {

using model::behaviour::ConstRuleState;
using model::behaviour::InvalidBehaviour;
using model::behaviour::RuleState;
using model::behaviour::Spec;

// The behaviour map's keys it reads (from_scenario.hpp puts them in these fields of the Spec).
double epsilon(const Spec& spec) noexcept { return spec.roth_erev.experimentation; }
double step(const Spec& spec) noexcept { return spec.logit.step; }
double initial(const Spec& spec) noexcept { return spec.logit.initial_estimate; }

void validate(const Spec& spec) {
  const double e = epsilon(spec);
  if (!(std::isfinite(e) && e >= 0.0 && e <= 1.0))
    throw InvalidBehaviour("behaviour: epsilon_greedy experimentation must be in [0, 1]");
  const double w = step(spec);
  if (!(std::isfinite(w) && w >= 0.0 && w <= 1.0))
    throw InvalidBehaviour("behaviour: epsilon_greedy step must be in [0, 1] (0 = sample average)");
  if (!std::isfinite(initial(spec)))
    throw InvalidBehaviour("behaviour: epsilon_greedy initial_estimate must be finite");
}

void reset(const Spec& spec, RuleState s) noexcept {
  std::fill(s.values.begin(), s.values.end(), initial(spec));
  std::fill(s.extra.begin(), s.extra.end(), 0.0);  // no observation yet
}

void probabilities(const Spec& spec, ConstRuleState s, std::span<double> out) noexcept {
  const double best = *std::max_element(s.values.begin(), s.values.end());
  const auto ties = static_cast<double>(std::count(s.values.begin(), s.values.end(), best));
  const double explore = epsilon(spec) / static_cast<double>(s.values.size());
  for (std::size_t j = 0; j < s.values.size(); ++j)
    out[j] = explore + (s.values[j] == best ? (1.0 - epsilon(spec)) / ties : 0.0);
}

void learn(const Spec& spec, RuleState s, std::uint32_t chosen, double payoff) noexcept {
  double& n = s.extra[chosen];
  n += 1.0;
  const double w = step(spec) > 0.0 ? step(spec) : 1.0 / n;
  s.values[chosen] += w * (payoff - s.values[chosen]);
}

bool valid(const Spec& /*spec*/, ConstRuleState s) noexcept {
  return std::all_of(s.extra.begin(), s.extra.end(),
                     [](double n) { return n >= 0.0 && n == std::floor(n); });
}

}  // namespace

// The registration: from here on `rule: epsilon_greedy` is a word of the scenario.
const std::string_view kEpsilonGreedy =
    model::behaviour::register_rule("epsilon_greedy", {.extra_per_action = 1,  // n per action
                                                       .extra_per_agent = 0,
                                                       .validate = &validate,
                                                       .reset = &reset,
                                                       .probabilities = &probabilities,
                                                       .learn = &learn,
                                                       .valid = &valid});

}  // namespace coordsim::examples::epsilon_greedy
