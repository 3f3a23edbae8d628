#include "model/attribution/rows_game.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "model/attribution/errors.hpp"
#include "model/attribution/game.hpp"
#include "model/attribution/player_rows.hpp"
#include "random_rows.hpp"

namespace coordsim::model::attribution {
namespace {

using kernel::AgentId;

// v(S) straight from the definition in usefulness.hpp: unique contents of the coalition's rows.
double value_by_definition(const std::vector<Row>& rows, const std::vector<AgentId>& coalition,
                           const Usefulness& u) {
  std::map<std::uint32_t, double> contents;
  for (const Row& r : rows) {
    for (AgentId a : coalition) {
      if (r.contributor == a) contents[r.content_id] = r.quality;
    }
  }
  double pos = 0.0;
  double neg = 0.0;
  for (const auto& [id, q] : contents) {
    if (q > 0)
      pos += q;
    else
      neg -= q;
  }
  return u.v_max * (1.0 - std::exp(-pos / u.scale)) - u.poison_penalty * neg;
}

TEST(PlayerRows, GroupsByContributorAndDeduplicatesContents) {
  const std::vector<Row> rows = {
      {5, AgentId{9}, 0.5}, {5, AgentId{2}, 0.5},  {8, AgentId{9}, 0.25},
      {5, AgentId{9}, 0.5}, {1, AgentId{2}, -0.1},
  };
  PlayerRows p;
  p.build(rows);
  ASSERT_EQ(p.players(), 2U);
  EXPECT_EQ(p.contributor(0), AgentId{2});  // ascending id, whatever the row order
  EXPECT_EQ(p.contributor(1), AgentId{9});
  EXPECT_EQ(p.row_count(0), 2U);
  EXPECT_EQ(p.row_count(1), 3U);  // copies counted
  EXPECT_EQ(p.contents(), 3U);    // ids 1, 5, 8 -> 0, 1, 2
  EXPECT_EQ(std::vector<std::uint32_t>(p.player_contents(0).begin(), p.player_contents(0).end()),
            (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(std::vector<std::uint32_t>(p.player_contents(1).begin(), p.player_contents(1).end()),
            (std::vector<std::uint32_t>{1, 2}));  // the duplicate of content 5 held once
  EXPECT_EQ(p.row_player(0), 1U);
  EXPECT_EQ(p.row_player(4), 0U);
  EXPECT_TRUE(p.consistent_quality());
  EXPECT_EQ(p.content_quality(2), std::llround(0.25 * kQualityUnit));
}

TEST(PlayerRows, RejectsBadQualities) {
  PlayerRows p;
  EXPECT_THROW(p.build(std::vector<Row>{{1, AgentId{1}, std::nan("")}}), InvalidRows);
  EXPECT_THROW(p.build(std::vector<Row>{{1, AgentId{1}, 1e7}}), InvalidRows);
  p.build(std::vector<Row>{{1, AgentId{1}, 0.5}, {1, AgentId{2}, 0.6}});
  EXPECT_FALSE(p.consistent_quality());
  RowsGame g;
  EXPECT_THROW(g.bind(p, Usefulness{}), InvalidRows);
  p.build(std::vector<Row>{{1, AgentId{1}, 0.5}});
  EXPECT_THROW(g.bind(p, Usefulness{1.0, 0.0, 1.0}), InvalidConfig);
}

// The incremental evaluator against the definition on every coalition of random row sets, and
// independence from the order players were added (fixed-point sums make it bit-exact).
TEST(RowsGame, MatchesDefinitionOnEveryCoalition) {
  const Usefulness u{2.0, 1.5, 0.7};
  for (std::uint64_t seed = 0; seed < 30; ++seed) {
    SCOPED_TRACE(testing::Message() << "seed " << seed);
    const auto rows = testing_rows::random_rows(seed, {6, 3, 0.3, 0.2});
    PlayerRows players;
    players.build(rows);
    RowsGame game;
    game.bind(players, u);
    std::vector<double> table;
    coalition_values(game, table);  // Gray-code walk: adds and removes
    for (std::size_t s = 0; s < table.size(); ++s) {
      std::vector<AgentId> coalition;
      game.reset();
      for (std::size_t p = players.players(); p-- > 0;) {  // descending: a different order
        if ((s >> p) & 1U) {
          coalition.push_back(players.contributor(p));
          game.add(p);
        }
      }
      EXPECT_NEAR(table[s], value_by_definition(rows, coalition, u), 1e-9) << "coalition " << s;
      EXPECT_EQ(table[s], game.value()) << "order dependence at coalition " << s;
    }
  }
}

TEST(RowsGame, CopiesAddExactlyNothing) {
  const std::vector<Row> rows = {{1, AgentId{1}, 0.8}, {1, AgentId{2}, 0.8}, {2, AgentId{3}, 0.3}};
  PlayerRows players;
  players.build(rows);
  RowsGame game;
  game.bind(players, Usefulness{});
  game.add(0);
  const double one_copy = game.value();
  game.add(1);
  EXPECT_EQ(game.value(), one_copy);
  game.remove(0);
  EXPECT_EQ(game.value(), one_copy);  // player 1 still holds the content
  game.remove(1);
  EXPECT_EQ(game.value(), 0.0);
}

}  // namespace
}  // namespace coordsim::model::attribution
