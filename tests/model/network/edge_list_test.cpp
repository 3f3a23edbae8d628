#include "model/network/edge_list.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/network/generators.hpp"
#include "support/scratch_dir.hpp"

namespace coordsim::model::network {
namespace {

EdgeList parse(const std::string& text, std::uint32_t nodes = 0) {
  std::istringstream in(text);
  return parse_edge_list(in, "test.edges", nodes);
}

TEST(EdgeList, ParsesEdgesCommentsAndBlankLines) {
  const EdgeList l = parse("# a comment\n0 1\n\n  2\t3  # trailing comment\r\n3 0\n");
  EXPECT_EQ(l.nodes, 4U);
  ASSERT_EQ(l.edges.size(), 3U);
  EXPECT_EQ(l.edges[1].u, 2U);
  EXPECT_EQ(l.edges[1].v, 3U);
  EXPECT_EQ(parse("", 0).nodes, 0U);
  EXPECT_EQ(parse("0 1\n", 10).nodes, 10U);
}

TEST(EdgeList, BadLinesNameTheFileAndLine) {
  const char* bad[] = {"0 1\n1\n",    "0 1\n1 2 3\n", "0 1\n1 x\n",
                       "0 1\n-1 2\n", "0 1\n1 2.5\n", "0 1\n99999999999 1\n"};
  for (const char* text : bad) {
    SCOPED_TRACE(text);
    try {
      (void)parse(text);
      FAIL() << "no error";
    } catch (const EdgeListError& e) {
      EXPECT_EQ(e.line(), 2U);
      EXPECT_EQ(e.file(), "test.edges");
      EXPECT_EQ(std::string(e.what()).rfind("test.edges:2: ", 0), 0U) << e.what();
    }
  }
}

TEST(EdgeList, IdsMustBeBelowTheGivenNodeCount) {
  try {
    (void)parse("0 1\n2 5\n", 5);
    FAIL() << "no error";
  } catch (const EdgeListError& e) {
    EXPECT_EQ(e.line(), 2U);
    EXPECT_NE(std::string(e.what()).find("node id 5 out of range"), std::string::npos) << e.what();
  }
}

TEST(EdgeList, GenerateReadsAFileAndReportsAMissingOne) {
  const test_support::ScratchDir dir;
  const auto path = dir.write("graph.edges", "0 1\n1 2\n1 0\n5 6\n");
  GraphSpec s;
  s.kind = GraphKind::kEdgeList;
  s.path = path.string();
  const Graph g = generate(s, 1);
  EXPECT_EQ(g.node_count(), 7U);
  EXPECT_EQ(g.edge_count(), 3U);  // the repeat 1 0 collapses
  std::filesystem::remove(path);
  EXPECT_THROW((void)generate(s, 1), EdgeListError);
}

}  // namespace
}  // namespace coordsim::model::network
