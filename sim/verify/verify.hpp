#pragma once
// `coordsim verify RUN.h5`: re-derives every balance from the event log's opening balances and
// movements and checks it against every sample, every snapshot and the final /agents, /accounts
// and /sessions tables; replays every session decision against the logged terms, and checks each
// session's terms against the session policy and its parent's (grants.hpp); re-derives the
// settlement's splits and the metric contributor_pool_unpaid at every sample (unpaid.hpp).
//
// Written from docs/output-format.md alone: it reads only the file (through sim/io) and links no
// model library. What it cannot re-derive it names in its output; it never reports more than it
// checked.
#include <filesystem>
#include <iosfwd>

namespace coordsim::verify {

/// The process exit status of `coordsim verify`.
enum class Outcome : int {
  kHolds = 0,       // every check held
  kDamaged = 1,     // the file cannot be read (damaged, truncated, not a run file)
  kNoLog = 2,       // no event log, or one filtered by kind or group: nothing to replay
  kDivergence = 3,  // a check failed: the first divergence is printed
};

/// Replays `path`, writing what it checks and the first divergence (if any) to `out`.
/// Never throws for a bad file: that is kDamaged.
[[nodiscard]] Outcome verify(const std::filesystem::path& path, std::ostream& out);

}  // namespace coordsim::verify
