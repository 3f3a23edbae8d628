"""Scope narrowness against the blast radius and the honest actions it rejects.

Runs sweeps/scope-narrowness.yaml (approval-injection.yaml; scope_targets 0 = any, 1, 2, 4, 8;
approval injection off and at 20%; 10 seeds each) with `coordsim sweep`, then writes the table of
means with 95% t-intervals into docs/sessions.md between the markers
`<!-- scope-narrowness:begin -->` and `<!-- scope-narrowness:end -->`, and the figure
docs/scope-narrowness.png.

    /usr/bin/python3 analysis/scope_narrowness.py [--coordsim build/release/bin/coordsim]
        [--out out/scope-narrowness] [--jobs 2] [--no-run]
"""
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))
import coordsim_analysis as ca  # noqa: E402

TARGETS = "population[0].scope_targets"
INJECTION = "adversaries.approval_injection.fraction"
TOKEN = 1e6  # base units per token (approval-injection.yaml: 6 decimals)


def prepare(runs):
    runs = runs.copy()
    runs["taken_tokens"] = runs["value_taken"].astype(float) / TOKEN
    # The cost of safety: the share of the owners' own actions that the grants' scope refused.
    scope = runs["honest_rejected_target_not_allowed"].astype(float) + runs[
        "honest_rejected_out_of_scope"].astype(float)
    runs["honest_scope_pct"] = 100.0 * scope / runs["honest_attempted"].astype(float)
    return runs


def cell(row, digits=1):
    return f"{row['mean']:.{digits}f} [{row['ci_low']:.{digits}f}, {row['ci_high']:.{digits}f}]"


def table(runs) -> str:
    by = [INJECTION, TARGETS]
    taken = ca.summarise(runs, by=by, metric="taken_tokens")
    cost = ca.summarise(runs, by=by, metric="honest_scope_pct")
    head = ("| injected grants | listed targets per kind | n | blast radius: `value_taken` (tokens) "
            "| honest actions rejected for scope (%) |\n|---|---|---|---|---|\n")
    lines = []
    for i in range(len(taken)):
        t, c = taken.iloc[i], cost.iloc[i]
        k = int(t[TARGETS])
        lines.append(f"| {t[INJECTION] * 100:g}% | {'any' if k == 0 else k} | {int(t['n'])} | "
                     f"{cell(t)} | {cell(c, 2)} |")
    return head + "\n".join(lines) + "\n", taken, cost


def figure(taken, cost, path):
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
    for frac, style in ((0.0, "o-"), (0.2, "s--")):
        for ax, s in ((axes[0], taken), (axes[1], cost)):
            part = s[s[INJECTION] == frac].copy()
            # "any" (0) is drawn at the right: the widest scope.
            part["x"] = [16 if k == 0 else k for k in part[TARGETS]]
            part = part.sort_values("x")
            ax.errorbar(part["x"], part["mean"], yerr=part["half_width"], fmt=style, capsize=3,
                        label=f"{frac * 100:g}% of grants injected")
    for ax, title in ((axes[0], "blast radius: value_taken (tokens)"),
                      (axes[1], "honest actions rejected for scope (%)")):
        ax.set_xscale("log", base=2)
        ax.set_xticks([1, 2, 4, 8, 16], ["1", "2", "4", "8", "any"])
        ax.set_xlabel("counterparties listed per kind (scope_targets)")
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle("approval-injection.yaml, 10 seeds per point, 95% t-intervals", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main() -> int:
    runs = ca.sweep_for_doc(__doc__.splitlines()[0], "scope-narrowness")
    text, taken, cost = table(prepare(runs))
    print(text)
    figure(taken, cost, ROOT / "docs/scope-narrowness.png")
    ca.write_section("sessions.md", "scope-narrowness", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
