#pragma once
// Splitting an integer pool in proportion to weights so that the parts sum EXACTLY to the pool
// (Hamilton's largest-remainder method). Invariant 4 of MODEL.md, budget balance, rests on this.
//
//   quota_i  = pool * w_i / W            (W = sum of weights, computed exactly in 128 bits)
//   out_i    = floor(quota_i) + (1 if i is among the R largest remainders, else 0)
//   R        = pool - sum floor(quota_i)  (< number of positive weights)
//
// Ties between equal remainders go to the LOWER index (pool 10 over 1:1:1 gives 4,3,3). Every
// part is within one base unit of its exact quota, and a zero weight always gets zero.
//
// All-zero weights (including no weights at all): nothing is paid, every out_i = 0, and the whole
// pool is RETURNED as the unallocated amount for the caller to route (the world's settlement pays
// it to the treasury). Otherwise the returned unallocated amount is zero.
#include <cstdint>
#include <span>
#include <vector>

#include "model/ledger/amount.hpp"

namespace coordsim::model::attribution {

/// Scratch vectors reused across calls so that a split allocates nothing once warmed up.
struct LargestRemainderScratch {
  std::vector<std::uint64_t> quantized;  // double weights as integers
  std::vector<ledger::Wide> remainder;   // pool * w_i mod W
  std::vector<std::uint32_t> order;      // candidates for the remainder units
};

/// Integer (or rational with a common denominator) weights: exact.
/// @returns the unallocated amount: `pool` if every weight is zero, else zero.
/// @throws InvalidSplit if pool < 0 or out.size() != weights.size().
ledger::Amount largest_remainder(ledger::Amount pool, std::span<const std::uint64_t> weights,
                                 std::span<ledger::Amount> out, LargestRemainderScratch& scratch);

/// Real weights. Negative weights count as zero (a negative share is not a debt: see
/// docs/attribution.md). The weights are first turned into integers by quantize_weights, so the
/// result does not depend on floating-point summation order and is the same on every IEEE-754
/// platform.
/// @throws InvalidSplit if pool < 0, a weight is NaN or infinite, or the sizes differ.
ledger::Amount largest_remainder(ledger::Amount pool, std::span<const double> weights,
                                 std::span<ledger::Amount> out, LargestRemainderScratch& scratch);

/// Convenience overloads with a local scratch (allocate per call; fine outside hot paths).
ledger::Amount largest_remainder(ledger::Amount pool, std::span<const std::uint64_t> weights,
                                 std::span<ledger::Amount> out);
ledger::Amount largest_remainder(ledger::Amount pool, std::span<const double> weights,
                                 std::span<ledger::Amount> out);

/// Fixed-point weights: out_i = llround(max(w_i, 0) * 2^e) where the power of two 2^e brings the
/// largest weight into [2^52, 2^53). Scaling by a power of two is exact, so integer weights up to
/// 2^53 (and any weights whose ratios are dyadic) keep their ratios exactly; a weight below
/// 2^-53 of the largest becomes 0. All zero (or all negative) in gives all zero out.
/// @throws InvalidSplit on NaN or infinity, or if the sizes differ.
void quantize_weights(std::span<const double> weights, std::span<std::uint64_t> out);

}  // namespace coordsim::model::attribution
