#include "model/ledger/invariant.hpp"

#include <array>

namespace coordsim::model::ledger {
namespace {

constexpr std::size_t kMaxReportedBalances = 16;  // a report names a few, not a million

std::string format_context(const EventContext& c) {
  return "t=" + std::to_string(c.time_ticks) + " event#" + std::to_string(c.event_seq) + " " +
         std::string(c.what);
}

std::string format_operation(const OperationRecord& r) {
  return std::string(to_string(r.op)) + "(" + std::string(to_string(r.asset)) + ", from " +
         std::to_string(r.from.value()) + ", to " + std::to_string(r.to.value()) + ", amount " +
         std::to_string(r.amount.raw()) + ") -> " + std::string(to_string(r.result));
}

struct NamedColumn {
  std::string_view name;
  std::span<const Amount> values;
};

std::array<NamedColumn, 5> named_columns(const Ledger& l) {
  return {{{"liquid", l.column(Bucket::kLiquid)},
           {"staked", l.column(Bucket::kStaked)},
           {"unbonding", l.column(Bucket::kUnbonding)},
           {"locked", l.column(Bucket::kLocked)},
           {"quote", l.quote_column()}}};
}

// Every balance of the accounts the last operation touched.
std::vector<InvolvedBalance> last_operation_balances(const Ledger& l) {
  std::vector<InvolvedBalance> out;
  const OperationRecord& r = l.last_operation();
  for (const AccountId a : {r.from, r.to}) {
    if (!l.contains(a)) continue;
    if (!out.empty() && out.front().account == a) continue;
    for (const NamedColumn& c : named_columns(l)) {
      out.push_back({a, std::string(c.name), c.values[index(a)]});
    }
  }
  return out;
}

}  // namespace

std::string InvariantViolation::to_string() const {
  std::string s = "invariant " + invariant + " violated at " + context + ": expected " +
                  ledger::to_string(expected) + ", actual " + ledger::to_string(actual) +
                  "; last ledger operation " + last_operation;
  for (const InvolvedBalance& b : balances) {
    s += "; account " + std::to_string(b.account.value()) + " " + b.bucket + "=" +
         std::to_string(b.amount.raw());
  }
  return s;
}

ColumnSum sum_column(std::span<const Amount> column) noexcept {
  // Splitting each balance into 32-bit halves lets the sum run in 64-bit lanes without overflow
  // for up to 2^32 accounts (each half is below 2^32). A negative balance reads as its two's
  // complement bit pattern, 2^64 too large; counting them corrects the sum exactly.
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  std::uint64_t negatives = 0;
  // Indexed, reading raw(): copying the Amount object whole defeats GCC's vectoriser.
  for (std::size_t i = 0; i < column.size(); ++i) {
    const auto bits = static_cast<std::uint64_t>(column[i].raw());
    low += bits & 0xFFFF'FFFFULL;
    high += bits >> 32;
    negatives += bits >> 63;
  }
  const Wide two64 = static_cast<Wide>(1) << 64;
  const Wide sum = (static_cast<Wide>(high) << 32) + static_cast<Wide>(low) -
                   static_cast<Wide>(negatives) * two64;
  return {sum, negatives};
}

Wide accounted_total(const Ledger& ledger, Asset asset) noexcept {
  Wide total = ledger.burned(asset).raw();
  if (asset == Asset::kQuote) return total + sum_column(ledger.quote_column()).sum;
  for (const Bucket b : {Bucket::kLiquid, Bucket::kStaked, Bucket::kUnbonding, Bucket::kLocked}) {
    total += sum_column(ledger.column(b)).sum;
  }
  return total;
}

std::optional<InvariantViolation> check_invariants(const Ledger& ledger,
                                                   const EventContext& context, Wide outside_token,
                                                   Wide outside_quote) {
  // One pass per column gives both the sums and the negative counts.
  std::array<ColumnSum, 5> sums;
  const auto columns = named_columns(ledger);
  std::uint64_t negatives = 0;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    sums[i] = sum_column(columns[i].values);
    negatives += sums[i].negatives;
  }
  if (negatives > 0) {
    InvariantViolation v{"non_negative",
                         format_context(context),
                         format_operation(ledger.last_operation()),
                         {},
                         0,
                         static_cast<Wide>(negatives)};  // expected 0 negative balances
    for (const NamedColumn& c : columns) {
      for (std::size_t a = 0; a < c.values.size(); ++a) {
        if (c.values[a] < Amount::zero() && v.balances.size() < kMaxReportedBalances) {
          v.balances.push_back(
              {AccountId{static_cast<std::uint32_t>(a)}, std::string(c.name), c.values[a]});
        }
      }
    }
    return v;
  }
  const Wide token = sums[0].sum + sums[1].sum + sums[2].sum + sums[3].sum +
                     ledger.burned(Asset::kToken).raw() + outside_token;
  const Wide quote = sums[4].sum + ledger.burned(Asset::kQuote).raw() + outside_quote;
  for (const Asset asset : {Asset::kToken, Asset::kQuote}) {
    const Wide actual = asset == Asset::kToken ? token : quote;
    const Wide expected = ledger.supply(asset).raw();
    if (actual != expected) {
      return InvariantViolation{"conservation(" + std::string(to_string(asset)) + ")",
                                format_context(context),
                                format_operation(ledger.last_operation()),
                                last_operation_balances(ledger),
                                expected,
                                actual};
    }
  }
  return std::nullopt;
}

void enforce_invariants(const Ledger& ledger, const EventContext& context, Wide outside_token,
                        Wide outside_quote) {
  if (auto v = check_invariants(ledger, context, outside_token, outside_quote)) {
    throw InvariantViolationError(std::move(*v));
  }
}

}  // namespace coordsim::model::ledger
