// The data system's checkpoint sections, written where these columns were when they were World's
// (the golden digests pin the bytes): save() is the body of the world's "PROT" section, before
// the settlement's; save_contributors() the body of its "CNTB" section. Stored: roles, penalties,
// exits, rows per agent, the rows, the datanets' rows by arrival, the next content id, what the
// protocol observed about each datanet, models with their weights, true value and the fees they
// accrued since the last batch posted, reputations, validators' verdicts per content (judged
// quality); then the rows that left with their contributors and the learning contributors' state
// (learners, levels, the period's payoff terms; the datanet learners and datanets; the effort
// learners, efforts and the stock credit's books, with the rows' tags and models' credit shares).
// Rebuilt from the scenario instead: the datanets' fees and the deposits they imply, the
// attribution rule and the quality observer (its held-out evaluation is keyed by seed and content),
// the reservation returns. Not stored: scratch overwritten before it is read (attribution
// workspace, scratch rows, datanet scores and picks).
#include <cmath>

#include "model/data/data.hpp"

namespace coordsim::model::data {

namespace {

using kernel::ArchiveReader;
using kernel::ArchiveWriter;

template <class T>
void require_below(const std::vector<T>& v, std::size_t bound, const char* what) {
  for (const T& x : v) ArchiveReader::require(static_cast<std::size_t>(x) < bound, what);
}

}  // namespace

void Data::save(ArchiveWriter& out) const {
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
    out.pod(m.true_value);
    out.pod(m.pool);
    out.pod(m.pool_time_weighted);
  }
  out.vec(active_models_);
  out.vec(reputation_);
  out.vec(judgements_);
}

void Data::save_contributors(ArchiveWriter& out) const {
  // The reservation returns are drawn from the scenario and rebuilt.
  out.vec(left_before_);
  // Sybil operators and identities (sybils.cpp); nothing unless managed.
  const Sybils& y = sybils_;
  out.boolean(y.managed);
  if (y.managed) {
    for (const auto& l : y.learners) l.save(out);
    out.vec(y.on);
    out.vec(y.looping);
    out.vec(y.stake_since);
    out.vec(y.k);
    out.vec(y.action);
    y.books.save(out);
    out.vec(y.copied);
    for (const auto& list : y.sources) out.vec(list);
  }
  save_adversaries(out);  // poisoners and free riders under a learning rule (adversaries.cpp)
  const Adaptive& a = adaptive_;
  out.boolean(!a.learners.empty());
  if (a.learners.empty()) return;
  for (const auto& l : a.learners) l.save(out);
  out.vec(a.level);
  a.books.save(out);
  out.vec(a.stake_since);
  // Datanet choice (archive version 7): its learners and the datanet of the current period.
  out.boolean(!a.datanet_learners.empty());
  if (!a.datanet_learners.empty()) {
    for (const auto& l : a.datanet_learners) l.save(out);
    out.vec(a.datanet);
  }
  // Effort choice and the stock credit (archive version 9): the effort learners, each
  // contributor's effort, rows held, row-ticks and credit of the period; the protocol's row
  // tags and each model's credit shares.
  out.boolean(!a.effort_learners.empty());
  if (a.effort_learners.empty()) return;
  for (const auto& l : a.effort_learners) l.save(out);
  out.vec(a.effort);
  out.vec(a.held);
  out.vec(a.row_ticks);
  out.vec(a.credit);
  out.vec(a.par);
  out.vec(a.held_since);
  out.vec(a.fresh);
  out.vec(row_tag_);
  for (const Model& m : models_) {
    out.pod(static_cast<std::uint64_t>(m.credit.size()));
    for (const CreditShare& e : m.credit) {
      out.pod(e.player);
      out.pod(e.row);
      out.pod(e.tag);
      out.pod(e.count);
      out.pod(e.share);
      out.pod(e.even);
    }
  }
}

void Data::load(ArchiveReader& in) {
  const std::size_t n = pop_->agents();
  const std::uint32_t agents = pop_->agents();
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
  // mean_row_quality's sum, added again in the order on_row added it: originals are the rows
  // whose content id is new (ids are handed out in row order).
  quality_sum_ = 0.0;
  std::uint32_t originals = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    if (rows_.content[i] != originals) continue;
    quality_sum_ += rows_.quality[i];
    ++originals;
  }
  ArchiveReader::require(originals == next_content_, "row contents");
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
    in.pod(m.true_value);
    in.pod(m.pool);
    in.pod(m.pool_time_weighted);
  }
  // Models with fees accrued since the last batch posted: the checkpoint may fall in between.
  in.vec(active_models_);
  require_below(active_models_, models_.size(), "active model");
  in.vec_exact(reputation_, n, "reputations");
  // Validators' verdicts per content: only contents that exist, only under the judged source.
  in.vec(judgements_);
  ArchiveReader::require(judgements_.size() <= next_content_, "content judgements");
  ArchiveReader::require(
      judgements_.empty() || observer_.source == attribution::QualitySource::kJudged,
      "content judgements under a quality source that keeps none");
}

