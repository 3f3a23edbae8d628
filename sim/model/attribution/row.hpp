#pragma once
// One data row as the attribution rules see it. Copies of the same underlying data (a Sybil
// replicating a row under many identities, or one contributor uploading it twice) share a
// content_id: the usefulness model counts a content once however many copies a coalition holds.
#include <cstdint>

#include "kernel/agent_id.hpp"

namespace coordsim::model::attribution {

struct Row {
  std::uint32_t content_id = 0;   // same id = same underlying data
  kernel::AgentId contributor{};  // who is paid for this copy
  /// For the value-based rules (leave-one-out, Shapley, Banzhaf, robust Shapley) the quality that
  /// defines v(S). Pass what the protocol OBSERVES (observed_quality.hpp: validators' judgements or
  /// a noisy held-out evaluation); the hidden true quality belongs only in model_value() for
  /// metrics. Copies of one content must carry the same value. For the influence rule, the
  /// observed per-row influence estimate. Negative = harmful (poisoned) data.
  double quality = 0.0;
};

}  // namespace coordsim::model::attribution
