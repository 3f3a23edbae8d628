// Replication: a seller copies its data under k identities. Usage and plain Shapley pay it more
// as k grows; leave-one-out and the replication-robust rule do not (Agarwal, Dahleh, Sarkar 2019).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <vector>

#include "model/attribution/errors.hpp"
#include "model/attribution/rules.hpp"

namespace coordsim::model::attribution {
namespace {

using kernel::AgentId;
using ledger::Amount;

constexpr std::uint32_t kHonest = 8;
constexpr double kQuality = 0.5;

/// kHonest contributors with one distinct row each; the seller's one row copied under k
/// identities (ids 100..) -- or, if `copy_honest`, a copy of honest contributor 0's row.
std::vector<Row> replicated(std::uint32_t k, bool copy_honest) {
  std::vector<Row> rows;
  for (std::uint32_t h = 0; h < kHonest; ++h) rows.push_back({h, AgentId{h}, kQuality});
  const std::uint32_t content = copy_honest ? 0 : 999;
  for (std::uint32_t i = 0; i < k; ++i) rows.push_back({content, AgentId{100 + i}, kQuality});
  return rows;
}

struct SellerTake {
  double value = 0.0;   // sum of the seller's identities' weights
  double payout = 0.0;  // sum of their payouts from the pool
};

SellerTake seller_take(Rule rule, std::uint32_t k, bool copy_honest = false) {
  RuleConfig config;
  config.rule = rule;
  config.usefulness = Usefulness{1.0, 2.0, 1.0};
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(5, 5), counter);
  attribute(config, replicated(k, copy_honest), {}, rng, Amount{1'000'000'000}, ws, out);
  SellerTake t;
  for (std::size_t p = 0; p < out.contributors.size(); ++p) {
    if (out.contributors[p].value() < 100) continue;
    t.value += out.weights[p];
    t.payout += static_cast<double>(out.payouts[p].raw());
  }
  return t;
}

TEST(Replication, UsageAndShapleyRewardMoreIdentitiesLooAndRobustDoNot) {
  for (const bool copy_honest : {false, true}) {
    SCOPED_TRACE(copy_honest ? "copies of an honest row" : "copies of its own row");
    for (const Rule rule :
         {Rule::kUsage, Rule::kShapleyExact, Rule::kLeaveOneOut, Rule::kShapleyRobust}) {
      SellerTake previous = seller_take(rule, 1, copy_honest);
      for (const std::uint32_t k : {2U, 4U, 8U}) {
        const SellerTake t = seller_take(rule, k, copy_honest);
        std::printf("[ info     ] %s k=%u value %.6g payout %.0f\n", rule_name(rule).data(), k,
                    t.value, t.payout);
        const bool rewards_replication = rule == Rule::kUsage || rule == Rule::kShapleyExact;
        if (rewards_replication) {
          EXPECT_GT(t.value, previous.value) << rule_name(rule) << " k=" << k;
          EXPECT_GT(t.payout, previous.payout) << rule_name(rule) << " k=" << k;
        } else {
          EXPECT_LE(t.value, previous.value) << rule_name(rule) << " k=" << k;
          EXPECT_LE(t.payout, previous.payout) << rule_name(rule) << " k=" << k;
        }
        previous = t;
      }
    }
  }
}

Attribution weights_of(Rule rule, double lambda, const std::vector<Row>& rows) {
  RuleConfig config;
  config.rule = rule;
  config.similarity_penalty = lambda;
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(1, 1), counter);
  compute_weights(config, rows, {}, rng, ws, out);
  return out;
}

TEST(Replication, RobustRuleIsPlainShapleyTimesTheSimilarityPenalty) {
  std::vector<Row> rows = replicated(1, false);
  rows.push_back({5000, AgentId{50}, -0.25});    // a poisoner: harm is not similarity
  for (const double lambda : {0.0, 1.0, 3.0}) {  // no overlap: exactly plain Shapley
    EXPECT_EQ(weights_of(Rule::kShapleyRobust, lambda, rows).values,
              weights_of(Rule::kShapleyExact, lambda, rows).values)
        << "lambda " << lambda;
  }
  // Three copies: each identity's value is plain Shapley times exp(-lambda (3 - 1)).
  const std::vector<Row> copies = replicated(3, false);
  const Attribution robust = weights_of(Rule::kShapleyRobust, 0.7, copies);
  const Attribution plain = weights_of(Rule::kShapleyExact, 0.7, copies);
  for (std::size_t p = 0; p < robust.values.size(); ++p) {
    const double factor = robust.contributors[p].value() >= 100 ? std::exp(-0.7 * 2.0) : 1.0;
    EXPECT_DOUBLE_EQ(robust.values[p], plain.values[p] * factor);
  }
}

TEST(Replication, RobustRuleSamplesBeyondTheExactLimitAndValidates) {
  std::vector<Row> rows = replicated(4, false);
  RuleConfig config;
  config.rule = Rule::kShapleyRobust;
  config.exact_max_players = 4;  // 12 players: Monte Carlo
  config.samples = 64;
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(3, 3), counter);
  attribute(config, rows, {}, rng, Amount{1000}, ws, out);
  EXPECT_GT(counter, 0U);
  EXPECT_EQ(pool_report(out).pool, Amount{1000});
  EXPECT_EQ(rule_name(Rule::kShapleyRobust), "shapley_robust");
  config.similarity_penalty = -1.0;
  EXPECT_THROW(validate(config), InvalidConfig);
  config.similarity_penalty = 1.0;
  config.samples = 0;
  EXPECT_THROW(validate(config), InvalidConfig);
}

TEST(PoolReport, UnpaidIsWhatNoContributorReceived) {
  // Only copies: leave-one-out gives everybody 0, so the whole pool is unpaid.
  const std::vector<Row> rows = {{5, AgentId{1}, 0.5}, {5, AgentId{2}, 0.5}};
  RuleConfig config;
  config.rule = Rule::kLeaveOneOut;
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(3, 3), counter);
  EXPECT_EQ(pool_report(out).pool, Amount::zero());
  attribute(config, rows, {}, rng, Amount{777}, ws, out);
  PoolReport r = pool_report(out);
  EXPECT_EQ(r.unpaid, Amount{777});
  EXPECT_EQ(r.paid, Amount::zero());
  EXPECT_EQ(r.payees, 0U);
  config.rule = Rule::kUsage;
  attribute(config, rows, {}, rng, Amount{777}, ws, out);
  r = pool_report(out);
  EXPECT_EQ(r.unpaid, Amount::zero());
  EXPECT_EQ(r.paid, Amount{777});
  EXPECT_EQ(r.payees, 2U);
}

}  // namespace
}  // namespace coordsim::model::attribution
