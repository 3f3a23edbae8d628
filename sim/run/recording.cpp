#include "run/recording.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "model/world/extension.hpp"
#include "model/world/metrics.hpp"
#include "run/tables.hpp"
#include "scenario/units.hpp"

namespace coordsim::run::detail {

namespace world = model::world;

namespace {

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "unknown";
  return buf;
}

}  // namespace

io::RecordingLayout layout_for(const scenario::SpecData& spec) {
  io::RecordingLayout layout;
  for (const auto& m : world::metric_defs()) {
    layout.metrics.push_back(
        io::MetricColumn{std::string(m.name), std::string(m.unit), std::string(m.description),
                         m.is_integer() ? io::MetricType::kInt64 : io::MetricType::kFloat64});
  }
  if (spec.output.events.enabled) {
    io::EventNames names;
    for (auto n : world::kActionNames) names.kinds.emplace_back(n);
    for (auto n : model::world::kind_names()) names.causes.emplace_back(n);
    for (auto n : model::actor::kPlaceNames) names.buckets.emplace_back(n);
    names.complete = spec.output.events.kinds.empty() && spec.output.events.groups.empty();
    for (std::size_t r = 0; r < model::sessions::kReasonCount; ++r) {
      names.reasons.emplace_back(
          model::sessions::to_string(static_cast<model::sessions::Reason>(r)));
    }
    layout.events = std::move(names);
  }
  return layout;
}

void write_end_tables(io::Recorder& recorder, const world::World& world,
                      const world::InvariantChecker& checker, const scenario::SpecData& spec,
                      const std::vector<Intervention>& applied) {
  // One large table at a time: without the sync the next table is built while the writer still
  // holds the previous one, and /agents beside /sessions was the run's peak memory (+310 MiB over
  // the event loop on scenarios/million.yaml, docs/performance.md). Building a table takes far
  // less time than writing it, so little overlap is lost.
  recorder.write_table("/agents", agent_table(world));
  recorder.sync();
  recorder.write_table("/sessions", session_table(world));
  recorder.write_table("/session_targets", session_target_table(world));
  recorder.sync();
  recorder.write_table("/accounts", account_table(world));
  recorder.write_table("/graph", graph_table(world));
  recorder.write_table("/invariants", invariant_table(checker, spec));
  if (!applied.empty()) {
    recorder.write_table("/interventions",
                         intervention_table(applied, scenario::to_seconds(spec.tick)));
  }
}

io::ExecutionInfo execution_for(int threads) {
  return io::ExecutionInfo{utc_now(), static_cast<std::uint32_t>(std::max(1, threads)), 1,
                           host_name()};
}

io::RunInfo run_info_for(const scenario::Spec& spec, const std::string& version, int threads) {
  const auto& sd = spec.data();
  io::RunInfo info;
  info.coordsim_version = version;
  info.scenario_name = sd.name;
  info.scenario_text = spec.yaml();
  info.seed = sd.seed;
  info.scenario_hash = fmt::format("{:016x}", spec.hash());
  info.tick_seconds = scenario::to_seconds(sd.tick);
  info.execution = execution_for(threads);
  return info;
}

EventLog::EventLog(const scenario::SpecData& spec, const world::Population& pop,
                   io::Recorder& recorder)
    : pop_(&pop),
      recorder_(&recorder),
      kinds_(world::kActionNames.size(), spec.output.events.kinds.empty()),
      groups_(pop.groups(), spec.output.events.groups.empty()) {
  for (const auto& k : spec.output.events.kinds) {
    for (std::size_t i = 0; i < world::kActionNames.size(); ++i) {
      if (world::kActionNames[i] == k) kinds_[i] = true;
    }
  }
  for (const auto& g : spec.output.events.groups) {
    for (std::size_t i = 0; i < spec.population.size(); ++i) {
      if (spec.population[i].name == g) groups_[i] = true;
    }
  }
  keeps_all_ = spec.output.events.kinds.empty() && spec.output.events.groups.empty();
  buffer_.reserve(kBatch);
}

namespace {
io::EventRecord to_row(const world::ActionRecord& r) noexcept {
  return io::EventRecord{r.time.ticks(),
                         static_cast<std::uint16_t>(r.kind),
                         static_cast<std::uint16_t>(r.reason),
                         r.handler.value(),
                         r.actor.value(),
                         r.target.value(),
                         r.session,
                         r.cause,
                         static_cast<std::uint8_t>(r.from),
                         static_cast<std::uint8_t>(r.to),
                         r.amount.raw()};
}
}  // namespace

