// Data contribution, model training, validation samples and slashes. Contributors and validators
// are agents; the datanets, the models' row sets and the attribution weights belong to the
// protocol actor, reached by events.
#include "model/data/data.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/sessions/reason.hpp"
#include "model/sessions/session_id.hpp"

namespace coordsim::model::data {

using actor::ActionKind;

namespace {

// A row travels to the protocol actor packed into the event payload: a copy flag and a copy
// count for Sybil replicas, else the quality in fixed point.
constexpr std::uint64_t kCopyFlag = 1ULL << 63U;
constexpr double kQualityScale = 16777216.0;  // 2^24
// Bits 32..39: the row's stock-credit tag (effort level x 16 + datanet offset; 0 unless its
// contributor is credited). Neither a quality nor a copy count reaches them.
constexpr unsigned kTagShift = 32;

std::uint64_t pack_quality(double q) {
  const auto fixed =
      static_cast<std::int32_t>(std::lround(std::clamp(q, -1.0, 1.0) * kQualityScale));
  return static_cast<std::uint32_t>(fixed);
}
double unpack_quality(std::uint64_t payload) {
  return static_cast<double>(
             static_cast<std::int32_t>(static_cast<std::uint32_t>(payload & 0xFFFFFFFFU))) /
         kQualityScale;
}

}  // namespace

void Data::on_contribute(const kernel::Event& e, actor::Context& ctx) {
  const AgentId c = e.target;
  if (exited_[index(c)] != 0) return;
  kernel::Scheduler& s = ctx.scheduler();
  ledger::Ledger& ledger = ctx.ledger();
  const AgentId protocol = peers_.protocol;
  const auto& cp = spec_->population[pop_->group(c)].as<scenario::ContributorParams>();
  // Under a learning rule the contributor first decides, when a decision is due, whether to be
  // in and at which row rate (contributors.cpp); out, it waits for its next decision, asking for
  // the rewards its earlier rows still earn.
  // A managed Sybil identity runs only while its operator has it on (sybils.cpp).
  const bool sybil = sybil_managed(c);
  if (sybil && !sybil_turn(c, ctx)) return;
  // A learning poisoner or free rider writes only while it continues (adversaries.cpp).
  if (adversary_learns(c) && !adversary_turn(c, ctx)) return;
  const bool learns = adaptive(c);
  std::uint32_t level = 1;
  if (learns) {
    level = decide_if_due(c, ctx);
    if (level == 0) {
      s.schedule(adaptive_.books.next_decision[pop_->slot(c)], c, c, code(Kind::kContribute));
      s.schedule(s.now() + block_, protocol, c, code(Kind::kWithdraw));
      return;
    }
    note_stake(c, s.now(), ledger);
  }
  auto r = ctx.rng(c);
  // Each row is backed by stake; a contributor who cannot stake any more leaves the market. A
  // free rider stakes nothing: it only resubmits rows others paid for.
  const bool free_rider = role_[index(c)] == Role::kFreeRider;
  const Amount stake = free_rider ? Amount::zero() : spec_->incentives.stake_per_row;
  if (ledger.stake(ledger.account(c), stake) != ledger::LedgerResult::kOk) {
    if (learns) {
      // Forced out: the period so far is learned as it was (in), then the contributor unstakes
      // and waits outside for its next decision, which may bring it back once its stake is
      // liquid again.
      close_period(c, s.now(), ledger);
      exit_market(c, ctx);
      s.schedule(adaptive_.books.next_decision[pop_->slot(c)], c, c, code(Kind::kContribute));
      return;
    }
    exited_[index(c)] = 1;
    ++ctx.counters()[Counter::kContributorExits];
    if (rows_of_[index(c)] > 0) {
      --ctx.counters()[Counter::kContributorsActive];
      count_adversary(c, -1, ctx);
    }
    return;
  }
  ctx.move(c.value(), actor::Place::kLiquid, c.value(), actor::Place::kStaked, stake);
  if (sybil)
    sybil_report(c, kReportRow, 0, ctx);  // a row staked: its effort counts for the operator
  ctx.counters().by_role(Counter::kStakedByRole, role_[index(c)]) += stake.raw();
  SimDuration interval = actor::draw_duration(*spec_, cp.row_interval, r);
  if (learns) {
    // Rate level j of L writes rows at j/L of the full rate.
    ++adaptive_.books.rows[pop_->slot(c)];
    interval = SimDuration{interval.ticks() * cp.behaviour.levels / level};
  }
  s.schedule(s.now() + interval, c, c, code(Kind::kContribute));
  // Rewards can be withdrawn once final: a contributor asks for them whenever it contributes.
  s.schedule(s.now() + block_, protocol, c, code(Kind::kWithdraw));
  const auto datanets = static_cast<std::uint32_t>(std::max<std::int64_t>(1, spec_->data.datanets));
  const auto mine = static_cast<std::uint32_t>(std::clamp<std::int64_t>(cp.datanets, 1, datanets));
  // A contributor that learns its datanet writes the period's rows to the one it chose.
  const std::uint32_t offset =
      learns && chooses_datanet(c) ? adaptive_.datanet[pop_->slot(c)] : r.below(mine);
  const auto datanet = static_cast<std::uint16_t>((pop_->slot(c) + offset) % datanets);
  // Effort level of the period (a contributor choosing effort), and the row's tag for the stock
  // credit: the contributor's label of its row, echoed in the protocol's statements.
  const std::uint32_t effort_level =
      learns && chooses_effort(c) ? adaptive_.effort[pop_->slot(c)] : 0U;
  std::uint64_t tag = 0;
  if (learns && credited(c)) {
    const std::uint32_t o = chooses_datanet(c) ? offset : 0U;
    ++adaptive_.fresh[pop_->slot(c)];
    tag = (static_cast<std::uint64_t>(effort_level * kTagSlots + o) << kTagShift);
  }
  std::uint64_t payload = 0;
  switch (role_[index(c)]) {
    case Role::kSybil:
      payload = kCopyFlag | static_cast<std::uint64_t>(std::clamp<std::int64_t>(
                                spec_->adversaries.sybil.copies, 1, 0xFFFF));
      break;
    case Role::kPoisoner:
      payload = pack_quality(scenario::sample(spec_->adversaries.poisoner.quality, r));
      break;
    case Role::kFreeRider:
      payload = kCopyFlag | 1U;  // one copy of someone else's row, under its own name
      break;
    default: {
      double q = scenario::sample(cp.quality, r);
      // Effort closes a share of the gap to the best quality (contributors.cpp); none at e = 0.
      if (const double effort = effort_of(cp.behaviour, effort_level); effort > 0.0)
        q += cp.behaviour.effort_quality * effort * (1.0 - q);
      payload = pack_quality(q);
      break;
    }
  }
  // A fixed contributor enters with its first row (a learning one when it decides to).
  if (rows_of_[index(c)]++ == 0 && !learns) {
    ++ctx.counters()[Counter::kContributorsEntered];
    ++ctx.counters()[Counter::kContributorsActive];
    count_adversary(c, 1, ctx);
  }
  ctx.record(ActionKind::kContribute, sessions::Reason::kNone, c, protocol, sessions::kNoSession,
             stake);
  s.schedule(s.now() + block_, protocol, c, code(Kind::kRow), datanet, payload | tag);
}

void Data::on_row(const kernel::Event& e, actor::Context& ctx) {
  actor::Counters& counters = ctx.counters();
  std::uint16_t datanet = e.aux;
  auto add = [&](std::uint32_t content, double quality) {
    rows_.content.push_back(content);
    rows_.contributor.push_back(e.source);
    rows_.quality.push_back(quality);
    rows_.datanet.push_back(datanet);
    rows_.flagged.push_back(0);
    rows_.used.push_back(0);
    if (!adaptive_.effort_learners.empty())
      row_tag_.push_back(static_cast<std::uint8_t>((e.payload >> kTagShift) & 0xFFU));
    if (rows_by_datanet_.size() <= datanet) rows_by_datanet_.resize(datanet + 1U);
    rows_by_datanet_[datanet].push_back(static_cast<std::uint32_t>(rows_.size() - 1));
    ++datanet_stats_.rows[datanet];
    ++counters[Counter::kRows];
    // Bad rows written: the denominator of the share validators catch (bad_rows_caught).
    if (quality < 0.0) ++counters[Counter::kBadRows];
  };
  if ((e.payload & kCopyFlag) != 0) {
    // A Sybil (several copies) or a free rider (one) replicates an existing row, chosen by the
    // protocol's stream, which is the only one that knows the rows: same content, same quality,
    // new identity.
    if (rows_.size() == 0) return;
    auto r = ctx.rng(peers_.protocol);
    // A managed Sybil's identities copy the same rows, in order (sybils.cpp).
    const auto src = sybil_managed(e.source) ? sybil_source(e.source, r)
                                             : r.below(static_cast<std::uint32_t>(rows_.size()));
    // ...into the source row's datanet, where the copies compete with the original for one
    // model's value (the replication attack the rules are judged against).
    if (sybil_managed(e.source)) datanet = rows_.datanet[src];
    const auto copies = static_cast<std::uint32_t>(e.payload & 0xFFFFU);
    for (std::uint32_t i = 0; i < copies; ++i) add(rows_.content[src], rows_.quality[src]);
    // The protocol sees a copy for what it is: a content id it already knows.
    datanet_stats_.duplicates[datanet] += copies;
    counters[Counter::kDuplicateRows] += copies;
    return;
  }
  const double quality = unpack_quality(e.payload);
  quality_sum_ += quality;  // the metric mean_row_quality (originals only)
  add(next_content_++, quality);
}

std::uint32_t Data::datanets_per_model(const scenario::ModelBuilderParams& bp) const noexcept {
  return static_cast<std::uint32_t>(
      std::clamp<std::int64_t>(bp.datanets_per_model, 1, datanet_count()));
}

std::uint32_t Data::choose_datanets(AgentId b, std::uint32_t count,
                                    const scenario::ModelBuilderParams& bp, actor::Context& ctx) {
  // Epsilon-greedy over what the protocol has observed: each pick is, with probability explore,
  // a datanet drawn uniformly from those not yet picked, else the best score
  // quality - price_weight x fee (in tokens). Scores do not change within one training, so they
  // are computed once. Ties go to the first datanet from the builder's home datanet (its slot)
  // on: builders that know nothing spread over the datanets instead of all taking datanet 0.
  const std::uint32_t datanets = datanet_count();
  const std::uint32_t home = pop_->slot(b) % datanets;
  auto r = ctx.rng(peers_.protocol);
  datanet_score_.resize(datanets);
  datanet_taken_.assign(datanets, 0);
  for (std::uint32_t d = 0; d < datanets; ++d) {
    const double fee_tokens =
        static_cast<double>(datanet_fee_[d].raw()) / static_cast<double>(unit_);
    datanet_score_[d] = datanet_stats_.quality(d) - bp.price_weight * fee_tokens;
  }
  chosen_.clear();
  std::uint32_t explored = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
    std::uint32_t pick = datanets;
    if (bp.explore > 0.0 && r.bernoulli(bp.explore)) {
      // The j-th datanet not yet taken, j uniform.
      std::uint32_t j = r.below(datanets - k);
      for (std::uint32_t d = 0; d < datanets; ++d) {
        if (datanet_taken_[d] != 0) continue;
        if (j-- == 0) {
          pick = d;
          break;
        }
      }
      ++explored;
      ++datanet_stats_.explored[pick];
    } else {
      for (std::uint32_t i = 0; i < datanets; ++i) {
        const std::uint32_t d = (home + i) % datanets;
        if (datanet_taken_[d] == 0 &&
            (pick == datanets || datanet_score_[d] > datanet_score_[pick]))
          pick = d;
      }
    }
    datanet_taken_[pick] = 1;
    ++datanet_stats_.chosen[pick];
    chosen_.push_back(pick);
  }
  return explored;
}

