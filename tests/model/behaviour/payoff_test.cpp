#include "model/behaviour/payoff.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

#include "model/behaviour/errors.hpp"

namespace coordsim::model::behaviour {
namespace {

using ledger::Amount;

TEST(Payoff, NetIsIncomeMinusCostsExactlyInBaseUnits) {
  // Stake 1,000 tokens (6 decimals) for 30 days at 100 ppm per day: 3 tokens of opportunity.
  const OpportunityCost per_day{100, kernel::SimDuration{86'400}};
  const PayoffTerms t{Amount{25'000'000}, Amount{2'000'000},     Amount{1'500'000},
                      Amount{500'000},    Amount{1'000'000'000}, kernel::SimDuration{30 * 86'400}};
  EXPECT_EQ(opportunity_cost(t.stake, t.held, per_day), Amount{3'000'000});
  EXPECT_EQ(net_payoff(t, per_day), Amount{18'000'000});
  EXPECT_DOUBLE_EQ(to_tokens(net_payoff(t, per_day), 1'000'000), 18.0);
}

TEST(Payoff, OpportunityCostRoundsDownOnceAndHandlesLargeStakes) {
  const OpportunityCost rate{1, kernel::SimDuration{3}};
  EXPECT_EQ(opportunity_cost(Amount{1'000'000}, kernel::SimDuration{2}, rate), Amount{0});
  EXPECT_EQ(opportunity_cost(Amount{3'000'000}, kernel::SimDuration{2}, rate), Amount{2});
  const Amount huge{std::numeric_limits<std::int64_t>::max()};
  EXPECT_EQ(opportunity_cost(huge, kernel::SimDuration{1'000'000},
                             OpportunityCost{1, kernel::SimDuration{1}}),
            huge);
  EXPECT_THROW((void)opportunity_cost(huge, kernel::SimDuration{2'000'000},
                                      OpportunityCost{1, kernel::SimDuration{1}}),
               std::overflow_error);
}

TEST(Payoff, BadInputIsATypedError) {
  const OpportunityCost ok{10, kernel::SimDuration{1}};
  EXPECT_THROW((void)opportunity_cost(Amount{1}, kernel::SimDuration{1},
                                      OpportunityCost{-1, kernel::SimDuration{1}}),
               InvalidBehaviour);
  EXPECT_THROW((void)opportunity_cost(Amount{1}, kernel::SimDuration{1},
                                      OpportunityCost{1, kernel::SimDuration{0}}),
               InvalidBehaviour);
  EXPECT_THROW((void)opportunity_cost(Amount{-1}, kernel::SimDuration{1}, ok), InvalidBehaviour);
  EXPECT_THROW((void)opportunity_cost(Amount{1}, kernel::SimDuration{-1}, ok), InvalidBehaviour);
  EXPECT_THROW((void)to_tokens(Amount{1}, 0), InvalidBehaviour);
}

}  // namespace
}  // namespace coordsim::model::behaviour
