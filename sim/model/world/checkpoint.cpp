// Checkpoints of the world: every member that changes during a run, in declaration order.
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

constexpr std::uint32_t kWorldTag = 0x574F524C;     // "WORL"
constexpr std::uint32_t kDomainTag = 0x444F4D4E;    // "DOMN"
constexpr std::uint32_t kAgentsTag = 0x41474E54;    // "AGNT"
constexpr std::uint32_t kMarketTag = 0x4D524B54;    // "MRKT"
constexpr std::uint32_t kProtocolTag = 0x50524F54;  // "PROT"
constexpr std::uint32_t kCheckerTag = 0x494E5643;   // "INVC"
constexpr std::uint32_t kContribTag = 0x434E5442;   // "CNTB"

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

  out.tag(kAgentsTag);
  households_.save(out);

  out.tag(kMarketTag);
  exchange_.save(out);
  interactions_.save(out);

  out.tag(kProtocolTag);
  data_.save(out);
  // The settlement's section follows without a tag of its own: the bytes of the checkpoint
  // format are pinned (golden digests) and did not change when settlement and data left World.
  settlement_.save(out);
  // Nothing unless a builder group learns (builders/checkpoint.cpp).
  builders_.save(out);
  validators_.save(out);  // section "VALD"

  out.tag(kContribTag);
  data_.save_contributors(out);
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

  in.expect_tag(kAgentsTag, "agents");
  households_.load(in, [&](AgentId a) -> const sessions::SessionStore& { return sessions_of(a); });

  in.expect_tag(kMarketTag, "market");
  exchange_.load(in);
  interactions_.load(in);

  in.expect_tag(kProtocolTag, "protocol");
  data_.load(in);
  settlement_.load(in);
  builders_.load(in);
  validators_.load(in);

  in.expect_tag(kContribTag, "contributors");
  data_.load_contributors(in);
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
