#pragma once
// Reading files, following `extends:` and applying `--set` overrides (internal to sim/scenario).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/tree.hpp"

namespace coordsim::scenario::detail {

inline constexpr std::size_t kMaxExtendsDepth = 16;

/// The document of `path` with its `extends:` chain merged in (maps key by key, everything else
/// replaced); nullopt if any file of the chain could not be read or parsed.
std::optional<Node> compose_file(const std::filesystem::path& path, Context& ctx);
/// As compose_file for text in memory named `name`.
std::optional<Node> compose_text(std::string_view text, std::string_view name, Context& ctx);

/// Applies `path.to.key=value` overrides in order; each bad one is a diagnostic.
void apply_overrides(Node* root, const std::vector<std::string>& overrides, Context& ctx);

}  // namespace coordsim::scenario::detail
