// Blast radius: what compromised agents drain is bounded by the caps of the sessions they held,
// whether expiry (nobody watching) or revocation (a watching principal) ends the attack.
#include <gtest/gtest.h>

#include <cstdio>

#include "harness.hpp"

namespace coordsim::model::world::test {
namespace {

constexpr SimDuration kSlice{300};

struct Outcome {
  std::int64_t compromised = 0;
  std::int64_t taken = 0;
  std::int64_t revocations = 0;
};

Outcome attack(std::uint64_t first, std::uint64_t count,
               const std::vector<std::string>& overrides) {
  Outcome o;
  for (std::uint64_t seed = first; seed < first + count; ++seed) {
    std::printf("[ seed     ] %llu\n", static_cast<unsigned long long>(seed));
    SCOPED_TRACE("seed " + std::to_string(seed));
    Harness h(small_world(seed, overrides));
    EXPECT_TRUE(h.run(kSlice)) << "seed " << seed << ": " << describe(h.problems());
    o.compromised += h.world().counters()[Counter::kCompromised];
    o.taken += h.world().counters()[Counter::kValueTaken];
    o.revocations += h.world().counters()[Counter::kRevocations];
  }
  return o;
}

TEST(BlastRadius, UnwatchedDrainsStopAtTheCaps) {
  // Nobody watches, sessions live four hours: only the caps and expiry bound the attacker.
  const Outcome o = attack(301, 10,
                           {"population[0].watch=false", "sessions.default_ttl=4h",
                            "adversaries.key_compromise.rate=1", "invariants.check=every_sample"});
  EXPECT_GT(o.compromised, 10);
  EXPECT_GT(o.taken, 0);
  EXPECT_EQ(o.revocations, 0);
}

TEST(BlastRadius, WatchingPrincipalsRevokeAndTheDrainStops) {
  // Fast detection: principals revoke within minutes; the probe checks that no drain applies
  // through a revoked link, and the session checks that a revoked session's spending is frozen.
  const Outcome o = attack(401, 10,
                           {"population[0].detection_delay=1m", "population[0].anomaly_factor=1",
                            "sessions.default_ttl=4h", "adversaries.key_compromise.rate=1",
                            "invariants.check=every_sample"});
  EXPECT_GT(o.compromised, 10);
  EXPECT_GT(o.taken, 0);
  EXPECT_GT(o.revocations, 0);
}

}  // namespace
}  // namespace coordsim::model::world::test
