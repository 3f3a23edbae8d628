// The market's checkpoint section: every column that changes during a run, in a fixed order.
// Rebuilt from the scenario instead: the spec, the population, the market actor's id. Not stored:
// the fills scratch (cleared before every use).
#include "model/exchange/exchange.hpp"

namespace coordsim::model::exchange {

using kernel::ArchiveReader;

void Exchange::save(kernel::ArchiveWriter& out) const {
  pool_.save(out);
  reference_.save(out);
  out.vec(custody_token_);
  out.vec(custody_quote_);
  book_.save(out);
  out.vec(maker_bid_);
  out.vec(maker_ask_);
  out.vec(posted_token_);
  out.vec(posted_quote_);
}

void Exchange::load(ArchiveReader& in) {
  pool_.load(in);
  reference_.load(in);
  const std::size_t makers = custody_token_.size();
  in.vec_exact(custody_token_, makers, "maker custody");
  in.vec_exact(custody_quote_, makers, "maker custody");
  book_.load(in);
  in.vec_exact(maker_bid_, makers, "maker quotes");
  in.vec_exact(maker_ask_, makers, "maker quotes");
  in.vec_exact(posted_token_, makers, "maker escrow");
  in.vec_exact(posted_quote_, makers, "maker escrow");
}

}  // namespace coordsim::model::exchange
