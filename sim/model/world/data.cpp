// Data contribution, model training, inference and validation. Contributors, builders and
// validators are agents; the datanets, the models' row sets and the attribution weights belong
// to the protocol actor, reached by events.
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "model/world/world.hpp"

namespace coordsim::model::world {

using scenario::AgentKind;

namespace {

// A row travels to the protocol actor packed into the event payload: a copy flag and a copy
// count for Sybil replicas, else the quality in fixed point.
constexpr std::uint64_t kCopyFlag = 1ULL << 63U;
constexpr double kQualityScale = 16777216.0;  // 2^24

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
// A validator's accuracy for one sample travels as a 32-bit fraction (validators/validators.hpp).
using validators::kFractionScale;

}  // namespace

void World::on_contribute(const kernel::Event& e, kernel::Scheduler& s) {
  const AgentId c = e.target;
  if (exited_[index(c)] != 0) return;
  const auto& cp = spec_->population[pop_.group(c)].as<scenario::ContributorParams>();
  // Under a learning rule the contributor first decides, when a decision is due, whether to be
  // in and at which row rate (contributors.cpp); out, it waits for its next decision, asking for
  // the rewards its earlier rows still earn.
  const bool learns = adaptive(c);
  std::uint32_t level = 1;
  if (learns) {
    level = decide_if_due(c, s);
    if (level == 0) {
      s.schedule(adaptive_.next_decision[pop_.slot(c)], c, c, code(Kind::kContribute));
      s.schedule(s.now() + block_, protocol(), c, code(Kind::kWithdraw));
      return;
    }
    note_stake(c, s.now());
  }
  auto r = rng(c);
  // Each row is backed by stake; a contributor who cannot stake any more leaves the market. A
  // free rider stakes nothing: it only resubmits rows others paid for.
  const bool free_rider = role_[index(c)] == Role::kFreeRider;
  const Amount stake = free_rider ? Amount::zero() : spec_->incentives.stake_per_row;
  if (ledger_.stake(ledger_.account(c), stake) != ledger::LedgerResult::kOk) {
    if (learns) {
      // Forced out: the period so far is learned as it was (in), then the contributor unstakes
      // and waits outside for its next decision, which may bring it back once its stake is
      // liquid again.
      close_period(c, s.now());
      exit_market(c, s);
      s.schedule(adaptive_.next_decision[pop_.slot(c)], c, c, code(Kind::kContribute));
      return;
    }
    exited_[index(c)] = 1;
    ++here().counters[Counter::kContributorExits];
    if (rows_of_[index(c)] > 0) --here().counters[Counter::kContributorsActive];
    return;
  }
  ctx().move(c.value(), actor::Place::kLiquid, c.value(), actor::Place::kStaked, stake);
  here().counters.by_role(Counter::kStakedByRole, role_[index(c)]) += stake.raw();
  SimDuration interval = draw_duration(cp.row_interval, r);
  if (learns) {
    // Level j of L writes rows at j/L of the full rate.
    ++adaptive_.rows[pop_.slot(c)];
    interval = SimDuration{interval.ticks() * cp.behaviour.levels / level};
  }
  s.schedule(s.now() + interval, c, c, code(Kind::kContribute));
  // Rewards can be withdrawn once final: a contributor asks for them whenever it contributes.
  s.schedule(s.now() + block_, protocol(), c, code(Kind::kWithdraw));
  const auto datanets = static_cast<std::uint32_t>(std::max<std::int64_t>(1, spec_->data.datanets));
  const auto mine = static_cast<std::uint32_t>(std::clamp<std::int64_t>(cp.datanets, 1, datanets));
  const auto datanet = static_cast<std::uint16_t>((pop_.slot(c) + r.below(mine)) % datanets);
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
    default:
      payload = pack_quality(scenario::sample(cp.quality, r));
      break;
  }
  // A fixed contributor enters with its first row (a learning one when it decides to).
  if (rows_of_[index(c)]++ == 0 && !learns) {
    ++here().counters[Counter::kContributorsEntered];
    ++here().counters[Counter::kContributorsActive];
  }
  record(ActionKind::kContribute, sessions::Reason::kNone, c, protocol(), sessions::kNoSession,
         stake);
  s.schedule(s.now() + block_, protocol(), c, code(Kind::kRow), datanet, payload);
}

