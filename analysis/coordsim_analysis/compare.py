"""Final metric values of two runs side by side."""

from __future__ import annotations

import math
from typing import Iterable, Optional

import pandas as pd

from .run import Run


def compare(a: Run, b: Run, metrics: Optional[Iterable[str]] = None) -> pd.DataFrame:
    """Final values of ``a`` and ``b`` with their differences, one row per metric.

    Columns: ``units``, ``a``, ``b``, ``diff`` (b - a) and ``rel_diff`` ((b - a) / |a|; NaN when
    a is 0 and b is not, 0 when both are). ``a``, ``b`` and ``diff`` keep each metric's stored type,
    so integer metrics (counts, base units) are compared exactly; those columns have dtype object.
    ``metrics`` selects and orders the rows (KeyError if a run lacks one); by default every metric
    present in both runs, in ``a``'s order. ``result.attrs`` holds both runs' end times in seconds
    (``end_s_a``, ``end_s_b``): final values of runs of different lengths are not like for like.
    """
    fa, fb = a.final(), b.final()
    if metrics is None:
        names = [k for k in fa.index if k in fb.index]
    else:
        names = list(metrics)
        missing = [k for k in names if k not in fa.index or k not in fb.index]
        if missing:
            raise KeyError(f"metrics not in both runs: {', '.join(missing)}")
    rows = []
    for k in names:
        va, vb = fa[k], fb[k]
        diff = vb - va
        if diff == 0:
            rel = 0.0
        elif va == 0 or (isinstance(va, float) and math.isnan(va)):
            rel = math.nan
        else:
            rel = float(diff) / abs(float(va))
        rows.append({"metric": k, "units": a.units.get(k, ""), "a": va, "b": vb, "diff": diff, "rel_diff": rel})
    # dtype=object from the start: inference would turn a column of mixed ints and floats into
    # float64 and round integers above 2**53.
    out = pd.DataFrame(rows, columns=["metric", "units", "a", "b", "diff", "rel_diff"], dtype=object)
    out = out.set_index("metric")
    out["rel_diff"] = out["rel_diff"].astype(float)
    out.attrs["end_s_a"] = a.end_seconds
    out.attrs["end_s_b"] = b.end_seconds
    return out
