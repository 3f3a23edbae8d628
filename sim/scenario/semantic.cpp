#include "scenario/semantic.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>

#include "scenario/kind.hpp"

namespace coordsim::scenario::detail {
namespace {

// A learning rule's actions fit in a buffer of this many (model::behaviour::kMaxActions; the
// validators' system asserts the two agree).
constexpr std::int64_t kMaxValidatorActions = 16;

class Checker {
 public:
  Checker(const Resolved& r, Context& ctx) : r_(r), d_(r.data), ctx_(ctx) {}

  void run() {
    times();
    population();
    data();
    genesis();
    fee_split();
    sessions();
    network();
    output();
    adversaries();
    attribution();
  }

 private:
  /// True when none of `paths` already failed: a check on an invalid value would only add noise.
  bool ok(std::initializer_list<std::string_view> paths) const {
    for (const auto p : paths) {
      if (r_.failed.contains(p)) return false;
    }
    return true;
  }

  Mark at(std::string_view path) const {
    const auto it = r_.marks.find(path);
    return it != r_.marks.end() ? it->second : r_.root;
  }

  void error(std::string_view path, std::string message, std::string hint = {}) {
    ctx_.error(at(path), std::string(path), std::move(message), std::move(hint));
  }

  static std::string dur(Micros m) { return format_duration(m); }
  std::string tok(Amount a) const { return format_tokens(a, d_.token.decimals); }

  static std::string group_path(std::size_t i, std::string_view key) {
    return "population[" + std::to_string(i) + "]." + std::string(key);
  }

  void times() {
    if (ok({"duration", "tick"}) && d_.duration < d_.tick) {
      error("duration",
            "the run (" + dur(d_.duration) + ") is shorter than one tick (" + dur(d_.tick) + ")");
    }
    if (ok({"block_interval", "tick"}) && d_.block_interval < d_.tick) {
      error("block_interval", "a block (" + dur(d_.block_interval) +
                                  ") is shorter than one tick (" + dur(d_.tick) + ")");
    }
    if (ok({"output.sample_interval", "tick"}) && d_.output.sample_interval < d_.tick) {
      error("output.sample_interval", "sampling every " + dur(d_.output.sample_interval) +
                                          " is more often than once per tick (" + dur(d_.tick) +
                                          ")");
    }
    if (ok({"output.sample_interval", "duration"}) && d_.output.sample_interval > d_.duration) {
      error("output.sample_interval", "sampling every " + dur(d_.output.sample_interval) +
                                          " in a run of " + dur(d_.duration) +
                                          " would take no sample");
    }
  }