void World::on_row(const kernel::Event& e) {
  auto add = [&](std::uint32_t content, double quality) {
    rows_.content.push_back(content);
    rows_.contributor.push_back(e.source);
    rows_.quality.push_back(quality);
    rows_.datanet.push_back(e.aux);
    rows_.flagged.push_back(0);
    rows_.used.push_back(0);
    if (rows_by_datanet_.size() <= e.aux) rows_by_datanet_.resize(e.aux + 1U);
    rows_by_datanet_[e.aux].push_back(static_cast<std::uint32_t>(rows_.size() - 1));
    ++datanet_stats_.rows[e.aux];
    ++here().counters[Counter::kRows];
    // validators hook: bad rows written, for the observer's metric bad_rows_caught.
    if (quality < 0.0) ++here().counters[Counter::kBadRows];
  };
  if ((e.payload & kCopyFlag) != 0) {
    // A Sybil (several copies) or a free rider (one) replicates an existing row, chosen by the
    // protocol's stream, which is the only one that knows the rows: same content, same quality,
    // new identity.
    if (rows_.size() == 0) return;
    auto r = rng(protocol());
    const auto src = r.below(static_cast<std::uint32_t>(rows_.size()));
    const auto copies = static_cast<std::uint32_t>(e.payload & 0xFFFFU);
    for (std::uint32_t i = 0; i < copies; ++i) add(rows_.content[src], rows_.quality[src]);
    // The protocol sees a copy for what it is: a content id it already knows.
    datanet_stats_.duplicates[e.aux] += copies;
    here().counters[Counter::kDuplicateRows] += copies;
    return;
  }
  add(next_content_++, unpack_quality(e.payload));
}

std::uint32_t World::datanets_per_model(const scenario::ModelBuilderParams& bp) const noexcept {
  return static_cast<std::uint32_t>(
      std::clamp<std::int64_t>(bp.datanets_per_model, 1, datanet_count()));
}

void World::on_retrain(const kernel::Event& e, kernel::Scheduler& s) {
  const auto& bp = spec_->population[pop_.group(e.target)].as<scenario::ModelBuilderParams>();
  s.schedule(s.now() + std::max(block_, spec_->ticks(bp.retrain_interval)), e.target, e.target,
             code(Kind::kRetrain));
  // Training publishes a new version of each datanet the protocol chooses for the model, at that
  // datanet's fee. The builder cannot know the choice (the protocol makes it from what it has
  // observed), so it sends the most the choice can cost with the request, and the protocol pays
  // the fees and refunds the rest. A builder who cannot put up the deposit keeps its old model.
  const Amount deposit = deposit_for_[datanets_per_model(bp)];
  if (!send(s, e.target, ledger_.account(e.target), protocol(), Kind::kTrain, deposit,
            ledger::Asset::kToken)) {
    ++here().counters[Counter::kPublishUnpaid];
    return;
  }
  // send() schedules nothing for a zero amount (every datanet free): ask without money.
  if (deposit == Amount::zero())
    s.schedule(s.now() + block_, protocol(), e.target, code(Kind::kTrain));
}

