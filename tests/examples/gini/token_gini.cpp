#include "token_gini.hpp"

#include <algorithm>
#include <vector>

#include "model/world/register_system.hpp"

namespace coordsim::examples::gini {

// The registration: linking this file adds the column to every World of the executable.
const int kTokenGiniSystem = model::world::register_system<TokenGini>("token_gini");

double gini(std::span<std::int64_t> values) {
  std::sort(values.begin(), values.end());
  model::ledger::Wide weighted = 0;  // sum_i i x_(i): at most n * supply, far inside 128 bits
  model::ledger::Wide total = 0;
  model::ledger::Wide rank = 0;
  for (const std::int64_t v : values) {
    ++rank;
    weighted += rank * v;
    total += v;
  }
  if (total <= 0) return 0.0;
  const model::ledger::Wide n = rank;
  return static_cast<double>(2 * weighted - (n + 1) * total) / static_cast<double>(n * total);
}

double token_gini(const model::ledger::Ledger& ledger) {
  // The sample's scratch: grown once to the agent count on this thread, then reused. Sampling
  // reads the world only; a buffer per thread keeps it so (no mutable member, no lock).
  thread_local std::vector<std::int64_t> holdings;
  const std::uint32_t n = ledger.agent_count();
  holdings.resize(n);
  for (std::uint32_t a = 0; a < n; ++a) {
    const auto acct = ledger.account(kernel::AgentId{a});
    holdings[a] = ledger.liquid(acct).raw() + ledger.staked(acct).raw() +
                  ledger.unbonding(acct).raw() + ledger.locked(acct).raw();
  }
  return gini(holdings);
}

}  // namespace coordsim::examples::gini
