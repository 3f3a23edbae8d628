#include "scenario/error.hpp"

namespace coordsim::scenario {

std::string Diagnostic::format() const {
  std::string out;
  if (!file.empty()) {
    out.append(file);
    if (line > 0) {
      out.append(":").append(std::to_string(line)).append(":").append(std::to_string(column));
    }
    out.append(": ");
  }
  if (!path.empty()) out.append(path).append(": ");
  out.append(message);
  if (!hint.empty()) out.append("\n    ").append(hint);
  return out;
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics, std::size_t max_shown) {
  std::string out;
  const std::size_t n = diagnostics.size();
  out += n == 1 ? "1 error in the scenario:\n" : std::to_string(n) + " errors in the scenario:\n";
  for (std::size_t i = 0; i < n && i < max_shown; ++i) out += diagnostics[i].format() + "\n";
  if (n > max_shown) out += "... and " + std::to_string(n - max_shown) + " more\n";
  return out;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(format_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace coordsim::scenario
