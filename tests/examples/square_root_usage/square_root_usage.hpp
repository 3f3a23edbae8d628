#pragma once
// The attribution rule of docs/extending.md, "Worked example: an attribution rule", added from
// this folder alone: a contributor's value is the square root of the rows of it the model used
// (every copy counted). Concave in usage: a contributor's ninth row adds less than its first, so
// bulk uploads earn less per row than under `usage`; but per identity, so the same rows split
// over k identities earn sqrt(k) times as much in total (square_root_usage_test.cpp shows both).
#include <span>

#include "model/attribution/register_rule.hpp"

namespace coordsim::examples::square_root_usage {

/// values[p] = sqrt(rows of player p, every copy counted).
void square_root_usage_values(const model::attribution::RuleInput& in, std::span<double> values);

/// Its registration: `attribution.rule: square_root_usage` (square_root_usage.cpp).
extern const model::attribution::RegisteredRule kSquareRootUsage;

}  // namespace coordsim::examples::square_root_usage
