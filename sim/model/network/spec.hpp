#pragma once
// What interaction graph to build: the scenario's `network:` section, parsed by the scenario
// loader into this plain struct.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace coordsim::model::network {

/// An invalid graph specification (bad parameter for the chosen kind).
class GraphSpecError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

enum class GraphKind : std::uint8_t {
  kErdosRenyi,      // G(n, p) with p = mean_degree / (n - 1)
  kBarabasiAlbert,  // preferential attachment, m edges per new node (mean degree about 2m)
  kWattsStrogatz,   // ring lattice of k neighbours, each edge rewired with probability `rewire`
  kPowerLaw,        // Chung-Lu with expected degrees following a power law of `exponent`
  kEdgeList,        // read from `path`
};

struct GraphSpec {
  GraphKind kind = GraphKind::kErdosRenyi;
  std::uint32_t nodes = 0;   // for kEdgeList: 0 means max id + 1
  double mean_degree = 4.0;  // kErdosRenyi, kPowerLaw
  std::uint32_t m = 2;       // kBarabasiAlbert
  std::uint32_t k = 4;       // kWattsStrogatz, even
  double rewire = 0.1;       // kWattsStrogatz, in [0, 1]
  double exponent = 2.5;     // kPowerLaw: P(degree = d) ~ d^-exponent, exponent > 2
  std::string path;          // kEdgeList
};

}  // namespace coordsim::model::network
