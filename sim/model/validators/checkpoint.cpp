// The validators' checkpoint section (tag "VALD"): who is staked, and for learning groups the
// learners, levels and the period's payoff terms. Rebuilt from the scenario instead: bonds (what
// genesis staked) and reservation returns.
#include "model/validators/validators.hpp"

namespace coordsim::model::validators {

namespace {
constexpr std::uint32_t kTag = 0x56414C44;  // "VALD"
}  // namespace

void Validators::save(kernel::ArchiveWriter& out) const {
  out.tag(kTag);
  out.vec(active_);
  out.boolean(!learners_.empty());
  if (learners_.empty()) return;
  for (const auto& l : learners_) l.save(out);
  out.vec(level_);
  out.vec(has_period_);
  out.vec(next_decision_);
  out.vec(period_start_);
  out.vec(income_);
  out.vec(slashed_);
  out.vec(checks_);
  out.vec(stake_ticks_);
  out.vec(stake_since_);
}

void Validators::load(kernel::ArchiveReader& in) {
  using kernel::ArchiveReader;
  in.expect_tag(kTag, "validators");
  const std::size_t n = count();
  in.vec_exact(active_, n, "validators staked");
  for (const std::uint8_t a : active_) ArchiveReader::require(a <= 1, "validator staked");
  ArchiveReader::require(in.boolean() == !learners_.empty(),
                         "learning validators differ from the scenario's");
  if (learners_.empty()) return;
  for (auto& l : learners_) l.load(in);
  in.vec_exact(level_, n, "validator levels");
  in.vec_exact(has_period_, n, "validator periods");
  in.vec_exact(next_decision_, n, "validator decisions");
  in.vec_exact(period_start_, n, "validator periods");
  in.vec_exact(income_, n, "validator income");
  in.vec_exact(slashed_, n, "validator slashes");
  in.vec_exact(checks_, n, "validator checks");
  in.vec_exact(stake_ticks_, n, "validator stake");
  in.vec_exact(stake_since_, n, "validator stake");
  const auto validators = pop_->of_kind(scenario::AgentKind::kValidator);
  for (std::size_t i = 0; i < n; ++i) {
    const AgentId v = validators[i];
    ArchiveReader::require(level_[i] < learners_[pop_->group(v)].actions(), "validator level");
    // A learning validator is staked exactly when its action is not out.
    if (adaptive(v))
      ArchiveReader::require((level_[i] != 0) == (active_[i] != 0), "validator level");
  }
}

}  // namespace coordsim::model::validators
