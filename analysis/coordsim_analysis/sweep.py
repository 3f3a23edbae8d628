"""Sweeps: the index a ``coordsim sweep`` writes (``DIR/index.h5``) as a DataFrame, and summaries
of its replications with t confidence intervals.

The index is the table group ``/runs``: one 1-D dataset per column (docs/experiments.md). The
same table without this package, strings left as bytes::

    pd.DataFrame({k: v[()] for k, v in h5py.File("DIR/index.h5")["runs"].items()})
"""

from __future__ import annotations

import os
import re
from typing import Optional, Sequence

import h5py
import numpy as np
import pandas as pd
from scipy import stats

#: Columns every index has, in written order; then one per swept key, then one per metric.
FIXED_COLUMNS = ["run", "point", "replication", "seed", "status", "error", "file", "scenario_hash", "wall_s"]
_PARAMETER = "swept parameter"
_METRIC = "final value: "

# Durations as the scenario format writes them, in seconds.
_DURATION_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_VALUE = re.compile(r"^([-+]?[0-9_]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(%|us|ms|s|m|h|d)?$")


def _decode(value):
    return value.decode() if isinstance(value, bytes) else value


def parse_value(text: str) -> tuple[float, str] | None:
    """``30%`` -> (30.0, "%"), ``15m`` -> (900.0, "s"), ``2.5`` -> (2.5, ""); None if not a number."""
    m = _VALUE.match(text.strip())
    if not m:
        return None
    number = float(m.group(1).replace("_", ""))
    unit = m.group(2) or ""
    if unit in _DURATION_UNITS:
        return number * _DURATION_UNITS[unit], "s"
    return number, unit


def _numeric(column: pd.Series) -> tuple[pd.Series, str] | None:
    """The column as numbers when every value parses with one unit, else None."""
    parsed = [parse_value(str(v)) for v in column]
    if any(p is None for p in parsed) or len({p[1] for p in parsed}) > 1:
        return None
    return pd.Series([p[0] for p in parsed], index=column.index, dtype=float), parsed[0][1] if parsed else ""


def load_sweep(path: str) -> pd.DataFrame:
    """The index of the sweep in folder ``path`` (or the index file itself), one row per run.

    Strings are decoded. Swept parameters keep their text in ``<key>`` and, when every value is a
    number (with the same unit), get a numeric twin used for plots and grouping: durations in
    seconds, percentages as written (``30%`` -> 30.0). Metric values of runs that are not complete
    are NA (integers become pandas' nullable Int64). ``df.attrs`` holds ``parameters`` (keys),
    ``numeric`` (key -> numeric column name), ``metrics``, ``units`` (column -> unit) and
    ``folder``.
    """
    index_path = os.path.join(path, "index.h5") if os.path.isdir(path) else path
    if not os.path.exists(index_path):
        raise FileNotFoundError(f"{index_path}: no sweep index (run coordsim sweep first)")
    with h5py.File(index_path, "r") as f:
        if "runs" not in f:
            raise ValueError(f"{index_path}: not a sweep index (no /runs table)")
        group = f["runs"]
        names = list(group.keys())
        data = {k: group[k][()] for k in names}
        descriptions = {k: _decode(group[k].attrs.get("description", b"")) for k in names}
        units = {k: _decode(group[k].attrs.get("units", b"")) for k in names}
    df = pd.DataFrame({k: [_decode(v) for v in col] if col.dtype.kind in "SO" else col for k, col in data.items()})
    parameters = [k for k in names if descriptions[k].startswith(_PARAMETER)]
    metrics = [k for k in names if descriptions[k].startswith(_METRIC)]
    complete = df["status"] == "complete"
    for m in metrics:
        if df[m].dtype.kind == "i":
            df[m] = df[m].astype("Int64").mask(~complete)
        else:
            df[m] = df[m].where(complete)
    numeric = {}
    for p in parameters:
        converted = _numeric(df[p])
        if converted is not None:
            column = f"{p} [{converted[1]}]" if converted[1] else f"{p} (value)"
            df[column] = converted[0]
            numeric[p] = column
            units[column] = converted[1]
    df.attrs.update(parameters=parameters, numeric=numeric, metrics=metrics, units=units,
                    folder=os.path.dirname(os.path.abspath(index_path)))
    return df


def t_interval(values: Sequence[float], level: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high): the Student t interval of the mean; NaN bounds for fewer than two values."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if len(x) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    if len(x) < 2:
        return mean, float("nan"), float("nan")
    half = float(stats.t.ppf(0.5 + level / 2, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x)))
    return mean, mean - half, mean + half


def summarise(index: pd.DataFrame, by: Sequence[str], metric: str, level: float = 0.95) -> pd.DataFrame:
    """Mean and ``level`` t-interval of ``metric`` over the complete runs of each group of ``by``.

    ``by`` names swept keys (their numeric twin is used when there is one, so groups sort by value)
    or any other column. Returns one row per group: ``n``, ``mean``, ``sd``, ``ci_low``,
    ``ci_high`` and ``half_width``.
    """
    numeric = index.attrs.get("numeric", {})
    columns = [numeric.get(b, b) for b in by]
    done = index[index["status"] == "complete"]
    rows = []
    for key, group in done.groupby(columns[0] if len(columns) == 1 else columns, sort=True):
        values = group[metric].astype(float).to_numpy()
        mean, low, high = t_interval(values, level)
        key = key if isinstance(key, tuple) else (key,)
        rows.append((*key, len(values), mean, float(np.std(values, ddof=1)) if len(values) > 1 else float("nan"),
                     low, high, (high - low) / 2))
    return pd.DataFrame(rows, columns=[*by, "n", "mean", "sd", "ci_low", "ci_high", "half_width"])


def effects(index: pd.DataFrame, metric: str, parameters: Optional[Sequence[str]] = None,
            level: float = 0.95) -> pd.DataFrame:
    """Main effect of each swept parameter on ``metric``: the mean at its highest level minus the
    mean at its lowest (over all other parameters and replications), with Welch's t-interval."""
    parameters = list(parameters or index.attrs.get("parameters", []))
    numeric = index.attrs.get("numeric", {})
    done = index[index["status"] == "complete"]
    rows = []
    for p in parameters:
        column = numeric.get(p, p)
        levels = sorted(done[column].unique())
        if len(levels) < 2:
            continue
        lo = done.loc[done[column] == levels[0], metric].astype(float).to_numpy()
        hi = done.loc[done[column] == levels[-1], metric].astype(float).to_numpy()
        diff = float(hi.mean() - lo.mean())
        va, vb = (hi.var(ddof=1) / len(hi) if len(hi) > 1 else np.nan), (lo.var(ddof=1) / len(lo) if len(lo) > 1 else np.nan)
        se = float(np.sqrt(va + vb))
        dof = (va + vb) ** 2 / (va**2 / (len(hi) - 1) + vb**2 / (len(lo) - 1)) if se > 0 else np.inf
        half = float(stats.t.ppf(0.5 + level / 2, dof) * se) if se > 0 else 0.0
        low_text = index.loc[index[column] == levels[0], p].iloc[0]
        high_text = index.loc[index[column] == levels[-1], p].iloc[0]
        rows.append((p, low_text, high_text, len(lo), len(hi), diff, diff - half, diff + half))
    return pd.DataFrame(rows, columns=["parameter", "low", "high", "n_low", "n_high", "effect", "ci_low", "ci_high"])