void Data::on_train(const kernel::Event& e, actor::Context& ctx) {
  // A builder's model is trained on the current rows of the datanets the protocol chooses for
  // it, leaving out flagged rows and contributors whose penalty passed the threshold.
  // Attribution weights depend only on the rows, so they are computed once here and reused for
  // every fee the model earns.
  const AgentId b = e.source;
  const auto settlement = ctx.ledger().account(ledger::ProtocolAccount::kSettlement);
  ctx.receive(e, settlement);
  const Amount deposit{static_cast<std::int64_t>(e.payload)};
  const auto& bp = spec_->population[pop_->group(b)].as<scenario::ModelBuilderParams>();
  const std::uint32_t per_model = datanets_per_model(bp);
  ctx.counters()[Counter::kDatanetExplored] += choose_datanets(b, per_model, bp, ctx);
  Amount cost = Amount::zero();
  for (const std::uint32_t d : chosen_) cost += datanet_fee_[d];
  if (deposit < cost) throw std::logic_error("world: a training deposit below its datanets' fees");
  (void)ctx.send(peers_.protocol, settlement, peers_.treasury, Kind::kCredit, cost,
                 ledger::Asset::kToken);
  (void)ctx.send(peers_.protocol, settlement, b, Kind::kCredit, deposit - cost,
                 ledger::Asset::kToken);
  ctx.counters()[Counter::kPublishFees] += cost.raw();
  ctx.counters()[Counter::kDatanetVersions] += per_model;
  // Fees earned under the old weights are split by them before the model changes.
  split_model_pool(ctx, pop_->slot(b));
  Model& m = models_[pop_->slot(b)];
  m.rows.clear();
  scratch_rows_.clear();
  for (const std::uint32_t d : chosen_) {
    if (d >= rows_by_datanet_.size()) continue;
    for (const std::uint32_t i : rows_by_datanet_[d]) {
      if (rows_.flagged[i] != 0) continue;
      if (penalty_[index(rows_.contributor[i])] > spec_->incentives.penalty_threshold) continue;
      if (i < left_before_[index(rows_.contributor[i])]) continue;  // its contributor left
      m.rows.push_back(i);
      // The rules see what the protocol observes of the content (attribution.quality_source),
      // not the row's hidden quality.
      const std::uint32_t content = rows_.content[i];
      const attribution::Judgements verdicts =
          content < judgements_.size() ? judgements_[content] : attribution::Judgements{};
      scratch_rows_.push_back(attribution::Row{
          content, rows_.contributor[i], observer_.observe(rows_.quality[i], content, verdicts)});
    }
  }
  auto r = ctx.rng(peers_.protocol);
  attribution::compute_weights(rule_, scratch_rows_, reputation_, r, workspace_, m.weights);
  log_weights(b, m.weights, ctx);
  if (!adaptive_.effort_learners.empty()) build_credit(pop_->slot(b));
  // The truth, for the metric only (model_value): what the model the payouts reward is worth.
  for (std::size_t k = 0; k < scratch_rows_.size(); ++k)
    scratch_rows_[k].quality = rows_.quality[m.rows[k]];
  m.true_value = attribution::model_value(scratch_rows_, rule_.usefulness, workspace_);
  m.trained = true;
  m.served = false;
}

