#pragma once
// The registration list of the world's actor systems: the one place a system is wired in.
//
// Each system is one member of `Systems`, built from the world's `Setup`; the member is also
// listed in members(), which the dispatch table reads (actor/registry.hpp: every kind in a
// system's `Handlers` goes to that system). What the systems share in one event (a kind more
// than one system handles, in a fixed order) is written once below, in `Exceptions`. The
// orders that are part of the output are explicit here too, each in one function: build() (the
// genesis and the first events: the seeding order is the kernel's tie-break), save()/load()
// (the checkpoint's sections: their bytes are pinned by the golden digests) and metric_rows()
// (the recorded column order). An existing order must not change (docs/extending.md). A new
// system is not written here: it registers itself from its own folder (extension.hpp), and
// takes part in each of these after the pinned systems.
#include <cstdint>
#include <tuple>

#include "kernel/agent_id.hpp"
#include "kernel/archive.hpp"
#include "kernel/time.hpp"
#include "model/actor/context.hpp"
#include "model/actor/counters.hpp"
#include "model/actor/metric.hpp"
#include "model/actor/population.hpp"
#include "model/actor/registry.hpp"
#include "model/builders/builders.hpp"
#include "model/builders/metrics.hpp"
#include "model/data/data.hpp"
#include "model/data/metrics.hpp"
#include "model/exchange/exchange.hpp"
#include "model/exchange/metrics.hpp"
#include "model/households/households.hpp"
#include "model/households/metrics.hpp"
#include "model/ledger/ledger.hpp"
#include "model/network/graph.hpp"
#include "model/network/interaction_graph.hpp"
#include "model/settlement/metrics.hpp"
#include "model/settlement/settlement.hpp"
#include "model/validators/metrics.hpp"
#include "model/validators/validators.hpp"
#include "model/world/extension.hpp"
#include "scenario/spec.hpp"

namespace coordsim::model::world {

/// What every system is built from: the world's fixed facts (none of them change in a run).
struct Setup {
  const scenario::SpecData* spec;
  const actor::Population* pop;
  kernel::AgentId market;
  kernel::AgentId protocol;
  kernel::AgentId treasury;
  kernel::AgentId attacker;
  kernel::SimDuration block;
  std::uint64_t unit;           // base units per token
  const network::Graph* graph;  // the social graph (built after the systems: only its address)
};

struct Systems {
  explicit Systems(const Setup& s) : setup(s) {}
  Systems(const Systems&) = delete;  // systems keep each other's addresses
  Systems& operator=(const Systems&) = delete;
  Systems(Systems&&) = delete;
  Systems& operator=(Systems&&) = delete;
  ~Systems() = default;

  const Setup setup;

  // --- The systems, in construction order ---
  // Principals, ai agents, key compromise.
  households::Households households{
      *setup.spec, *setup.pop,
      households::Peers{setup.market, setup.attacker, &exchange, setup.graph, &builders},
      setup.block};
  // The market actor.
  exchange::Exchange exchange{*setup.spec, *setup.pop, setup.market};
  // The protocol actor's data: rows, datanets, models, attribution, contributors' learning.
  // Before the settlement, which reads its adversary roles.
  data::Data data{*setup.spec, *setup.pop, data::Peers{setup.protocol, setup.treasury, &settlement},
                  setup.block, setup.unit};
  // The protocol actor's settlement: batches, rewards, the validators' pool.
  settlement::Settlement settlement{*setup.spec,    *setup.pop,   setup.protocol,
                                    setup.treasury, data.roles(), setup.block};
  // Model builders: prices, retraining requests, inference served.
  builders::Builders builders{*setup.spec, *setup.pop, setup.protocol, setup.treasury, setup.block};
  // Validators' checks, effort, entry and exit.
  validators::Validators validators{*setup.spec, *setup.pop, setup.protocol, setup.block,
                                    setup.unit};
  // Who interacted with whom (union-find; no handler: the domains' lists are folded in at
  // barriers). Checkpointed with the market's section.
  network::InteractionGraph interactions{setup.pop->agents()};
  // --- Systems registered from their own folders (extension.hpp), in name order ---
  // Each is built from the Setup and takes part in dispatch (its own kinds, numbered after the
  // shared ones), build(), save()/load() and the metric columns after the systems above. None
  // linked (the shipped binary today): no byte of a run changes.
  Extensions extensions{setup};

  /// The registration list: every member whose class declares `Handlers` gets its kinds.
  static constexpr auto members() {
    return std::tuple{&Systems::households,  &Systems::exchange, &Systems::data,
                      &Systems::settlement,  &Systems::builders, &Systems::validators,
                      &Systems::interactions};
  }

