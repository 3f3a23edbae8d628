#include "model/market/pool.hpp"

#include <limits>

namespace coordsim::model::market {
namespace {

constexpr Wide kMaxAmount = std::numeric_limits<std::int64_t>::max();

}  // namespace

Pool::Pool(Fee fee) : fee_(fee) {
  if (!fee.valid()) throw AmmInputError("pool: fee must satisfy 0 < num <= den");
}

Amount Pool::shares_of(kernel::AgentId owner) const noexcept {
  const std::size_t i = kernel::index(owner);
  return i < shares_.size() ? shares_[i] : Amount::zero();
}

double Pool::spot_price() const noexcept {
  if (reserve_token_ <= Amount::zero()) return 0.0;
  return static_cast<double>(reserve_quote_.raw()) / static_cast<double>(reserve_token_.raw());
}

SwapOutcome Pool::preview_exact_in(SwapDirection dir, Amount amount_in) const noexcept {
  const bool token_in = dir == SwapDirection::kTokenToQuote;
  const Amount r_in = token_in ? reserve_token_ : reserve_quote_;
  const Amount r_out = token_in ? reserve_quote_ : reserve_token_;
  if (amount_in <= Amount::zero()) return {PoolResult::kNonPositiveAmount, amount_in, {}};
  if (r_in <= Amount::zero() || r_out <= Amount::zero())
    return {PoolResult::kNoLiquidity, amount_in, {}};
  if (static_cast<Wide>(r_in.raw()) + amount_in.raw() > kMaxAmount) {
    return {PoolResult::kOverflow, amount_in, {}};
  }
  // The checks above and the constructor's fee check are get_amount_out's: nothing can throw.
  const Wide out = detail::amount_out_unchecked(amount_in.raw(), r_in.raw(), r_out.raw(), fee_);
  const Amount amount_out{static_cast<std::int64_t>(out)};  // below r_out, so it fits
  if (amount_out <= Amount::zero()) return {PoolResult::kInsufficientOutput, amount_in, amount_out};
  return {PoolResult::kOk, amount_in, amount_out};
}

SwapOutcome Pool::preview_exact_out(SwapDirection dir, Amount amount_out) const noexcept {
  const bool token_in = dir == SwapDirection::kTokenToQuote;
  const Amount r_in = token_in ? reserve_token_ : reserve_quote_;
  const Amount r_out = token_in ? reserve_quote_ : reserve_token_;
  if (amount_out <= Amount::zero()) return {PoolResult::kNonPositiveAmount, {}, amount_out};
  if (r_in <= Amount::zero() || r_out <= Amount::zero())
    return {PoolResult::kNoLiquidity, {}, amount_out};
  if (amount_out >= r_out) return {PoolResult::kInsufficientOutput, {}, amount_out};
  // The input is floor(a / b) + 1 with a = r_in * out * den and b = (r_out - out) * num; it
  // overflows the reserve (input + r_in > max) exactly when a >= (max - r_in) * b. Deciding that
  // first keeps the quotient below 2^63: with a steep fee and huge reserves it could otherwise
  // exceed 127 bits, and mul_div_floor's overflow_error would end the program here (noexcept).
  const Wide r_in_out = static_cast<Wide>(r_in.raw()) * amount_out.raw();
  const Wide b = static_cast<Wide>(r_out.raw() - amount_out.raw()) * fee_.num;
  if (compare_products(r_in_out, fee_.den, kMaxAmount - r_in.raw(), b) >= 0) {
    return {PoolResult::kOverflow, {}, amount_out};
  }
  const Wide in = detail::amount_in_unchecked(amount_out.raw(), r_in.raw(), r_out.raw(), fee_);
  return {PoolResult::kOk, Amount{static_cast<std::int64_t>(in)}, amount_out};
}

SwapOutcome Pool::apply(SwapDirection dir, SwapOutcome planned) {
  const bool token_in = dir == SwapDirection::kTokenToQuote;
  const Amount new_token =
      token_in ? reserve_token_ + planned.amount_in : reserve_token_ - planned.amount_out;
  const Amount new_quote =
      token_in ? reserve_quote_ - planned.amount_out : reserve_quote_ + planned.amount_in;
  // UniswapV2Pair.swap's "K" check, without the fee adjustment: k must not decrease.
  if (static_cast<Wide>(new_token.raw()) * new_quote.raw() < k()) {
    return {PoolResult::kInvariantK, planned.amount_in, planned.amount_out};
  }
  reserve_token_ = new_token;
  reserve_quote_ = new_quote;
  return planned;
}

SwapOutcome Pool::swap_exact_in(SwapDirection dir, Amount amount_in, Amount min_out) {
  SwapOutcome s = preview_exact_in(dir, amount_in);
  if (s.result != PoolResult::kOk) return s;
  if (s.amount_out < min_out) return {PoolResult::kInsufficientOutput, s.amount_in, s.amount_out};
  return apply(dir, s);
}

SwapOutcome Pool::swap_exact_out(SwapDirection dir, Amount amount_out, Amount max_in) {
  SwapOutcome s = preview_exact_out(dir, amount_out);
  if (s.result != PoolResult::kOk) return s;
  if (s.amount_in > max_in) return {PoolResult::kExcessiveInput, s.amount_in, s.amount_out};
  return apply(dir, s);
}

LiquidityOutcome Pool::add_liquidity(kernel::AgentId owner, Amount token_desired,
                                     Amount quote_desired) {
  if (token_desired <= Amount::zero() || quote_desired <= Amount::zero()) {
    return {PoolResult::kNonPositiveAmount, {}, {}, {}};
  }
  Wide token = token_desired.raw();
  Wide quote = quote_desired.raw();
  Wide minted = 0;
  if (total_shares_ == Amount::zero()) {
    minted = isqrt(token * quote);  // < 2^63: the geometric mean of two 63-bit values
  } else {
    const Wide rt = reserve_token_.raw();
    const Wide rq = reserve_quote_.raw();
    const Wide s = total_shares_.raw();
    // UniswapV2Router.addLiquidity: the desired token amount and its proportional quote, unless
    // that is more quote than desired; then the desired quote and its proportional token.
    const Wide quote_optimal = mul_div_floor(token, rq, rt);
    if (quote_optimal <= quote) {
      quote = quote_optimal;
    } else {
      token = mul_div_floor(quote, rt, rq);
    }
    const Wide by_token = mul_div_floor(token, s, rt);
    const Wide by_quote = mul_div_floor(quote, s, rq);
    minted = by_token < by_quote ? by_token : by_quote;
  }
  if (minted <= 0) return {PoolResult::kNothingMinted, {}, {}, {}};
  if (token + reserve_token_.raw() > kMaxAmount || quote + reserve_quote_.raw() > kMaxAmount ||
      minted + total_shares_.raw() > kMaxAmount) {
    return {PoolResult::kOverflow, {}, {}, {}};
  }
  const LiquidityOutcome out{PoolResult::kOk, Amount{static_cast<std::int64_t>(token)},
                             Amount{static_cast<std::int64_t>(quote)},
                             Amount{static_cast<std::int64_t>(minted)}};
  reserve_token_ += out.token;
  reserve_quote_ += out.quote;
  total_shares_ += out.shares;
  const std::size_t i = kernel::index(owner);
  if (i >= shares_.size()) shares_.resize(i + 1);
  shares_[i] += out.shares;
  return out;
}

LiquidityOutcome Pool::remove_liquidity(kernel::AgentId owner, Amount shares) {
  if (shares <= Amount::zero()) return {PoolResult::kNonPositiveAmount, {}, {}, {}};
  if (shares_of(owner) < shares) return {PoolResult::kInsufficientShares, {}, {}, {}};
  const Wide s = total_shares_.raw();
  const Amount token{
      static_cast<std::int64_t>(mul_div_floor(shares.raw(), reserve_token_.raw(), s))};
  const Amount quote{
      static_cast<std::int64_t>(mul_div_floor(shares.raw(), reserve_quote_.raw(), s))};
  if (token <= Amount::zero() || quote <= Amount::zero()) {
    return {PoolResult::kNothingMinted,
            {},
            {},
            {}};  // UniswapV2Pair.burn: INSUFFICIENT_LIQUIDITY_BURNED
  }
  reserve_token_ -= token;
  reserve_quote_ -= quote;
  total_shares_ -= shares;
  shares_[kernel::index(owner)] -= shares;
  return {PoolResult::kOk, token, quote, shares};
}

namespace {
constexpr std::uint32_t kPoolTag = 0x504F4F4C;  // "POOL"
}  // namespace

void Pool::save(kernel::ArchiveWriter& out) const {
  out.tag(kPoolTag);
  out.pod(reserve_token_);
  out.pod(reserve_quote_);
  out.pod(total_shares_);
  out.vec(shares_);
}

void Pool::load(kernel::ArchiveReader& in) {
  in.expect_tag(kPoolTag, "pool");
  in.pod(reserve_token_);
  in.pod(reserve_quote_);
  in.pod(total_shares_);
  in.vec(shares_);
  kernel::ArchiveReader::require(reserve_token_ >= Amount::zero() &&
                                     reserve_quote_ >= Amount::zero() &&
                                     total_shares_ >= Amount::zero(),
                                 "negative pool reserves");
}

}  // namespace coordsim::model::market
