"""Global sensitivity analysis in numpy: Morris elementary effects and Sobol indices.

Both need a structured design, not any sample: the Saltelli design (matrices A, B and the d
matrices AB_i, A with column i taken from B) for Sobol indices, and one-at-a-time trajectories for
Morris. ``design_sweep`` writes a design as a sweep file (its points as ``zip:`` lists, in design
order), so coordsim runs it like any sweep; ``sobol_from_sweep`` and ``morris_from_sweep`` read the
results back from the sweep's index, averaging the replications of each point.

Estimators: first order by Jansen's form ``S_i = (V - mean((f(B) - f(AB_i))^2) / 2) / V`` and total
order by Jansen's ``ST_i = mean((f(A) - f(AB_i))^2) / 2 / V`` (Saltelli et al. 2010, table 2),
with ``V`` the variance of f(A) and f(B) together; bootstrap intervals over the N base rows.
Checked against the Ishigami function's analytic indices in tests/analysis.
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

import numpy as np
import pandas as pd
from scipy.stats import qmc


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """The Ishigami function of x in [-pi, pi]^3, the usual test of sensitivity estimators."""
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Its analytic (first-order, total-order) Sobol indices."""
    v1 = 0.5 * (1 + b * math.pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * math.pi**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def saltelli_design(n: int, d: int, seed: int = 0) -> np.ndarray:
    """The Saltelli design in the unit cube: rows A (n), B (n), then AB_1..AB_d (n each), n*(d+2)
    rows. A and B are the two halves of a scrambled Sobol sequence in 2d dimensions."""
    ab = qmc.Sobol(2 * d, scramble=True, seed=seed).random(n)
    a, b = ab[:, :d], ab[:, d:]
    blocks = [a, b]
    for i in range(d):
        abi = a.copy()
        abi[:, i] = b[:, i]
        blocks.append(abi)
    return np.vstack(blocks)


def sobol_indices(y: np.ndarray, d: int, bootstrap: int = 200, level: float = 0.95,
                  seed: int = 0) -> pd.DataFrame:
    """First- and total-order indices from outputs ``y`` in saltelli_design order, with bootstrap
    percentile intervals: one row per input, columns S1, S1_low, S1_high, ST, ST_low, ST_high."""
    y = np.asarray(y, dtype=float)
    n = len(y) // (d + 2)
    if n * (d + 2) != len(y) or n < 2:
        raise ValueError(f"expected n*(d+2) outputs in Saltelli order for d={d}, got {len(y)}")
    fa, fb = y[:n], y[n:2 * n]
    fab = y[2 * n:].reshape(d, n)

    def estimate(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        a, b, ab = fa[rows], fb[rows], fab[:, rows]
        v = np.var(np.concatenate([a, b]), ddof=1)
        s1 = (v - 0.5 * np.mean((b - ab) ** 2, axis=1)) / v
        st = 0.5 * np.mean((a - ab) ** 2, axis=1) / v
        return s1, st

    s1, st = estimate(np.arange(n))
    rng = np.random.default_rng(seed)
    draws = [estimate(rng.integers(0, n, n)) for _ in range(bootstrap)]
    q = [(1 - level) / 2 * 100, (1 + level) / 2 * 100]
    s1_ci = np.percentile([x[0] for x in draws], q, axis=0)
    st_ci = np.percentile([x[1] for x in draws], q, axis=0)
    return pd.DataFrame({"S1": s1, "S1_low": s1_ci[0], "S1_high": s1_ci[1],
                         "ST": st, "ST_low": st_ci[0], "ST_high": st_ci[1]})


def morris_design(r: int, d: int, levels: int = 4, seed: int = 0) -> np.ndarray:
    """r Morris trajectories of d+1 points each on a grid of ``levels`` levels in [0, 1]: each step
    moves one input (in random order) by delta = levels / (2 (levels - 1)). r*(d+1) rows."""
    rng = np.random.default_rng(seed)
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels // 2) / (levels - 1)  # starts from which +delta stays inside [0, 1]
    rows = []
    for _ in range(r):
        x = rng.choice(grid, size=d)
        rows.append(x.copy())
        for i in rng.permutation(d):
            x[i] += delta
            rows.append(x.copy())
    return np.array(rows)


def morris_effects(x: np.ndarray, y: np.ndarray, d: int) -> pd.DataFrame:
    """Elementary effects from a morris_design (in unit coordinates) and its outputs: per input
    mu (mean effect), mu_star (mean absolute effect) and sigma (their standard deviation)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    r = len(y) // (d + 1)
    effects: list[list[float]] = [[] for _ in range(d)]
    for t in range(r):
        xs, ys = x[t * (d + 1):(t + 1) * (d + 1)], y[t * (d + 1):(t + 1) * (d + 1)]
        for k in range(d):
            step = xs[k + 1] - xs[k]
            i = int(np.flatnonzero(step)[0])
            effects[i].append((ys[k + 1] - ys[k]) / step[i])
    ee = [np.array(e) for e in effects]
    return pd.DataFrame({"mu": [e.mean() for e in ee], "mu_star": [np.abs(e).mean() for e in ee],
                         "sigma": [e.std(ddof=1) if len(e) > 1 else np.nan for e in ee]})


def scale(unit: np.ndarray, ranges: Sequence[tuple[float, float]]) -> np.ndarray:
    """Unit-cube points into the given [low, high] per column."""
    lo = np.array([r[0] for r in ranges], dtype=float)
    hi = np.array([r[1] for r in ranges], dtype=float)
    return lo + np.asarray(unit) * (hi - lo)


def design_sweep(path: str, base: str, ranges: dict[str, tuple[float, float]], unit: np.ndarray,
                 replications: int = 1, set_: Optional[dict[str, str]] = None, unit_suffix: Optional[dict[str, str]] = None,
                 digits: int = 6) -> None:
    """Writes a sweep file whose points are the rows of ``unit`` (a design in the unit cube) scaled
    into ``ranges``, as ``zip:`` lists in row order. ``unit_suffix`` appends a unit per key
    (``{"sessions.default_ttl": "m"}``); values are rounded to ``digits`` significant digits."""
    keys = list(ranges)
    x = scale(unit, [ranges[k] for k in keys])
    suffix = unit_suffix or {}
    lines = [f"# written by coordsim_analysis.design_sweep: {len(x)} points in design order",
             f"base: {base}", f"replications: {replications}"]
    if set_:
        lines.append("set:")
        lines += [f"  {k}: {v}" for k, v in set_.items()]
    lines.append("zip:")
    for j, k in enumerate(keys):
        values = ", ".join(f"{v:.{digits}g}{suffix.get(k, '')}" for v in x[:, j])
        lines.append(f"  {k}: [{values}]")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def _point_means(index: pd.DataFrame, metric: str) -> np.ndarray:
    done = index[index["status"] == "complete"]
    means = done.groupby("point")[metric].apply(lambda s: s.astype(float).mean())
    points = int(index["point"].max()) + 1
    if len(means) != points:
        raise ValueError(f"{points - len(means)} design points have no complete run")
    return means.sort_index().to_numpy()


def sobol_from_sweep(index: pd.DataFrame, metric: str, **kwargs) -> pd.DataFrame:
    """Sobol indices of ``metric`` from a sweep written by design_sweep(saltelli_design(...))."""
    d = len(index.attrs["parameters"])
    out = sobol_indices(_point_means(index, metric), d, **kwargs)
    out.index = index.attrs["parameters"]
    return out


def morris_from_sweep(index: pd.DataFrame, metric: str, unit: np.ndarray) -> pd.DataFrame:
    """Elementary effects of ``metric`` from a sweep written by design_sweep(morris_design(...)),
    ``unit`` being that design (effects are per unit of the normalised input)."""
    d = len(index.attrs["parameters"])
    out = morris_effects(unit, _point_means(index, metric), d)
    out.index = index.attrs["parameters"]
    return out


