// libFuzzer target: the scenario loader. Any text in: a valid Spec, or a ScenarioError out.
// Anything else (a crash, a sanitizer report, another exception, a hang) is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scenario/load.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const coordsim::scenario::Spec spec = coordsim::scenario::load_string(text, "fuzz.yaml");
    // A valid spec renders to YAML that loads back to an equal spec (the run file relies on it).
    const coordsim::scenario::Spec again =
        coordsim::scenario::load_string(coordsim::scenario::to_yaml(spec), "fuzz-again.yaml");
    if (again.hash() != spec.hash()) __builtin_trap();
  } catch (const coordsim::scenario::ScenarioError&) {
  }
  return 0;
}
