#pragma once
// The reduced, inference-heavy world of the adversary tests (adversary_response_test.cpp,
// sybil_identities_test.cpp), so that contributors are paid: 10 principals, 40 task-running ai
// agents, 64 contributors deciding every 2h, 4 builders, the validators, 2 market makers, 4
// datanets, usage attribution, the invariants checked at every sample.
#include <string>
#include <string_view>

namespace coordsim::model::world::test {

/// The scenario text of that world: `name`, its `duration`, the contributors' `effort_per_row`,
/// the validators' `validators` ("count: .., endowment: .., ..") and the `adversaries` block.
inline std::string contributor_world(std::string_view name, std::string_view duration,
                                     std::string_view effort_per_row, std::string_view validators,
                                     std::string_view adversaries) {
  std::string y;
  y.append("\nname: ").append(name).append("\nseed: 1\nduration: ").append(duration);
  y.append(R"(
population:
  - {name: principals, kind: principal, count: 10, endowment: 20000, agents: 4}
  - {name: agents, kind: ai_agent, count: 40, strategy: task_runner, inference_share: 0.8,
     transfer_share: 0.1}
  - name: contributors
    kind: contributor
    count: 64
    endowment: 500
    row_interval: {exponential: 30m}
    quality: {normal: {mean: 0.6, sd: 0.2}}
    datanets: 2
    behaviour: {period: 2h, effort_per_row: )");
  y.append(effort_per_row).append(", opportunity_cost: 0.1%, temperature: 0.05}");
  y.append(R"(
  - {name: builders, kind: model_builder, count: 4, endowment: 2000, datanets_per_model: 3}
  - {name: validators, kind: validator, )");
  y.append(validators).append("}");
  y.append(R"(
  - {name: makers, kind: market_maker, count: 2, endowment: 200000}
data:
  datanets: 4
attribution: {rule: usage, samples: 64, usefulness_scale: 300}
adversaries:
)");
  y.append(adversaries).append("\ninvariants:\n  check: every_sample\n");
  return y;
}

}  // namespace coordsim::model::world::test
