#include "scenario/list.hpp"

#include <cstddef>
#include <utility>
#include <vector>

#include "scenario/suggest.hpp"
#include "scenario/text.hpp"
#include "scenario/units.hpp"

namespace coordsim::scenario::detail {

std::optional<Value> parse_list(const KeySpec& key, const Node& node, const std::string& path,
                                const ParseContext& pc) {
  if (!node.is_seq()) {
    pc.bad(key, node, path, {}, node.is_scalar() ? "write a list as [a, b] (or [] for none)" : "");
    return std::nullopt;
  }
  std::vector<std::string> words;
  std::vector<Micros> durations;
  std::vector<Amount> amounts;
  bool ok = true;
  for (std::size_t i = 0; i < node.items.size(); ++i) {
    const Node& item = node.items[i];
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    std::string why;
    if (!item.is_scalar()) {
      pc.ctx.expected(item.mark, item_path, "a single value", item);
      ok = false;
      continue;
    }
    if (key.type == Type::kDurationList) {
      const auto d = parse_duration(item.text, &why);
      if (!d) {
        pc.ctx.expected(item.mark, item_path, unit_phrase(Unit::kDuration), item, why);
        ok = false;
      } else {
        durations.push_back(*d);
      }
      continue;
    }
    if (key.type == Type::kTokenList) {
      // Each item is one token amount within the key's range.
      const auto a = parse_tokens(item.text, pc.decimals, &why);
      const bool fits = a && in_range(key, static_cast<double>(a->raw()));
      if (a && !fits) why = "out of range";
      if (!fits) {
        const std::string range = describe_range(key, pc.decimals);
        pc.ctx.expected(item.mark, item_path,
                        unit_phrase(Unit::kTokens) + (range.empty() ? "" : " " + range), item, why);
        ok = false;
      } else {
        amounts.push_back(*a);
      }
      continue;
    }
    if (key.type == Type::kEnumList) {
      bool known = false;
      for (const auto c : key.choices) known = known || c == item.text;
      if (!known) {
        pc.ctx.expected(item.mark, item_path, "one of " + join_words(key.choices), item, {},
                        did_you_mean(item.text, key.choices));
        ok = false;
        continue;
      }
    } else if (!valid_name(item.text)) {
      pc.ctx.expected(item.mark, item_path, "a group name", item);
      ok = false;
      continue;
    }
    words.push_back(item.text);
  }
  if (!ok) return std::nullopt;
  if (key.type == Type::kDurationList) return Value{std::move(durations)};
  if (key.type == Type::kTokenList) return Value{std::move(amounts)};
  return Value{std::move(words)};
}

}  // namespace coordsim::scenario::detail
