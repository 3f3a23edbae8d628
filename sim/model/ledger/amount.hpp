#pragma once
// The model's name for money: the type itself lives in sim/money (below the scenario layer and
// the model alike); ledger code and everything built on it keep writing ledger::Amount.
#include "money/amount.hpp"

namespace coordsim::model::ledger {

using money::Amount;
using money::max;
using money::min;
using money::mul_div;
using money::to_string;
using money::whole_units;
using money::Wide;

}  // namespace coordsim::model::ledger
