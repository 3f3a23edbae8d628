#pragma once
// The loader's own YAML document tree (internal to sim/scenario). yaml-cpp only produces events
// (yaml_reader.cpp); building our own tree lets us keep every position, refuse duplicate keys,
// bound nesting and alias expansion, and merge `extends:` chains without yaml-cpp in any header.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/error.hpp"

namespace coordsim::scenario::detail {

/// Where a node was written: an index into Sources plus 1-based line and column (0 = unknown).
struct Mark {
  std::uint32_t source = 0;
  int line = 0;
  int column = 0;
};

struct Node {
  enum class Kind : std::uint8_t { kNull, kScalar, kSeq, kMap };
  Kind kind = Kind::kNull;
  std::string text;               // scalars
  std::vector<Node> items;        // sequence items, or map values
  std::vector<std::string> keys;  // map keys, parallel to items
  std::vector<Mark> key_marks;    // map keys' positions, parallel to items
  Mark mark;

  [[nodiscard]] bool is_map() const noexcept { return kind == Kind::kMap; }
  [[nodiscard]] bool is_seq() const noexcept { return kind == Kind::kSeq; }
  [[nodiscard]] bool is_scalar() const noexcept { return kind == Kind::kScalar; }
  [[nodiscard]] bool is_null() const noexcept { return kind == Kind::kNull; }
  /// The index of `key` in a map, or -1.
  [[nodiscard]] std::ptrdiff_t index_of(std::string_view key) const noexcept;
  [[nodiscard]] const Node* find(std::string_view key) const noexcept;
  [[nodiscard]] Node* find(std::string_view key) noexcept;
  /// Sets `key` (appending it if new) and returns the stored value.
  Node& set(std::string key, Mark key_mark, Node value);
  void erase(std::string_view key);
  /// Number of nodes in this subtree.
  [[nodiscard]] std::size_t size() const noexcept;
};

/// "a map", "a list", "`text`" or "nothing": how a found node is named in an error.
[[nodiscard]] std::string describe(const Node& node);

struct Source {
  std::string name;           // as shown in diagnostics
  std::filesystem::path dir;  // absolute; relative paths written in this source start here
};

/// Sources and diagnostics of one load.
class Context {
 public:
  Context();
  std::uint32_t add_source(std::string name, std::filesystem::path dir);
  [[nodiscard]] const Source& source(std::uint32_t i) const { return sources_.at(i); }
  /// The source of default values: problems there are programmer errors, caught by tests.
  [[nodiscard]] static constexpr std::uint32_t defaults_source() noexcept { return 0; }

  void error(const Mark& at, std::string path, std::string message, std::string hint = {});
  /// "expected <expected>, found <describe(found)>[: why]".
  void expected(const Mark& at, std::string path, const std::string& expected, const Node& found,
                const std::string& why = {}, std::string hint = {});
  [[nodiscard]] bool has_errors() const noexcept { return !diagnostics_.empty(); }
  [[nodiscard]] std::size_t error_count() const noexcept { return diagnostics_.size(); }
  /// Every scenario file read in this load (the file and its `extends:` chain), absolute.
  void note_file(std::filesystem::path path) { files_.push_back(std::move(path)); }
  [[nodiscard]] const std::vector<std::filesystem::path>& files() const noexcept { return files_; }
  /// Throws ScenarioError with all diagnostics, in file order, if there are any.
  void throw_if_errors();

 private:
  std::vector<Source> sources_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<Mark> marks_;  // parallel to diagnostics_, for sorting
  std::vector<std::filesystem::path> files_;
};

/// Parses one YAML document from `text` into a tree; on failure records diagnostics and returns
/// nullopt. Enforces kMaxFileBytes, UTF-8, no tab indentation, nesting depth and a node budget
/// that bounds alias expansion.
std::optional<Node> parse_yaml(std::string_view text, std::uint32_t source, Context& ctx);

inline constexpr int kMaxDepth = 32;
inline constexpr std::size_t kMaxNodes = 100'000;

}  // namespace coordsim::scenario::detail