  void population() {
    if (r_.failed.contains("population")) return;
    std::map<std::string, std::size_t, std::less<>> names;
    std::int64_t total = 0;
    std::int64_t ai_agents = 0;
    for (std::size_t i = 0; i < d_.population.size(); ++i) {
      const Group& g = d_.population[i];
      if (!g.name.empty()) {
        const auto [it, fresh] = names.emplace(g.name, i);
        if (!fresh && ok({group_path(i, "name")})) {
          error(group_path(i, "name"), "group name `" + g.name +
                                           "` is already used by population[" +
                                           std::to_string(it->second) + "]");
        }
      }
      total += g.count;
      if (g.kind == AgentKind::kAiAgent) ai_agents += g.count;
    }
    if (total > 50'000'000) {
      error("population",
            "the groups hold " + std::to_string(total) + " agents in total; the limit is 50000000");
    }
    for (std::size_t i = 0; i < d_.population.size(); ++i) {
      const Group& g = d_.population[i];
      if (r_.failed.contains(group_path(i, "kind")) || !params_match(g)) {
        continue;
      }
      switch (g.kind) {
        case AgentKind::kPrincipal: {
          const auto& p = g.as<PrincipalParams>();
          if (g.count > 0 && p.agents > 0 && ai_agents == 0 && ok({group_path(i, "agents")})) {
            error(group_path(i, "agents"),
                  "principals delegate to " + std::to_string(p.agents) +
                      " ai_agents each, but the population has no ai_agents",
                  "add an ai_agent group or set agents: 0");
          }
          break;
        }
        case AgentKind::kAiAgent: {
          const auto& a = g.as<AiAgentParams>();
          if (a.inference_share + a.transfer_share > 1.0 + 1e-12 &&
              ok({group_path(i, "inference_share"), group_path(i, "transfer_share")})) {
            error(group_path(i, "transfer_share"),
                  "inference_share + transfer_share is " +
                      format_number(a.inference_share + a.transfer_share) + ", more than 1");
          }
          break;
        }
        case AgentKind::kContributor: {
          const auto& c = g.as<ContributorParams>();
          if (c.datanets > d_.data.datanets && ok({group_path(i, "datanets"), "data.datanets"})) {
            error(group_path(i, "datanets"), "contributes to " + std::to_string(c.datanets) +
                                                 " datanets but data.datanets is " +
                                                 std::to_string(d_.data.datanets));
          }
          behaviour(i, c.behaviour, "contributor");
          contributor_choices(i, c);
          break;
        }
        case AgentKind::kModelBuilder: {
          const auto& m = g.as<ModelBuilderParams>();
          if (m.datanets_per_model > d_.data.datanets &&
              ok({group_path(i, "datanets_per_model"), "data.datanets"})) {
            error(group_path(i, "datanets_per_model"),
                  "trains on " + std::to_string(m.datanets_per_model) +
                      " datanets but data.datanets is " + std::to_string(d_.data.datanets));
          }
          behaviour(i, m.behaviour, "builder");
          break;
        }
        case AgentKind::kValidator: {
          const auto& b = g.as<ValidatorParams>().behaviour;
          if (b.rule == BehaviourRule::kRothErev && b.experimentation >= 1.0 &&
              ok({group_path(i, "behaviour.experimentation")})) {
            error(group_path(i, "behaviour.experimentation"),
                  "roth_erev's experimentation must be below 1 (at 1 the chosen action would "
                  "learn nothing)");
          }
          if (b.rule == BehaviourRule::kEwa && b.delta != 0.0 &&
              ok({group_path(i, "behaviour.delta")})) {
            error(group_path(i, "behaviour.delta"),
                  "validators learn from realised payoffs only: ewa's delta must be 0",
                  "a validator cannot observe what the effort it did not spend would have "
                  "earned (docs/behaviour.md)");
          }
          if (b.levels * b.care_levels + 2 > kMaxValidatorActions &&
              ok({group_path(i, "behaviour.care_levels"), group_path(i, "behaviour.levels")})) {
            error(group_path(i, "behaviour.care_levels"),
                  "levels x care_levels + 2 = " + std::to_string(b.levels * b.care_levels + 2) +
                      " actions, above the learning rules' " + std::to_string(kMaxValidatorActions),
                  "use fewer effort levels or fewer care levels");
          }
          break;
        }
        case AgentKind::kMarketMaker:
          break;
        default:  // a kind registered from outside sim/scenario: its own checks (kind.hpp)
          check_registered_kind(r_, ctx_, i);
          break;
      }
    }
  }

  /// A group's behaviour map (contributors and builders: the same keys and relations).
  void behaviour(std::size_t i, const ContributorBehaviour& b, const std::string& who) {
    if (b.rule == BehaviourRule::kRothErev && b.experimentation >= 1.0 &&
        ok({group_path(i, "behaviour.experimentation")})) {
      error(group_path(i, "behaviour.experimentation"),
            "roth_erev's experimentation must be below 1 (at 1 the chosen action would "
            "learn nothing)");
    }
    if (b.rule == BehaviourRule::kEwa && b.delta != 0.0 && ok({group_path(i, "behaviour.delta")})) {
      error(group_path(i, "behaviour.delta"),
            who + "s learn from realised payoffs only: ewa's delta must be 0",
            "a " + who +
                " cannot observe what the choices it did not make would have earned "
                "(docs/behaviour.md)");
    }
  }

