"""``coordsim report``: one self-contained HTML page (figures embedded, and also written beside it
as PNG files) for a run, several runs, or a sweep folder."""

from __future__ import annotations

import base64
import html
import os
from typing import Optional, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure  # no pyplot: no global state, no display needed

from .run import Run, load
from .sweep import effects, load_sweep, summarise

#: Outcomes a sweep report shows first when they vary across runs.
KEY_METRICS = ["value_taken", "actions_applied", "fees", "treasury", "rewards_gini", "swap_volume",
               "live_sessions", "exposure", "adversarial_share", "slashed"]
_PER_FIGURE = 12  # metrics per time-series figure: a 4 x 3 grid that stays readable


class _Page:
    """The figures and sections of one report, written as index.html plus PNGs."""

    def __init__(self, out: str, title: str):
        self.out, self.title, self.parts, self.figures = out, title, [], []
        os.makedirs(out, exist_ok=True)

    def text(self, markup: str) -> None:
        self.parts.append(markup)

    def figure(self, fig: Figure, name: str, caption: str) -> None:
        path = os.path.join(self.out, name)
        fig.savefig(path, dpi=100)
        self.figures.append(path)
        with open(path, "rb") as f:
            data = base64.b64encode(f.read()).decode()
        self.parts.append(f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(caption)}">'
                          f"<figcaption>{html.escape(caption)} ({name})</figcaption></figure>")

    def write(self) -> str:
        page = (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(self.title)}</title>"
                "<style>body{font-family:sans-serif;max-width:1200px;margin:auto;padding:1em}"
                "img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                "padding:2px 6px;text-align:right}th{background:#eee}figcaption{color:#555}</style>"
                f"</head><body><h1>{html.escape(self.title)}</h1>{''.join(self.parts)}</body></html>")
        path = os.path.join(self.out, "index.html")
        with open(path, "w") as f:
            f.write(page)
        return path


def _unit_label(unit: str, decimals: Optional[int]) -> str:
    return "tokens" if unit == "base_units" and decimals is not None else unit or "value"


def _in_units(values, unit: str, decimals: Optional[int]):
    """Base units become tokens when the token's decimals are known."""
    if unit == "base_units" and decimals is not None:
        return np.asarray(values, dtype=float) / 10**decimals
    return np.asarray(values, dtype=float)


