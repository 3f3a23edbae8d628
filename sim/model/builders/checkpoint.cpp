// The builders' checkpoint section: written only when a builder group learns (a fixed group's
// columns are a pure function of the scenario, rebuilt on resume, so a run without learning
// builders keeps the checkpoint bytes it had before this system existed). The price board's part
// comes first, written only when an ai agent group compares builders (inference_sample > 0), so
// a run without a board keeps its bytes too. Rebuilt instead: list
// prices, grids, deposits, reservation returns.
#include "model/builders/builders.hpp"

namespace coordsim::model::builders {

using kernel::ArchiveReader;

namespace {
constexpr std::uint32_t kBuildersTag = 0x424C4452;  // "BLDR"
constexpr std::uint32_t kBoardTag = 0x50424F44;     // "PBOD": the price board
}  // namespace

void Builders::save(kernel::ArchiveWriter& out) const {
  save_board(out);
  if (!any_learning_) return;
  out.tag(kBuildersTag);
  for (std::size_t g = 0; g < learners_.size(); ++g)
    if (!grid_[g].empty()) learners_[g].save(out);
  out.vec(price_);
  out.vec(level_);
  out.vec(refused_);
  out.vec(next_decision_);
  out.vec(period_start_);
  out.vec(has_period_);
  out.vec(income_);
  out.vec(paid_);
  out.vec(served_);
}

void Builders::save_board(kernel::ArchiveWriter& out) const {
  if (!board_) return;
  out.tag(kBoardTag);
  out.vec(sold_);
  for (const auto& copy : posted_) out.vec(copy);
}

void Builders::load_board(ArchiveReader& in) {
  if (!board_) return;
  in.expect_tag(kBoardTag, "price board");
  const std::size_t n = price_.size();
  in.vec_exact(sold_, n, "builder inferences sold");
  for (std::size_t d = 0; d < posted_.size(); ++d) {
    in.vec_exact(posted_[d], n, "price board");
    serving_[d].clear();
    for (std::uint32_t i = 0; i < n; ++i) {
      ArchiveReader::require(posted_[d][i] >= Amount::zero(), "posted price");
      if (posted_[d][i] != Amount::zero()) serving_[d].push_back(i);
    }
  }
}

void Builders::load(ArchiveReader& in) {
  load_board(in);
  if (!any_learning_) return;
  in.expect_tag(kBuildersTag, "builders");
  for (std::size_t g = 0; g < learners_.size(); ++g)
    if (!grid_[g].empty()) learners_[g].load(in);
  const std::size_t n = price_.size();
  in.vec_exact(price_, n, "builder prices");
  in.vec_exact(level_, n, "builder levels");
  in.vec_exact(refused_, n, "builder refusals");
  in.vec_exact(next_decision_, n, "builder decisions");
  in.vec_exact(period_start_, n, "builder periods");
  in.vec_exact(has_period_, n, "builder periods");
  in.vec_exact(income_, n, "builder income");
  in.vec_exact(paid_, n, "builder deposits");
  in.vec_exact(served_, n, "builder inferences");
  for (const AgentId b : pop_->of_kind(scenario::AgentKind::kModelBuilder)) {
    const std::uint32_t i = pop_->slot(b);
    const auto g = pop_->group(b);
    if (grid_[g].empty()) {
      ArchiveReader::require(level_[i] == 1 && price_[i] == list_[i], "fixed builder's price");
      continue;
    }
    ArchiveReader::require(level_[i] <= grid_[g].size(), "builder level");
    ArchiveReader::require(price_[i] > Amount::zero(), "builder price");
  }
}

}  // namespace coordsim::model::builders