  /// A contributor group's effort and datanet choices: learning rules only, and at most 16
  /// datanets to choose among (a learner has at most 16 actions).
  void contributor_choices(std::size_t i, const ContributorParams& c) {
    const auto& b = c.behaviour;
    const bool learns = b.rule != BehaviourRule::kFixed;
    if (!learns && b.effort_levels > 1 && ok({group_path(i, "behaviour.effort_levels")})) {
      error(group_path(i, "behaviour.effort_levels"),
            "effort is chosen by a learning rule, but behaviour.rule is fixed",
            "set behaviour.rule to logit, roth_erev or ewa, or effort_levels: 1");
    }
    if (!learns && b.choose_datanets && ok({group_path(i, "behaviour.choose_datanets")})) {
      error(group_path(i, "behaviour.choose_datanets"),
            "datanets are chosen by a learning rule, but behaviour.rule is fixed",
            "set behaviour.rule to logit, roth_erev or ewa, or choose_datanets: false");
    }
    const std::int64_t mine = std::min(c.datanets, d_.data.datanets);
    if (b.choose_datanets && mine > 16 &&
        ok({group_path(i, "behaviour.choose_datanets"), group_path(i, "datanets")})) {
      error(group_path(i, "behaviour.choose_datanets"),
            "a contributor chooses among its datanets, at most 16, but it has " +
                std::to_string(mine),
            "set datanets to 16 or fewer, or choose_datanets: false");
    }
  }

  /// Datanet prices are one per datanet, or none.
  void data() {
    const auto& fees = d_.data.publish_fees;
    if (fees.empty() || !ok({"data.publish_fees", "data.datanets"})) return;
    if (static_cast<std::int64_t>(fees.size()) != d_.data.datanets) {
      error("data.publish_fees",
            "lists " + std::to_string(fees.size()) + " fees but data.datanets is " +
                std::to_string(d_.data.datanets),
            "give one fee per datanet, or [] for incentives.publish_fee everywhere");
    }
  }

  /// Endowments and the pool come out of the supply; they must fit in it.
  void genesis() {
    if (r_.failed.contains("population") || !ok({"token.supply", "market.pool_tokens"})) return;
    using Wide = money::Wide;
    Wide exact = d_.market.pool_tokens.raw();
    double expected = 0.0;
    for (std::size_t i = 0; i < d_.population.size(); ++i) {
      const Group& g = d_.population[i];
      if (!ok({group_path(i, "endowment"), group_path(i, "count")})) return;
      if (g.endowment.is_constant()) {
        exact += static_cast<Wide>(std::llround(g.endowment.a)) * g.count;
      } else {
        expected += nominal_mean(g.endowment) * static_cast<double>(g.count);
      }
    }
    const Wide supply = d_.token.supply.raw();
    const bool over = exact > supply || static_cast<double>(exact) + expected >
                                            static_cast<double>(supply) * (1.0 + 1e-12);
    if (over) {
      const double total = static_cast<double>(exact) + expected;
      error("population",
            "the groups' endowments and market.pool_tokens need about " +
                format_number(std::round(total / std::pow(10.0, d_.token.decimals))) +
                " tokens, more than token.supply = " + tok(d_.token.supply),
            "raise token.supply or lower the endowments");
    }
  }

  void fee_split() {
    const auto& f = d_.incentives.fee_split;
    if (!ok({"incentives.fee_split.protocol", "incentives.fee_split.builder",
             "incentives.fee_split.validators", "incentives.fee_split.contributors"})) {
      return;
    }
    const std::int64_t sum =
        f.protocol.value() + f.builder.value() + f.validators.value() + f.contributors.value();
    if (sum != kPpmPerOne) {
      ctx_.error(at_any({"incentives.fee_split.protocol", "incentives.fee_split.builder",
                         "incentives.fee_split.validators", "incentives.fee_split.contributors"}),
                 "incentives.fee_split",
                 "the fee split sums to " + format_ppm(Ppm{sum}) + ", not 100%",
                 "protocol + builder + validators + contributors must be exactly 100%");
    }
  }

