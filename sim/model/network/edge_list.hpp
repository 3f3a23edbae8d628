#pragma once
// Edge-list files: one undirected edge per line as two non-negative node ids separated by
// whitespace ("17 4"). Blank lines and everything after '#' are ignored. Anything else is an
// error naming the file, the line and the offending text.
#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/network/graph.hpp"

namespace coordsim::model::network {

class EdgeListError : public std::runtime_error {
 public:
  EdgeListError(std::string file, std::size_t line, const std::string& message)
      : std::runtime_error(file + ":" + std::to_string(line) + ": " + message),
        file_(std::move(file)),
        line_(line) {}
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::size_t line() const noexcept { return line_; }  // 0: the file as a whole

 private:
  std::string file_;
  std::size_t line_;
};

struct EdgeList {
  std::uint32_t nodes = 0;
  std::vector<Edge> edges;
};

/// Parses an edge list. With nodes > 0 every id must be below it; with nodes == 0 the node count
/// is the largest id + 1. `name` is used in error messages. @throws EdgeListError.
[[nodiscard]] EdgeList parse_edge_list(std::istream& in, const std::string& name,
                                       std::uint32_t nodes);
/// Opens and parses a file. @throws EdgeListError (also when the file cannot be opened).
[[nodiscard]] EdgeList read_edge_list(const std::string& path, std::uint32_t nodes);

}  // namespace coordsim::model::network
