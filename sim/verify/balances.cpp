#include "verify/balances.hpp"

#include <fmt/core.h>

#include <stdexcept>

#include "verify/divergence.hpp"

namespace coordsim::verify {

namespace {
// The documented buckets (docs/output-format.md, "Buckets") and the asset each holds.
struct Known {
  const char* name;
  Asset asset;
};
constexpr Known kKnown[] = {
    {"liquid", Asset::kToken},        {"staked", Asset::kToken},
    {"unbonding", Asset::kToken},     {"locked", Asset::kToken},
    {"quote", Asset::kQuote},         {"flight_token", Asset::kToken},
    {"flight_quote", Asset::kQuote},  {"burned_token", Asset::kToken},
    {"burned_quote", Asset::kQuote},  {"reserve_token", Asset::kToken},
    {"reserve_quote", Asset::kQuote}, {"custody_token", Asset::kToken},
    {"custody_quote", Asset::kQuote}, {"escrow_token", Asset::kToken},
    {"escrow_quote", Asset::kQuote},  {"genesis", Asset::kEither},
};
}  // namespace

Balances::Balances(const std::vector<std::string>& bucket_names) {
  for (const auto& n : bucket_names) {
    PlaceInfo p;
    p.name = n;
    bool known = false;
    for (const auto& k : kKnown) {
      if (n == k.name) {
        p.asset = k.asset;
        known = true;
      }
    }
    if (!known) throw std::invalid_argument("unknown bucket name '" + n + "'");
    p.genesis = n == "genesis";
    p.flight = n.rfind("flight_", 0) == 0;
    info_.push_back(std::move(p));
  }
  for (const auto& k : kKnown) (void)place(k.name);  // every documented bucket is present
  balance_.resize(info_.size());
}

std::uint8_t Balances::place(const std::string& name) const {
  for (std::size_t i = 0; i < info_.size(); ++i)
    if (info_[i].name == name) return static_cast<std::uint8_t>(i);
  throw std::invalid_argument("the file names no bucket '" + name + "'");
}

std::int64_t Balances::get(std::uint8_t place, std::uint32_t account) const noexcept {
  const auto& col = balance_[place];
  return account < col.size() ? col[account] : 0;
}

std::int64_t Balances::total(std::uint8_t place) const noexcept {
  std::int64_t sum = 0;
  for (const std::int64_t v : balance_[place]) sum += v;
  return sum;
}

std::int64_t Balances::asset_total(Asset a) const noexcept {
  std::int64_t sum = 0;
  for (std::size_t p = 0; p < info_.size(); ++p)
    if (!info_[p].genesis && info_[p].asset == a) sum += total(static_cast<std::uint8_t>(p));
  return sum;
}

void Balances::add(std::uint64_t row, std::uint8_t place, std::uint32_t account,
                   std::int64_t delta) {
  auto& col = balance_[place];
  if (account >= col.size()) {
    // Accounts are agent ids, then four protocol accounts: a larger id is a damaged row, not a
    // reason to allocate gigabytes.
    if (account > (1U << 28U))
      throw Divergence(row, fmt::format("account {} is out of any run's range", account));
    col.resize(account + 1U, 0);
  }
  std::int64_t next = 0;
  if (__builtin_add_overflow(col[account], delta, &next))
    throw Divergence(row, fmt::format("balance ({}, {}) overflows", account, info_[place].name));
  if (next < 0) {
    throw Divergence(row, fmt::format("balance ({}, {}) would go negative: expected at least {}, "
                                      "found {}",
                                      account, info_[place].name, -delta, col[account]));
  }
  col[account] = next;
}

void Balances::apply(std::uint64_t row, const io::EventRecord& r) {
  if (r.from_bucket >= info_.size() || r.to_bucket >= info_.size())
    throw Divergence(row, "a movement names a bucket the file does not define");
  const PlaceInfo& from = info_[r.from_bucket];
  const PlaceInfo& to = info_[r.to_bucket];
  if (r.amount <= 0)
    throw Divergence(row, fmt::format("a movement of {} (must be positive)", r.amount));
  if (to.genesis) throw Divergence(row, "a movement into genesis");
  if (from.genesis) {
    if (r.time != 0) throw Divergence(row, "an opening balance after time 0 (value minted)");
    auto& g = to.asset == Asset::kToken ? genesis_token_ : genesis_quote_;
    if (__builtin_add_overflow(g, r.amount, &g)) throw Divergence(row, "genesis overflows");
  } else {
    if (from.asset != to.asset)
      throw Divergence(
          row, fmt::format("a movement from {} to {} changes the asset", from.name, to.name));
    add(row, r.from_bucket, r.actor, -r.amount);
  }
  add(row, r.to_bucket, r.target, r.amount);
  ++moves_;
  // Value in flight: every delivery must answer an earlier send to the same receiver, with the
  // same cause (the kind of event carrying it) and amount.
  if (to.flight) {
    flights_[{r.target, r.to_bucket, r.cause, r.amount}].push_back(r.time);
    ++pending_;
  } else if (from.flight) {
    auto it = flights_.find({r.actor, r.from_bucket, r.cause, r.amount});
    if (it == flights_.end() || it->second.empty()) {
      throw Divergence(row, fmt::format("a delivery of {} from {} to actor {} answers no send of "
                                        "that amount and cause",
                                        r.amount, from.name, r.actor));
    }
    auto& times = it->second;
    if (times.front() >= r.time)
      throw Divergence(row, fmt::format("delivered at {} but sent at {}", r.time, times.front()));
    times.erase(times.begin());
    --pending_;
  }
}

}  // namespace coordsim::verify