  Mark at_any(std::initializer_list<std::string_view> paths) const {
    for (const auto p : paths) {
      if (r_.marks.contains(p)) return at(p);
    }
    return r_.root;
  }

  void sessions() {
    const auto& s = d_.sessions;
    if (ok({"sessions.default_ttl", "sessions.max_ttl"}) && s.default_ttl > s.max_ttl) {
      ctx_.error(at_any({"sessions.default_ttl", "sessions.max_ttl"}), "sessions.default_ttl",
                 "default_ttl (" + dur(s.default_ttl) + ") is longer than max_ttl (" +
                     dur(s.max_ttl) + ")");
    }
    if (s.renew == RenewPolicy::kBeforeExpiry &&
        ok({"sessions.renew_before", "sessions.default_ttl", "sessions.renew"}) &&
        s.renew_before >= s.default_ttl) {
      ctx_.error(at_any({"sessions.renew_before", "sessions.default_ttl"}), "sessions.renew_before",
                 "renewing " + dur(s.renew_before) + " before expiry leaves nothing of a " +
                     dur(s.default_ttl) + " session",
                 "renew_before must be shorter than default_ttl");
    }
    const auto& c = s.caps;
    if (ok({"sessions.caps.per_action", "sessions.caps.per_period"}) &&
        c.per_action > c.per_period) {
      ctx_.error(at_any({"sessions.caps.per_action", "sessions.caps.per_period"}),
                 "sessions.caps.per_action",
                 "per_action (" + tok(c.per_action) + ") is larger than per_period (" +
                     tok(c.per_period) + ")");
    }
    if (ok({"sessions.caps.per_period", "sessions.caps.total"}) && c.per_period > c.total) {
      ctx_.error(
          at_any({"sessions.caps.per_period", "sessions.caps.total"}), "sessions.caps.per_period",
          "per_period (" + tok(c.per_period) + ") is larger than total (" + tok(c.total) + ")");
    }
  }

  /// Judgements must rank content judged good above content judged bad. (The other source's
  /// keys are not refused: canonical YAML writes every key, as for network.exponent.)
  void attribution() {
    const auto& a = d_.attribution;
    if (!ok({"attribution.quality_source"})) return;
    if (a.quality_source == QualitySource::kJudged &&
        ok({"attribution.judged.good_quality", "attribution.judged.bad_quality"}) &&
        a.judged.good_quality <= a.judged.bad_quality) {
      error("attribution.judged.bad_quality",
            "bad_quality must be below good_quality: a failed check would raise a content's "
            "quality");
    }
  }

  void network() {
    const auto& n = d_.network;
    if (!ok({"network.model", "network.file"})) return;
    if (n.model == NetworkModel::kEdgeList) {
      if (n.file.empty()) {
        error("network.model", "model edge_list needs network.file");
        return;
      }
      std::error_code ec;
      if (!std::filesystem::is_regular_file(n.file, ec)) {
        error("network.file", "the edge list `" + n.file + "` does not exist or is not a file");
      }
    } else if (!n.file.empty()) {
      error("network.file", "network.file is only read with model: edge_list",
            "remove it or set network.model: edge_list");
    }
    if (r_.failed.contains("population")) return;
    const std::int64_t agents = d_.total_agents();
    if (agents > 1 && n.model == NetworkModel::kBarabasiAlbert && n.attach >= agents &&
        ok({"network.attach"})) {
      error("network.attach", "attach = " + std::to_string(n.attach) +
                                  " needs more agents than the " + std::to_string(agents) +
                                  " in the population");
    }
    const bool uses_degree = n.model == NetworkModel::kErdosRenyi ||
                             n.model == NetworkModel::kWattsStrogatz ||
                             n.model == NetworkModel::kPowerLaw;
    if (agents > 1 && uses_degree && n.mean_degree > static_cast<double>(agents - 1) &&
        ok({"network.mean_degree"})) {
      error("network.mean_degree", "mean_degree " + format_number(n.mean_degree) +
                                       " is more than the " + std::to_string(agents - 1) +
                                       " partners an agent can have");
    }
  }