std::uint32_t World::choose_datanets(AgentId b, std::uint32_t count,
                                     const scenario::ModelBuilderParams& bp) {
  // Epsilon-greedy over what the protocol has observed: each pick is, with probability explore,
  // a datanet drawn uniformly from those not yet picked, else the best score
  // quality - price_weight x fee (in tokens). Scores do not change within one training, so they
  // are computed once. Ties go to the first datanet from the builder's home datanet (its slot)
  // on: builders that know nothing spread over the datanets instead of all taking datanet 0.
  const std::uint32_t datanets = datanet_count();
  const std::uint32_t home = pop_.slot(b) % datanets;
  auto r = rng(protocol());
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

void World::on_train(const kernel::Event& e, kernel::Scheduler& s) {
  // A builder's model is trained on the current rows of the datanets the protocol chooses for
  // it, leaving out flagged rows and contributors whose penalty passed the threshold.
  // Attribution weights depend only on the rows, so they are computed once here and reused for
  // every fee the model earns.
  const AgentId b = e.source;
  const auto settlement = ledger_.account(ledger::ProtocolAccount::kSettlement);
  receive(e, settlement);
  const Amount deposit{static_cast<std::int64_t>(e.payload)};
  const auto& bp = spec_->population[pop_.group(b)].as<scenario::ModelBuilderParams>();
  const std::uint32_t per_model = datanets_per_model(bp);
  here().counters[Counter::kDatanetExplored] += choose_datanets(b, per_model, bp);
  Amount cost = Amount::zero();
  for (const std::uint32_t d : chosen_) cost += datanet_fee_[d];
  if (deposit < cost) throw std::logic_error("world: a training deposit below its datanets' fees");
  (void)send(s, protocol(), settlement, treasury(), Kind::kCredit, cost, ledger::Asset::kToken);
  (void)send(s, protocol(), settlement, b, Kind::kCredit, deposit - cost, ledger::Asset::kToken);
  here().counters[Counter::kPublishFees] += cost.raw();
  here().counters[Counter::kDatanetVersions] += per_model;
  // Fees earned under the old weights are split by them before the model changes.
  split_model_pool(ctx(), pop_.slot(b));
  Model& m = models_[pop_.slot(b)];
  m.rows.clear();
  scratch_rows_.clear();
  for (const std::uint32_t d : chosen_) {
    if (d >= rows_by_datanet_.size()) continue;
    for (const std::uint32_t i : rows_by_datanet_[d]) {
      if (rows_.flagged[i] != 0) continue;
      if (penalty_[index(rows_.contributor[i])] > spec_->incentives.penalty_threshold) continue;
      if (i < left_before_[index(rows_.contributor[i])]) continue;  // its contributor left
      m.rows.push_back(i);
      scratch_rows_.push_back(
          attribution::Row{rows_.content[i], rows_.contributor[i], rows_.quality[i]});
    }
  }
  auto r = rng(protocol());
  attribution::compute_weights(rule_, scratch_rows_, reputation_, r, workspace_, m.weights);
  m.trained = true;
  m.served = false;
}

void World::on_infer(const kernel::Event& e, kernel::Scheduler& s) {
  const AgentId b = e.target;
  const auto acct = ledger_.account(b);
  receive(e, acct);
  const Amount fee{static_cast<std::int64_t>(e.payload)};
  const auto& split = spec_->incentives.fee_split;
  constexpr std::int64_t kOne = scenario::kPpmPerOne;
  const Amount protocol_share = ledger::mul_div(fee, split.protocol.value(), kOne);
  const Amount validator_share = ledger::mul_div(fee, split.validators.value(), kOne);
  const Amount contributor_share = ledger::mul_div(fee, split.contributors.value(), kOne);
  // Rounding leftovers go to the builder, so the four shares always sum to the fee exactly.
  const Amount builder_share = fee - protocol_share - validator_share - contributor_share;
  ++here().counters[Counter::kFeeSplits];
  if (builder_share < Amount::zero() ||
      protocol_share + validator_share + contributor_share + builder_share != fee) {
    ++here().counters[Counter::kFeeSplitFailures];
  }
  ++here().counters[Counter::kInferences];
  here().counters[Counter::kFees] += fee.raw();
  (void)send(s, b, acct, treasury(), Kind::kCredit, protocol_share, ledger::Asset::kToken);
  (void)send(s, b, acct, protocol(), Kind::kValidatorShare, validator_share, ledger::Asset::kToken);
  (void)send(s, b, acct, protocol(), Kind::kContributorShare, contributor_share,
             ledger::Asset::kToken);
  // The protocol hears of every inference, paid share or not (a 0% contributor share, or one that
  // rounds to nothing): a model that serves has used its rows (data_utilisation).
  if (contributor_share == Amount::zero())
    s.schedule(s.now() + block_, protocol(), b, code(Kind::kContributorShare));
}

void World::on_sample(const kernel::Event& e, kernel::Scheduler& s) {
  if (rows_.size() == 0) return;
  const AgentId v = e.source;
  auto r = rng(protocol());
  const std::uint32_t i = r.below(static_cast<std::uint32_t>(rows_.size()));
  if (rows_.flagged[i] != 0) return;
  const double accuracy = static_cast<double>(e.payload) / kFractionScale;
  const bool bad = rows_.quality[i] < 0.0;
  const bool right = r.bernoulli(accuracy);
  // What the protocol learns about the row's datanet: a correct flag shows a bad row; a sample
  // judged good, or a flag that turns out wrong (the validator is slashed for it), a good one.
  const bool flagged = right ? bad : !bad;
  ++(flagged && bad ? datanet_stats_.sampled_bad : datanet_stats_.sampled_good)[rows_.datanet[i]];
  if (!flagged) return;  // judged good: nothing else happens
  const AgentId c = rows_.contributor[i];
  constexpr std::int64_t kOne = scenario::kPpmPerOne;
  if (bad) {
    // A correct flag: the row leaves every future model, its contributor is slashed and
    // penalised, and with the challenge probability its unfinalised rewards are reverted.
    ++here().counters[Counter::kFlagsCorrect];
    rows_.flagged[i] = 1;
    penalty_[index(c)] += 1.0;
    reputation_[index(c)] = 1.0 / (1.0 + penalty_[index(c)]);
    const Amount slash = ledger::mul_div(spec_->incentives.stake_per_row,
                                         spec_->incentives.slash_fraction.value(), kOne);
    // validators hook (slash bounty): with a bounty, the slash names the flagging validator
    // instead of the amount (the contributor knows the amount from the spec) and pays it its
    // share; without one, the slash is as before, all of it to the treasury.
    if (spec_->incentives.slash_bounty.value() > 0) {
      s.schedule(s.now() + block_, c, protocol(), code(Kind::kSlash), kSlashBounty, v.value());
    } else {
      s.schedule(s.now() + block_, c, protocol(), code(Kind::kSlash), 0,
                 static_cast<std::uint64_t>(slash.raw()));
    }
    if (r.bernoulli(spec_->settlement.challenge_probability)) settlement_.revert_pending(ctx(), c);
    record(ActionKind::kFlag, sessions::Reason::kNone, v, c, sessions::kNoSession, slash);
  } else {
    // A wrong flag costs the validator a fraction of its own stake (it knows how much it has).
    ++here().counters[Counter::kFlagsWrong];
    // The protocol mirrors the stake it slashes with the validator's own formula, so the two
    // never disagree and the protocol never reads the validator's account.
    settlement_.slash_stake_record(pop_.slot(v),
                                   spec_->incentives.validator_slash_fraction.value());
    s.schedule(s.now() + block_, v, protocol(), code(Kind::kSlash), kSlashFraction,
               static_cast<std::uint64_t>(spec_->incentives.validator_slash_fraction.value()));
    record(ActionKind::kFlagWrong, sessions::Reason::kNone, v, c, sessions::kNoSession,
           Amount::zero());
  }
}

void World::on_slash(const kernel::Event& e, kernel::Scheduler& s) {
  const AgentId who = e.target;
  const auto acct = ledger_.account(who);
  // validators hook: a kSlashBounty slash carries the flagging validator; its amount is the
  // spec's stake_per_row x slash_fraction (what on_sample would have sent).
  const bool bounty = e.aux == kSlashBounty;
  const Amount want =
      e.aux == kSlashFraction
          ? ledger::mul_div(ledger_.staked(acct), static_cast<std::int64_t>(e.payload),
                            scenario::kPpmPerOne)
      : bounty ? ledger::mul_div(spec_->incentives.stake_per_row,
                                 spec_->incentives.slash_fraction.value(), scenario::kPpmPerOne)
               : Amount{static_cast<std::int64_t>(e.payload)};
  // Stake -> own liquid -> in flight to the treasury: the slashed value leaves like any payment.
  const bool learns = pop_.kind(who) == AgentKind::kContributor && adaptive(who);
  if (learns) note_stake(who, s.now());
  // validators hook: a learning validator's stake integral and slashes (its payoff terms).
  const bool validator_learns =
      pop_.kind(who) == AgentKind::kValidator && validators_.adaptive(who);
  if (validator_learns) validators_.note_stake(who, s.now(), ledger_);
  const auto out = ledger_.slash(acct, want, acct);
  if (out.slashed <= Amount::zero()) return;
  if (learns) adaptive_.slashed[pop_.slot(who)] += out.slashed;
  if (validator_learns) validators_.note_slashed(who, out.slashed);
  ctx().move(acct.value(), actor::Place::kStaked, acct.value(), actor::Place::kLiquid, out.slashed);
  if (bounty) {
    // validators hook: the bounty share to the validator whose flag caused the slash, the rest
    // to the treasury (rounded down once: the treasury keeps the remainder).
    const Amount share =
        ledger::mul_div(out.slashed, spec_->incentives.slash_bounty.value(), scenario::kPpmPerOne);
    (void)send(s, who, acct, AgentId{static_cast<std::uint32_t>(e.payload)}, Kind::kBounty, share,
               ledger::Asset::kToken);
    here().counters[Counter::kBounties] += share.raw();
    (void)send(s, who, acct, treasury(), Kind::kCredit, out.slashed - share, ledger::Asset::kToken);
  } else {
    (void)send(s, who, acct, treasury(), Kind::kCredit, out.slashed, ledger::Asset::kToken);
  }
  if (pop_.kind(who) == AgentKind::kValidator) {
    here().counters[Counter::kSlashedValidators] += out.slashed.raw();
  } else {
    here().counters[Counter::kSlashedContributors] += out.slashed.raw();
    here().counters.by_role(Counter::kSlashedByRole, role_[index(who)]) += out.slashed.raw();
  }
  record(ActionKind::kSlash, sessions::Reason::kNone, protocol(), who, sessions::kNoSession,
         out.slashed);
}

}  // namespace coordsim::model::world
