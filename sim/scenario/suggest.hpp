#pragma once
// "Did you mean ...?" for misspelt keys and words (internal to sim/scenario).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace coordsim::scenario::detail {

/// Optimal-string-alignment distance (insertions, deletions, substitutions and adjacent
/// transpositions), ignoring ASCII case.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate nearest to `word` if it is close enough to be a plausible typo, else empty.
[[nodiscard]] std::string nearest(std::string_view word,
                                  std::span<const std::string_view> candidates);

/// "did you mean `x`?" or empty.
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       std::span<const std::string_view> candidates);

}  // namespace coordsim::scenario::detail
