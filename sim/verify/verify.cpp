// The driver of `coordsim verify`: reads the file, walks the event log once in order, and at each
// sample and snapshot time compares the replayed state with what the file says; at the end, the
// final tables. Balances, sessions and the settlement's rewards are replayed by their own classes
// (balances.hpp, sessions.hpp, rewards.hpp).
#include "verify/verify.hpp"

#include <fmt/core.h>
#include <fmt/ostream.h>

#include <algorithm>
#include <map>
#include <ostream>
#include <stdexcept>
#include <unordered_map>
#include <variant>

#include "io/error.hpp"
#include "io/reader.hpp"
#include "verify/balances.hpp"
#include "verify/divergence.hpp"
#include "verify/fees.hpp"
#include "verify/grants.hpp"
#include "verify/policy.hpp"
#include "verify/rewards.hpp"
#include "verify/scenario.hpp"
#include "verify/sessions.hpp"
#include "verify/splits.hpp"
#include "verify/unpaid.hpp"

namespace coordsim::verify {

namespace {

using Column = io::ColumnValues;

/// The `handler` of the opening balances (docs/output-format.md).
constexpr std::uint32_t kOpening = 0xFFFFFFFFU;

/// A file that reads but lacks a table or column the format defines: a damaged file.
class Malformed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

const Column* find_column(const std::vector<io::TableColumn>& t, const std::string& name) {
  for (const auto& c : t)
    if (c.name == name) return &c.values;
  return nullptr;
}

std::int64_t as_i64(const Column& c, std::size_t i) {
  if (const auto* v = std::get_if<std::vector<std::int64_t>>(&c)) return v->at(i);
  if (const auto* u = std::get_if<std::vector<std::uint64_t>>(&c))
    return static_cast<std::int64_t>(u->at(i));
  throw Malformed("a numeric column holds another type");
}

std::uint64_t as_u64(const Column& c, std::size_t i) {
  return static_cast<std::uint64_t>(as_i64(c, i));
}

std::size_t rows(const Column& c) {
  return std::visit([](const auto& v) { return v.size(); }, c);
}

// One point where the file states balances: a sample (metrics) or a snapshot (a table).
struct Point {
  std::uint64_t time = 0;
  std::size_t sample = ~std::size_t{0};  // index into /metrics, or none
  std::string snapshot;                  // table path, or empty
};

class Replay {
 public:
  Replay(const std::filesystem::path& path, std::ostream& out) : path_(path), out_(out) {}
  Outcome run();

 private:
  void check_point(const Point& p, std::uint64_t row);
  void check_agents(const std::vector<io::TableColumn>& t, const std::string& where,
                    std::uint64_t row);
  void check_final();
  void expect(std::uint64_t row, const std::string& what, std::int64_t expected,
              std::int64_t found) {
    ++comparisons_;
    if (expected != found) {
      throw Divergence(
          row, fmt::format("{}: expected {} (replayed), found {} (file)", what, expected, found));
    }
  }
  std::int64_t metric(const char* name, std::size_t i) {
    auto it = metrics_.find(name);
    if (it == metrics_.end()) {
      it = metrics_.emplace(name, io::read_metric(path_, name)).first;
    }
    return std::visit([&](const auto& v) { return static_cast<std::int64_t>(v.at(i)); },
                      it->second);
  }