void EventLog::on_actions(std::span<const world::ActionRecord> rows) {
  if (!keeps_all_) {
    for (const world::ActionRecord& r : rows) add(r);
    return;
  }
  // The full log (the common case, and the one the overhead target is about): no test per row,
  // rows converted straight into the batch that is handed over.
  while (!rows.empty()) {
    const std::size_t take = std::min(rows.size(), kBatch - buffer_.size());
    for (const world::ActionRecord& r : rows.first(take)) buffer_.push_back(to_row(r));
    rows = rows.subspan(take);
    if (buffer_.size() >= kBatch) flush();
  }
}

void EventLog::add(const world::ActionRecord& r) {
  if (!kinds_[static_cast<std::size_t>(r.kind)]) return;
  if (r.actor.value() < pop_->agents() && !groups_[pop_->group(r.actor)]) return;
  push(to_row(r));
}

void EventLog::open(const world::World& w) {
  const auto& ledger = w.ledger();
  const auto& ex = w.exchange();
  const auto pool = ledger.account(model::ledger::ProtocolAccount::kPool);
  using model::actor::Place;
  using model::ledger::Asset;
  const auto opening = [&](std::uint32_t account, Place place, model::ledger::Amount amount) {
    if (amount == model::ledger::Amount::zero()) return;
    push(io::EventRecord{0, static_cast<std::uint16_t>(model::actor::ActionKind::kMove), 0,
                         kernel::kNoAgent.value(), 0, account, model::sessions::kNoSession.value(),
                         model::actor::kNoCause, static_cast<std::uint8_t>(Place::kGenesis),
                         static_cast<std::uint8_t>(place), amount.raw()});
  };
  // What of the pool's ledger account no reserve, custody or escrow holds ("free"; zero
  // between events).
  model::ledger::Amount free_token = ledger.liquid(pool);
  model::ledger::Amount free_quote = ledger.quote(pool);
  if (ex.has_amm()) {
    opening(pool.value(), Place::kReserveToken, ex.pool().reserve_token());
    opening(pool.value(), Place::kReserveQuote, ex.pool().reserve_quote());
    free_token -= ex.pool().reserve_token();
    free_quote -= ex.pool().reserve_quote();
  }
  const auto makers = w.population().of_kind(scenario::AgentKind::kMarketMaker);
  for (std::size_t m = 0; m < makers.size(); ++m) {
    const std::uint32_t id = makers[m].value();
    opening(id, Place::kCustodyToken, ex.maker_custody(m, Asset::kToken));
    opening(id, Place::kCustodyQuote, ex.maker_custody(m, Asset::kQuote));
    opening(id, Place::kEscrowToken, ex.maker_posted(m, Asset::kToken));
    opening(id, Place::kEscrowQuote, ex.maker_posted(m, Asset::kQuote));
    free_token -= ex.maker_custody(m, Asset::kToken) + ex.maker_posted(m, Asset::kToken);
    free_quote -= ex.maker_custody(m, Asset::kQuote) + ex.maker_posted(m, Asset::kQuote);
  }
  for (std::uint32_t a = 0; a < ledger.account_count(); ++a) {
    const model::ledger::AccountId id{a};
    const bool is_pool = id == pool;
    opening(a, Place::kLiquid, is_pool ? free_token : ledger.liquid(id));
    opening(a, Place::kStaked, ledger.staked(id));
    opening(a, Place::kUnbonding, ledger.unbonding(id));
    opening(a, Place::kLocked, ledger.locked(id));
    opening(a, Place::kQuote, is_pool ? free_quote : ledger.quote(id));
  }
  opening(0, Place::kBurnedToken, ledger.burned(Asset::kToken));
  opening(0, Place::kBurnedQuote, ledger.burned(Asset::kQuote));
  // Nothing is in flight before the first event (build() sends nothing): a replay starts from
  // the accounts alone.
  if (w.in_flight(Asset::kToken) != 0 || w.in_flight(Asset::kQuote) != 0)
    throw std::logic_error("event log: value in flight at genesis");
}

void EventLog::push(const io::EventRecord& row) {
  buffer_.push_back(row);
  if (buffer_.size() >= kBatch) flush();
}

void EventLog::flush() {
  if (buffer_.empty()) return;
  buffer_ = recorder_->append_event_batch(std::move(buffer_));
  buffer_.clear();
  buffer_.reserve(kBatch);
}

}  // namespace coordsim::run::detail
