#pragma once
// Includes model/ledger/amount.hpp with -Wpedantic silenced: on this branch amount.hpp spells
// `using Wide = __int128;` without `__extension__`, which -Wpedantic -Werror rejects in every
// compiled file that includes it. Delete this wrapper (include amount.hpp directly) once the
// ledger header carries `__extension__` (the market branch already has that fix).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#include "model/ledger/amount.hpp"
#pragma GCC diagnostic pop
