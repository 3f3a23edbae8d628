#pragma once
// Small text helpers shared by the loader's files (internal to sim/scenario): dotted key paths,
// word lists and the escape of a control byte.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coordsim::scenario::detail {

/// `sessions.caps.total` to {sessions, caps, total}; the views point into `path`.
[[nodiscard]] std::vector<std::string_view> split_path(std::string_view path);

/// `prefix.key`, or `key` alone when the prefix is empty.
[[nodiscard]] std::string join_path(std::string_view prefix, std::string_view key);

/// "a, b, c".
[[nodiscard]] std::string join_words(std::span<const std::string_view> words);

/// Appends `\xHH` (lower-case hex) for a byte that must not be shown raw.
void append_hex_escape(std::string& out, unsigned char c);

}  // namespace coordsim::scenario::detail
