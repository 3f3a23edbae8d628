"""Research question 4: contributors' fee share against contributor entry, exit and rows.

Runs sweeps/contributor-share.yaml (base.yaml, shares 10..90%, 10 seeds each) with
`coordsim sweep`, then writes the table of means with 95% t-intervals into docs/behaviour.md
between the markers `<!-- contributor-share:begin -->` and `<!-- contributor-share:end -->`.

    /usr/bin/python3 analysis/contributor_share.py [--coordsim build/release/bin/coordsim]
        [--out out/contributor-share] [--jobs 2] [--no-run]
"""
import argparse
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

METRICS = [
    ("contributors_active", "active at the end"),
    ("contributors_entered", "entries"),
    ("contributors_exited", "exits"),
    ("rows", "rows"),
]
BEGIN = "<!-- contributor-share:begin -->"
END = "<!-- contributor-share:end -->"


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
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--coordsim", default=str(ROOT / "build/release/bin/coordsim"))
    ap.add_argument("--out", default=str(ROOT / "out/contributor-share"))
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--no-run", action="store_true", help="only summarise an existing sweep")
    args = ap.parse_args()
    if not args.no_run:
        subprocess.run([args.coordsim, "sweep", str(ROOT / "sweeps/contributor-share.yaml"), "-o",
                        args.out, "--jobs", args.jobs, "--threads", "1", "--quiet"], check=True)
    runs = ca.load_sweep(args.out)
    text = table(runs)
    print(text)
    doc = ROOT / "docs/behaviour.md"
    body = doc.read_text()
    start, stop = body.index(BEGIN) + len(BEGIN), body.index(END)
    doc.write_text(body[:start] + "\n" + text + body[stop:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
