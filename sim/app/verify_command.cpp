// `coordsim verify`: replays a run file's event log and checks it against everything else the
// file states (sim/verify, docs/output-format.md "Verifying a run file").
#include <iostream>
#include <memory>
#include <string>

#include "app/commands.hpp"
#include "verify/verify.hpp"

namespace coordsim::app {

namespace {
constexpr const char* kVerifyFooter =
    R"(Re-derives every balance from the event log (opening balances, then every movement) and
checks it against every sample, every snapshot and the final /agents, /accounts and /sessions
tables; checks conservation and replays every session decision against the logged terms; checks
every session's grant terms (caps, lifetime, scope) against the session policy in force at its
grant and, for a sub-delegated one, its parent's; re-derives the settlement's pool splits and the
metric contributor_pool_unpaid at every sample. Prints what it checked and what it could not re-derive; on the first divergence, the event row, the
balance and the expected and found values.

The run must have been made with output.events.enabled: true and no events.kinds or
events.groups filter.

Exit status: 0 every check holds; 3 a divergence (printed); 2 the file has no (complete) event
log; 1 the file cannot be read (damaged, truncated, not a coordsim run file).

Examples:
  coordsim run scenarios/quickstart.yaml -o out/q.h5 --set output.events.enabled=true
  coordsim verify out/q.h5

File layout and semantics: docs/output-format.md)";
}  // namespace

Action add_verify_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "verify", "Replay a run file's event log and check every balance and session decision");
  cmd->footer(kVerifyFooter);
  auto path = std::make_shared<std::string>();
  cmd->add_option("RUN.h5", *path, "Run file written by `coordsim run` with the event log on")
      ->required()
      ->check(CLI::ExistingFile);
  return [path]() -> int { return static_cast<int>(verify::verify(*path, std::cout)); };
}

}  // namespace coordsim::app
