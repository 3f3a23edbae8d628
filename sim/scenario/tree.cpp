#include "scenario/tree.hpp"

#include <algorithm>
#include <climits>
#include <tuple>

#include "scenario/text.hpp"

namespace coordsim::scenario::detail {

std::ptrdiff_t Node::index_of(std::string_view key) const noexcept {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return static_cast<std::ptrdiff_t>(i);
  }
  return -1;
}

const Node* Node::find(std::string_view key) const noexcept {
  const auto i = index_of(key);
  return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
}

Node* Node::find(std::string_view key) noexcept {
  const auto i = index_of(key);
  return i < 0 ? nullptr : &items[static_cast<std::size_t>(i)];
}

Node& Node::set(std::string key, Mark key_mark, Node value) {
  const auto i = index_of(key);
  if (i >= 0) {
    const auto u = static_cast<std::size_t>(i);
    key_marks[u] = key_mark;
    items[u] = std::move(value);
    return items[u];
  }
  keys.push_back(std::move(key));
  key_marks.push_back(key_mark);
  items.push_back(std::move(value));
  return items.back();
}

void Node::erase(std::string_view key) {
  const auto i = index_of(key);
  if (i < 0) return;
  keys.erase(keys.begin() + i);
  key_marks.erase(key_marks.begin() + i);
  items.erase(items.begin() + i);
}

std::size_t Node::size() const noexcept {
  std::size_t n = 1;
  for (const auto& child : items) n += child.size();
  return n;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kNull:
      return "nothing";
    case Node::Kind::kSeq:
      return "a list";
    case Node::Kind::kMap:
      return "a map";
    case Node::Kind::kScalar:
      break;
  }
  constexpr std::size_t kShown = 40;
  std::string out = "`";
  for (std::size_t i = 0; i < node.text.size() && i < kShown; ++i) {
    const auto c = static_cast<unsigned char>(node.text[i]);
    if (c < 0x20 || c == 0x7f) {
      append_hex_escape(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  if (node.text.size() > kShown) out += "...";
  return out + "`";
}

Context::Context() { sources_.push_back({"(default)", std::filesystem::current_path()}); }

std::uint32_t Context::add_source(std::string name, std::filesystem::path dir) {
  sources_.push_back({std::move(name), std::move(dir)});
  return static_cast<std::uint32_t>(sources_.size() - 1);
}

void Context::error(const Mark& at, std::string path, std::string message, std::string hint) {
  constexpr std::size_t kMaxKept = 1000;  // a pathological file cannot flood memory
  if (diagnostics_.size() >= kMaxKept) return;
  Diagnostic d;
  d.file = source(at.source).name;
  d.line = at.line;
  d.column = at.column;
  d.path = std::move(path);
  d.message = std::move(message);
  d.hint = std::move(hint);
  diagnostics_.push_back(std::move(d));
  marks_.push_back(at);
}

void Context::expected(const Mark& at, std::string path, const std::string& expected,
                       const Node& found, const std::string& why, std::string hint) {
  const std::string found_text = describe(found);
  std::string message = "expected " + expected + ", found " + found_text;
  if (!why.empty()) message += ": " + why;
  const std::size_t before = diagnostics_.size();
  error(at, std::move(path), std::move(message), std::move(hint));
  if (diagnostics_.size() == before) return;
  diagnostics_.back().expected = expected;
  diagnostics_.back().found = found.is_scalar() ? found.text : found_text;
}

void Context::throw_if_errors() {
  if (diagnostics_.empty()) return;
  std::vector<std::size_t> order(diagnostics_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto key = [&](std::size_t i) {
    const Mark& m = marks_[i];
    return std::make_tuple(m.source, m.line == 0 ? INT_MAX : m.line, m.column);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  std::vector<Diagnostic> sorted;
  sorted.reserve(order.size());
  for (const auto i : order) sorted.push_back(diagnostics_[i]);
  throw ScenarioError(std::move(sorted));
}

}  // namespace coordsim::scenario::detail
