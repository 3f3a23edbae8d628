#include "model/world/world.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace coordsim::model::world {

namespace {
// Kind -> handler, from the registration list (systems.hpp); every kind has exactly one entry.
constexpr auto kDispatch = actor::dispatch_table<Systems>();
static_assert(actor::covers_every_kind<Systems>(),
              "an event kind has no handler: register it in its system's Handlers or in "
              "Systems::Exceptions");
}  // namespace

Counters World::counters() const noexcept {
  Counters total;
  for (const Domain& d : domains_) total += d.counters;
  return total;
}

Wide World::in_flight(ledger::Asset asset) const noexcept {
  Wide total = 0;
  for (const Domain& d : domains_)
    total += asset == ledger::Asset::kToken ? d.in_flight_token : d.in_flight_quote;
  return total;
}

void World::at_barrier() {
  // Union-find answers do not depend on the order of unions, so domains are drained in index
  // order without sorting.
  for (Domain& d : domains_) {
    for (const auto& [a, b] : d.interactions) (void)systems_.interactions.record(a, b);
    d.interactions.clear();
  }
  if (sink_ == nullptr) return;
  // The sequential kernel would have produced records in (time, handler, then the order the
  // handler made them). Each domain's list is in that order for its own handlers, so a stable
  // sort of the concatenation on (time, handler) reproduces it whatever the number of threads.
  // Rows of one (time, handler) all come from one domain in the order they were made, so a list
  // already in key order is the sort's result: one pass checks, and the sort is skipped. With one
  // thread every row is in merged_log_ already (set_serial_log), in kernel order.
  Domain* only = nullptr;  // the one domain with rows, when merged_log_ is empty
  std::size_t with_rows = 0;
  for (Domain& d : domains_) {
    if (d.log.empty()) continue;
    ++with_rows;
    only = &d;
  }
  std::vector<ActionRecord>& rows = merged_log_.empty() && with_rows == 1 ? only->log : merged_log_;
  if (&rows == &merged_log_ && with_rows > 0) {
    for (Domain& d : domains_) {
      merged_log_.insert(merged_log_.end(), d.log.begin(), d.log.end());
      d.log.clear();
    }
  }
  if (!rows.empty()) deliver_in_key_order(rows);
}

void World::deliver_in_key_order(std::vector<ActionRecord>& rows) {
  const auto before = [](const ActionRecord& x, const ActionRecord& y) {
    return x.time != y.time ? x.time < y.time : x.handler < y.handler;
  };
  if (!std::is_sorted(rows.begin(), rows.end(), before))
    std::stable_sort(rows.begin(), rows.end(), before);
  sink_->on_actions(rows);
  rows.clear();
}

void World::deliver_serial_log(kernel::SimTime now) {
  if (merged_log_.back().time >= now) return;  // this time's rows may not all be in yet
  for (const Domain& d : domains_)
    if (!d.log.empty()) return;
  deliver_in_key_order(merged_log_);
}

void World::handle(const kernel::Event& e, kernel::Scheduler& s) {
  if (merged_log_.size() >= kSerialLogRows && serial_log_) deliver_serial_log(s.now());
  const std::uint32_t d = domain_of_[index(e.target)];
  actor::Context context(s, domains_[d], d, e.target, ledger_, streams_, block_, sink_ != nullptr,
                         e.kind);
  if (serial_log_) context.log_into(merged_log_);
  if (e.kind >= kDispatch.size()) [[unlikely]]
    return systems_.extensions.handle(e, context);  // a registered system's own kind
  kDispatch[e.kind](systems_, e, context);
}

ledger::AccountId World::account(AgentId a) const noexcept {
  return actor::account_of(ledger_, pop_.agents(), a);
}

}  // namespace coordsim::model::world
