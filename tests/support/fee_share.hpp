#pragma once
// The tests of how contributors respond to their share of fees (what they learn from): the same
// economy at a low and a high share, over several seeds. One sweep and one verdict for every such
// test, whatever rule the contributors decide by.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "model/actor/counters.hpp"
#include "model/world/seed_stats.hpp"

namespace coordsim::test_support {

/// `--set` overrides that give contributors `share_percent`% of each fee and split the rest
/// protocol : builder : validators = 1 : 2 : 2, as base.yaml does. The four sum to 100% when
/// 100 - `share_percent` is a multiple of 5 (else the loader refuses the split).
inline std::vector<std::string> contributors_fee_share(int share_percent) {
  const int rest = 100 - share_percent;
  return {
      "incentives.fee_split.contributors=" + std::to_string(share_percent) + "%",
      "incentives.fee_split.protocol=" + std::to_string(rest / 5) + "%",
      "incentives.fee_split.builder=" + std::to_string(rest * 2 / 5) + "%",
      "incentives.fee_split.validators=" + std::to_string(rest * 2 / 5) + "%",
  };
}

/// What the sweep compares at the end of a run: contributors in, and rows they wrote.
struct ContributorCounts {
  double active = 0;
  double rows = 0;
};

inline ContributorCounts contributor_counts(const model::actor::Counters& c) {
  return {static_cast<double>(c[model::actor::Counter::kContributorsActive]),
          static_cast<double>(c[model::actor::Counter::kRows])};
}

/// For `seeds` seeds from `first_seed`, `run(seed, share_percent)` (ContributorCounts) at a 10%
/// and at a 90% share: the higher share keeps more contributors in and brings more rows, seed by
/// seed (the same seed: the same reservation returns and first draws), and on average by more than
/// three standard errors of the difference of the means (seed_stats.hpp), not within the spread.
template <class Run>
void expect_a_higher_share_keeps_more_contributors(std::uint64_t first_seed, int seeds, Run run) {
  std::vector<double> active_lo, active_hi, rows_lo, rows_hi;
  for (int k = 0; k < seeds; ++k) {
    const std::uint64_t seed = first_seed + static_cast<std::uint64_t>(k);
    const ContributorCounts lo = run(seed, 10);
    const ContributorCounts hi = run(seed, 90);
    for (const auto& [share, o] : {std::pair{10, lo}, std::pair{90, hi}}) {
      std::printf("seed %llu share %d%%: active %.0f rows %.0f\n",
                  static_cast<unsigned long long>(seed), share, o.active, o.rows);
    }
    EXPECT_GT(hi.active, lo.active) << "seed " << seed;
    EXPECT_GT(hi.rows, lo.rows) << "seed " << seed;
    active_lo.push_back(lo.active);
    active_hi.push_back(hi.active);
    rows_lo.push_back(lo.rows);
    rows_hi.push_back(hi.rows);
  }
  EXPECT_TRUE(model::world::test::separated(active_lo, active_hi, "contributors active"));
  EXPECT_TRUE(model::world::test::separated(rows_lo, rows_hi, "rows"));
}

}  // namespace coordsim::test_support