  // --- Dispatch exceptions: kinds handled by more than one system, in this order ---
  // kCredit: value arrives at any actor (households' handler receives it for everyone); a
  // learning builder also counts the protocol's deposit refunds as income of its period.
  static void on_credit(Systems& s, const kernel::Event& e, actor::Context& ctx);
  // kReward: a validator's rewards go to the validators' system (the income its decisions learn
  // from), a contributor's to data, anyone else's to the settlement.
  static void on_reward(Systems& s, const kernel::Event& e, actor::Context& ctx);
  // kSlash: data moves the tokens; a learning validator's payoff counts what slashes take from
  // its stake (the validators' system notes it around data's handler).
  static void on_slash(Systems& s, const kernel::Event& e, actor::Context& ctx);
  // kTrain: data snapshots the model; the retrain split the model's pool into the open batch,
  // so the settlement logs what it accrued.
  static void on_train(Systems& s, const kernel::Event& e, actor::Context& ctx);
  // kBatchPost: the models' pools are data's columns, split into the open batch before the
  // settlement posts it.
  static void on_batch_post(Systems& s, const kernel::Event& e, actor::Context& ctx);
  using Exceptions = actor::Handlers<actor::On<actor::Kind::kCredit, &Systems::on_credit>,
                                     actor::On<actor::Kind::kReward, &Systems::on_reward>,
                                     actor::On<actor::Kind::kSlash, &Systems::on_slash>,
                                     actor::On<actor::Kind::kTrain, &Systems::on_train>,
                                     actor::On<actor::Kind::kBatchPost, &Systems::on_batch_post>>;

  /// Genesis and first events, in the order the world always built them (systems.cpp).
  /// `add(time, target, kind, aux, payload)` records a first event. Every draw uses the drawing
  /// actor's own stream, so only the order within one actor's draws matters for results; the
  /// order of first events is the kernel's tie-break.
  template <class Add>
  void build(ledger::Ledger& ledger, actor::Streams& streams, kernel::SimTime end, Add&& add) {
    // Genesis.
    validators.stake_genesis(ledger, streams);
    data.build(streams);
    builders.build_prices(streams);
    exchange.build(ledger, streams, setup.treasury);
    settlement.build(ledger);
    // First events.
    const auto add3 = [&add](kernel::SimTime t, kernel::AgentId target, actor::Kind kind) {
      add(t, target, kind, 0, 0);
    };
    households.initial_events(streams, end, add);
    data.initial_events(streams, add3);
    builders.initial_events(streams, add3);
    validators.initial_events(streams, add3);
    exchange.initial_events(streams,
                            [&add](kernel::SimTime t, kernel::AgentId target, actor::Kind kind,
                                   std::uint16_t aux) { add(t, target, kind, aux, 0); });
    settlement.initial_events(add3);
    // Learning state: draws after the first events', so fixed groups draw what they always did.
    data.build_contributors(streams);
    builders.build_learners(streams);
    validators.build(ledger, streams);
    extensions.build(ledger, streams, end,
                     [&add](kernel::SimTime t, kernel::AgentId target, kernel::EventKind code,
                            std::uint16_t aux, std::uint64_t payload) {
                       add(t, target, static_cast<actor::Kind>(code), aux, payload);
                     });
  }

  /// The systems' checkpoint sections, in the pinned order (systems.cpp).
  void save(kernel::ArchiveWriter& out) const;
  /// `sessions_of(agent)` is the session store of an agent's domain (households check links).
  template <class SessionsOf>
  void load(kernel::ArchiveReader& in, SessionsOf&& sessions_of);

  /// The recorded metric columns: the systems' rows (<system>/metrics.hpp) with the world's own
  /// (kernel, graph, treasury: world/metrics.cpp), in the pinned column order. The registered
  /// systems' follow (metrics.cpp).
  template <class In, class Kernel, class Graph, class Treasury>
  static constexpr auto metric_rows(const Kernel& kernel, const Graph& graph,
                                    const Treasury& treasury) {
    return actor::concat(kernel, households::metric_rows<In>(), exchange::metric_rows<In>(), graph,
                         data::metric_rows<In>(), builders::metric_rows<In>(),
                         settlement::metric_rows<In>(), treasury, validators::metric_rows<In>());
  }

 private:
  void load_rest(kernel::ArchiveReader& in);
};

/// Section tags of the checkpoint (the world's own, WORL and DOMN, are in checkpoint.cpp).
inline constexpr std::uint32_t kAgentsTag = 0x41474E54;    // "AGNT"
inline constexpr std::uint32_t kMarketTag = 0x4D524B54;    // "MRKT"
inline constexpr std::uint32_t kProtocolTag = 0x50524F54;  // "PROT"
inline constexpr std::uint32_t kContribTag = 0x434E5442;   // "CNTB"

template <class SessionsOf>
void Systems::load(kernel::ArchiveReader& in, SessionsOf&& sessions_of) {
  in.expect_tag(kAgentsTag, "agents");
  households.load(in, sessions_of);
  load_rest(in);
}

}  // namespace coordsim::model::world
