#pragma once
// The scenario whose world the checkpoint target restores into, and which the seed generator
// runs: small, so that building a fresh world per input costs little, with every actor kind.
#include "scenario/load.hpp"

namespace coordsim::fuzz {

inline constexpr const char* kWorldYaml = R"(
name: fuzz-world
seed: 3
duration: 2h
block_interval: 2s
population:
  - {name: principals, kind: principal, count: 2, endowment: 2000, agents: 2}
  - {name: agents, kind: ai_agent, count: 4, strategy: noise, inference_share: 0.4,
     transfer_share: 0.3, subdelegate_probability: 0.5}
  - {name: contributors, kind: contributor, count: 4, endowment: 50}
  - {name: builders, kind: model_builder, count: 1, endowment: 500}
  - {name: validators, kind: validator, count: 2, endowment: 1000, stake: 500}
  - {name: makers, kind: market_maker, count: 1, endowment: 50000, liquidity: 20000}
market: {type: both}
adversaries:
  key_compromise: {rate: 1, start: 10m}
  poisoner: {fraction: 0.25}
output:
  sample_interval: 10m
  checkpoint_every: 30m
  events: {enabled: true}
  snapshots: [15m]
)";

inline const scenario::Spec& world_spec() {
  static const scenario::Spec spec = scenario::load_string(kWorldYaml, "fuzz-world.yaml");
  return spec;
}

}  // namespace coordsim::fuzz