def _time_figures(page: _Page, runs: Sequence[Run], labels: Sequence[str]) -> None:
    """Every metric over simulated time, 12 per figure; one line per run."""
    names = list(runs[0].metrics.columns)
    decimals = runs[0].token_decimals
    # As few figures as 12 per figure allows, the metrics spread evenly over them (never a last
    # figure with one lonely plot).
    count = max(1, -(-len(names) // _PER_FIGURE))
    per = -(-len(names) // count)
    for start in range(0, len(names), per):
        chunk = names[start:start + per]
        fig = Figure(figsize=(14, 10), layout="constrained")
        axes = fig.subplots(4, 3).ravel()
        for ax, name in zip(axes, chunk):
            unit = runs[0].units.get(name, "")
            for run, label in zip(runs, labels):
                if name in run.metrics:
                    ax.plot(run.metrics.index / 3600, _in_units(run.metrics[name], unit, decimals), label=label)
            ax.set_title(name, fontsize=10)
            ax.ticklabel_format(axis="y", useOffset=False)
            ax.set_xlabel("simulated time (h)")
            ax.set_ylabel(_unit_label(unit, decimals))
        for ax in axes[len(chunk):]:
            ax.set_visible(False)
        if len(runs) > 1:
            axes[0].legend(fontsize=8)
        n = start // per + 1
        fig.suptitle(f"Metrics over time ({n}/{count})")
        page.figure(fig, f"metrics-{n}.png", f"metrics {start + 1}-{start + len(chunk)} over simulated time")


def _runs_report(paths: Sequence[str], out: str) -> _Page:
    runs = [load(p, events=False) for p in paths]
    title = f"coordsim run {runs[0].name}" if len(runs) == 1 else f"coordsim: {len(runs)} runs compared"
    page = _Page(out, title)
    rows = "".join(f"<tr><td>{html.escape(r.path)}</td><td>{html.escape(r.name)}</td><td>{r.seed}</td>"
                   f"<td>{'complete' if r.complete else 'INCOMPLETE'}</td><td>{r.end_seconds / 3600:g}</td></tr>"
                   for r in runs)
    page.text("<table><tr><th>file</th><th>scenario</th><th>seed</th><th>status</th><th>end (h)</th></tr>"
              f"{rows}</table>")
    labels = [os.path.basename(r.path) for r in runs]
    _time_figures(page, runs, labels)
    return page


def _outcomes(index: pd.DataFrame, wanted: Optional[Sequence[str]]) -> list[str]:
    """The metrics to show: those asked for, else key metrics that vary, then others that vary."""
    if wanted:
        return list(wanted)
    done = index[index["status"] == "complete"]
    varying = [m for m in index.attrs["metrics"] if done[m].astype(float).nunique() > 1]
    first = [m for m in KEY_METRICS if m in varying]
    return (first + [m for m in varying if m not in first])[:8]


def _x_values(index: pd.DataFrame, key: str) -> tuple[str, str]:
    column = index.attrs["numeric"].get(key, key)
    unit = index.attrs["units"].get(column, "")
    return column, f"{key} ({unit})" if unit else key


def _sweep_report(folder: str, out: str, metrics: Optional[Sequence[str]]) -> _Page:
    index = load_sweep(folder)
    keys = index.attrs["parameters"]
    page = _Page(out, f"coordsim sweep {os.path.basename(os.path.abspath(folder))}")
    counts = index["status"].value_counts().to_dict()
    page.text(f"<p>{len(index)} runs, {index['point'].nunique()} points, "
              f"{index['replication'].nunique()} replications; "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
              + ". Points show the mean over replications with its 95% t-interval.</p>")
    first = index[index["status"] == "complete"]["file"]
    decimals = load(os.path.join(folder, first.iloc[0]), events=False).token_decimals if len(first) else None
    failed = index[index["status"].isin(["failed", "invalid"])]
    if len(failed):
        page.text("<h2>Runs that failed or are invalid</h2><table><tr><th>run</th><th>status</th><th>error</th></tr>"
                  + "".join(f"<tr><td>{r.run}</td><td>{r.status}</td><td style='text-align:left'>"
                            f"<pre>{html.escape(r.error)}</pre></td></tr>" for r in failed.head(20).itertuples())
                  + "</table>")
    if not keys:
        page.text("<p>No swept parameters: replications only.</p>")
    units = index.attrs["units"]
    for m in _outcomes(index, metrics):
        unit = units.get(m, "")
        ylabel = f"final {m} ({_unit_label(unit, decimals)})"
        page.text(f"<h2>{html.escape(m)}</h2>")
        if keys:
            fig = Figure(figsize=(5 * min(len(keys), 3), 4), layout="constrained")
            axes = np.atleast_1d(fig.subplots(1, min(len(keys), 3)))
            for ax, key in zip(axes, keys[:3]):
                xcol, xlabel = _x_values(index, key)
                s = summarise(index, [key], m)
                x = s[key] if xcol == key else s[key].astype(float)
                numeric_x = xcol != key
                pos = x if numeric_x else np.arange(len(x))
                mean = _in_units(s["mean"], unit, decimals)
                low, high = _in_units(s["ci_low"], unit, decimals), _in_units(s["ci_high"], unit, decimals)
                if len(keys) == 1 or not numeric_x:
                    ax.errorbar(pos, mean, yerr=[mean - low, high - mean], fmt="o-", capsize=4)
                else:
                    ax.plot(pos, mean, "o-")
                    ax.fill_between(pos, low, high, alpha=0.3, label="95% CI")
                    ax.legend(fontsize=8)
                if not numeric_x:
                    ax.set_xticks(pos, list(x))
                ax.set_xlabel(xlabel)
                ax.set_ylabel(ylabel)
                ax.ticklabel_format(axis="y", useOffset=False)  # "+9.98e8" above the axis misleads
                ax.set_title(f"{m} vs {key}", fontsize=10)
            fig.suptitle(f"{m}: mean and 95% CI over replications (other parameters pooled)")
            page.figure(fig, f"{m}-effects.png", f"final {m} against each swept parameter")
        if len(keys) >= 2:
            _heat_map(page, index, keys[0], keys[1], m, unit, decimals, ylabel)
        table = effects(index, m)
        if len(table):
            page.text(_effects_table(table, unit, decimals))
    return page


def _level_names(index: pd.DataFrame, key: str, levels) -> list[str]:
    """The parameter's values as written in the sweep file (``15m``), in the order of ``levels``."""
    column = index.attrs["numeric"].get(key, key)
    text = dict(zip(index[column], index[key]))
    return [str(text.get(v, v)) for v in levels]


def _heat_map(page: _Page, index: pd.DataFrame, k1: str, k2: str, m: str, unit: str,
              decimals: Optional[int], label: str) -> None:
    s = summarise(index, [k1, k2], m)
    grid = s.pivot(index=k2, columns=k1, values="mean")
    half = s.pivot(index=k2, columns=k1, values="half_width")
    fig = Figure(figsize=(6, 4.5), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(_in_units(grid.to_numpy(), unit, decimals), origin="lower", aspect="auto", cmap="viridis")
    ax.set_xticks(range(len(grid.columns)), _level_names(index, k1, grid.columns))
    ax.set_yticks(range(len(grid.index)), _level_names(index, k2, grid.index))
    for (i, j), v in np.ndenumerate(_in_units(grid.to_numpy(), unit, decimals)):
        h = _in_units([half.to_numpy()[i, j]], unit, decimals)[0]
        ax.text(j, i, f"{v:.3g}\n±{h:.2g}", ha="center", va="center", fontsize=8,
                bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none"})
    ax.set_xlabel(k1)  # ticks are the values as written (15m, 30%), so no unit here
    ax.set_ylabel(k2)
    ax.set_title(f"{m}: mean (± 95% CI half-width)")
    fig.colorbar(image, ax=ax, label=label)
    page.figure(fig, f"{m}-heatmap.png", f"final {m} over {k1} and {k2}")


def _effects_table(table: pd.DataFrame, unit: str, decimals: Optional[int]) -> str:
    rows = []
    for r in table.itertuples():
        e, lo, hi = _in_units([r.effect, r.ci_low, r.ci_high], unit, decimals)
        rows.append(f"<tr><td style='text-align:left'>{html.escape(r.parameter)}</td><td>{html.escape(str(r.low))}"
                    f" → {html.escape(str(r.high))}</td><td>{r.n_low} / {r.n_high}</td><td>{e:.4g}</td>"
                    f"<td>[{lo:.4g}, {hi:.4g}]</td></tr>")
    return ("<table><tr><th>parameter</th><th>from → to</th><th>runs</th>"
            f"<th>effect ({html.escape(_unit_label(unit, decimals))})</th><th>95% CI (Welch)</th></tr>"
            + "".join(rows) + "</table>")


def report(inputs: Sequence[str], out: str, metrics: Optional[Sequence[str]] = None) -> tuple[str, list[str]]:
    """Writes the report of ``inputs`` (one folder with index.h5, or run files) into ``out``;
    returns the page's path and the figures' paths."""
    if len(inputs) == 1 and os.path.isdir(inputs[0]):
        page = _sweep_report(inputs[0], out, metrics)
    else:
        for p in inputs:
            if os.path.isdir(p):
                raise ValueError(f"{p}: a sweep folder must be the only input")
        page = _runs_report(inputs, out)
    return page.write(), page.figures
