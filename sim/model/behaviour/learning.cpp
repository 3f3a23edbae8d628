#include "model/behaviour/learning.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "model/behaviour/errors.hpp"
#include "model/behaviour/register_rule.hpp"
#include "scenario/enums.hpp"

namespace coordsim::model::behaviour {

namespace {

constexpr std::array<std::string_view, 4> kRuleNames = {"fixed", "roth_erev", "ewa", "logit"};

void require(bool ok, const char* what) {
  if (!ok) throw InvalidBehaviour(std::string("behaviour: ") + what);
}

bool unit(double x) { return std::isfinite(x) && x >= 0.0 && x <= 1.0; }

void validate_fixed(const Spec& spec) {
  require(spec.fixed.size() == spec.actions, "fixed needs one weight per action");
  double sum = 0.0;
  for (const double w : spec.fixed) {
    require(std::isfinite(w) && w >= 0.0, "fixed weights must be finite and >= 0");
    sum += w;
  }
  require(sum > 0.0 && std::isfinite(sum), "fixed weights must have a positive finite sum");
}

void validate_roth_erev(const RothErevParams& p) {
  require(unit(p.forgetting), "roth_erev forgetting must be in [0, 1]");
  require(unit(p.experimentation) && p.experimentation < 1.0,
          "roth_erev experimentation must be in [0, 1)");
  require(std::isfinite(p.initial_propensity) && p.initial_propensity > 0.0,
          "roth_erev initial_propensity must be finite and > 0");
  require(std::isfinite(p.payoff_floor), "roth_erev payoff_floor must be finite");
  require(std::isfinite(p.min_propensity) && p.min_propensity > 0.0,
          "roth_erev min_propensity must be finite and > 0");
}

void validate_ewa(const EwaParams& p) {
  require(unit(p.phi), "ewa phi must be in [0, 1]");
  require(unit(p.delta), "ewa delta must be in [0, 1]");
  require(unit(p.kappa), "ewa kappa must be in [0, 1]");
  require(std::isfinite(p.lambda) && p.lambda >= 0.0, "ewa lambda must be finite and >= 0");
  require(std::isfinite(p.initial_attraction), "ewa initial_attraction must be finite");
  require(std::isfinite(p.initial_experience) && p.initial_experience >= 0.0,
          "ewa initial_experience must be finite and >= 0");
}

void validate_logit(const LogitParams& p) {
  require(std::isfinite(p.temperature) && p.temperature >= 0.0,
          "logit temperature must be finite and >= 0");
  require(unit(p.step), "logit step must be in [0, 1] (0 = sample average)");
  require(std::isfinite(p.initial_estimate), "logit initial_estimate must be finite");
}

/// 1 / temperature, with temperature 0 read as best response (infinite sensitivity).
double sensitivity_of(double temperature) noexcept {
  return temperature == 0.0 ? std::numeric_limits<double>::infinity() : 1.0 / temperature;
}

}  // namespace

std::string_view rule_name(Rule rule) {
  const auto code = static_cast<std::size_t>(rule);
  if (code < kRuleNames.size()) return kRuleNames[code];
  // A registered rule: the scenario's list holds every name, in the same order.
  const auto names = scenario::enum_names(scenario::BehaviourRule{});
  return code < names.size() ? names[code] : std::string_view("unknown");
}

Rule parse_rule(std::string_view name) {
  const auto names = scenario::enum_names(scenario::BehaviourRule{});
  std::string all;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<Rule>(i);
    all += (i == 0 ? "" : ", ") + std::string(names[i]);
  }
  throw InvalidBehaviour("unknown behaviour rule '" + std::string(name) + "' (" + all + ")");
}

