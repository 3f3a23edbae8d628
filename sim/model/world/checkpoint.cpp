// Checkpoints of the world: every member that changes during a run, in a pinned order; the
// systems' sections are written by Systems::save (systems.cpp, the registration list).
//
// Stored: rng counters, ledger, each domain (sessions, counters, in-flight value), the ai agents'
// and principals' columns, the market's section (exchange::Exchange::save), the interaction graph,
// the data system's section (data::Data::save: rows, datanets, models, penalties, reputation,
// exits), then the settlement's section (settlement::Settlement::save: batches, rewards, the
// validators' stake records), and the data system's second section
// (data::Data::save_contributors: the rows that left with their contributors and the learning
// contributors' state). Rebuilt from the scenario instead: spec, seed, block, end, population,
// rng keys, the domain partition, the network graph, builders' prices, initial events (the
// checkpoint's pending events replace them), and what each system rebuilds (its header says).
// Not stored at all: the merged log (scratch) and the action sink (an observer).
#include <stdexcept>

#include "model/world/invariants.hpp"
#include "model/world/world.hpp"

namespace coordsim::model::world {

namespace {

using kernel::ArchiveReader;
using kernel::ArchiveWriter;

constexpr std::uint32_t kWorldTag = 0x574F524C;    // "WORL"
constexpr std::uint32_t kDomainTag = 0x444F4D4E;   // "DOMN"
constexpr std::uint32_t kCheckerTag = 0x494E5643;  // "INVC"

static_assert(kernel::ArchivePod<Counters>,
              "counters are stored as their bytes: keep them padding-free integers");

}  // namespace

void World::save(ArchiveWriter& out) const {
  out.tag(kWorldTag);
  out.pod(actor_count());
  out.vec(streams_.counter);
  ledger_.save(out);

  out.tag(kDomainTag);
  out.pod(domain_count());
  for (const Domain& d : domains_) {
    // Interactions and log entries wait only until the next barrier; a checkpoint taken between
    // two would lose them.
    if (!d.interactions.empty() || !d.log.empty())
      throw std::logic_error("world: checkpoint outside a barrier");
    d.sessions.save(out);
    out.pod(d.counters);
    out.pod(d.in_flight_token);
    out.pod(d.in_flight_quote);
  }

  systems_.save(out);
}

void World::load(ArchiveReader& in) {
  in.expect_tag(kWorldTag, "world");
  ArchiveReader::require(in.pod<std::uint32_t>() == actor_count(),
                         "actor count differs from the scenario's");
  in.vec_exact(streams_.counter, actor_count(), "rng counters");
  ledger_.load(in);

  in.expect_tag(kDomainTag, "domains");
  ArchiveReader::require(in.pod<std::uint32_t>() == domain_count(),
                         "domain count differs from the scenario's");
  for (Domain& d : domains_) {
    d.sessions.load(in);
    in.pod(d.counters);
    in.pod(d.in_flight_token);
    in.pod(d.in_flight_quote);
    d.interactions.clear();
    d.log.clear();
  }

  systems_.load(in, [&](AgentId a) -> const sessions::SessionStore& { return sessions_of(a); });
}

void InvariantChecker::save(kernel::ArchiveWriter& out) const {
  out.tag(kCheckerTag);
  out.pod(checks_);
  out.pod(sessions_checked_);
  out.pod(last_k_);
}

void InvariantChecker::load(kernel::ArchiveReader& in) {
  in.expect_tag(kCheckerTag, "invariant checker");
  in.pod(checks_);
  in.pod(sessions_checked_);
  in.pod(last_k_);
}

}  // namespace coordsim::model::world
