"""Issue 13, adversaries that respond to incentives: poisoners and free riders that stop or continue.

Runs sweeps/adversary-response.yaml (attribution-vs-sybils.yaml reduced, 15% poisoners and 15% free
riders; three environments: usage without validators, usage with validators slashing a poisoned
row's whole stake, leave-one-out with those validators; adversaries' rules fixed or logit; 10 seeds
each) with `coordsim sweep`. For each run the share of poisoners (free riders) still active at the
end is poisoners_active (free_riders_active) over the run's poisoners (free riders), counted from
its agents/adversary_role; under fixed it is 1 (every adversary stays in). Writes the table of means with 95% t-intervals into
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
import h5py  # noqa: E402

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


POISONER_ROLE, FREE_RIDER_ROLE = 2, 3  # actor::Role: honest, sybil, poisoner, free_rider
ROLE_OF = {"poisoners_active": POISONER_ROLE, "free_riders_active": FREE_RIDER_ROLE}


def role_count(folder: str, file: str, role: int) -> int:
    """Agents of `role` in one run file (agents/adversary_role)."""
    path = pathlib.Path(file)
    if not path.is_absolute():
        path = pathlib.Path(folder) / path
    with h5py.File(path, "r") as f:
        return int((f["agents/adversary_role"][()] == role).sum())


def shares(runs, rule: str, validators: int, metric: str, learning: str = "logit") -> np.ndarray:
    """Per run under `learning` (both adversaries' rule): the metric at the end over the number of
    agents of that role in the run (roles differ between runs: each run has its own seed)."""
    env = runs[(runs[RULE] == rule) & (runs[VALIDATORS].astype(float) == validators)
               & (runs["status"] == "complete") & (runs[POISONER] == learning)
               & (runs[FREE_RIDER] == learning)]
    out = []
    for _, run in env.iterrows():
        n = role_count(runs.attrs["folder"], run["file"], ROLE_OF[metric])
        if n > 0:
            out.append(float(run[metric]) / n)
    return np.asarray(out)


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
    # Under fixed every adversary stays in: the shares are 1 (a check of the sweep, not a result).
    for rule, validators, label in ENVIRONMENTS:
        for metric, _ in ROLES:
            fixed = shares(runs, rule, validators, metric, "fixed")
            assert len(fixed) > 0 and np.allclose(fixed, 1.0), (label, metric, fixed)
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
    text = ("Share of adversaries still active after two days under logit (24 decisions): of the "
            "run's adversaries of that role (1 under `fixed`), and the builders' mean true model value "
            "v at the end under each rule; mean "
            "[95% t-interval] over seeds.\n\n" + table(runs)
            + "\n![adaptive adversaries](adversary-response.png)\n")
    print(text)
    figure(runs, ROOT / "docs" / "adversary-response.png")
    ca.write_section("behaviour.md", "adversary-response", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