void validate(const Spec& spec) {
  require(spec.actions >= 1 && spec.actions <= kMaxActions, "actions must be in 1..16");
  if (static_cast<std::size_t>(spec.rule) >= kRuleNames.size()) {
    const RuleFns* fns = registered_rule(spec.rule);
    if (fns == nullptr) {
      const auto code = static_cast<std::size_t>(spec.rule);
      throw InvalidBehaviour(code < scenario::enum_names(scenario::BehaviourRule{}).size()
                                 ? "behaviour: rule `" + std::string(rule_name(spec.rule)) +
                                       "` has no functions (register_rule)"
                                 : "behaviour: unknown rule code " + std::to_string(code));
    }
    if (fns->validate != nullptr) fns->validate(spec);
    return;
  }
  switch (spec.rule) {
    case Rule::kFixed:
      validate_fixed(spec);
      return;
    case Rule::kRothErev:
      validate_roth_erev(spec.roth_erev);
      return;
    case Rule::kEwa:
      validate_ewa(spec.ewa);
      return;
    case Rule::kLogit:
      validate_logit(spec.logit);
      return;
  }
}

bool needs_forgone_payoffs(const Spec& spec) noexcept {
  return spec.rule == Rule::kEwa && spec.ewa.delta > 0.0;
}

void logit_probabilities(std::span<const double> values, double sensitivity,
                         std::span<double> out) noexcept {
  assert(out.size() == values.size() && !values.empty());
  const double top = *std::max_element(values.begin(), values.end());
  if (std::isinf(sensitivity)) {
    // Best response: the limit of the softmax as the temperature goes to 0.
    double ties = 0.0;
    for (const double v : values) ties += v == top ? 1.0 : 0.0;
    for (std::size_t j = 0; j < values.size(); ++j) out[j] = values[j] == top ? 1.0 / ties : 0.0;
    return;
  }
  // Shifting by the maximum keeps every exponent <= 0: no overflow, and the best action's term
  // is exactly 1, so the sum is >= 1.
  double sum = 0.0;
  for (std::size_t j = 0; j < values.size(); ++j) {
    out[j] = std::exp((values[j] - top) * sensitivity);
    sum += out[j];
  }
  for (double& p : out) p /= sum;
}

std::uint32_t sample(std::span<const double> probabilities, double u) noexcept {
  assert(!probabilities.empty());
  double cumulative = 0.0;
  std::uint32_t last_possible = 0;
  for (std::uint32_t j = 0; j < probabilities.size(); ++j) {
    if (probabilities[j] <= 0.0) continue;
    last_possible = j;
    cumulative += probabilities[j];
    if (u < cumulative) return j;
  }
  // Rounding left u just above the sum: the last action that can be chosen at all.
  return last_possible;
}

Learners::Learners(Spec spec, std::uint32_t agents) : spec_(std::move(spec)) {
  validate(spec_);
  registered_ = registered_rule(spec_.rule);
  if (spec_.rule == Rule::kFixed) {
    double sum = 0.0;
    for (const double w : spec_.fixed) sum += w;
    fixed_.resize(spec_.actions);
    for (std::uint32_t j = 0; j < spec_.actions; ++j) fixed_[j] = spec_.fixed[j] / sum;
  }
  resize(agents);
}

void Learners::resize(std::uint32_t agents) {
  const std::uint32_t old = agents_;
  agents_ = agents;
  const std::size_t cells = row(agents);
  if (registered_ != nullptr) {
    attraction_.resize(cells);
    extra_.resize(static_cast<std::size_t>(agents) * extra_width());
  }
  switch (spec_.rule) {  // a registered rule matches no case
    case Rule::kFixed:
      return;
    case Rule::kRothErev:
      attraction_.resize(cells);
      break;
    case Rule::kEwa:
      attraction_.resize(cells);
      experience_.resize(agents);
      break;
    case Rule::kLogit:
      attraction_.resize(cells);
      if (spec_.logit.step == 0.0) count_.resize(cells);
      break;
  }
  for (std::uint32_t a = old; a < agents; ++a) reset(a);
}

void Learners::reset(std::uint32_t agent) noexcept {
  assert(agent < agents_);
  if (spec_.rule == Rule::kFixed) return;
  const auto cells = std::span<double>(attraction_).subspan(row(agent), spec_.actions);
  switch (spec_.rule) {
    case Rule::kFixed:
      return;
    case Rule::kRothErev:
      std::fill(cells.begin(), cells.end(), spec_.roth_erev.initial_propensity);
      return;
    case Rule::kEwa:
      std::fill(cells.begin(), cells.end(), spec_.ewa.initial_attraction);
      experience_[agent] = spec_.ewa.initial_experience;
      return;
    case Rule::kLogit:
      std::fill(cells.begin(), cells.end(), spec_.logit.initial_estimate);
      if (!count_.empty()) std::fill_n(count_.data() + row(agent), spec_.actions, 0.0);
      return;
  }
  registered_->reset(spec_, state(agent));
}

