"""Builders competing for demand: inference prices and who sells, against how many builders an
ai agent compares.

Runs sweeps/builders-competition.yaml (base.yaml reduced, learning builders, elastic demand,
inference_sample 0, 1 and 3, 10 seeds each) with `coordsim sweep`, then writes the table of means
with 95% t-intervals into docs/behaviour.md between the markers
`<!-- builders-competition:begin -->` and `<!-- builders-competition:end -->`.

Over the run's second day (the builders' prices have moved by then):
  posted  the serving builders' mean price (metric mean_inference_price, averaged over the samples)
  paid    the mean fee per inference served (the day's fees / the day's inferences)
  paid / posted  below 1 when demand goes to the cheaper builders (an unweighted mean of the posted
          prices against the mean weighted by sales)

    /usr/bin/python3 analysis/builders_competition.py [--coordsim build/release/bin/coordsim]
        [--out out/builders-competition] [--jobs 2] [--no-run]
"""
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

KEY = "population[1].inference_sample"
DAY = 86400.0


def second_day(path: str) -> dict:
    m = ca.load(path, events=False).metrics
    start = m.index.max() - DAY
    before = m[m.index <= start].iloc[-1]
    end = m.iloc[-1]
    day = m[m.index > start]
    inferences = float(end["inferences"]) - float(before["inferences"])
    fees = float(end["fees"]) - float(before["fees"])
    posted = float(day["mean_inference_price"].astype(float).mean())
    paid = fees / inferences if inferences > 0 else float("nan")
    return {"posted": posted, "paid": paid, "ratio": paid / posted if posted > 0 else float("nan"),
            "day_inferences": inferences, "active": float(end["builders_active"])}


# (column, label, scale, decimals)
COLUMNS = [
    ("posted", "posted price (0.001 tokens)", 1e-3, 2),
    ("paid", "price paid (0.001 tokens)", 1e-3, 2),
    ("ratio", "paid / posted", 1.0, 3),
    ("day_inferences", "inferences (second day)", 1.0, 0),
    ("active", "builders serving at the end (of 20)", 1.0, 1),
]


def table(runs) -> str:
    folder = runs.attrs["folder"]
    done = runs[runs["status"] == "complete"].copy()
    per_run = [second_day(os.path.join(folder, f)) for f in done["file"]]
    for c, _, _, _ in COLUMNS:
        done[c] = [r[c] for r in per_run]
    done.attrs.update(runs.attrs)
    head = "| builders compared (inference_sample) | n | " + " | ".join(l for _, l, _, _ in COLUMNS) + " |\n"
    head += "|---|---|" + "---|" * len(COLUMNS) + "\n"
    lines = []
    summaries = {c: ca.summarise(done, by=[KEY], metric=c) for c, _, _, _ in COLUMNS}
    first = summaries[COLUMNS[0][0]]
    for i in range(len(first)):
        cells = []
        for c, _, scale, dec in COLUMNS:
            row = summaries[c].iloc[i]
            lo, mid, hi = row["ci_low"] * scale, row["mean"] * scale, row["ci_high"] * scale
            cells.append(f"{mid:.{dec}f} [{lo:.{dec}f}, {hi:.{dec}f}]")
        k = first.iloc[i][KEY]
        lines.append(f"| {k:g} | {int(first.iloc[i]['n'])} | " + " | ".join(cells) + " |")
    return head + "\n".join(lines) + "\n"


def main() -> int:
    runs = ca.sweep_for_doc(__doc__.splitlines()[0], "builders-competition")
    text = table(runs)
    print(text)
    ca.write_section("behaviour.md", "builders-competition", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
