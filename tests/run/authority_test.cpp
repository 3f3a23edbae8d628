// No session ever holds more authority than the policy or its parent: a property over many seeds
// and random session policies, checked on the /sessions table of real runs (the file is the
// audit trail, so the property is checked where an auditor would check it).
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>

#include "support.hpp"

namespace coordsim::run::test {
namespace {

using U64 = std::vector<std::uint64_t>;
using I64 = std::vector<std::int64_t>;

// A random policy that the scenario validator accepts (per_action <= per_period <= total), and a
// grant budget that is often larger than the policy's total (the case the cap must bound).
struct RandomPolicy {
  std::vector<std::string> sets;
  bool budget_above_total = false;
};

RandomPolicy draw_policy(std::mt19937_64& g, std::uint64_t seed) {
  auto in = [&g](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(g);
  };
  const std::int64_t total = in(1, 200);
  const std::int64_t per_action = in(1, total);
  const std::int64_t per_period = in(per_action, total);
  const std::int64_t budget_lo = in(1, 400);
  const std::int64_t budget_hi = budget_lo + in(0, 200);
  const bool constant = in(0, 1) == 0;
  RandomPolicy p;
  p.budget_above_total = budget_lo > total;
  const std::string budget = constant ? std::to_string(budget_lo)
                                      : "{uniform: [" + std::to_string(budget_lo) + ", " +
                                            std::to_string(budget_hi) + "]}";
  p.sets = {"seed=" + std::to_string(seed),
            "duration=6h",
            "population[0].count=6",
            "population[1].count=18",
            "population[0].grant_budget=" + budget,
            "population[0].watch=" + std::string(in(0, 1) == 0 ? "true" : "false"),
            "population[1].subdelegate_probability=" + std::string(in(0, 1) == 0 ? "0.5" : "1"),
            "sessions.caps.total=" + std::to_string(total),
            "sessions.caps.per_action=" + std::to_string(per_action),
            "sessions.caps.per_period=" + std::to_string(per_period),
            "sessions.caps.calls=" + std::to_string(in(1, 60)),
            "sessions.max_depth=" + std::to_string(in(1, 3)),
            "sessions.cap_accounting=" + std::string(in(0, 1) == 0 ? "per_link" : "chain"),
            "sessions.default_ttl=" + std::string(in(0, 1) == 0 ? "30m" : "3h")};
  return p;
}

TEST(Authority, NoSessionCapExceedsThePolicyOrItsParentOverRandomPolicies) {
  constexpr std::uint64_t kSeed = 20261203;
  constexpr int kRuns = 40;
  std::mt19937_64 g(kSeed);
  ScratchDir dir;
  std::uint64_t sessions = 0;
  std::uint64_t children = 0;
  std::uint64_t bound_by_policy = 0;
  for (int run = 0; run < kRuns; ++run) {
    const RandomPolicy p = draw_policy(g, static_cast<std::uint64_t>(run) + 1);
    SCOPED_TRACE("generator seed " + std::to_string(kSeed) + ", run " + std::to_string(run));
    std::string described;
    for (const auto& s : p.sets) described += " --set '" + s + "'";
    SCOPED_TRACE("coordsim run scenarios/quickstart.yaml" + described);
    const fs::path out = dir / ("r" + std::to_string(run) + ".h5");
    const scenario::Spec spec = scenario::load_file(scenario_path("quickstart.yaml"), p.sets);
    RunOptions options;
    options.output = out;
    (void)run::run(spec, options);

    const auto& policy = spec->sessions.caps;
    const auto table = io::read_table(out, "/sessions");
    const auto& id = std::get<U64>(column(table, "id"));
    const auto& parent = std::get<U64>(column(table, "parent"));
    const auto& depth = std::get<U64>(column(table, "depth"));
    const auto& total = std::get<I64>(column(table, "cap_total"));
    const auto& per_action = std::get<I64>(column(table, "cap_per_action"));
    const auto& per_period = std::get<I64>(column(table, "cap_per_period"));
    const auto& spent = std::get<I64>(column(table, "spent"));
    std::map<std::uint64_t, std::size_t> row_of;
    for (std::size_t i = 0; i < id.size(); ++i) row_of[id[i]] = i;
    ASSERT_FALSE(id.empty());
    for (std::size_t i = 0; i < id.size(); ++i) {
      SCOPED_TRACE("session " + std::to_string(id[i]));
      ++sessions;
      EXPECT_LE(total[i], policy.total.raw());
      EXPECT_LE(per_action[i], policy.per_action.raw());
      EXPECT_LE(per_period[i], policy.per_period.raw());
      EXPECT_LE(spent[i], total[i]);
      EXPECT_LE(depth[i], static_cast<std::uint64_t>(spec->sessions.max_depth));
      if (total[i] == policy.total.raw()) ++bound_by_policy;
      if (p.budget_above_total && depth[i] == 0) {
        EXPECT_EQ(total[i], policy.total.raw()) << "a budget above the policy is cut to it";
      }
      if (parent[i] == std::numeric_limits<std::uint64_t>::max()) continue;
      ++children;
      ASSERT_TRUE(row_of.contains(parent[i])) << "parent " << parent[i] << " is not a row";
      const std::size_t up = row_of[parent[i]];
      EXPECT_EQ(depth[i], depth[up] + 1);
      EXPECT_LE(total[i], total[up]);
      EXPECT_LE(per_action[i], per_action[up]);
      EXPECT_LE(per_period[i], per_period[up]);
    }
  }
  // The property is not vacuous: sub-delegations happened, and the policy's cap was binding.
  EXPECT_GT(children, std::uint64_t{50}) << "of " << sessions << " sessions";
  EXPECT_GT(bound_by_policy, std::uint64_t{50}) << "of " << sessions << " sessions";
}

// The /sessions table says who granted each link: the principal for a root grant, the
// sub-delegating ai agent (the parent's delegate) below it; root_principal is the chain's funder.
TEST(Authority, SessionsTableNamesTheGrantingActorAndTheRootPrincipal) {
  ScratchDir dir;
  const fs::path out = dir / "chains.h5";
  (void)run_file(scenario_path("quickstart.yaml"),
                 {"duration=6h", "population[1].subdelegate_probability=1", "sessions.max_depth=3"},
                 out);
  const auto table = io::read_table(out, "/sessions");
  const auto agents = io::read_table(out, "/agents");
  const auto& kind = std::get<std::vector<std::string>>(column(agents, "kind"));
  const auto& funder = std::get<U64>(column(agents, "principal"));
  const auto& id = std::get<U64>(column(table, "id"));
  const auto& principal = std::get<U64>(column(table, "principal"));
  const auto& root_principal = std::get<U64>(column(table, "root_principal"));
  const auto& delegate = std::get<U64>(column(table, "delegate"));
  const auto& parent = std::get<U64>(column(table, "parent"));
  std::map<std::uint64_t, std::size_t> row_of;
  for (std::size_t i = 0; i < id.size(); ++i) row_of[id[i]] = i;
  std::size_t children = 0;
  for (std::size_t i = 0; i < id.size(); ++i) {
    SCOPED_TRACE("session " + std::to_string(id[i]));
    EXPECT_EQ(root_principal[i], funder[delegate[i]]);
    EXPECT_EQ(kind[root_principal[i]], "principal");
    if (parent[i] == std::numeric_limits<std::uint64_t>::max()) {
      EXPECT_EQ(principal[i], root_principal[i]);
      continue;
    }
    ++children;
    const std::size_t up = row_of.at(parent[i]);
    EXPECT_EQ(principal[i], delegate[up]);
    EXPECT_EQ(kind[principal[i]], "ai_agent");
    EXPECT_EQ(root_principal[i], root_principal[up]);
  }
  EXPECT_GT(children, std::size_t{10});
  for (const auto& c : table) {
    if (c.name == "principal") {
      EXPECT_NE(c.description.find("sub-delegating"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace coordsim::run::test
