#include "model/attribution/rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "model/attribution/register_rule.hpp"

namespace coordsim::model::attribution {

namespace {

void usage_values(const PlayerRows& players, std::span<double> values) {
  for (std::size_t p = 0; p < players.players(); ++p) values[p] = players.row_count(p);
}

/// values[p] = reputation(p)^alpha * sum over p's rows of max(estimate, 0). `multiplier` is
/// scratch of the same size.
void influence_values(const PlayerRows& players, std::span<const Row> rows,
                      std::span<const double> reputation, double alpha,
                      std::span<double> multiplier, std::span<double> values) {
  for (std::size_t p = 0; p < players.players(); ++p) {
    const std::size_t agent = kernel::index(players.contributor(p));
    if (agent >= reputation.size())
      throw InvalidConfig("influence rule: no reputation for a contributor");
    const double r = reputation[agent];
    if (!std::isfinite(r)) throw InvalidConfig("influence rule: reputation is NaN or infinite");
    multiplier[p] = std::pow(std::max(r, 0.0), alpha);  // pow(0, 0) = 1: alpha 0 ignores reputation
    values[p] = 0.0;
  }
  // Summed in input row order: deterministic for a given row order.
  for (std::size_t i = 0; i < rows.size(); ++i)
    values[players.row_player(i)] += std::max(rows[i].quality, 0.0);
  for (std::size_t p = 0; p < players.players(); ++p) values[p] *= multiplier[p];
}

/// out[p] = sum over the other players j of SM(p, j), where SM(p, j) is the share of p's
/// contents, weighted by |quality|, that j also holds: sum_{c of p} |q_c| (holders_c - 1) /
/// sum_{c of p} |q_c|. Exact copies under k identities give each identity k - 1. A player whose
/// contents all have quality 0 gets 0 (its value is 0 anyway).
void replication(const PlayerRows& players, std::vector<std::uint32_t>& holders,
                 std::span<double> out) {
  holders.assign(players.contents(), 0);
  for (std::size_t p = 0; p < players.players(); ++p)
    for (const std::uint32_t c : players.player_contents(p)) ++holders[c];
  for (std::size_t p = 0; p < players.players(); ++p) {
    double mass = 0.0;
    double shared = 0.0;
    for (const std::uint32_t c : players.player_contents(p)) {
      const auto w = static_cast<double>(std::abs(players.content_quality(c)));
      mass += w;
      shared += w * static_cast<double>(holders[c] - 1);
    }
    out[p] = mass > 0.0 ? shared / mass : 0.0;
  }
}

void value_based(const RuleConfig& config, kernel::Rng& rng, Workspace& ws,
                 std::span<double> values) {
  ws.game.bind(ws.players, config.usefulness);
  const std::size_t n = ws.players.players();
  switch (config.rule) {
    case Rule::kLeaveOneOut:
      leave_one_out(ws.game, values);
      return;
    case Rule::kShapley:
      monte_carlo_shapley(ws.game, config.samples, config.sampling, rng, values, ws.permutation);
      return;
    case Rule::kShapleyExact:
      exact_values(ws.game, values, {}, ws.table);
      return;
    case Rule::kBanzhaf:
      if (n <= config.exact_max_players)
        exact_values(ws.game, {}, values, ws.table);
      else
        monte_carlo_banzhaf(ws.game, config.samples, rng, values, ws.membership);
      return;
    case Rule::kShapleyRobust:
      if (n <= config.exact_max_players)
        exact_values(ws.game, values, {}, ws.table);
      else
        monte_carlo_shapley(ws.game, config.samples, config.sampling, rng, values, ws.permutation);
      ws.similarity.resize(n);
      replication(ws.players, ws.holders, ws.similarity);
      for (std::size_t p = 0; p < n; ++p)
        values[p] *= std::exp(-config.similarity_penalty * ws.similarity[p]);
      return;
    case Rule::kUsage:
    case Rule::kInfluence:
      break;
  }
}

}  // namespace

std::string_view rule_name(Rule rule) {
  const auto names = scenario::enum_names(Rule{});
  const auto code = static_cast<std::size_t>(rule);
  return code < names.size() ? names[code] : std::string_view("unknown");
}

void validate(const RuleConfig& config) {
  if (static_cast<std::size_t>(config.rule) >= scenario::enum_names(Rule{}).size())
    throw InvalidConfig("attribution: unknown rule");
  if (static_cast<std::size_t>(config.rule) >= scenario::kBuiltInAttributionRules &&
      registered_rule(config.rule) == nullptr) {
    throw InvalidConfig("attribution: rule `" + std::string(rule_name(config.rule)) +
                        "` has no function (register_rule)");
  }
  validate(config.usefulness);
  if (!std::isfinite(config.reputation_weight) || config.reputation_weight < 0.0) {
    throw InvalidConfig("attribution: reputation_weight must be finite and >= 0");
  }
  if (!std::isfinite(config.similarity_penalty) || config.similarity_penalty < 0.0)
    throw InvalidConfig("attribution: similarity_penalty must be finite and >= 0");
  const bool sampled = config.rule == Rule::kShapley || config.rule == Rule::kBanzhaf ||
                       config.rule == Rule::kShapleyRobust;
  if (sampled && config.samples == 0) throw InvalidConfig("attribution: samples must be positive");
  if (config.sampling != Sampling::kPlain && config.sampling != Sampling::kAntithetic) {
    throw InvalidConfig("attribution: unknown sampling");
  }
  if (config.exact_max_players > kMaxExactPlayers) {
    throw InvalidConfig("attribution: exact_max_players must be <= 20 (2^n enumeration)");
  }
}

void compute_weights(const RuleConfig& config, std::span<const Row> rows,
                     std::span<const double> reputation, kernel::Rng& rng, Workspace& ws,
                     Attribution& out) {
  validate(config);
  ws.players.build(rows);
  const std::size_t n = ws.players.players();
  if (config.rule == Rule::kShapleyExact && n > kMaxExactPlayers) {
    throw InvalidConfig("attribution: exact Shapley asked for more than 20 contributors");
  }
  const auto contributors = ws.players.contributors();
  out.contributors.assign(contributors.begin(), contributors.end());
  out.values.resize(n);
  out.weights.resize(n);
  out.payouts.clear();
  out.unallocated = ledger::Amount::zero();
  if (const RuleFn registered = registered_rule(config.rule); registered != nullptr) {
    // A rule registered from its own folder (register_rule.hpp): its code matches no case below.
    // Zeros first: a slot the rule leaves alone reads 0, not what a caller reusing `out` had
    // there from its previous computation.
    std::fill(out.values.begin(), out.values.end(), 0.0);
    registered(RuleInput{ws.players, rows, reputation, config, rng, ws}, out.values);
    for (const double v : out.values) {
      if (!std::isfinite(v)) {
        throw InvalidConfig("attribution: rule `" + std::string(rule_name(config.rule)) +
                            "` gave a value that is NaN or infinite");
      }
    }
  }
  switch (config.rule) {
    case Rule::kUsage:
      usage_values(ws.players, out.values);
      break;
    case Rule::kInfluence:
      influence_values(ws.players, rows, reputation, config.reputation_weight, out.weights,
                       out.values);
      break;
    case Rule::kLeaveOneOut:
    case Rule::kShapley:
    case Rule::kShapleyExact:
    case Rule::kBanzhaf:
    case Rule::kShapleyRobust:
      value_based(config, rng, ws, out.values);
      break;
  }
  for (std::size_t p = 0; p < n; ++p) out.weights[p] = std::max(out.values[p], 0.0);
}

ledger::Amount split(ledger::Amount pool, Workspace& ws, Attribution& out) {
  out.payouts.resize(out.weights.size());
  out.unallocated =
      largest_remainder(pool, std::span<const double>(out.weights), out.payouts, ws.split);
  return out.unallocated;
}

PoolReport pool_report(const Attribution& a) noexcept {
  PoolReport r;
  for (const ledger::Amount x : a.payouts) {
    r.paid += x;
    if (x > ledger::Amount::zero()) ++r.payees;
  }
  r.unpaid = a.unallocated;
  r.pool = r.paid + r.unpaid;
  return r;
}

ledger::Amount attribute(const RuleConfig& config, std::span<const Row> rows,
                         std::span<const double> reputation, kernel::Rng& rng, ledger::Amount pool,
                         Workspace& ws, Attribution& out) {
  compute_weights(config, rows, reputation, rng, ws, out);
  return split(pool, ws, out);
}

double model_value(std::span<const Row> rows, const Usefulness& usefulness, Workspace& ws) {
  ws.players.build(rows);
  ws.game.bind(ws.players, usefulness);
  for (std::size_t p = 0; p < ws.players.players(); ++p) ws.game.add(p);
  return ws.game.value();
}

}  // namespace coordsim::model::attribution
