#include "model/network/edge_list.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <limits>
#include <string_view>

namespace coordsim::model::network {
namespace {

constexpr std::string_view kSpace = " \t\r";

// Consumes one id token from `text`; false if there is none or it is not a valid id.
bool take_id(std::string_view& text, std::uint64_t& id) {
  const std::size_t start = text.find_first_not_of(kSpace);
  if (start == std::string_view::npos) return false;
  text.remove_prefix(start);
  const std::size_t end = std::min(text.find_first_of(kSpace), text.size());
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + end, id);
  if (ec != std::errc() || ptr != text.data() + end) return false;
  text.remove_prefix(end);
  return true;
}

}  // namespace

EdgeList parse_edge_list(std::istream& in, const std::string& name, std::uint32_t nodes) {
  EdgeList list;
  std::uint64_t max_id = 0;
  bool any = false;
  std::string line;
  std::size_t number = 0;
  constexpr std::uint64_t kMaxId = std::numeric_limits<NodeId>::max() - 1;
  while (std::getline(in, line)) {
    ++number;
    std::string_view text(line);
    text = text.substr(0, text.find('#'));
    if (text.find_first_not_of(kSpace) == std::string_view::npos) continue;
    std::uint64_t u = 0;
    std::uint64_t v = 0;
    const bool ok = take_id(text, u) && take_id(text, v) &&
                    text.find_first_not_of(kSpace) == std::string_view::npos;
    if (!ok) {
      throw EdgeListError(name, number,
                          "expected two non-negative node ids 'u v', got '" + line + "'");
    }
    for (const std::uint64_t id : {u, v}) {
      if (id > kMaxId || (nodes > 0 && id >= nodes)) {
        throw EdgeListError(name, number,
                            "node id " + std::to_string(id) + " out of range (nodes: " +
                                (nodes > 0 ? std::to_string(nodes) : std::string("32-bit")) + ")");
      }
    }
    max_id = std::max({max_id, u, v});
    any = true;
    list.edges.push_back({static_cast<NodeId>(u), static_cast<NodeId>(v)});
  }
  if (in.bad()) throw EdgeListError(name, number, "read error");
  list.nodes = nodes > 0 ? nodes : (any ? static_cast<std::uint32_t>(max_id + 1) : 0);
  return list;
}

EdgeList read_edge_list(const std::string& path, std::uint32_t nodes) {
  std::ifstream in(path);
  if (!in) throw EdgeListError(path, 0, "cannot open the edge-list file");
  return parse_edge_list(in, path, nodes);
}

}  // namespace coordsim::model::network
