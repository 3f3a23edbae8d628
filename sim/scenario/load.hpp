#pragma once
// Reading scenarios. Every function either returns a valid Spec or throws ScenarioError listing
// all the problems it found; no input makes it crash or exhaust memory (see docs/scenarios.md,
// "Limits").
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/error.hpp"
#include "scenario/spec.hpp"

namespace coordsim::scenario {

/// Largest scenario file (and largest text given to load_string) accepted.
inline constexpr std::size_t kMaxFileBytes = 16u << 20;

/// Loads `path`, following `extends:` chains, then applies `overrides` (each `path.to.key=value`,
/// list items as `population[1].count=5000`, the value is YAML), then validates.
/// @throws ScenarioError for any problem in the files or the overrides.
[[nodiscard]] Spec load_file(const std::filesystem::path& path,
                             const std::vector<std::string>& overrides = {});

/// The scenario files load_file(path) reads: `path` and every file of its `extends:` chain,
/// absolute, as far as they can be read (never throws for a bad scenario). A run never writes
/// over them.
[[nodiscard]] std::vector<std::filesystem::path> scenario_files(const std::filesystem::path& path);

/// As load_file for text in memory; `file_name` names it in diagnostics, and its directory is
/// where relative `extends:` and `network.file` paths are looked up.
[[nodiscard]] Spec load_string(std::string_view yaml, std::string_view file_name,
                               const std::vector<std::string>& overrides = {});

/// The fully resolved scenario (every key, defaults filled, canonical units); load_string of it
/// gives an equal Spec. This is what a run stores in its output file.
[[nodiscard]] std::string to_yaml(const Spec& spec);

/// A complete, commented scenario with every default; it validates as it is.
[[nodiscard]] std::string defaults_yaml();

/// The key reference of docs/scenarios.md (between its GENERATED markers), rendered from the
/// same schema the loader validates with.
[[nodiscard]] std::string reference_markdown();

/// FNV-1a 64-bit of `text`: the stable hash behind Spec::hash().
[[nodiscard]] std::uint64_t fnv1a64(std::string_view text) noexcept;

}  // namespace coordsim::scenario
