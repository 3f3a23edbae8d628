// Checkpoints of the world: every member that changes during a run, in declaration order.
//
// Stored: rng counters, ledger, each domain (sessions, counters, in-flight value), the ai agents'
// and principals' columns, the market's section (exchange::Exchange::save), the interaction graph,
// the protocol actor's rows, what it observed about each datanet, models with their attribution
// weights and the contributors' fees they accrued since the last batch posted, penalties,
// reputation, exits, then the settlement's section (settlement::Settlement::save: batches,
// rewards, the validators' stake records), and the learning contributors' state (learners,
// levels, the period's payoff terms) with the rows they took away. Rebuilt from the scenario
// instead: spec, seed, block, end, population, rng keys, the domain partition, the network graph,
// builders' prices, datanets' fees and the deposits they imply, the attribution rule, initial
// events (the checkpoint's pending events replace them). Not stored at all: scratch that is
// overwritten before it is read (attribution workspace, scratch rows, datanet scores and picks, the
// merged log) and the action sink (an observer).
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

template <class T>
void require_below(const std::vector<T>& v, std::size_t bound, const char* what) {
  for (const T& x : v) ArchiveReader::require(static_cast<std::size_t>(x) < bound, what);
}

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
  out.vec(role_);
  out.vec(penalty_);
  out.vec(exited_);
  out.vec(rows_of_);
  out.vec(rows_.content);
  out.vec(rows_.contributor);
  out.vec(rows_.quality);
  out.vec(rows_.datanet);
  out.vec(rows_.flagged);
  out.vec(rows_.used);
  out.pod(static_cast<std::uint64_t>(rows_by_datanet_.size()));
  for (const auto& rows : rows_by_datanet_) out.vec(rows);
  out.pod(next_content_);
  out.vec(datanet_stats_.rows);
  out.vec(datanet_stats_.duplicates);
  out.vec(datanet_stats_.sampled_good);
  out.vec(datanet_stats_.sampled_bad);
  out.vec(datanet_stats_.chosen);
  out.vec(datanet_stats_.explored);
  out.pod(static_cast<std::uint64_t>(models_.size()));
  for (const Model& m : models_) {
    out.vec(m.rows);
    m.weights.save(out);
    out.boolean(m.trained);
    out.boolean(m.served);
    out.pod(m.pool);
    out.pod(m.pool_time_weighted);
  }
  out.vec(active_models_);
  out.vec(reputation_);
  // The settlement's section follows without a tag of its own: the bytes of the checkpoint
  // format are pinned (golden digests) and did not change when settlement left World.
  settlement_.save(out);
  validators_.save(out);  // section "VALD"

  // Contributors under a learning rule (contributors.cpp); the reservation returns are drawn
  // from the scenario and rebuilt.
  out.tag(kContribTag);
  out.vec(left_before_);
  const Adaptive& a = adaptive_;
  out.boolean(!a.learners.empty());
  if (a.learners.empty()) return;
  for (const auto& l : a.learners) l.save(out);
  out.vec(a.level);
  out.vec(a.has_period);
  out.vec(a.next_decision);
  out.vec(a.period_start);
  out.vec(a.income);
  out.vec(a.slashed);
  out.vec(a.rows);
  out.vec(a.stake_ticks);
  out.vec(a.stake_since);
}

void World::load(ArchiveReader& in) {
  const std::size_t n = pop_.agents();
  const std::uint32_t agents = pop_.agents();
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
  in.vec_exact(role_, n, "adversary roles");
  in.vec_exact(penalty_, n, "penalties");
  in.vec_exact(exited_, n, "exits");
  in.vec_exact(rows_of_, n, "rows per agent");
  in.vec(rows_.content);
  const std::size_t rows = rows_.content.size();
  in.vec_exact(rows_.contributor, rows, "row contributors");
  in.vec_exact(rows_.quality, rows, "row qualities");
  in.vec_exact(rows_.datanet, rows, "row datanets");
  in.vec_exact(rows_.flagged, rows, "row flags");
  in.vec_exact(rows_.used, rows, "row usage");
  for (const AgentId c : rows_.contributor)
    ArchiveReader::require(c.value() < agents, "row contributor");
  rows_by_datanet_.resize(in.count(sizeof(std::uint64_t)));
  for (auto& list : rows_by_datanet_) {
    in.vec(list);
    require_below(list, rows, "datanet row");
  }
  in.pod(next_content_);
  const std::size_t datanets = datanet_count();
  in.vec_exact(datanet_stats_.rows, datanets, "datanet rows");
  in.vec_exact(datanet_stats_.duplicates, datanets, "datanet duplicates");
  in.vec_exact(datanet_stats_.sampled_good, datanets, "datanet samples");
  in.vec_exact(datanet_stats_.sampled_bad, datanets, "datanet samples");
  in.vec_exact(datanet_stats_.chosen, datanets, "datanet choices");
  in.vec_exact(datanet_stats_.explored, datanets, "datanet choices");
  ArchiveReader::require(in.count(sizeof(std::uint64_t)) == models_.size(),
                         "model count differs from the scenario's");
  for (Model& m : models_) {
    in.vec(m.rows);
    require_below(m.rows, rows, "model row");
    m.weights.load(in, agents);
    m.trained = in.boolean();
    m.served = in.boolean();
    in.pod(m.pool);
    in.pod(m.pool_time_weighted);
  }
  // Models with fees accrued since the last batch posted: the checkpoint may fall in between.
  in.vec(active_models_);
  require_below(active_models_, models_.size(), "active model");
  in.vec_exact(reputation_, n, "reputations");
  settlement_.load(in);
  validators_.load(in);

  in.expect_tag(kContribTag, "contributors");
  in.vec_exact(left_before_, n, "rows left with their contributor");
  for (const std::uint32_t before : left_before_)
    ArchiveReader::require(before <= rows, "rows left with their contributor");
  Adaptive& ad = adaptive_;
  ArchiveReader::require(in.boolean() == !ad.learners.empty(),
                         "learning contributors differ from the scenario's");
  if (ad.learners.empty()) return;
  for (auto& l : ad.learners) l.load(in);
  const std::size_t contributors = ad.level.size();
  in.vec_exact(ad.level, contributors, "contributor levels");
  in.vec_exact(ad.has_period, contributors, "contributor periods");
  in.vec_exact(ad.next_decision, contributors, "contributor decisions");
  in.vec_exact(ad.period_start, contributors, "contributor periods");
  in.vec_exact(ad.income, contributors, "contributor income");
  in.vec_exact(ad.slashed, contributors, "contributor slashes");
  in.vec_exact(ad.rows, contributors, "contributor rows");
  in.vec_exact(ad.stake_ticks, contributors, "contributor stake");
  in.vec_exact(ad.stake_since, contributors, "contributor stake");
  for (std::size_t i = 0; i < contributors; ++i) {
    const auto c = pop_.of_kind(scenario::AgentKind::kContributor)[i];
    const auto levels = ad.learners[pop_.group(c)].actions();
    ArchiveReader::require(ad.level[i] < levels, "contributor level");
  }
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
