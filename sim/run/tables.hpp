#pragma once
// The end-of-run tables (/agents, /sessions, /graph, /invariants) as io columns. Kept apart from
// run.cpp so each table's columns, units and descriptions read in one place.
#include <vector>

#include "io/columns.hpp"
#include "model/world/invariants.hpp"
#include "model/world/world.hpp"

namespace coordsim::run {

[[nodiscard]] std::vector<io::TableColumn> agent_table(const model::world::World& w);
[[nodiscard]] std::vector<io::TableColumn> session_table(const model::world::World& w);
/// (session, target) pairs: the target list of every session granted with one (scope_targets).
[[nodiscard]] std::vector<io::TableColumn> session_target_table(const model::world::World& w);
/// The protocol accounts' balances (treasury, pool, settlement, attacker), by ledger account id.
[[nodiscard]] std::vector<io::TableColumn> account_table(const model::world::World& w);
[[nodiscard]] std::vector<io::TableColumn> graph_table(const model::world::World& w);
[[nodiscard]] std::vector<io::TableColumn> invariant_table(const model::world::InvariantChecker& c,
                                                           const scenario::SpecData& spec);

}  // namespace coordsim::run
