#include "square_root_usage.hpp"

#include <cmath>

namespace coordsim::examples::square_root_usage {

void square_root_usage_values(const model::attribution::RuleInput& in, std::span<double> values) {
  for (std::size_t p = 0; p < in.players.players(); ++p)
    values[p] = std::sqrt(static_cast<double>(in.players.row_count(p)));
}

// The registration: linking this file makes `square_root_usage` a rule of the scenario. It pays a
// contributor by its row count alone, so every one of its rows alike (the stock credit's division).
const model::attribution::RegisteredRule kSquareRootUsage = model::attribution::register_rule(
    "square_root_usage", &square_root_usage_values, model::attribution::RowCredit::kPerRow);

}  // namespace coordsim::examples::square_root_usage
