#include "model/actor/population.hpp"

#include <limits>
#include <stdexcept>

namespace coordsim::model::actor {

using scenario::AgentKind;

Population::Population(const scenario::SpecData& spec)
    : by_kind_(scenario::enum_names(scenario::AgentKind{}).size()) {
  const std::int64_t total = spec.total_agents();
  // Four protocol actors follow the agents; ids must stay below kNoAgent.
  if (total > std::numeric_limits<std::uint32_t>::max() - 16) {
    throw std::invalid_argument("population too large for 32-bit agent ids");
  }
  group_.reserve(static_cast<std::size_t>(total));
  kind_.reserve(static_cast<std::size_t>(total));
  slot_.reserve(static_cast<std::size_t>(total));
  first_.push_back(0);
  for (std::size_t g = 0; g < spec.population.size(); ++g) {
    const auto& group = spec.population[g];
    auto& list = by_kind_[static_cast<std::size_t>(group.kind)];
    for (std::int64_t i = 0; i < group.count; ++i) {
      const kernel::AgentId id{static_cast<std::uint32_t>(group_.size())};
      group_.push_back(static_cast<std::uint16_t>(g));
      kind_.push_back(group.kind);
      slot_.push_back(static_cast<std::uint32_t>(list.size()));
      list.push_back(id);
    }
    first_.push_back(static_cast<std::uint32_t>(group_.size()));
  }

  // Delegation: principal i of a group with `agents: k` takes the next k ai agents not yet taken,
  // in id order, so a principal's household is a contiguous block (good for sharding later).
  // An ai agent has at most one principal; agents left over have none and stay idle.
  principal_of_.assign(group_.size(), kernel::kNoAgent);
  const auto& ai = by_kind_[static_cast<std::size_t>(AgentKind::kAiAgent)];
  std::size_t next_ai = 0;
  delegate_first_.push_back(0);
  for (const kernel::AgentId p : by_kind_[static_cast<std::size_t>(AgentKind::kPrincipal)]) {
    const auto& params = spec.population[group_[index(p)]].as<scenario::PrincipalParams>();
    for (std::int64_t m = 0; m < params.agents && next_ai < ai.size(); ++m, ++next_ai) {
      delegates_.push_back(ai[next_ai]);
      principal_of_[index(ai[next_ai])] = p;
    }
    delegate_first_.push_back(static_cast<std::uint32_t>(delegates_.size()));
  }
}

}  // namespace coordsim::model::actor
