#pragma once
// Bad scenarios are reported, not guessed at: ScenarioError carries every problem found, each
// with where it is (file, line, column, key path) and what was found against what was expected.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace coordsim::scenario {

struct Diagnostic {
  std::string file;  // the scenario file, or `--set <override>`; empty if not tied to one
  int line = 0;      // 1-based; 0 when the problem has no single position (e.g. a default)
  int column = 0;    // 1-based
  std::string path;  // key path such as `population[2].count`; empty for file-level problems
  std::string
      message;  // the whole sentence, e.g. "expected an integer in 0 .. 50000000, found `-5`"
  std::string expected;  // the expected part alone, when the problem is a wrong value
  std::string found;     // the offending text, when there is one
  std::string hint;      // e.g. "did you mean `population`?"

  /// `file:line:column: path: message` and, indented on the next line, the hint.
  [[nodiscard]] std::string format() const;
};

/// At most `max_shown` diagnostics, then a count of the rest: an error fits on one screen.
[[nodiscard]] std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics,
                                             std::size_t max_shown = 20);

/// Thrown by every loader entry point for any bad input; never for a programmer error.
class ScenarioError : public std::runtime_error {
 public:
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace coordsim::scenario
