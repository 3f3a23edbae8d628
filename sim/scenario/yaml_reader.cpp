// The only file that includes yaml-cpp. yaml-cpp parses; we build the tree from its events so
// that we, not yaml-cpp, decide what happens with duplicate keys, aliases and deep nesting.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <map>
#include <sstream>

#include "scenario/load.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {
namespace {

/// Thrown from the event handler to stop parsing after a diagnostic that ends the document.
struct Abort {};

Mark to_mark(const YAML::Mark& m, std::uint32_t source) {
  if (m.is_null()) return Mark{source, 0, 0};
  return Mark{source, m.line + 1, m.column + 1};
}

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::uint32_t source, Context& ctx) : source_(source), ctx_(ctx) {}

  std::optional<Node> root;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(1, mark);
    Node n;
    n.mark = to_mark(mark, source_);
    finish(std::move(n), anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    count(1, mark);
    Node n;
    n.kind = Node::Kind::kScalar;
    n.text = value;
    n.mark = to_mark(mark, source_);
    finish(std::move(n), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      ctx_.error(to_mark(mark, source_), current_path(),
                 "an alias refers to a node that contains it (a recursive alias)");
      throw Abort{};
    }
    count(it->second.size(), mark);  // an alias is a full copy: it costs what it expands to
    Node copy = it->second;
    copy.mark = to_mark(mark, source_);
    finish(std::move(copy), 0);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::kSeq, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    std::string path;
    bool expecting_key = true;
    bool skip_value = false;  // the key was a duplicate or not a scalar: drop its value
    std::string key;
    Mark key_mark;
  };

  void count(std::size_t n, const YAML::Mark& mark) {
    nodes_ += n;
    if (nodes_ > kMaxNodes) {
      ctx_.error(to_mark(mark, source_), current_path(),
                 "the document expands to more than " + std::to_string(kMaxNodes) +
                     " YAML nodes; a scenario needs a few hundred",
                 "are aliases (*name) multiplying a small file (a \"billion laughs\" alias bomb)?");
      throw Abort{};
    }
  }

  std::string current_path() const {
    if (stack_.empty()) return {};
    const Frame& top = stack_.back();
    if (top.node.is_seq()) return top.path + "[" + std::to_string(top.node.items.size()) + "]";
    if (!top.expecting_key) return top.path.empty() ? top.key : top.path + "." + top.key;
    return top.path;
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    count(1, mark);
    if (stack_.size() >= static_cast<std::size_t>(kMaxDepth)) {
      ctx_.error(to_mark(mark, source_), current_path(),
                 "nesting deeper than " + std::to_string(kMaxDepth) +
                     " levels; a scenario needs at most 6");
      throw Abort{};
    }
    Frame f;
    f.path = current_path();
    f.node.kind = kind;
    f.node.mark = to_mark(mark, source_);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(f.node), f.anchor);
  }

  void finish(Node n, YAML::anchor_t anchor) {
    if (anchor != 0) {
      count(n.size(), YAML::Mark::null_mark());  // the stored copy is memory too
      anchors_[anchor] = n;
    }
    if (stack_.empty()) {
      root = std::move(n);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_seq()) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (top.expecting_key) {
      top.expecting_key = false;
      top.skip_value = false;
      top.key_mark = n.mark;
      if (!n.is_scalar()) {
        ctx_.error(n.mark, top.path, "a key must be plain text, found " + describe(n));
        top.skip_value = true;
        return;
      }
      top.key = n.text;
      const auto previous = top.node.index_of(top.key);
      if (previous >= 0) {
        const Mark& first = top.node.key_marks[static_cast<std::size_t>(previous)];
        ctx_.error(n.mark, top.path.empty() ? top.key : top.path + "." + top.key,
                   "duplicate key `" + top.key + "` (first written at line " +
                       std::to_string(first.line) + ")",
                   "YAML would silently keep only one of them; write each key once");
        top.skip_value = true;
      }
      return;
    }
    top.expecting_key = true;
    if (top.skip_value) return;
    if (n.is_null()) n.mark = top.key_mark;  // yaml-cpp places an empty value on the next line
    top.node.keys.push_back(top.key);
    top.node.key_marks.push_back(top.key_mark);
    top.node.items.push_back(std::move(n));
  }

  std::uint32_t source_;
  Context& ctx_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node> anchors_;
  std::size_t nodes_ = 0;
};

/// Notices whether there is another document, ignoring its content.
class DocumentProbe final : public YAML::EventHandler {
 public:
  YAML::Mark start;
  void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

/// Length of the UTF-8 sequence starting at text[i], or 0 if it is not valid UTF-8.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  std::size_t n = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c >= 0xE0 && c <= 0xEF)
    n = 3;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4;
  else
    return 0;
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  }
  const auto c1 = static_cast<unsigned char>(text[i + 1]);
  if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
  if (c == 0xED && c1 > 0x9F) return 0;  // surrogates
  if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
  if (c == 0xF4 && c1 > 0x8F) return 0;  // beyond U+10FFFF
  return n;
}

/// Byte-level checks before yaml-cpp sees the text: binary data and tab indentation give clear
/// errors here instead of a confusing syntax error (or a surprising parse) later.
bool check_text(std::string_view text, std::uint32_t source, Context& ctx) {
  int line = 1;
  int column = 1;
  bool at_indent = true;  // still in the leading whitespace of the line
  int tab_errors = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      constexpr char kHex[] = "0123456789ABCDEF";
      std::string byte = "0x";
      byte += kHex[c >> 4];
      byte += kHex[c & 15];
      ctx.error(Mark{source, line, column}, "",
                "not a text file: byte " + byte +
                    (n == 0 ? " is not valid UTF-8" : " is a control character"),
                "a scenario is UTF-8 YAML text");
      return false;
    }
    if (c == '\n') {
      ++line;
      column = 1;
      at_indent = true;
      ++i;
      continue;
    }
    if (c == '\t' && at_indent) {
      // A tab before the first character of a line that has content.
      std::size_t j = i;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
      const bool content = j < text.size() && text[j] != '\n' && text[j] != '\r' && text[j] != '#';
      if (content && tab_errors < 10) {
        ctx.error(Mark{source, line, column}, "", "a tab in the indentation",
                  "YAML indents with spaces only; replace the tab with spaces");
        ++tab_errors;
      }
    } else if (c != ' ') {
      at_indent = false;
    }
    ++column;
    i += n;
  }
  return tab_errors == 0;
}

}  // namespace

std::optional<Node> parse_yaml(std::string_view text, std::uint32_t source, Context& ctx) {
  if (text.size() > kMaxFileBytes) {
    ctx.error(Mark{source, 0, 0}, "",
              "the scenario is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                  std::to_string(kMaxFileBytes >> 20) + " MiB");
    return std::nullopt;
  }
  if (!check_text(text, source, ctx)) return std::nullopt;
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    TreeBuilder builder(source, ctx);
    if (!parser.HandleNextDocument(builder) || !builder.root) {
      ctx.error(Mark{source, 0, 0}, "", "the scenario is empty",
                "expected a map of scenario keys; see docs/scenarios.md");
      return std::nullopt;
    }
    DocumentProbe probe;
    if (parser.HandleNextDocument(probe)) {
      ctx.error(to_mark(probe.start, source), "",
                "a second YAML document (after `---`); a scenario is one document");
    }
    // Duplicate keys and the like were reported but left a well-formed tree: return it, so that
    // the rest of the file is still checked and every error is reported at once.
    return std::move(builder.root);
  } catch (const Abort&) {
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    ctx.error(to_mark(e.mark, source), "", "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
}

}  // namespace coordsim::scenario::detail