  void output() {
    const auto& o = d_.output;
    if (ok({"output.events.groups"}) && !r_.failed.contains("population")) {
      for (std::size_t i = 0; i < o.events.groups.size(); ++i) {
        bool found = false;
        for (const Group& g : d_.population) found = found || g.name == o.events.groups[i];
        if (!found) {
          std::vector<std::string_view> names;
          for (const Group& g : d_.population) names.push_back(g.name);
          std::string hint = "groups are:";
          for (const auto nm : names) hint += " `" + std::string(nm) + "`";
          error("output.events.groups",
                "group `" + o.events.groups[i] + "` is not in the population", hint);
        }
      }
    }
    if (ok({"output.snapshots", "duration"})) {
      for (std::size_t i = 0; i < o.snapshots.size(); ++i) {
        if (o.snapshots[i] > d_.duration) {
          error("output.snapshots", "snapshot at " + dur(o.snapshots[i]) +
                                        " is after the end of the run (" + dur(d_.duration) + ")");
        }
        if (i > 0 && o.snapshots[i] <= o.snapshots[i - 1]) {
          error("output.snapshots", "snapshot times must increase: " + dur(o.snapshots[i]) +
                                        " follows " + dur(o.snapshots[i - 1]));
        }
      }
    }
    if (o.path.empty() && ok({"output.path"})) error("output.path", "the output path is empty");
  }

  void adversaries() {
    const auto& a = d_.adversaries;
    if (ok({"adversaries.sybil.fraction", "adversaries.poisoner.fraction",
            "adversaries.free_rider.fraction"}) &&
        a.sybil.fraction + a.poisoner.fraction + a.free_rider.fraction > 1.0 + 1e-12) {
      ctx_.error(at_any({"adversaries.sybil.fraction", "adversaries.poisoner.fraction",
                         "adversaries.free_rider.fraction"}),
                 "adversaries",
                 "sybil, poisoner and free_rider fractions of contributors sum to more than 1");
    }
    // Poisoners and free riders learn from realised payoffs only, with their contributor
    // group's rule parameters: ewa needs delta 0 there.
    for (const auto& [key, rule] : {std::pair{"adversaries.poisoner.rule", a.poisoner.rule},
                                    std::pair{"adversaries.free_rider.rule", a.free_rider.rule}}) {
      if (rule != BehaviourRule::kEwa || !ok({key})) continue;
      for (std::size_t i = 0; i < d_.population.size(); ++i) {
        const auto& g = d_.population[i];
        if (g.kind != AgentKind::kContributor) continue;
        if (g.as<ContributorParams>().behaviour.delta != 0.0 &&
            ok({group_path(i, "behaviour.delta")})) {
          error(group_path(i, "behaviour.delta"),
                std::string(key) +
                    " is ewa, which learns from realised payoffs only here: "
                    "ewa's delta must be 0",
                "an adversary cannot observe what the choice it did not make would have earned "
                "(docs/behaviour.md)");
        }
      }
    }
    if (ok({"adversaries.sybil.identities", "adversaries.sybil.max_identities"}) &&
        a.sybil.identities > a.sybil.max_identities) {
      error("adversaries.sybil.identities",
            "a Sybil cannot run more identities than adversaries.sybil.max_identities");
    }
    if (a.key_compromise.rate > 0 &&
        ok({"adversaries.key_compromise.start", "adversaries.key_compromise.rate", "duration"}) &&
        a.key_compromise.start >= d_.duration) {
      error("adversaries.key_compromise.start",
            "compromises start at " + dur(a.key_compromise.start) + ", after the run ends (" +
                dur(d_.duration) + ")");
    }
  }

  const Resolved& r_;
  const SpecData& d_;
  Context& ctx_;
};

}  // namespace

void check_semantics(const Resolved& r, Context& ctx) {
  if (r.top.empty()) return;  // the top level was not a map: nothing to check
  Checker(r, ctx).run();
}

}  // namespace coordsim::scenario::detail
