"""Issue 13: `fixed` behaviour is still available and gives the figures of before issue 13.

Runs sweeps/fixed-behaviour.yaml (base.yaml with every group `fixed` and the two calibration keys
of issue 13 restored: publish fee 10 tokens, demand elasticity 0, wrong-flag slash 10%) and
sweeps/fixed-behaviour-shipped.yaml (every group `fixed`, base.yaml's calibration kept), each at
contributors' shares 0%, 50% and 90% over 10 seeds, with `coordsim sweep`; then writes the table of
means with 95% t-intervals into docs/behaviour.md between `<!-- fixed-behaviour:begin -->` and
`<!-- fixed-behaviour:end -->`. Before issue 13 (issue 13's own measurement over 5-10 seeds):
rows 23,500, entries 500, exits 0 at every share, about 172,000 actions applied.

    /usr/bin/python3 analysis/fixed_behaviour.py [--coordsim build/release/bin/coordsim]
        [--out out] [--jobs 2] [--no-run]
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

SWEEPS = [("fixed-behaviour", "fixed, publish fee 10, elasticity 0, wrong-flag slash 10% (before issue 13)"),
          ("fixed-behaviour-shipped", "fixed, base.yaml's publish fee 0.02, elasticity 1.5, wrong-flag slash 0.01%")]
# (metric, column label, decimals)
METRICS = [
    ("rows", "rows", 1),
    ("contributors_entered", "entries", 1),
    ("contributors_exited", "exits", 1),
    ("actions_applied", "actions applied", 0),
    ("inferences", "inferences", 0),
    ("builders_active", "builders serving", 1),
    ("validators_active", "validators staked", 1),
]


def table(indexes) -> str:
    key = "incentives.fee_split.contributors"
    head = "| run | contributors' share | n | " + " | ".join(l for _, l, _ in METRICS) + " |\n"
    head += "|---|---|---|" + "---|" * len(METRICS) + "\n"
    lines = []
    for (_, label), runs in zip(SWEEPS, indexes):
        summaries = {m: ca.summarise(runs, by=[key], metric=m) for m, _, _ in METRICS}
        first = summaries[METRICS[0][0]]
        for i in range(len(first)):
            cells = []
            for m, _, dec in METRICS:
                row = summaries[m].iloc[i]
                cells.append(f"{row['mean']:.{dec}f} [{row['ci_low']:.{dec}f}, {row['ci_high']:.{dec}f}]")
            lines.append(f"| {label} | {first.iloc[i][key]:g}% | {int(first.iloc[i]['n'])} | "
                         + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def main() -> int:
    indexes = ca.sweeps_for_doc(__doc__.splitlines()[0], [s for s, _ in SWEEPS])
    text = table(indexes)
    print(text)
    ca.write_section("behaviour.md", "fixed-behaviour", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