void Data::load_contributors(ArchiveReader& in) {
  const std::size_t n = pop_->agents();
  const std::size_t rows = rows_.size();  // load() came first
  in.vec_exact(left_before_, n, "rows left with their contributor");
  for (const std::uint32_t before : left_before_)
    ArchiveReader::require(before <= rows, "rows left with their contributor");
  Sybils& y = sybils_;
  ArchiveReader::require(in.boolean() == y.managed, "Sybil operators differ from the scenario's");
  if (y.managed) {
    for (auto& l : y.learners) l.load(in);
    const std::size_t c = y.on.size();
    in.vec_exact(y.on, c, "Sybil identities");
    in.vec_exact(y.looping, c, "Sybil identities");
    in.vec_exact(y.stake_since, c, "Sybil identities");
    in.vec_exact(y.k, c, "Sybil operators");
    in.vec_exact(y.action, c, "Sybil operators");
    y.books.load(in, c, "Sybil operators");
    in.vec_exact(y.copied, c, "Sybil copies");
    const auto max = static_cast<std::uint32_t>(spec_->adversaries.sybil.max_identities);
    for (std::size_t i = 0; i < c; ++i) {
      ArchiveReader::require(y.k[i] <= max, "Sybil identities");
      if (!y.learners.empty()) {
        const auto op = pop_->of_kind(scenario::AgentKind::kContributor)[i];
        ArchiveReader::require(y.action[i] < y.learners[pop_->group(op)].actions(), "Sybil action");
      }
    }
    for (auto& list : y.sources) {
      in.vec(list);
      require_below(list, rows, "Sybil copy source");
    }
  }
  load_adversaries(in);
  Adaptive& ad = adaptive_;
  ArchiveReader::require(in.boolean() == !ad.learners.empty(),
                         "learning contributors differ from the scenario's");
  if (ad.learners.empty()) return;
  for (auto& l : ad.learners) l.load(in);
  const std::size_t contributors = ad.level.size();
  in.vec_exact(ad.level, contributors, "contributor levels");
  ad.books.load(in, contributors, "contributor periods");
  in.vec_exact(ad.stake_since, contributors, "contributor stake");
  for (std::size_t i = 0; i < contributors; ++i) {
    const auto c = pop_->of_kind(scenario::AgentKind::kContributor)[i];
    const auto levels = ad.learners[pop_->group(c)].actions();
    ArchiveReader::require(ad.level[i] < levels, "contributor level");
  }
  ArchiveReader::require(in.boolean() == !ad.datanet_learners.empty(),
                         "contributors' datanet choice differs from the scenario's");
  if (!ad.datanet_learners.empty()) {
    for (auto& l : ad.datanet_learners) l.load(in);
    in.vec_exact(ad.datanet, contributors, "contributor datanets");
    for (std::size_t i = 0; i < contributors; ++i) {
      const auto c = pop_->of_kind(scenario::AgentKind::kContributor)[i];
      const auto& l = ad.datanet_learners[pop_->group(c)];
      ArchiveReader::require(ad.datanet[i] == 0 || ad.datanet[i] < l.actions(),
                             "contributor datanet");
    }
  }
  ArchiveReader::require(in.boolean() == !ad.effort_learners.empty(),
                         "contributors' effort choice differs from the scenario's");
  if (ad.effort_learners.empty()) return;
  for (auto& l : ad.effort_learners) l.load(in);
  in.vec_exact(ad.effort, contributors, "contributor efforts");
  for (std::size_t i = 0; i < contributors; ++i) {
    const auto c = pop_->of_kind(scenario::AgentKind::kContributor)[i];
    const auto& l = ad.effort_learners[pop_->group(c)];
    ArchiveReader::require(ad.effort[i] == 0 || ad.effort[i] < l.actions(), "contributor effort");
  }
  const std::size_t slots = contributors * kTagColumns;
  in.vec_exact(ad.held, slots, "contributor rows held");
  in.vec_exact(ad.row_ticks, slots, "contributor rows held");
  in.vec_exact(ad.credit, slots, "contributor credit");
  in.vec_exact(ad.par, slots, "contributor credit");
  in.vec_exact(ad.held_since, contributors, "contributor rows held");
  in.vec_exact(ad.fresh, contributors, "contributor rows held");
  in.vec_exact(row_tag_, rows, "row tags");
  for (Model& m : models_) {
    const std::size_t count = in.count(4 * sizeof(std::uint32_t) + 2 * sizeof(double));
    m.credit.resize(count);
    for (CreditShare& e : m.credit) {
      in.pod(e.player);
      in.pod(e.row);
      in.pod(e.tag);
      in.pod(e.count);
      in.pod(e.share);
      in.pod(e.even);
      ArchiveReader::require(e.player < m.weights.contributors.size() && e.row < rows &&
                                 e.tag < kTagSlots * kTagSlots && std::isfinite(e.share) &&
                                 std::isfinite(e.even),
                             "model credit share");
    }
  }
}

}  // namespace coordsim::model::data
