#pragma once
// Random row sets for property tests: honest contributors with distinct rows, Sybils holding
// copies of one another's content, poisoners with negative quality.
#include <cstdint>
#include <vector>

#include "kernel/agent_id.hpp"
#include "kernel/rng.hpp"
#include "model/attribution/row.hpp"

namespace coordsim::model::attribution::testing_rows {

struct Shape {
  std::uint32_t contributors = 8;  // agent ids are spread out (id = 3 * k + 1) to test remapping
  std::uint32_t max_rows_each = 4;
  double copy_probability = 0.2;    // a row is a copy of an earlier content
  double poison_probability = 0.1;  // a new content has negative quality
};

inline std::vector<Row> random_rows(std::uint64_t seed, const Shape& shape) {
  std::uint64_t counter = 0;
  kernel::Rng rng(kernel::stream_key(seed, 77), counter);
  std::vector<Row> rows;
  std::vector<double> content_quality;
  for (std::uint32_t c = 0; c < shape.contributors; ++c) {
    const std::uint32_t count = 1 + rng.below(shape.max_rows_each);
    for (std::uint32_t k = 0; k < count; ++k) {
      Row r;
      r.contributor = kernel::AgentId{3 * c + 1};
      if (!content_quality.empty() && rng.bernoulli(shape.copy_probability)) {
        r.content_id = 1000 + 7 * rng.below(static_cast<std::uint32_t>(content_quality.size()));
      } else {
        r.content_id = 1000 + 7 * static_cast<std::uint32_t>(content_quality.size());
        content_quality.push_back(rng.bernoulli(shape.poison_probability) ? -rng.uniform(0.0, 0.5)
                                                                          : rng.uniform(0.0, 1.0));
      }
      r.quality = content_quality[(r.content_id - 1000) / 7];
      rows.push_back(r);
    }
  }
  // Shuffle so that input order is not grouped by contributor.
  for (std::size_t i = rows.size(); i > 1; --i)
    std::swap(rows[i - 1], rows[rng.below(static_cast<std::uint32_t>(i))]);
  return rows;
}

}  // namespace coordsim::model::attribution::testing_rows
