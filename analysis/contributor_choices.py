"""Contributors' effort against the attribution rule, and their choice of datanet.

Runs sweeps/contributor-effort.yaml (base.yaml reduced, effort levels; usage, influence,
leave_one_out and shapley)
and sweeps/contributor-datanets.yaml (4 datanets, two of them dear for builders; datanets chosen
or at random), 10 seeds each, with `coordsim sweep`, then writes the tables of means with 95%
t-intervals into docs/behaviour.md between `<!-- contributor-choices:begin -->` and
`<!-- contributor-choices:end -->`.

    /usr/bin/python3 analysis/contributor_choices.py [--coordsim build/release/bin/coordsim]
        [--out out] [--jobs 2] [--no-run]
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

# (metric, column label, scale, decimals)
EFFORT = [
    ("contributor_effort", "mean effort of those in at the end", 1.0, 3),
    ("row_quality", "mean true quality of the rows written", 1.0, 4),
    ("contributors_active", "contributors active at the end (of 100)", 1.0, 1),
    ("rows", "rows", 1.0, 0),
    ("model_value", "model value at the end", 1.0, 3),
]
DATANETS = [
    ("datanet_match", "datanet match (rows x builders' picks)", 1.0, 3),
    ("contributors_active", "contributors active at the end (of 100)", 1.0, 1),
    ("rows", "rows", 1.0, 0),
]


def table(runs, key: str, label: str, metrics) -> str:
    summaries = {m: ca.summarise(runs, by=[key], metric=m) for m, _, _, _ in metrics}
    first = summaries[metrics[0][0]]
    head = f"| {label} | n | " + " | ".join(lab for _, lab, _, _ in metrics) + " |\n"
    head += "|---|---|" + "---|" * len(metrics) + "\n"
    lines = []
    for i in range(len(first)):
        value = first.iloc[i][key]
        cells = []
        for m, _, scale, dec in metrics:
            row = summaries[m].iloc[i]
            lo, mid, hi = row["ci_low"] * scale, row["mean"] * scale, row["ci_high"] * scale
            cells.append(f"{mid:.{dec}f} [{lo:.{dec}f}, {hi:.{dec}f}]")
        lines.append(f"| `{value}` | {int(first.iloc[i]['n'])} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def main() -> int:
    effort, datanets = ca.sweeps_for_doc(__doc__.splitlines()[0],
                                         ["contributor-effort", "contributor-datanets"])
    text = (table(effort, "attribution.rule", "attribution rule", EFFORT) + "\n" +
            table(datanets, "population[2].behaviour.choose_datanets", "choose_datanets", DATANETS))
    print(text)
    ca.write_section("behaviour.md", "contributor-choices", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
