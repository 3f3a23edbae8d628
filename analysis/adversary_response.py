"""Issue 13, adversaries that respond to incentives: poisoners and free riders that stop or continue.

Runs sweeps/adversary-response.yaml (attribution-vs-sybils.yaml reduced, 15% poisoners and 15% free
riders; three environments: usage without validators, usage with validators slashing a poisoned
row's whole stake, leave-one-out with those validators; adversaries' rules fixed or logit; 10 seeds
each) with `coordsim sweep`. For each seed the share of poisoners (free riders) still active at the
end is poisoners_active under logit over poisoners_active under fixed on the same seed (roles are
drawn from each contributor's own stream, so the same seed has the same adversaries, and under
fixed every one of them is active). Writes the table of means with 95% t-intervals into
docs/behaviour.md between `<!-- adversary-response:begin -->` and `<!-- adversary-response:end -->`
and the figure docs/adversary-response.png.

    /usr/bin/python3 analysis/adversary_response.py [--coordsim build/release/bin/coordsim]
        [--out out/adversary-response] [--jobs 2] [--no-run]
"""
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

RULE = "attribution.rule"
VALIDATORS = "population[4].count"
POISONER = "adversaries.poisoner.rule"
FREE_RIDER = "adversaries.free_rider.rule"
ENVIRONMENTS = [  # (attribution rule, validators, label)
    ("usage", 0, "usage, no validators"),
    ("usage", 20, "usage, validators slash 100%"),
    ("leave_one_out", 20, "leave_one_out, validators slash 100%"),
]
ROLES = [("poisoners_active", "poisoners"), ("free_riders_active", "free riders")]


def seed_column(runs) -> str:
    for name in ("seed", "replication"):
        if name in runs.columns:
            return name
    raise KeyError("the sweep index has no seed column")


def shares(runs, rule: str, validators: int, metric: str) -> np.ndarray:
    """Per seed: the metric under logit (both adversaries learn) over the same seed under fixed."""
    seed = seed_column(runs)
    env = runs[(runs[RULE] == rule) & (runs[VALIDATORS].astype(float) == validators)
               & (runs["status"] == "complete")]
    learn = env[(env[POISONER] == "logit") & (env[FREE_RIDER] == "logit")].set_index(seed)[metric]
    fixed = env[(env[POISONER] == "fixed") & (env[FREE_RIDER] == "fixed")].set_index(seed)[metric]
    both = learn.to_frame("learn").join(fixed.to_frame("fixed"), how="inner")
    both = both[both["fixed"].astype(float) > 0]
    return (both["learn"].astype(float) / both["fixed"].astype(float)).to_numpy()


def final(runs, rule: str, validators: int, learning: str, metric: str) -> np.ndarray:
    env = runs[(runs[RULE] == rule) & (runs[VALIDATORS].astype(float) == validators)
               & (runs["status"] == "complete") & (runs[POISONER] == learning)
               & (runs[FREE_RIDER] == learning)]
    return env[metric].astype(float).to_numpy()


def cell(values: np.ndarray, dec: int = 2) -> str:
    mean, lo, hi = ca.t_interval(values)
    return f"{mean:.{dec}f} [{lo:.{dec}f}, {hi:.{dec}f}]"


def table(runs) -> str:
    head = ("| environment | n | poisoners active at the end (share) | free riders active at the end "
            "(share) | model value, fixed | model value, logit |\n|---|---|---|---|---|---|\n")
    lines = []
    for rule, validators, label in ENVIRONMENTS:
        p = shares(runs, rule, validators, "poisoners_active")
        f = shares(runs, rule, validators, "free_riders_active")
        v_fixed = final(runs, rule, validators, "fixed", "model_value")
        v_logit = final(runs, rule, validators, "logit", "model_value")
        lines.append(f"| {label} | {min(len(p), len(f))} | {cell(p)} | {cell(f)} | "
                     f"{cell(v_fixed, 3)} | {cell(v_logit, 3)} |")
    return head + "\n".join(lines) + "\n"


def figure(runs, path: pathlib.Path) -> None:
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    width = 0.38
    x = np.arange(len(ENVIRONMENTS))
    for k, (metric, name) in enumerate(ROLES):
        means, errs = [], []
        for rule, validators, _ in ENVIRONMENTS:
            mean, lo, hi = ca.t_interval(shares(runs, rule, validators, metric))
            means.append(mean)
            errs.append((hi - lo) / 2 if np.isfinite(hi) else 0.0)
        ax.bar(x + (k - 0.5) * width, means, width, yerr=errs, capsize=4, label=name)
    ax.set_xticks(x)
    ax.set_xticklabels([label.replace(", ", ",\n") for _, _, label in ENVIRONMENTS], fontsize=8)
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("share still active after 2 days")
    ax.set_title("Adaptive (logit) poisoners and free riders, mean and 95% interval over 10 seeds",
                 fontsize=9)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main() -> int:
    runs = ca.sweep_for_doc(__doc__.splitlines()[0], "adversary-response")
    text = ("Share of adversaries still active after two days under logit (24 decisions), over the "
            "same seed under `fixed`, and the builders' mean true model value at the end; mean "
            "[95% t-interval] over seeds.\n\n" + table(runs)
            + "\n![adaptive adversaries](adversary-response.png)\n")
    print(text)
    figure(runs, ROOT / "docs" / "adversary-response.png")
    ca.write_section("behaviour.md", "adversary-response", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