std::span<const double> Learners::attractions(std::uint32_t agent) const noexcept {
  assert(agent < agents_);
  if (attraction_.empty()) return {};
  return std::span<const double>(attraction_).subspan(row(agent), spec_.actions);
}

double Learners::experience(std::uint32_t agent) const noexcept {
  assert(agent < agents_);
  return experience_.empty() ? 0.0 : experience_[agent];
}

std::span<const double> Learners::extra(std::uint32_t agent) const noexcept {
  assert(agent < agents_);
  const std::size_t w = extra_width();
  return std::span<const double>(extra_).subspan(agent * w, w);
}

std::size_t Learners::extra_width() const noexcept {
  if (registered_ == nullptr) return 0;
  return static_cast<std::size_t>(registered_->extra_per_action) * spec_.actions +
         registered_->extra_per_agent;
}

RuleState Learners::state(std::uint32_t agent) noexcept {
  const std::size_t w = extra_width();
  return RuleState{std::span<double>(attraction_).subspan(row(agent), spec_.actions),
                   std::span<double>(extra_).subspan(agent * w, w)};
}

ConstRuleState Learners::state(std::uint32_t agent) const noexcept {
  return ConstRuleState{attractions(agent), extra(agent)};
}

void Learners::probabilities(std::uint32_t agent, std::span<double> out) const noexcept {
  assert(agent < agents_ && out.size() == spec_.actions);
  switch (spec_.rule) {
    case Rule::kFixed:
      std::copy(fixed_.begin(), fixed_.end(), out.begin());
      return;
    case Rule::kRothErev: {
      const auto q = attractions(agent);
      double sum = 0.0;
      for (const double x : q) sum += x;  // > 0: every propensity is >= min_propensity > 0
      for (std::uint32_t j = 0; j < spec_.actions; ++j) out[j] = q[j] / sum;
      return;
    }
    case Rule::kEwa:
      logit_probabilities(attractions(agent), spec_.ewa.lambda, out);
      return;
    case Rule::kLogit:
      logit_probabilities(attractions(agent), sensitivity_of(spec_.logit.temperature), out);
      return;
  }
  // Past the built-in rules (the switch's own range check brought us here): a registered rule.
  registered_->probabilities(spec_, state(agent), out);
}

std::uint32_t Learners::choose(std::uint32_t agent, kernel::Rng& rng) const noexcept {
  std::array<double, kMaxActions> buffer{};
  const std::span<double> p(buffer.data(), spec_.actions);
  probabilities(agent, p);
  return sample(p, rng.uniform());
}

void Learners::roth_erev(std::uint32_t agent, std::uint32_t chosen, double payoff) noexcept {
  const RothErevParams& r = spec_.roth_erev;
  const double reinforcement = std::max(payoff - r.payoff_floor, 0.0);
  const std::uint32_t m = spec_.actions;
  const double spill = m > 1 ? r.experimentation * reinforcement / (m - 1) : 0.0;
  const double own = m > 1 ? (1.0 - r.experimentation) * reinforcement : reinforcement;
  double* q = attraction_.data() + row(agent);
  for (std::uint32_t j = 0; j < m; ++j) {
    const double e = j == chosen ? own : spill;
    q[j] = std::max((1.0 - r.forgetting) * q[j] + e, r.min_propensity);
  }
}

void Learners::ewa(std::uint32_t agent, std::uint32_t chosen,
                   std::span<const double> payoffs) noexcept {
  const EwaParams& p = spec_.ewa;
  const double before = experience_[agent];
  const double after = p.phi * (1.0 - p.kappa) * before + 1.0;
  double* a = attraction_.data() + row(agent);
  for (std::uint32_t j = 0; j < spec_.actions; ++j) {
    const double weight = j == chosen ? 1.0 : p.delta;
    a[j] = (p.phi * before * a[j] + weight * payoffs[j]) / after;
  }
  experience_[agent] = after;
}

