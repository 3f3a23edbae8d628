"""One overview figure of a run: the handful of metrics most questions start from."""

from __future__ import annotations

import os
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure  # no pyplot: no global state, no display backend needed

from .run import Run

#: Panels of the overview: (title, [(metric or derived series, label)]).
_PANELS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Agent actions (cumulative)", [("actions_applied", "applied"), ("rejected", "rejected, all reasons")]),
    ("Blast radius: value taken", [("value_taken", "value taken")]),
    (
        "Market price",
        [
            ("pool_price", "pool (AMM spot)"),
            ("book_best_bid", "book best bid"),
            ("book_best_ask", "book best ask"),
            ("reference_price", "reference"),
        ],
    ),
    ("Final contributor rewards", [("rewards_final_honest", "honest"), ("rewards_final_adversarial", "adversarial")]),
    ("Live sessions", [("live_sessions", "live sessions")]),
    ("Exposure: remaining caps of live sessions", [("exposure", "exposure")]),
]

#: Prices of one market venue: all zero when the run's market.type has no such venue.
_VENUE_PRICES = {"pool_price", "book_best_bid", "book_best_ask"}


def _series(metrics: pd.DataFrame, name: str) -> pd.Series | None:
    """A metric, or ``rejected``: the sum of the rejected_* metrics. None when not in the file."""
    if name == "rejected":
        columns = [c for c in metrics.columns if c.startswith("rejected_")]
        return metrics[columns].sum(axis=1) if columns else None
    return metrics[name] if name in metrics.columns else None


def _unit(run: Run, name: str) -> str:
    return run.units.get("rejected_expired" if name == "rejected" else name, "")


def _panel(ax: Axes, run: Run, title: str, lines: list[tuple[str, str]], hours: pd.Index) -> None:
    drawn = []
    unit = ""
    for name, label in lines:
        s = _series(run.metrics, name)
        if s is None:
            continue
        if name in _VENUE_PRICES and not s.any():
            continue  # a venue the scenario's market.type does not have (its price reads 0)
        values = s.to_numpy(dtype=float)
        unit = _unit(run, name)
        if unit == "base_units" and run.token_decimals is not None:
            values, unit = values / 10.0**run.token_decimals, "tokens"
        ax.plot(hours, values, label=label)
        drawn.append(name)
    ax.set_title(title, fontsize=10)
    if not drawn:
        ax.text(0.5, 0.5, "not recorded", ha="center", va="center", transform=ax.transAxes)
        return
    if unit:
        ax.set_ylabel(unit)
    if len(drawn) > 1:
        ax.legend(fontsize=8)
    ax.grid(alpha=0.3)


def plot_overview(run: Run, path: str | os.PathLike[str], dpi: int = 100) -> None:
    """Write a PNG (or any format matplotlib infers from ``path``) of six panels over time.

    Panels: actions applied vs rejected, value taken through compromised sessions, pool vs
    reference price, final rewards honest vs adversarial, live sessions, exposure. A metric the
    file lacks leaves its panel marked "not recorded".
    """
    fig = Figure(figsize=(12, 9))
    axes = fig.subplots(3, 2, sharex=True)
    hours = pd.Index(run.metrics.index.to_numpy() / 3600.0)
    for ax, (title, lines) in zip(axes.flat, _PANELS):
        _panel(ax, run, title, lines, hours)
    for ax in axes[-1]:
        ax.set_xlabel("simulated time [h]")
    state = "" if run.complete else " (incomplete run)"
    fig.suptitle(f"{run.name}, seed {run.seed}{state}")
    fig.tight_layout()
    fig.savefig(os.fspath(path), dpi=dpi)
