#pragma once
// Tests corrupt a ledger on purpose to prove that the invariant checker notices.
#include "model/ledger/ledger.hpp"

namespace coordsim::model::ledger {

struct LedgerTestAccess {
  static std::vector<Amount>& liquid(Ledger& l) { return l.liquid_; }
  static std::vector<Amount>& quote(Ledger& l) { return l.quote_; }
  static std::vector<Amount>& staked(Ledger& l) { return l.staked_; }
};

}  // namespace coordsim::model::ledger