void Learners::logit(std::uint32_t agent, std::uint32_t action, double payoff) noexcept {
  const std::size_t cell = row(agent) + action;
  double step = spec_.logit.step;
  if (step == 0.0) step = 1.0 / (count_[cell] += 1.0);
  attraction_[cell] += step * (payoff - attraction_[cell]);
}

void Learners::learn(std::uint32_t agent, std::uint32_t chosen, double payoff) noexcept {
  assert(agent < agents_ && chosen < spec_.actions && !needs_forgone_payoffs(spec_));
  switch (spec_.rule) {
    case Rule::kFixed:
      return;
    case Rule::kRothErev:
      roth_erev(agent, chosen, payoff);
      return;
    case Rule::kEwa: {
      // delta = 0 (asserted): forgone payoffs have weight 0, so zeros stand in for them.
      std::array<double, kMaxActions> payoffs{};
      payoffs[chosen] = payoff;
      ewa(agent, chosen, std::span<const double>(payoffs.data(), spec_.actions));
      return;
    }
    case Rule::kLogit:
      logit(agent, chosen, payoff);
      return;
  }
  registered_learn(agent, chosen, payoff);
}

void Learners::learn(std::uint32_t agent, std::uint32_t chosen,
                     std::span<const double> payoffs) noexcept {
  assert(agent < agents_ && chosen < spec_.actions && payoffs.size() == spec_.actions);
  switch (spec_.rule) {
    case Rule::kFixed:
      return;
    case Rule::kRothErev:
      roth_erev(agent, chosen, payoffs[chosen]);
      return;
    case Rule::kEwa:
      ewa(agent, chosen, payoffs);
      return;
    case Rule::kLogit:
      for (std::uint32_t j = 0; j < spec_.actions; ++j) logit(agent, j, payoffs[j]);
      return;
  }
  registered_learn(agent, chosen, payoffs[chosen]);  // realised payoffs only (register_rule.hpp)
}

void Learners::registered_learn(std::uint32_t agent, std::uint32_t chosen, double payoff) noexcept {
  registered_->learn(spec_, state(agent), chosen, payoff);
}

void Learners::save(kernel::ArchiveWriter& out) const {
  out.vec(attraction_);
  out.vec(count_);
  out.vec(experience_);
  if (registered_ == nullptr) return;
  const std::string_view name = rule_name(spec_.rule);
  out.span(std::span<const char>(name.data(), name.size()));
  out.vec(extra_);
}

void Learners::load(kernel::ArchiveReader& in) {
  in.vec_exact(attraction_, attraction_.size(), "behaviour attractions");
  in.vec_exact(count_, count_.size(), "behaviour observation counts");
  in.vec_exact(experience_, experience_.size(), "behaviour experience");
  for (const double a : attraction_)
    kernel::ArchiveReader::require(std::isfinite(a), "behaviour attraction");
  if (spec_.rule == Rule::kRothErev) {
    for (const double q : attraction_)
      kernel::ArchiveReader::require(q >= spec_.roth_erev.min_propensity, "roth_erev propensity");
  }
  for (const double c : count_) kernel::ArchiveReader::require(c >= 0.0, "behaviour count");
  for (const double n : experience_)
    kernel::ArchiveReader::require(std::isfinite(n) && n >= 0.0, "ewa experience");
  if (registered_ == nullptr) return;
  // A registered rule: its name (the number depends on the rules linked), then its extra column.
  std::vector<char> name;
  in.vec(name);
  const std::string_view mine = rule_name(spec_.rule);
  if (std::string_view(name.data(), name.size()) != mine) {
    throw kernel::ArchiveMismatchError("checkpoint does not match this world (behaviour rule '" +
                                       std::string(name.begin(), name.end()) + "', expected '" +
                                       std::string(mine) + "')");
  }
  in.vec_exact(extra_, extra_.size(), "behaviour rule state");
  for (const double x : extra_)
    kernel::ArchiveReader::require(std::isfinite(x), "behaviour rule state");
  if (registered_->valid == nullptr) return;
  for (std::uint32_t a = 0; a < agents_; ++a) {
    kernel::ArchiveReader::require(registered_->valid(spec_, std::as_const(*this).state(a)),
                                   "behaviour rule state");
  }
}

}  // namespace coordsim::model::behaviour
