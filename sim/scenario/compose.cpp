#include "scenario/compose.hpp"

#include <algorithm>
#include <fstream>

#include "scenario/load.hpp"

namespace coordsim::scenario::detail {
namespace {

namespace fs = std::filesystem;

std::string display_name(const fs::path& path) {
  std::error_code ec;
  fs::path shown = fs::proximate(path, ec);
  if (ec || shown.empty()) shown = path;
  return shown.lexically_normal().string();
}

std::optional<std::string> read_file(const fs::path& path, Context& ctx, const Mark& at,
                                     const std::string& key_path, const std::string& display) {
  const auto fail = [&](const std::string& why, std::string hint = {}) {
    ctx.error(at, key_path, "cannot read `" + display + "`: " + why, std::move(hint));
    return std::optional<std::string>{};
  };
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return fail("no such file");
  if (fs::is_directory(status)) return fail("it is a directory, not a scenario file");
  if (!fs::is_regular_file(status)) return fail("it is not a regular file");
  const auto size = fs::file_size(path, ec);
  if (ec) return fail(ec.message());
  const std::string limit = std::to_string(kMaxFileBytes >> 20) + " MiB";
  if (size > kMaxFileBytes) {
    return fail(std::to_string(size) + " bytes is more than the limit of " + limit);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("it cannot be opened");
  std::string text;
  std::vector<char> buffer(1 << 16);
  // Read to the end but never past the limit, even if the file grows while we read it.
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    text.append(buffer.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) return fail("it is more than the limit of " + limit);
  }
  if (in.bad()) return fail("a read error");
  return text;
}

void merge(Node& base, Node over) {
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    Node* mine = base.find(over.keys[i]);
    if (mine != nullptr && mine->is_map() && over.items[i].is_map()) {
      merge(*mine, std::move(over.items[i]));
    } else {
      base.set(over.keys[i], over.key_marks[i], std::move(over.items[i]));
    }
  }
}

std::optional<Node> load_one(const fs::path& path, Context& ctx, const Mark* from,
                             std::vector<fs::path>& chain);

/// Replaces a document that has `extends:` by its base with the document merged over it.
std::optional<Node> extend(Node root, std::uint32_t source, Context& ctx,
                           std::vector<fs::path>& chain) {
  if (!root.is_map()) return root;
  const auto index = root.index_of("extends");
  if (index < 0) return root;
  const Node ext = root.items[static_cast<std::size_t>(index)];
  root.erase("extends");
  if (!ext.is_scalar() || ext.text.empty()) {
    ctx.expected(ext.mark, "extends", "the path of a base scenario file", ext);
    return std::nullopt;
  }
  const fs::path base = ctx.source(source).dir / ext.text;
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(base, ec);
  if (ec) canonical = base.lexically_normal();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& p : chain) cycle += p.filename().string() + " -> ";
    ctx.error(ext.mark, "extends", "`extends` cycle: " + cycle + canonical.filename().string(),
              "a scenario cannot extend itself, directly or through others");
    return std::nullopt;
  }
  if (chain.size() >= kMaxExtendsDepth) {
    ctx.error(ext.mark, "extends",
              "more than " + std::to_string(kMaxExtendsDepth) + " levels of `extends`");
    return std::nullopt;
  }
  chain.push_back(canonical);
  auto base_root = load_one(base, ctx, &ext.mark, chain);
  chain.pop_back();
  if (!base_root) return std::nullopt;
  if (!base_root->is_map()) {
    ctx.expected(base_root->mark, "", "a map of scenario keys at the top level", *base_root);
    return std::nullopt;
  }
  merge(*base_root, std::move(root));
  return base_root;
}

std::optional<Node> load_one(const fs::path& path, Context& ctx, const Mark* from,
                             std::vector<fs::path>& chain) {
  const std::string display = display_name(path);
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  const std::uint32_t source = ctx.add_source(display, (ec ? path : absolute).parent_path());
  const Mark at = from != nullptr ? *from : Mark{source, 0, 0};
  const auto text = read_file(path, ctx, at, from != nullptr ? "extends" : "", display);
  if (!text) return std::nullopt;
  ctx.note_file(ec ? path : absolute);
  auto root = parse_yaml(*text, source, ctx);
  if (!root) return std::nullopt;
  return extend(std::move(*root), source, ctx, chain);
}

struct Segment {
  std::string key;  // empty for an index
  std::size_t index = 0;
};