void Data::log_weights(AgentId b, const attribution::Attribution& a, actor::Context& ctx) {
  if (!ctx.logging()) return;  // a run without the event log pays nothing
  // The integers the split divides by (largest_remainder quantizes the weights the same way), in
  // the model's contributor order (its tie-break order); zero weights are never paid, so only
  // the positive ones are rows.
  logged_weights_.resize(a.weights.size());
  attribution::quantize_weights(a.weights, logged_weights_);
  ctx.record(ActionKind::kAttribution, sessions::Reason::kNone, b, peers_.protocol,
             sessions::kNoSession, Amount{static_cast<std::int64_t>(a.contributors.size())});
  for (std::size_t i = 0; i < a.contributors.size(); ++i) {
    if (logged_weights_[i] == 0) continue;
    ctx.record(ActionKind::kWeight, sessions::Reason::kNone, b, a.contributors[i],
               sessions::kNoSession, Amount{static_cast<std::int64_t>(logged_weights_[i])});
  }
}

void Data::on_sample(const kernel::Event& e, actor::Context& ctx) {
  if (rows_.size() == 0) return;
  kernel::Scheduler& s = ctx.scheduler();
  const AgentId protocol = peers_.protocol;
  const AgentId v = e.source;
  auto r = ctx.rng(protocol);
  const std::uint32_t i = r.below(static_cast<std::uint32_t>(rows_.size()));
  if (rows_.flagged[i] != 0) return;
  const double accuracy = static_cast<double>(e.payload) / kFractionScale;
  const bool bad = rows_.quality[i] < 0.0;
  const bool right = r.bernoulli(accuracy);
  // What the protocol learns about the row's datanet: a correct flag shows a bad row; a sample
  // judged good, or a flag that turns out wrong (the validator is slashed for it), a good one.
  const bool flagged = right ? bad : !bad;
  ++(flagged && bad ? datanet_stats_.sampled_bad : datanet_stats_.sampled_good)[rows_.datanet[i]];
  if (observer_.source == attribution::QualitySource::kJudged) {
    // The same verdict, for the content (all its copies): what judged quality is made of.
    const std::uint32_t content = rows_.content[i];
    if (judgements_.size() <= content) judgements_.resize(std::size_t{content} + 1);
    ++(flagged && bad ? judgements_[content].fails : judgements_[content].passes);
  }
  if (!flagged) return;  // judged good: nothing else happens
  const AgentId c = rows_.contributor[i];
  constexpr std::int64_t kOne = scenario::kPpmPerOne;
  if (bad) {
    // A correct flag: the row leaves every future model, its contributor is slashed and
    // penalised, and with the challenge probability its unfinalised rewards are reverted.
    ++ctx.counters()[Counter::kFlagsCorrect];
    rows_.flagged[i] = 1;
    penalty_[index(c)] += 1.0;
    reputation_[index(c)] = 1.0 / (1.0 + penalty_[index(c)]);
    const Amount slash = ledger::mul_div(spec_->incentives.stake_per_row,
                                         spec_->incentives.slash_fraction.value(), kOne);
    // With a slash bounty the slash names the flagging validator instead of the amount (the
    // contributor knows the amount from the spec) and pays it its share; without one, all of it
    // goes to the treasury.
    if (spec_->incentives.slash_bounty.value() > 0) {
      s.schedule(s.now() + block_, c, protocol, code(Kind::kSlash), actor::kSlashBounty, v.value());
    } else {
      s.schedule(s.now() + block_, c, protocol, code(Kind::kSlash), 0,
                 static_cast<std::uint64_t>(slash.raw()));
    }
    if (r.bernoulli(spec_->settlement.challenge_probability))
      peers_.settlement->revert_pending(ctx, c);
    ctx.record(ActionKind::kFlag, sessions::Reason::kNone, v, c, sessions::kNoSession, slash);
  } else {
    // A wrong flag costs the validator a fraction of its own stake (it knows how much it has).
    ++ctx.counters()[Counter::kFlagsWrong];
    // The protocol mirrors the stake it slashes with the validator's own formula, so the two
    // never disagree and the protocol never reads the validator's account.
    peers_.settlement->slash_stake_record(pop_->slot(v),
                                          spec_->incentives.validator_slash_fraction.value());
    s.schedule(s.now() + block_, v, protocol, code(Kind::kSlash), actor::kSlashFraction,
               static_cast<std::uint64_t>(spec_->incentives.validator_slash_fraction.value()));
    ctx.record(ActionKind::kFlagWrong, sessions::Reason::kNone, v, c, sessions::kNoSession,
               Amount::zero());
  }
}