  std::filesystem::path path_;
  std::ostream& out_;
  std::vector<io::EventRecord> events_;
  io::EventNames names_;
  std::unique_ptr<Balances> bal_;
  std::unique_ptr<Sessions> ses_;
  std::unique_ptr<Rewards> rew_;
  std::unique_ptr<FeeSplits> fees_;
  std::unique_ptr<Splits> splits_;  // null for a file from before the split rows
  std::unique_ptr<GrantTerms> grant_terms_;
  std::unique_ptr<ContributorUnpaid> unpaid_;  // null without the split rows or the metric
  std::uint64_t unpaid_samples_ = 0;
  bool targets_in_file_ = false;
  std::uint64_t target_lists_ = 0;
  std::size_t depth_changes_ = 0;
  std::map<std::string, io::MetricData> metrics_;
  std::uint32_t agents_ = 0;
  bool chain_ = false;
  std::uint32_t treasury_ = 0, pool_ = 0, settlement_ = 0;
  bool amm_metrics_ = false;
  std::uint64_t comparisons_ = 0, samples_checked_ = 0, snapshots_checked_ = 0, pool_checks_ = 0;
  std::uint64_t reward_comparisons_ = 0;
  std::vector<std::uint32_t> makers_;
};

Outcome Replay::run() {
  const io::FileSummary summary = io::inspect(path_);
  if (!summary.events) {
    fmt::print(out_, "{}: no event log (/events): nothing to replay\n", path_.string());
    return Outcome::kNoLog;
  }
  names_ = io::read_event_names(path_);
  if (!names_.complete || names_.buckets.empty()) {
    fmt::print(out_,
               "{}: the event log is {}: balances cannot be replayed from it (run with "
               "output.events.enabled and no kinds or groups filter)\n",
               path_.string(),
               names_.buckets.empty() ? "from a version without movement rows"
                                      : "filtered by kind or group");
    return Outcome::kNoLog;
  }
  if (std::find(names_.kinds.begin(), names_.kinds.end(), "accrue") == names_.kinds.end()) {
    fmt::print(out_,
               "{}: the event log is from a version without the settlement's rows (accrue, "
               "batch_post, batch_final): rewards cannot be replayed from it\n",
               path_.string());
    return Outcome::kNoLog;
  }
  events_ = io::read_events(path_);
  const auto agents = io::read_table(path_, "/agents");
  const auto accounts = io::read_table(path_, "/accounts");
  const Column* ids = find_column(agents, "id");
  if (ids == nullptr) throw Malformed("/agents has no id column");
  agents_ = static_cast<std::uint32_t>(rows(*ids));
  const Column* names = find_column(accounts, "name");
  if (names == nullptr) throw Malformed("/accounts has no name column");
  const auto& acct_names = std::get<std::vector<std::string>>(*names);
  for (std::size_t i = 0; i < acct_names.size(); ++i) {
    const auto id = static_cast<std::uint32_t>(as_u64(*find_column(accounts, "id"), i));
    if (acct_names[i] == "treasury") treasury_ = id;
    if (acct_names[i] == "pool") pool_ = id;
    if (acct_names[i] == "settlement") settlement_ = id;
  }
  const Column* kinds = find_column(agents, "kind");
  if (kinds != nullptr) {
    const auto& k = std::get<std::vector<std::string>>(*kinds);
    for (std::uint32_t a = 0; a < k.size(); ++a)
      if (k[a] == "market_maker") makers_.push_back(a);
  }
  bal_ = std::make_unique<Balances>(names_.buckets);
  // The scenario terms a decision or a fee split depends on: the file's own scenario copy and
  // the knob changes made during the run.
  std::vector<KnobChange> knobs;
  for (const auto& t : summary.tables) {
    if (t.path != "/interventions") continue;
    const auto it = io::read_table(path_, "/interventions");
    const Column* time = find_column(it, "time");
    const Column* key = find_column(it, "key");
    const Column* value = find_column(it, "new_value");
    if (time == nullptr || key == nullptr || value == nullptr)
      throw Malformed("/interventions lacks time, key or new_value");
    for (std::size_t i = 0; i < rows(*time); ++i)
      knobs.push_back(KnobChange{as_u64(*time, i), std::get<std::vector<std::string>>(*key).at(i),
                                 std::get<std::vector<std::string>>(*value).at(i)});
  }
  ScenarioTerms terms;
  try {
    const std::string text = io::read_run_info(path_).scenario_text;
    terms = ScenarioTerms::read(text, knobs);
    grant_terms_ = std::make_unique<GrantTerms>(read_session_policy(text, knobs));
  } catch (const std::invalid_argument& e) {
    throw Malformed(e.what());
  }
  chain_ = terms.chain_accounting;
  depth_changes_ = terms.max_depth.changes();
  ses_ = std::make_unique<Sessions>(names_.kinds, names_.reasons, chain_, terms.max_depth);
  {
    // A session's allowed actions and targets are fixed at its grant and not in the log: the end
    // tables'.
    const auto st = io::read_table(path_, "/sessions");
    const Column* sid = find_column(st, "id");
    const Column* act = find_column(st, "actions");
    if (sid == nullptr || act == nullptr) throw Malformed("/sessions lacks id or actions");
    std::unordered_map<std::uint32_t, std::uint32_t> actions;
    for (std::size_t i = 0; i < rows(*sid); ++i)
      actions[static_cast<std::uint32_t>(as_u64(*sid, i))] =
          static_cast<std::uint32_t>(as_u64(*act, i));
    ses_->set_actions(std::move(actions));
    // Files from before /session_targets: targets (and the rows' paying bucket) not re-derived.
    targets_in_file_ = std::any_of(summary.tables.begin(), summary.tables.end(),
                                   [](const auto& t) { return t.path == "/session_targets"; });
    if (targets_in_file_) {
      const Column* count = find_column(st, "targets");
      if (count == nullptr) throw Malformed("/sessions lacks targets beside /session_targets");
      const auto tt = io::read_table(path_, "/session_targets");
      const Column* ts = find_column(tt, "session");
      const Column* tv = find_column(tt, "target");
      if (ts == nullptr || tv == nullptr)
        throw Malformed("/session_targets lacks session or target");
      std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> targets;
      for (std::size_t i = 0; i < rows(*ts); ++i)
        targets[static_cast<std::uint32_t>(as_u64(*ts, i))].push_back(
            static_cast<std::uint32_t>(as_u64(*tv, i)));
      // Every session with a list says how long it is, and no other session has one.
      for (std::size_t i = 0; i < rows(*sid); ++i) {
        const auto id32 = static_cast<std::uint32_t>(as_u64(*sid, i));
        const std::uint64_t n = as_u64(*count, i);
        const auto it = targets.find(id32);
        const std::uint64_t listed = it == targets.end() ? 0 : it->second.size();
        if (n == ~std::uint64_t{0} ? listed != 0 : n != listed) {
          throw Divergence(kNoRow, fmt::format("/sessions {} targets says {}, /session_targets "
                                               "lists {}",
                                               id32, as_i64(*count, i), listed));
        }
        if (n == 0) targets[id32];  // an empty list: no target allowed
      }
      for (auto& [id32, list] : targets) {
        if (!std::is_sorted(list.begin(), list.end()))
          throw Malformed("/session_targets: a session's targets are not sorted");
      }
      target_lists_ = targets.size();
      ses_->set_targets(std::move(targets));
    }
    // Who pays an ai agent's actions: its funding principal (/agents principal).
    const Column* principal = find_column(agents, "principal");
    if (principal == nullptr) throw Malformed("/agents has no principal column");
    std::vector<std::uint32_t> payer(agents_, kNoPayer);
    for (std::uint32_t a = 0; a < agents_; ++a) {
      const std::uint64_t p = as_u64(*principal, a);
      if (p < agents_) payer[a] = static_cast<std::uint32_t>(p);
    }
    ses_->set_funds(bal_.get(), std::move(payer), targets_in_file_);
  }
  {
    std::vector<bool> builder(agents_, false);
    if (kinds != nullptr) {
      const auto& k = std::get<std::vector<std::string>>(*kinds);
      for (std::uint32_t a = 0; a < k.size() && a < agents_; ++a)
        builder[a] = k[a] == "model_builder";
    }
    fees_ = std::make_unique<FeeSplits>(names_.causes, std::move(builder), bal_->place("liquid"),
                                        bal_->place("flight_token"), terms.fee_split);
  }
  // Protocol actors follow the agents: market, protocol, treasury, attacker (`handler`).
  rew_ = std::make_unique<Rewards>(names_.kinds, agents_, settlement_, bal_->place("liquid"),
                                   bal_->place("flight_token"), agents_ + 2);
  if (Splits::in_file(names_.kinds)) {
    if (kinds == nullptr) throw Malformed("/agents has no kind column");
    if (!terms.validator_slash_fraction_known)
      throw Malformed("the file's scenario_text has no incentives.validator_slash_fraction");
    splits_ = std::make_unique<Splits>(
        names_.kinds, names_.causes, std::get<std::vector<std::string>>(*kinds), agents_ + 1,
        agents_ + 2, settlement_, bal_->place("liquid"), bal_->place("staked"),
        bal_->place("flight_token"), terms.validator_slash_fraction);
    const bool metric_in_file =
        std::any_of(summary.metrics.begin(), summary.metrics.end(),
                    [](const auto& m) { return m.name == "contributor_pool_unpaid"; });
    if (metric_in_file) {
      unpaid_ = std::make_unique<ContributorUnpaid>(
          static_cast<std::uint16_t>(
              std::find(names_.causes.begin(), names_.causes.end(), "contributor_share") -
              names_.causes.begin()),
          agents_ + 1, bal_->place("liquid"), bal_->place("flight_token"));
    }
  }

  // Points to compare, in time order: samples, then snapshots.
  std::vector<Point> points;
  const auto times = io::read_metric_time(path_);
  for (std::size_t i = 0; i < times.size(); ++i) points.push_back(Point{times[i], i, {}});
  for (const auto& t : summary.tables) {
    if (t.path.rfind("/snapshots/t", 0) == 0)
      points.push_back(Point{std::stoull(t.path.substr(12)), ~std::size_t{0}, t.path});
  }
  std::stable_sort(points.begin(), points.end(),
                   [](const Point& a, const Point& b) { return a.time < b.time; });
  for (const auto& m : summary.metrics)
    if (m.name == "pool_token_reserve") amm_metrics_ = true;

  const auto move = static_cast<std::uint16_t>(
      std::find(names_.kinds.begin(), names_.kinds.end(), "move") - names_.kinds.begin());
  const auto accrue = static_cast<std::uint16_t>(
      std::find(names_.kinds.begin(), names_.kinds.end(), "accrue") - names_.kinds.begin());
  const std::uint8_t pool_liquid = bal_->place("liquid");
  const std::uint8_t pool_quote = bal_->place("quote");
  std::size_t next_point = 0;
  std::uint64_t last_time = 0;
  std::uint32_t last_handler = 0;
  std::uint64_t rows_by_kind_move = 0, session_rows = 0, reward_rows = 0, other_rows = 0;
  std::uint64_t split_rows = 0;
  bool opened = false;
  std::vector<std::uint32_t> granted;  // sessions granted in the current handler group
  // The pool account's free value (its ledger balance outside reserves, custody and escrow) is
  // zero whenever no handler is running: checked where one (time, handler) group ends.
  const auto pool_settled = [&](std::uint64_t row) {
    ++pool_checks_;
    fees_->end_group();
    if (splits_) splits_->end_group(row);
    // A grant's terms are its row and the rows after it in its handler: complete now.
    for (const std::uint32_t id : granted) grant_terms_->check(id, *ses_);
    granted.clear();
    if (bal_->get(pool_liquid, pool_) != 0 || bal_->get(pool_quote, pool_) != 0) {
      throw Divergence(row,
                       fmt::format("the pool account holds {} token and {} quote outside its "
                                   "reserves, custody and escrow after a handler: expected 0",
                                   bal_->get(pool_liquid, pool_), bal_->get(pool_quote, pool_)));
    }
    // The settlement account backs what the books owe: pending and claimable rewards (the rest
    // of its balance is fee shares not yet split into a batch).
    if (bal_->get(pool_liquid, settlement_) < rew_->owed()) {
      throw Divergence(row, fmt::format("the settlement account holds {} token, less than the {} "
                                        "its books owe (pending + claimable rewards)",
                                        bal_->get(pool_liquid, settlement_), rew_->owed()));
    }
  };
  for (std::uint64_t i = 0; i < events_.size(); ++i) {
    const io::EventRecord& r = events_[i];
    if (r.time < last_time)
      throw Divergence(i, fmt::format("time goes backwards: {} after {}", r.time, last_time));
    // A new group begins: the one before it (not the opening balances) must have settled.
    if (i > 0 && (r.time != last_time || r.handler != last_handler) && last_handler != kOpening)
      pool_settled(i - 1);
    // Opening balances (no handler) precede everything, the sample at time 0 included.
    const bool opening = r.handler == kOpening;
    if (!opening && !opened) {
      // The opening balances are in: the validators' stake record starts from them.
      if (splits_) splits_->open(*bal_);
      opened = true;
    }
    while (!opening && next_point < points.size() && points[next_point].time <= r.time) {
      check_point(points[next_point], i);
      ++next_point;
    }
    last_time = r.time;
    last_handler = r.handler;
    if (r.kind >= names_.kinds.size()) throw Divergence(i, "a kind the file does not define");
    if (r.kind == move) {
      bal_->apply(i, r);
      fees_->on_move(i, r);
      if (unpaid_) unpaid_->on_move(i, r, *splits_);
      if (splits_) splits_->on_move(i, r);
      ++rows_by_kind_move;
    } else if (ses_->handles(r.kind)) {
      ses_->apply(i, r, i > 0 ? &events_[i - 1] : nullptr);
      if (ses_->grants(r.kind)) granted.push_back(r.session);
      ++session_rows;
    } else if (rew_->handles(r.kind)) {
      if (splits_ && r.kind == accrue) splits_->on_accrue(i, r);
      rew_->apply(i, r, i + 1 < events_.size() ? &events_[i + 1] : nullptr);
      ++reward_rows;
    } else if (splits_ && splits_->handles(r.kind)) {
      splits_->apply(i, r, i + 1 < events_.size() ? &events_[i + 1] : nullptr);
      ++split_rows;
    } else {
      ++other_rows;
    }
  }
  if (!events_.empty()) pool_settled(events_.size() - 1);
  for (; next_point < points.size(); ++next_point) check_point(points[next_point], kNoRow);
  check_final();

  fmt::print(out_, "verify {}\n", path_.string());
  fmt::print(out_,
             "  event rows: {} ({} movements, {} session rows, {} settlement rows, {} split rows, "
             "{} other)\n",
             events_.size(), rows_by_kind_move, session_rows, reward_rows, split_rows, other_rows);
  fmt::print(out_, "  genesis: {} token, {} quote base units (opening balances)\n",
             bal_->genesis(Asset::kToken), bal_->genesis(Asset::kQuote));
  fmt::print(out_,
             "  balances replayed: liquid, staked, unbonding, locked, quote of {} agent and {} "
             "protocol accounts; AMM reserves; {} makers' custody and escrow; value in flight per "
             "receiver; burned\n",
             agents_, acct_names.size(), makers_.size());
  fmt::print(out_,
             "  checked: no balance negative, every movement within one asset, every delivery "
             "matches a send; pool account settled after {} handler groups\n",
             pool_checks_);
  fmt::print(out_,
             "  checked against {} samples (treasury, in_flight{}), {} snapshots (every /agents "
             "balance column) and the final /agents, /accounts and /sessions tables: {} values\n",
             samples_checked_, amm_metrics_ ? ", pool reserves" : "", snapshots_checked_,
             comparisons_);
  fmt::print(out_,
             "  conservation: final tables + replayed flight and burned = genesis, token and "
             "quote\n");
  fmt::print(out_,
             "  sessions: {} replayed, {} decisions re-derived in the documented check order "
             "({} cap accounting; actions from /sessions; targets {}; max_depth from the "
             "scenario{}; funds {})\n",
             ses_->all().size(), ses_->decisions_checked(), chain_ ? "chain" : "per_link",
             targets_in_file_ ? fmt::format("from /session_targets ({} lists)", target_lists_)
                              : std::string("not in this file"),
             depth_changes_ > 0 ? fmt::format(" and {} interventions", depth_changes_) : "",
             targets_in_file_ ? "against the payer's replayed balance in the row's bucket"
                              : "not in this file");
  fmt::print(out_,
             "  grant terms: {} sessions' caps (total, per action, per period and its window, "
             "calls) and lifetime within the session policy at their grant (sessions.caps, "
             "max_ttl, allow_never_expiring{}); {} sub-delegated ones' caps, lifetime, actions "
             "and targets{} within their parent's\n",
             grant_terms_->checked(),
             grant_terms_->policy_changes() > 0
                 ? fmt::format(", and {} interventions", grant_terms_->policy_changes())
                 : "",
             grant_terms_->children(), targets_in_file_ ? "" : " (targets not in this file)");
  if (!ses_->not_rederived().empty()) {
    std::string list;
    for (const auto& [reason, n] : ses_->not_rederived())
      list += fmt::format("{}{} {}", list.empty() ? "" : ", ", n, reason);
    fmt::print(out_,
               "  checked only against the reasons before them (a file without /session_targets "
               "or the rows' paying bucket): {}\n",
               list);
  }
  fmt::print(out_,
             "  fee splits: {} inferences (and {} refused) split as incentives.fee_split says "
             "(protocol, validators, contributors; floor, the builder keeps the rest)\n",
             fees_->inferences(), fees_->refused());
  if (splits_) {
    fmt::print(out_,
               "  splits: {} model pools divided by their logged weights ({} attributions, {} "
               "weights) and {} validators' pools by the replayed stake record ({} wrong-flag "
               "slashes, {} records set), by largest remainder; {} accruals equal what the splits "
               "pay; {} unpaid sums equal the shares no model split plus the splits' unpaid "
               "parts, each paid to the treasury\n",
               splits_->model_splits(), splits_->attributions(), splits_->weights(),
               splits_->validator_splits(), splits_->wrong_flags(), splits_->stake_records(),
               splits_->accruals_checked(), splits_->unpaid_rows());
    if (unpaid_) {
      fmt::print(out_,
                 "  contributor_pool_unpaid: re-derived at {} samples (the shares delivered to "
                 "a model that took none, {} deliveries, plus the model splits' unpaid parts)\n",
                 unpaid_samples_, unpaid_->unpaid_deliveries());
    } else {
      fmt::print(out_, "  contributor_pool_unpaid: not in this file's metrics\n");
    }
  } else {
    fmt::print(out_,
               "  splits: not in this file (a version before the attribution, weight and "
               "split rows): how the contributors' and validators' pools are divided is not "
               "re-derived, accrue rows are taken as logged\n");
  }
  fmt::print(out_,
             "  rewards: {} accruals, {} batches posted, {} final, {} reverts, {} withdrawals "
             "replayed; every revert and withdrawal matches the books and is paid; the settlement "
             "account covers pending + claimable after every handler group; pending, final and "
             "claimable of every agent checked at {} snapshots and the end: {} values\n",
             rew_->accruals(), rew_->batches_posted(), rew_->batches_final(), rew_->reverts(),
             rew_->withdrawals(), snapshots_checked_, reward_comparisons_);
  fmt::print(out_, "all checks hold\n");
  return Outcome::kHolds;
}

void Replay::check_point(const Point& p, std::uint64_t row) {
  if (p.sample != ~std::size_t{0}) {
    const auto where = [&](const char* what) {
      return fmt::format("sample t={} {}", p.time, what);
    };
    expect(row, where("treasury"), bal_->get(bal_->place("liquid"), treasury_),
           metric("treasury", p.sample));
    expect(row, where("in_flight"), bal_->total(bal_->place("flight_token")),
           metric("in_flight", p.sample));
    if (amm_metrics_) {
      expect(row, where("pool_token_reserve"), bal_->get(bal_->place("reserve_token"), pool_),
             metric("pool_token_reserve", p.sample));
      expect(row, where("pool_quote_reserve"), bal_->get(bal_->place("reserve_quote"), pool_),
             metric("pool_quote_reserve", p.sample));
    }
    if (unpaid_) {
      expect(row, where("contributor_pool_unpaid"), unpaid_->value(*splits_),
             metric("contributor_pool_unpaid", p.sample));
      ++unpaid_samples_;
    }
    ++samples_checked_;
  } else {
    check_agents(io::read_table(path_, p.snapshot), p.snapshot, row);
    ++snapshots_checked_;
  }
}

void Replay::check_agents(const std::vector<io::TableColumn>& t, const std::string& where,
                          std::uint64_t row) {
  for (const char* bucket : {"liquid", "staked", "unbonding", "locked", "quote", "custody_token",
                             "custody_quote", "escrow_token", "escrow_quote"}) {
    const Column* c = find_column(t, bucket);
    if (c == nullptr) throw Malformed(where + " has no column " + bucket);
    const std::uint8_t place = bal_->place(bucket);
    for (std::uint32_t a = 0; a < rows(*c); ++a)
      expect(row, fmt::format("{} agent {} {}", where, a, bucket), bal_->get(place, a),
             as_i64(*c, a));
  }
  const auto rewards = [&](const char* name, auto replayed) {
    const Column* c = find_column(t, name);
    if (c == nullptr) throw Malformed(where + " has no column " + name);
    if (rows(*c) != agents_) throw Malformed(where + " " + name + ": not one row per agent");
    for (std::uint32_t a = 0; a < agents_; ++a) {
      expect(row, fmt::format("{} agent {} {}", where, a, name), replayed(a), as_i64(*c, a));
      ++reward_comparisons_;
    }
  };
  rewards("rewards_pending", [&](std::uint32_t a) { return rew_->pending(a); });
  rewards("rewards_final", [&](std::uint32_t a) { return rew_->final_rewards(a); });
  rewards("rewards_claimable", [&](std::uint32_t a) { return rew_->claimable(a); });
}

void Replay::check_final() {
  const auto agents = io::read_table(path_, "/agents");
  check_agents(agents, "/agents", kNoRow);
  const auto accounts = io::read_table(path_, "/accounts");
  const Column* id = find_column(accounts, "id");
  std::int64_t table_token = 0, table_quote = 0;
  for (const char* bucket : {"liquid", "staked", "unbonding", "locked", "quote"}) {
    const Column* c = find_column(accounts, bucket);
    if (c == nullptr || id == nullptr) throw Malformed(std::string("/accounts lacks ") + bucket);
    for (std::size_t i = 0; i < rows(*c); ++i) {
      const auto acct = static_cast<std::uint32_t>(as_u64(*id, i));
      std::int64_t replayed = bal_->get(bal_->place(bucket), acct);
      // The pool's ledger balance holds its reserves and the makers' custody and escrow.
      if (acct == pool_ && (std::string(bucket) == "liquid" || std::string(bucket) == "quote")) {
        const bool token = std::string(bucket) == "liquid";
        replayed += bal_->total(bal_->place(token ? "reserve_token" : "reserve_quote")) +
                    bal_->total(bal_->place(token ? "custody_token" : "custody_quote")) +
                    bal_->total(bal_->place(token ? "escrow_token" : "escrow_quote"));
      }
      expect(kNoRow, fmt::format("/accounts {} {}", acct, bucket), replayed, as_i64(*c, i));
      (std::string(bucket) == "quote" ? table_quote : table_token) += as_i64(*c, i);
    }
  }
  for (const char* bucket : {"liquid", "staked", "unbonding", "locked", "quote"}) {
    const Column* c = find_column(agents, bucket);
    for (std::size_t i = 0; i < rows(*c); ++i)
      (std::string(bucket) == "quote" ? table_quote : table_token) += as_i64(*c, i);
  }
  // Conservation, from the tables (not the replay) plus what no table holds.
  expect(kNoRow, "conservation (token): tables + flight + burned vs genesis",
         bal_->genesis(Asset::kToken),
         table_token + bal_->total(bal_->place("flight_token")) +
             bal_->total(bal_->place("burned_token")));
  expect(kNoRow, "conservation (quote): tables + flight + burned vs genesis",
         bal_->genesis(Asset::kQuote),
         table_quote + bal_->total(bal_->place("flight_quote")) +
             bal_->total(bal_->place("burned_quote")));

  // Sessions: the replayed terms and counters against /sessions.
  const auto st = io::read_table(path_, "/sessions");
  const Column* sid = find_column(st, "id");
  if (sid == nullptr) throw Malformed("/sessions has no id column");
  expect(kNoRow, "/sessions row count", static_cast<std::int64_t>(ses_->all().size()),
         static_cast<std::int64_t>(rows(*sid)));
  for (std::size_t i = 0; i < rows(*sid); ++i) {
    const auto id32 = static_cast<std::uint32_t>(as_u64(*sid, i));
    const auto it = ses_->all().find(id32);
    if (it == ses_->all().end())
      throw Divergence(kNoRow,
                       fmt::format("/sessions has session {} that the log never granted", id32));
    const Session& s = it->second;
    const auto cmp = [&](const char* col, std::int64_t replayed) {
      const Column* c = find_column(st, col);
      if (c == nullptr) throw Malformed(std::string("/sessions lacks ") + col);
      expect(kNoRow, fmt::format("/sessions {} {}", id32, col), replayed, as_i64(*c, i));
    };
    cmp("delegate", s.delegate);
    cmp("principal", s.granter);
    cmp("parent", s.parent == kNoSession ? -1 : static_cast<std::int64_t>(s.parent));
    cmp("depth", s.depth);
    cmp("cap_total", s.total);
    cmp("cap_per_action", s.per_action);
    cmp("cap_per_period", s.per_period);
    cmp("spent", s.spent);
    cmp("calls", s.calls);
    cmp("valid_after", static_cast<std::int64_t>(s.valid_after));
    cmp("valid_until", static_cast<std::int64_t>(s.valid_until));
    cmp("revoked_at", static_cast<std::int64_t>(s.revoked_at));
  }
}

}  // namespace

Outcome verify(const std::filesystem::path& path, std::ostream& out) {
  Replay replay(path, out);
  try {
    return replay.run();
  } catch (const Divergence& d) {
    fmt::print(out, "DIVERGENCE");
    if (d.row() != kNoRow) {
      try {
        const auto names = io::read_event_names(path);
        const auto ev = io::read_events(path);
        const auto& r = ev.at(d.row());
        const auto name = [](const std::vector<std::string>& n, std::size_t i) {
          return i < n.size() ? n[i] : std::to_string(i);
        };
        fmt::print(out,
                   " at event row {}: time={} kind={} reason={} handler={} actor={} target={} "
                   "session={} cause={} from_bucket={} to_bucket={} amount={}",
                   d.row(), r.time, name(names.kinds, r.kind), name(names.reasons, r.reason),
                   r.handler, r.actor, r.target, r.session, name(names.causes, r.cause),
                   name(names.buckets, r.from_bucket), name(names.buckets, r.to_bucket), r.amount);
      } catch (const std::exception&) {
        fmt::print(out, " at event row {}", d.row());
      }
    } else {
      fmt::print(out, " after the last event row (final tables)");
    }
    fmt::print(out, "\n  {}\n", d.what());
    return Outcome::kDivergence;
  } catch (const io::IoError& e) {
    fmt::print(out, "{}: cannot read the file: {}\n", path.string(), e.what());
    return Outcome::kDamaged;
  } catch (const Malformed& e) {
    fmt::print(out, "{}: not a complete run file: {}\n", path.string(), e.what());
    return Outcome::kDamaged;
  } catch (const std::invalid_argument& e) {
    fmt::print(out, "{}: the event log does not follow the documented format: {}\n", path.string(),
               e.what());
    return Outcome::kDamaged;
  } catch (const std::out_of_range& e) {
    fmt::print(out, "{}: a table is shorter than expected: {}\n", path.string(), e.what());
    return Outcome::kDamaged;
  } catch (const std::bad_variant_access&) {
    fmt::print(out, "{}: a table column has an unexpected type\n", path.string());
    return Outcome::kDamaged;
  }
}

}  // namespace coordsim::verify
