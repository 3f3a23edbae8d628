"""Research question 4: contributors' fee share against contributor entry, exit and rows.

Runs sweeps/contributor-share.yaml (base.yaml, shares 10..90%, 10 seeds each) with
`coordsim sweep`, then writes the table of means with 95% t-intervals into docs/behaviour.md
between the markers `<!-- contributor-share:begin -->` and `<!-- contributor-share:end -->`.

    /usr/bin/python3 analysis/contributor_share.py [--coordsim build/release/bin/coordsim]
        [--out out/contributor-share] [--jobs 2] [--no-run]
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

METRICS = [
    ("contributors_active", "active at the end"),
    ("contributors_entered", "entries"),
    ("contributors_exited", "exits"),
    ("rows", "rows"),
    ("inferences", "inferences"),
    ("builders_active", "builders serving (of 20)"),
    ("validators_active", "validators staked (of 50)"),
]


def table(runs) -> str:
    key = "incentives.fee_split.contributors"
    summaries = {m: ca.summarise(runs, by=[key], metric=m) for m, _ in METRICS}
    first = summaries[METRICS[0][0]]
    head = "| contributors' share | n | " + " | ".join(label for _, label in METRICS) + " |\n"
    head += "|---|---|" + "---|" * len(METRICS) + "\n"
    lines = []
    for i in range(len(first)):
        share = first.iloc[i][key]
        cells = []
        for m, _ in METRICS:
            row = summaries[m].iloc[i]
            cells.append(f"{row['mean']:.1f} [{row['ci_low']:.1f}, {row['ci_high']:.1f}]")
        lines.append(f"| {share:g}% | {int(first.iloc[i]['n'])} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def main() -> int:
    runs = ca.sweep_for_doc(__doc__.splitlines()[0], "contributor-share")
    text = table(runs)
    print(text)
    ca.write_section("behaviour.md", "contributor-share", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
