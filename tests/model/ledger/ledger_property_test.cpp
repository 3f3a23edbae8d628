// Random operation sequences over many seeds: conservation holds after every operation, no
// balance goes negative, and an operation that fails changes nothing at all.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "kernel/rng.hpp"
#include "model/ledger/invariant.hpp"
#include "model/ledger/ledger.hpp"

namespace coordsim::model::ledger {
namespace {

struct Snapshot {
  std::array<std::vector<Amount>, 5> columns;
  Amount burned_token;
  Amount burned_quote;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

Snapshot snapshot(const Ledger& l) {
  Snapshot s;
  for (std::size_t b = 0; b < 4; ++b) {
    const auto c = l.column(static_cast<Bucket>(b));
    s.columns[b].assign(c.begin(), c.end());
  }
  s.columns[4].assign(l.quote_column().begin(), l.quote_column().end());
  s.burned_token = l.burned(Asset::kToken);
  s.burned_quote = l.burned(Asset::kQuote);
  return s;
}

TEST(LedgerProperty, RandomOperationsConserveAndFailuresChangeNothing) {
  constexpr std::uint64_t kSeeds = 200;
  constexpr int kOps = 2000;
  for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::uint64_t counter = 0;
    kernel::Rng rng(kernel::stream_key(seed, 1), counter);
    const std::uint32_t agents = 2 + rng.below(10);
    std::vector<Amount> tokens(agents);
    std::vector<Amount> quotes(agents);
    for (auto& t : tokens) t = Amount{rng.below(1000)};
    for (auto& q : quotes) q = Amount{rng.below(1000)};
    Ledger l(Genesis{agents, Amount{1'000'000}, Amount{500'000}, tokens, quotes});
    const auto accounts = static_cast<std::uint32_t>(l.account_count());
    int failures = 0;
    for (int op = 0; op < kOps; ++op) {
      // Occasionally an unknown account or a negative amount, mostly plausible amounts.
      const AccountId a{rng.below(accounts + 1)};
      const AccountId b{rng.below(accounts + 1)};
      const std::int64_t raw = static_cast<std::int64_t>(rng.below(1200)) - 20;
      const Amount amount{raw};
      const Snapshot before = snapshot(l);
      LedgerResult r = LedgerResult::kOk;
      switch (rng.below(10)) {
        case 0:
          r = l.transfer(a, b, amount);
          break;
        case 1:
          r = l.transfer(a, b, amount, Asset::kQuote);
          break;
        case 2:
          r = l.stake(a, amount);
          break;
        case 3:
          r = l.request_unstake(a, amount);
          break;
        case 4:
          r = l.complete_unstake(a, amount);
          break;
        case 5:
          r = l.lock(a, amount);
          break;
        case 6:
          r = l.unlock(a, amount);
          break;
        case 7:
          r = rng.bernoulli(0.5) ? l.credit_locked(a, b, amount) : l.claw_back(a, b, amount);
          break;
        case 8: {
          const Amount stake_before = l.contains(a) ? l.staked(a) : Amount{0};
          const SlashOutcome s = l.slash(a, amount, b);
          r = s.result;
          if (r == LedgerResult::kOk) {
            ASSERT_LE(s.slashed, stake_before);
            ASSERT_LE(s.slashed, amount);
          }
          break;
        }
        default:
          r = l.burn(a, Amount{raw / 10}, rng.bernoulli(0.5) ? Asset::kToken : Asset::kQuote);
      }
      if (r != LedgerResult::kOk) {
        ++failures;
        ASSERT_TRUE(before == snapshot(l)) << "failed op " << op << " changed state";
      }
      const auto v = check_invariants(l, {static_cast<std::uint64_t>(op), seed, "property"});
      ASSERT_FALSE(v.has_value()) << v->to_string();
    }
    EXPECT_GT(failures, 0);  // the generator does exercise the failure paths
  }
  std::printf("ledger property test ran seeds 1..%llu\n", static_cast<unsigned long long>(kSeeds));
}

}  // namespace
}  // namespace coordsim::model::ledger