Amount Data::on_slash(const kernel::Event& e, actor::Context& ctx) {
  const AgentId who = e.target;
  ledger::Ledger& ledger = ctx.ledger();
  const auto acct = ledger.account(who);
  const bool bounty = e.aux == actor::kSlashBounty;
  Amount want{static_cast<std::int64_t>(e.payload)};
  if (e.aux == actor::kSlashFraction) {
    want = ledger::mul_div(ledger.staked(acct), static_cast<std::int64_t>(e.payload),
                           scenario::kPpmPerOne);
  } else if (bounty) {
    // What on_sample would have sent as the amount.
    want = ledger::mul_div(spec_->incentives.stake_per_row,
                           spec_->incentives.slash_fraction.value(), scenario::kPpmPerOne);
  }
  // Stake -> own liquid -> in flight to the treasury: the slashed value leaves like any payment.
  const bool learns = pop_->kind(who) == AgentKind::kContributor && adaptive(who);
  if (learns) note_stake(who, ctx.now(), ledger);
  const bool adversary = pop_->kind(who) == AgentKind::kContributor && adversary_learns(who);
  if (adversary) adversary_note_stake(who, ctx.now(), ledger);
  const auto out = ledger.slash(acct, want, acct);
  if (out.slashed <= Amount::zero()) return Amount::zero();
  if (learns) adaptive_.books.slashed[pop_->slot(who)] += out.slashed;
  if (adversary) adversaries_.books.slashed[pop_->slot(who)] += out.slashed;
  if (pop_->kind(who) == AgentKind::kContributor && sybil_managed(who))
    sybil_report(who, kReportSlashed, static_cast<std::uint64_t>(out.slashed.raw()), ctx);
  ctx.move(acct.value(), actor::Place::kStaked, acct.value(), actor::Place::kLiquid, out.slashed);
  Amount to_treasury = out.slashed;
  if (bounty) {
    // The bounty share to the validator whose flag caused the slash, the rest to the treasury
    // (rounded down once: the treasury keeps the remainder).
    const Amount share =
        ledger::mul_div(out.slashed, spec_->incentives.slash_bounty.value(), scenario::kPpmPerOne);
    (void)ctx.send(who, acct, AgentId{static_cast<std::uint32_t>(e.payload)}, Kind::kBounty, share,
                   ledger::Asset::kToken);
    ctx.counters()[Counter::kBounties] += share.raw();
    to_treasury = out.slashed - share;
  }
  (void)ctx.send(who, acct, peers_.treasury, Kind::kCredit, to_treasury, ledger::Asset::kToken);
  if (pop_->kind(who) == AgentKind::kValidator) {
    ctx.counters()[Counter::kSlashedValidators] += out.slashed.raw();
  } else {
    ctx.counters()[Counter::kSlashedContributors] += out.slashed.raw();
    ctx.counters().by_role(Counter::kSlashedByRole, role_[index(who)]) += out.slashed.raw();
  }
  ctx.record(ActionKind::kSlash, sessions::Reason::kNone, peers_.protocol, who,
             sessions::kNoSession, out.slashed);
  return out.slashed;
}

}  // namespace coordsim::model::data
