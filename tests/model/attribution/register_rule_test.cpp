// Rules registered from outside sim/model/attribution (register_rule.hpp): codes by name whatever
// the order of registration, refusals at registration, and the checks on what a rule returns.
// The worked example through the world and the command line is tests/examples/square_root_usage.
#include "model/attribution/register_rule.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/attribution/errors.hpp"
#include "scenario/rule_names.hpp"

namespace coordsim::model::attribution {
namespace {

void ones(const RuleInput& in, std::span<double> values) {
  for (std::size_t p = 0; p < in.players.players(); ++p) values[p] = 1.0;
}

void silent(const RuleInput& /*in*/, std::span<double> /*values*/) {}

void not_a_number(const RuleInput& /*in*/, std::span<double> values) {
  for (double& v : values) v = std::numeric_limits<double>::quiet_NaN();
}

std::string refused(std::string_view name, RuleFn fn = &ones) {
  try {
    (void)register_rule(name, fn);
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return {};
}

// Static initialisation, in this order (one file: definition order): the last name first.
const RegisteredRule kZeta = register_rule("zeta_rule", &ones);
const RegisteredRule kAlpha = register_rule("alpha_rule", &ones, RowCredit::kPerRow);
const RegisteredRule kNan = register_rule("nan_rule", &not_a_number);
const RegisteredRule kSilent = register_rule("silent_rule", &silent);
const std::string kTwice = refused("zeta_rule");
const std::string kBuiltIn = refused("usage");
const std::string kNotAWord = refused("Bad-Name");
const std::string kNoFunction = refused("no_function", nullptr);
// A name without a function (the scenario side alone): the model refuses to run it.
const bool kNameOnly = (scenario::attribution_rule_names().add("name_only"), true);

TEST(RegisterRule, CodesFollowTheBuiltInRulesInNameOrder) {
  ASSERT_TRUE(kNameOnly);
  const auto names = scenario::enum_names(Rule{});
  const std::vector<std::string_view> registered(
      names.begin() + static_cast<std::ptrdiff_t>(scenario::kBuiltInAttributionRules), names.end());
  EXPECT_EQ(registered, (std::vector<std::string_view>{"alpha_rule", "name_only", "nan_rule",
                                                       "silent_rule", "zeta_rule"}));
  EXPECT_EQ(static_cast<std::size_t>(kAlpha.rule()), scenario::kBuiltInAttributionRules);
  EXPECT_EQ(static_cast<std::size_t>(kZeta.rule()), scenario::kBuiltInAttributionRules + 4);
  EXPECT_EQ(rule_name(kZeta.rule()), "zeta_rule");
  EXPECT_EQ(registered_rule(kAlpha.rule()), &ones);
  EXPECT_EQ(registered_rule(Rule::kShapleyExact), nullptr);
  const auto words = scenario::scenario_attribution_rules();
  EXPECT_EQ(words.size(), scenario::kBuiltInAttributionRules - 1 + 5);
  EXPECT_EQ(words.back(), "zeta_rule");
}

TEST(RegisterRule, ABadRegistrationIsRefusedAndALateOneToo) {
  EXPECT_NE(kTwice.find("`zeta_rule` registered twice"), std::string::npos) << kTwice;
  EXPECT_NE(kBuiltIn.find("`usage` refused: a built-in name"), std::string::npos) << kBuiltIn;
  EXPECT_NE(kNotAWord.find("lowercase letters"), std::string::npos) << kNotAWord;
  EXPECT_NE(kNoFunction.find("without a function"), std::string::npos) << kNoFunction;
  (void)scenario::enum_names(Rule{});  // closed
  EXPECT_NE(refused("late_rule").find("after the set of attribution rules was read"),
            std::string::npos);
}

TEST(RegisterRule, TheModelCallsItAndChecksWhatItReturns) {
  const std::vector<Row> rows{{0, kernel::AgentId{4}, 0.5}, {1, kernel::AgentId{2}, -0.5}};
  Workspace ws;
  Attribution out;
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(1, 4), counter);
  RuleConfig config;
  config.rule = kAlpha.rule();
  attribute(config, rows, {}, rng, ledger::Amount{11}, ws, out);
  EXPECT_EQ(out.weights, (std::vector<double>{1.0, 1.0}));
  EXPECT_EQ(out.payouts[0] + out.payouts[1], ledger::Amount{11});
  // A value the rule does not write is 0, not the previous computation's.
  config.rule = kSilent.rule();
  compute_weights(config, rows, {}, rng, ws, out);
  EXPECT_EQ(out.values, (std::vector<double>{0.0, 0.0}));
  config.rule = kNan.rule();
  EXPECT_THROW(compute_weights(config, rows, {}, rng, ws, out), InvalidConfig);
  config.rule = *scenario::enum_from_string<Rule>("name_only");
  EXPECT_THROW(validate(config), InvalidConfig);
  EXPECT_THROW(compute_weights(config, rows, {}, rng, ws, out), InvalidConfig);
}

// The stock credit divides a contributor's pay among its rows as the rule pays them: per row for
// `usage` and a rule registered with kPerRow; by observed quality otherwise (the default).
TEST(RegisterRule, ARuleSaysHowItsPayIsDividedAmongAContributorsRows) {
  EXPECT_EQ(row_credit(Rule::kUsage), RowCredit::kPerRow);
  EXPECT_EQ(row_credit(Rule::kShapley), RowCredit::kByQuality);
  EXPECT_EQ(row_credit(Rule::kLeaveOneOut), RowCredit::kByQuality);
  EXPECT_EQ(row_credit(kAlpha.rule()), RowCredit::kPerRow);
  EXPECT_EQ(row_credit(kZeta.rule()), RowCredit::kByQuality);
}

}  // namespace
}  // namespace coordsim::model::attribution
