"""Validator effort, care and bad rows caught against the slash bounty.

Runs sweeps/validator-bounty.yaml (base.yaml reduced, learning validators, bounty 0..75%, 10 seeds
each) and sweeps/validator-care.yaml (the same economy with 3 care levels, bounty 0..75% at two
wrong-flag slashes, 10 seeds each) with `coordsim sweep`, then writes the tables of means with 95%
t-intervals into docs/behaviour.md between the markers `<!-- validator-bounty:begin -->` and
`<!-- validator-bounty:end -->`, and `<!-- validator-care:begin -->` and
`<!-- validator-care:end -->`.

    /usr/bin/python3 analysis/validator_bounty.py [--coordsim build/release/bin/coordsim]
        [--out out] [--jobs 2] [--no-run]
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

# (metric, column label, scale, decimals)
METRICS = [
    ("validator_checks_per_day", "checks per validator per day", 1.0, 1),
    ("bad_rows_caught", "share of bad rows caught", 1.0, 3),
    ("validators_active", "validators staked at the end (of 10)", 1.0, 1),
    ("slash_bounties", "bounties paid (tokens)", 1e-6, 1),
]


def table(runs) -> str:
    key = "incentives.slash_bounty"
    summaries = {m: ca.summarise(runs, by=[key], metric=m) for m, _, _, _ in METRICS}
    first = summaries[METRICS[0][0]]
    head = "| slash bounty | n | " + " | ".join(label for _, label, _, _ in METRICS) + " |\n"
    head += "|---|---|" + "---|" * len(METRICS) + "\n"
    lines = []
    for i in range(len(first)):
        bounty = first.iloc[i][key]
        cells = []
        for m, _, scale, dec in METRICS:
            row = summaries[m].iloc[i]
            lo, mid, hi = row["ci_low"] * scale, row["mean"] * scale, row["ci_high"] * scale
            cells.append(f"{mid:.{dec}f} [{lo:.{dec}f}, {hi:.{dec}f}]")
        lines.append(f"| {bounty:g}% | {int(first.iloc[i]['n'])} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


# The care sweep: (metric, column label, scale, decimals)
CARE_METRICS = [
    ("validator_accuracy", "accuracy per check (mean over checks)", 1.0, 3),
    ("validator_care", "care of those checking at the end (0..1)", 1.0, 2),
    ("validator_checks_per_day", "checks per validator per day", 1.0, 1),
    ("bad_rows_caught", "share of bad rows caught", 1.0, 3),
    ("validators_active", "validators staked at the end (of 10)", 1.0, 1),
]


def care_table(runs) -> str:
    keys = ["incentives.validator_slash_fraction", "incentives.slash_bounty"]
    summaries = {m: ca.summarise(runs, by=keys, metric=m) for m, _, _, _ in CARE_METRICS}
    first = summaries[CARE_METRICS[0][0]]
    head = "| wrong-flag slash | slash bounty | n | " + " | ".join(l for _, l, _, _ in CARE_METRICS) + " |\n"
    head += "|---|---|---|" + "---|" * len(CARE_METRICS) + "\n"
    lines = []
    for i in range(len(first)):
        slash, bounty = first.iloc[i][keys[0]], first.iloc[i][keys[1]]
        cells = []
        for m, _, scale, dec in CARE_METRICS:
            row = summaries[m].iloc[i]
            lo, mid, hi = row["ci_low"] * scale, row["mean"] * scale, row["ci_high"] * scale
            cells.append(f"{mid:.{dec}f} [{lo:.{dec}f}, {hi:.{dec}f}]")
        lines.append(f"| {slash:g}% | {bounty:g}% | {int(first.iloc[i]['n'])} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def main() -> int:
    bounty, care = ca.sweeps_for_doc(__doc__.splitlines()[0], ["validator-bounty", "validator-care"])
    text = table(bounty)
    print(text)
    ca.write_section("behaviour.md", "validator-bounty", text)
    text = care_table(care)
    print(text)
    ca.write_section("behaviour.md", "validator-care", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
