#include "scenario/resolve.hpp"

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "scenario/groups.hpp"
#include "scenario/key_reader.hpp"
#include "scenario/text.hpp"
#include "scenario/tick_rounding.hpp"
#include "scenario/units.hpp"
#include "scenario/unknown_keys.hpp"

namespace coordsim::scenario::detail {
namespace {

// token.decimals is needed to read token amounts anywhere: read it first, quietly (the main
// pass reports its errors).
int token_decimals(const Node& root) {
  int decimals = 6;
  if (const Node* token = root.find("token"); token != nullptr && token->is_map()) {
    if (const Node* d = token->find("decimals"); d != nullptr && d->is_scalar()) {
      const auto v = parse_integer(d->text);
      if (v && *v >= 0 && *v <= kMaxDecimals) decimals = static_cast<int>(*v);
    }
  }
  return decimals;
}

std::string substitute(std::string s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
  return s;
}

class Resolver {
 public:
  explicit Resolver(Context& ctx) : ctx_(ctx) {}

  Resolved run(const Node& root) {
    Resolved r;
    r.root = Mark{root.mark.source, 0, 0};
    if (!root.is_map()) {
      ctx_.expected(root.mark, "", "a map of scenario keys at the top level", root);
      return r;
    }
    KeyReader reader(ctx_, token_decimals(root));
    for (const KeySpec& key : top_keys()) {
      if (key.type == Type::kGroups) {
        resolve_groups(root, reader, ctx_, r);
        r.top.push_back(Entry{&key, std::monostate{}});  // where render_yaml writes the groups
        continue;
      }
      const Node* node = lookup(root, key.path, r);
      Value v = reader.read(key, node, std::string(key.path), r);
      if (key.path == "output.path")
        v = substitute(std::get<std::string>(v), "<name>", r.data.name);
      key.set_top(r.data, v);
      r.top.push_back(Entry{&key, std::move(v)});
    }
    check_unknown_keys(root, ctx_, r);
    check_tick_rounding(ctx_, r);
    return r;
  }

 private:
  /// The node at a dotted path, or null; a section that is not a map is reported once.
  const Node* lookup(const Node& root, std::string_view path, Resolved& r) {
    const Node* cur = &root;
    std::string so_far;
    const auto segments = split_path(path);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const Node* next = cur->find(segments[i]);
      if (next == nullptr) return nullptr;
      so_far = join_path(so_far, segments[i]);
      if (i + 1 < segments.size() && !next->is_map()) {
        if (bad_sections_.insert(so_far).second) {
          ctx_.expected(next->mark, so_far, "a map (the `" + so_far + "` section)", *next);
          r.failed.insert(so_far);
        }
        return nullptr;
      }
      cur = next;
    }
    return cur;
  }

  Context& ctx_;
  std::set<std::string, std::less<>> bad_sections_;
};

}  // namespace

Resolved resolve(const Node& root, Context& ctx) { return Resolver(ctx).run(root); }

}  // namespace coordsim::scenario::detail
