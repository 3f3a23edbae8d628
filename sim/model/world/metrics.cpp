#include "model/world/metrics.hpp"

#include <array>
#include <vector>

#include "scenario/units.hpp"

namespace coordsim::model::world {

using scenario::AgentKind;

namespace {

using In = const MetricInput&;
using actor::as_int;
using actor::computed;
using actor::counted;
using actor::narrow;
namespace unit = actor::unit;

// The rows the world declares itself, each table grouped by the actor whose state it reads
// (docs/world.md); the systems' own rows are in their folders (<system>/metrics.hpp).
constexpr std::array kKernel{
    computed<MetricInput>("events", unit::kCount, "events processed by the kernel so far",
                          [](In m) { return as_int(m.events); }),
};
constexpr std::array kGraph{
    // The interaction graph.
    computed<MetricInput>("graph_components", unit::kCount,
                          "connected components of the interaction graph (agents that interacted)",
                          [](In m) { return as_int(m.world.interactions().components()); }),
    computed<MetricInput>("graph_largest_share", unit::kShare,
                          "largest component's share of all agents",
                          [](In m) { return m.world.interactions().largest_share(); }),
};
constexpr std::array kTreasury{
    // The treasury and value between actors.
    computed<MetricInput>("treasury", unit::kBase, "treasury balance",
                          [](In m) {
                            const auto& l = m.world.ledger();
                            return l.liquid(l.account(ledger::ProtocolAccount::kTreasury)).raw();
                          }),
    computed<MetricInput>("in_flight", unit::kBase,
                          "token value sent between actors, not yet delivered",
                          [](In m) { return narrow(m.world.in_flight(ledger::Asset::kToken)); }),
};

// The recorded column order (Systems::metric_rows, the registration list): kernel, households,
// market, interaction graph, data, builders, settlement, treasury, validators. Changing it
// changes the output format (and the golden digests).
constexpr auto kDefs = Systems::metric_rows<MetricInput>(kKernel, kGraph, kTreasury);

}  // namespace

MetricInput::MetricInput(const World& w, kernel::SimTime at, std::uint64_t committed)
    : world(w),
      now(at),
      events(committed),
      counters(w.counters()),
      tick_seconds(scenario::to_seconds(w.spec().tick)) {
  for (std::uint32_t d = 0; d < w.domain_count(); ++d) {
    live_sessions += w.domain(d).sessions.live_sessions(now);
    exposure += w.domain(d).sessions.total_exposure(now).bounded;
  }
  for (const AgentId a : w.population().of_kind(AgentKind::kAiAgent)) {
    const SimTime since = w.households().compromised_since(a);
    if (since == SimTime::never()) continue;
    const auto id = w.households().session_of(a);
    if (id != sessions::kNoSession && w.sessions_of(a).is_live(id, now)) {
      ++compromised_live;
      compromised_running_ticks += static_cast<std::uint64_t>((now - since).ticks());
    }
  }
  const auto& rows = w.data().rows();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    rows_used += rows.used[r];
    if (w.adversary_role(rows.contributor[r]) == Role::kHonest && rows.quality[r] > 0.0)
      honest_quality += rows.quality[r];
  }
}

std::span<const MetricDef> metric_defs() {
  // The pinned table, then each registered system's rows in its order (extension.hpp).
  static const std::vector<MetricDef> kAll = [] {
    std::vector<MetricDef> all(kDefs.begin(), kDefs.end());
    for (const ExtensionDef& d : extensions())
      all.insert(all.end(), d.metric_rows.begin(), d.metric_rows.end());
    return all;
  }();
  return kAll;
}

void sample_metrics(const World& w, kernel::SimTime now, std::uint64_t events,
                    std::vector<MetricValue>& out) {
  const MetricInput input(w, now, events);
  out.clear();
  for (const MetricDef& def : metric_defs()) out.push_back(def.value(input));
}

std::string metrics_markdown() {
  std::string md = "| metric | unit | description |\n|---|---|---|\n";
  for (const MetricDef& def : metric_defs()) {
    md += "| `" + std::string(def.name) + "` | " + std::string(def.unit) + " | " +
          std::string(def.description) + " |\n";
  }
  return md;
}

}  // namespace coordsim::model::world
