"""Robustness of the contributor-share response to the learning rule and the contributors' costs.

Runs sweeps/robustness-rule.yaml (contributors learning by logit, roth_erev or ewa) and
sweeps/robustness-cost.yaml (logit with the stake's opportunity cost at 0.01% or 0.2% a day, or
reservation returns U[0, 1] tokens a day), each on base.yaml reduced to a fifth of its principals,
ai agents and contributors, at contributors' shares 10%, 50% and 90% over 10 seeds, with `coordsim sweep`;
then writes contributors active and rows at the end (means with 95% t-intervals) into
docs/behaviour.md between `<!-- robustness:begin -->` and `<!-- robustness:end -->`.

    /usr/bin/python3 analysis/robustness.py [--coordsim build/release/bin/coordsim]
        [--out out] [--jobs 2] [--no-run]
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

SHARE = "incentives.fee_split.contributors"
SHARES = [10, 50, 90]


def cell(summary, share: float) -> str:
    row = summary[summary[SHARE] == share].iloc[0]
    return f"{row['mean']:.1f} [{row['ci_low']:.1f}, {row['ci_high']:.1f}]"


def variants(rule_runs, cost_runs):
    """(label, runs of that variant) in table order."""
    out = []
    rule = "population[2].behaviour.rule"
    for name in ["logit", "roth_erev", "ewa"]:
        out.append((f"rule {name}" + (" (base.yaml)" if name == "logit" else ""),
                    rule_runs[rule_runs[rule] == name]))
    cost = "population[2].behaviour.opportunity_cost"
    ret = "population[2].behaviour.reservation_return"
    for c, r, label in [("0.01%", "0.5", "opportunity cost 0.01%/day"),
                        ("0.2%", "0.5", "opportunity cost 0.2%/day"),
                        ("0.05%", "1", "reservation return U[0, 1]")]:
        sel = cost_runs[(cost_runs[cost] == c) & cost_runs[ret].str.contains(f"0, {r}]", regex=False)]
        out.append((label, sel))
    return out


def table(rule_runs, cost_runs) -> str:
    lines = []
    for metric, label in [("contributors_active", "contributors active at the end (of 100)"),
                          ("rows", "rows at the end")]:
        lines.append(f"| {label} | " + " | ".join(f"{s}%" for s in SHARES) + " | n per cell |")
        lines.append("|---|" + "---|" * (len(SHARES) + 1))
        for name, runs in variants(rule_runs, cost_runs):
            summary = ca.summarise(runs, by=[SHARE], metric=metric)
            n = int(summary["n"].min())
            lines.append(f"| {name} | " + " | ".join(cell(summary, s) for s in SHARES) + f" | {n} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    rule_runs, cost_runs = ca.sweeps_for_doc(__doc__.splitlines()[0],
                                             ["robustness-rule", "robustness-cost"])
    text = table(rule_runs, cost_runs)
    print(text)
    ca.write_section("behaviour.md", "robustness", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
