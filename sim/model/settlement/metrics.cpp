#include "model/settlement/metrics.hpp"

#include <algorithm>

namespace coordsim::model::settlement {

using actor::Counter;

double contributor_total(const actor::Counters& c) noexcept {
  return static_cast<double>(c[Counter::kRewardsFinalHonest] +
                             c[Counter::kRewardsFinalAdversarial]);
}

double reward_share(const actor::Counters& c, actor::Role role) noexcept {
  return actor::ratio(static_cast<double>(c.by_role(Counter::kFinalByRole, role)),
                      contributor_total(c));
}

double return_on_stake(const actor::Counters& c, actor::Role role) noexcept {
  return c.by_role(Counter::kStakedByRole, role) > 0
             ? static_cast<double>(c.by_role(Counter::kFinalByRole, role) -
                                   c.by_role(Counter::kSlashedByRole, role)) /
                   static_cast<double>(c.by_role(Counter::kStakedByRole, role))
             : 0.0;
}

double gini(std::vector<std::int64_t> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  long double weighted = 0;
  long double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    weighted += static_cast<long double>(i + 1) * static_cast<long double>(values[i]);
    total += static_cast<long double>(values[i]);
  }
  if (total <= 0) return 0.0;
  const auto n = static_cast<long double>(values.size());
  return static_cast<double>((2 * weighted) / (n * total) - (n + 1) / n);
}

}  // namespace coordsim::model::settlement
