"""Research question 5: what the router bug takes against cap accounting and session lifetime.

Runs sweeps/router-bug.yaml (router-bug.yaml; per_link and chain accounting; 30m, 2h and 8h
sessions; 10 seeds each) with `coordsim sweep`, then writes the table of means with 95%
t-intervals into docs/sessions.md between `<!-- router-bug:begin -->` and `<!-- router-bug:end -->`.

    /usr/bin/python3 analysis/router_bug.py [--coordsim build/release/bin/coordsim]
        [--out out/router-bug] [--jobs 2] [--no-run]
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

ACCOUNTING = "sessions.cap_accounting"
TTL = "sessions.default_ttl"
TOKEN = 1e6  # base units per token (router-bug.yaml: 6 decimals)


def cell(row, digits=1):
    return f"{row['mean']:.{digits}f} [{row['ci_low']:.{digits}f}, {row['ci_high']:.{digits}f}]"


def table(runs) -> str:
    runs = runs.copy()
    runs["taken_tokens"] = runs["router_bug_taken"].astype(float) / TOKEN
    runs["honest_pct"] = 100.0 * (runs["honest_rejected_cap_exceeded"].astype(float) +
                                  runs["honest_rejected_expired"].astype(float)) / runs[
                                      "honest_attempted"].astype(float)
    by = [ACCOUNTING, TTL]
    taken = ca.summarise(runs, by=by, metric="taken_tokens")
    cost = ca.summarise(runs, by=by, metric="honest_pct")
    head = ("| cap accounting | session lifetime | n | `router_bug_taken` (tokens) "
            "| honest actions rejected CAP_EXCEEDED or EXPIRED (%) |\n|---|---|---|---|---|\n")
    lines = []
    for i in range(len(taken)):
        t, c = taken.iloc[i], cost.iloc[i]
        hours = float(t[TTL]) / 3600.0
        lines.append(f"| {t[ACCOUNTING]} | {hours:g} h | {int(t['n'])} | {cell(t)} | {cell(c, 2)} |")
    return head + "\n".join(lines) + "\n"


def main() -> int:
    runs = ca.sweep_for_doc(__doc__.splitlines()[0], "router-bug")
    text = table(runs)
    print(text)
    ca.write_section("sessions.md", "router-bug", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