/// `a.b[2].c` into segments; nullopt with `why` when malformed.
std::optional<std::vector<Segment>> parse_key_path(std::string_view s, std::string& why) {
  std::vector<Segment> out;
  std::size_t i = 0;
  const auto word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  while (true) {
    const std::size_t start = i;
    while (i < s.size() && word_char(s[i])) ++i;
    if (i == start) {
      why = "expected a key name at character " + std::to_string(start + 1);
      return std::nullopt;
    }
    out.push_back(Segment{std::string(s.substr(start, i - start)), 0});
    while (i < s.size() && s[i] == '[') {
      const std::size_t open = ++i;
      std::size_t index = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - open < 9) {
        index = index * 10 + static_cast<std::size_t>(s[i] - '0');
        ++i;
      }
      if (i == open || i >= s.size() || s[i] != ']') {
        why = "expected `[<index>]` at character " + std::to_string(open);
        return std::nullopt;
      }
      ++i;
      out.push_back(Segment{{}, index});
    }
    if (i == s.size()) return out;
    if (s[i] != '.') {
      why = "unexpected `" + std::string(1, s[i]) + "` at character " + std::to_string(i + 1);
      return std::nullopt;
    }
    ++i;
  }
}

void clear_marks(Node& n, const Mark& m) {
  n.mark = m;
  for (auto& k : n.key_marks) k = m;
  for (auto& child : n.items) clear_marks(child, m);
}

void apply_override(Node& root, const std::string& text, Context& ctx) {
  const std::uint32_t source = ctx.add_source("--set " + text, fs::current_path());
  const Mark at{source, 0, 0};
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    ctx.error(at, "", "expected `path.to.key=value`, found no `=`",
              "e.g. --set population[1].count=5000");
    return;
  }
  std::string why;
  const auto segments = parse_key_path(std::string_view(text).substr(0, eq), why);
  if (!segments) {
    ctx.error(at, "", "bad key path: " + why,
              "write names separated by `.`, list items as `population[1]`");
    return;
  }
  const std::string_view value_text = std::string_view(text).substr(eq + 1);
  Node value;
  if (value_text.empty()) {
    value.kind = Node::Kind::kScalar;  // `--set description=` sets an empty text
  } else {
    auto parsed = parse_yaml(value_text, source, ctx);
    if (!parsed) return;
    value = std::move(*parsed);
  }
  clear_marks(value, at);

  Node* cur = &root;
  std::string path;
  for (std::size_t i = 0; i < segments->size(); ++i) {
    const Segment& seg = (*segments)[i];
    const bool last = i + 1 == segments->size();
    if (!seg.key.empty()) {
      if (!cur->is_map()) {
        ctx.error(at, path, "cannot set `" + seg.key + "` inside " + describe(*cur));
        return;
      }
      path += (path.empty() ? "" : ".") + seg.key;
      if (last) {
        cur->set(seg.key, at, std::move(value));
        return;
      }
      Node* next = cur->find(seg.key);
      if (next == nullptr) {
        Node fresh;
        fresh.kind = (*segments)[i + 1].key.empty() ? Node::Kind::kSeq : Node::Kind::kMap;
        fresh.mark = at;
        next = &cur->set(seg.key, at, std::move(fresh));
      }
      cur = next;
    } else {
      const std::string item = path + "[" + std::to_string(seg.index) + "]";
      if (!cur->is_seq()) {
        ctx.error(at, item, "`" + path + "` is " + describe(*cur) + ", not a list");
        return;
      }
      if (seg.index >= cur->items.size()) {
        ctx.error(at, item,
                  "index " + std::to_string(seg.index) + " is out of range: `" + path + "` has " +
                      std::to_string(cur->items.size()) + " items",
                  cur->items.empty()
                      ? ""
                      : "valid indices are 0 .. " + std::to_string(cur->items.size() - 1));
        return;
      }
      path = item;
      if (last) {
        cur->items[seg.index] = std::move(value);
        return;
      }
      cur = &cur->items[seg.index];
    }
  }
}

}  // namespace

std::optional<Node> compose_file(const std::filesystem::path& path, Context& ctx) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(path, ec);
  if (ec) canonical = path.lexically_normal();
  std::vector<fs::path> chain{canonical};
  return load_one(path, ctx, nullptr, chain);
}

std::optional<Node> compose_text(std::string_view text, std::string_view name, Context& ctx) {
  std::error_code ec;
  const fs::path path(name);
  fs::path absolute = fs::absolute(path, ec);
  if (ec) absolute = path;
  const std::uint32_t source = ctx.add_source(std::string(name), absolute.parent_path());
  auto root = parse_yaml(text, source, ctx);
  if (!root) return std::nullopt;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  if (ec) canonical = absolute.lexically_normal();
  std::vector<fs::path> chain{canonical};
  return extend(std::move(*root), source, ctx, chain);
}

void apply_overrides(Node* root, const std::vector<std::string>& overrides, Context& ctx) {
  Node ignored;  // overrides of an unreadable scenario are still checked for syntax
  ignored.kind = Node::Kind::kMap;
  for (const auto& text : overrides) {
    apply_override(root != nullptr && root->is_map() ? *root : ignored, text, ctx);
  }
}

}  // namespace coordsim::scenario::detail
