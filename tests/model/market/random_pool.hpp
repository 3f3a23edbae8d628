#pragma once
// What the market's randomised tests share: a loop over seeds, each with its own random stream,
// and a pool seeded with random reserves.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "kernel/rng.hpp"
#include "model/market/pool.hpp"

namespace coordsim::model::market::test {

/// Calls `body(rng)` for the seeds 1..`last`, each with the random stream `stream` of its seed
/// and named in failures. Stops at the first fatal failure (an ASSERT in `body`), as the loop
/// written out would; a caller with more to check after it returns on HasFatalFailure().
template <class Body>
void for_each_seed(std::uint64_t last, std::uint64_t stream, Body&& body) {
  for (std::uint64_t seed = 1; seed <= last; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, stream), counter);
    body(rng);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

/// Agent 0 adds `min` plus a random amount below 2^30 of each asset to `p`, drawn from `rng`.
inline PoolResult add_random_liquidity(Pool& p, kernel::Rng& rng, std::uint32_t min) {
  return p
      .add_liquidity(kernel::AgentId{0}, Amount{min + rng.below(1u << 30)},
                     Amount{min + rng.below(1u << 30)})
      .result;
}

}  // namespace coordsim::model::market::test
