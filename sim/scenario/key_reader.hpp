#pragma once
// The value of one scenario key (internal to sim/scenario): parsed from the node written for it,
// or its default when it is absent or invalid, so that checking can go on after an error.
#include <map>
#include <optional>
#include <string>

#include "scenario/expect.hpp"
#include "scenario/resolve.hpp"
#include "scenario/schema.hpp"
#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

class KeyReader {
 public:
  /// `decimals`: token.decimals, at which token amounts are read.
  KeyReader(Context& ctx, int decimals) : pc_{ctx, decimals} {}

  /// The value of `key` written at `node` (null when absent), reporting a bad or missing one to
  /// the context and recording `path` in `r.marks` and `r.failed`.
  Value read(const KeySpec& key, const Node* node, const std::string& path, Resolved& r);

 private:
  /// The parsed value of `node`, or nullopt after reporting why there is none.
  std::optional<Value> parse(const KeySpec& key, const Node& node, const std::string& path);
  Value default_value(const KeySpec& key, const std::string& path);

  ParseContext pc_;
  std::map<const KeySpec*, Value> defaults_;  // parsed once per load, not once per group
};

}  // namespace coordsim::scenario::detail
