"""Load a coordsim run file into pandas objects (the layout is docs/output-format.md).

Everything is read when the file is loaded and the file is closed again, so a ``Run`` is a plain
in-memory value: it can be kept, compared and pickled while coordsim writes other files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any, Optional

import h5py
import numpy as np
import pandas as pd

#: Sentinel of the uint64 table columns meaning "none" or "never" (principal, compromised_at,
#: parent, valid_until, revoked_at): 2**64 - 1.
NEVER = np.iinfo(np.uint64).max

#: The file format version this package reads (root attribute ``coordsim_format_version``).
FORMAT_VERSION = 1

_SNAPSHOT_NAME = re.compile(r"t(\d+)")
# `decimals:` inside the top-level `token:` block of the resolved scenario (no YAML library needed:
# Debian's python3-yaml is not among coordsim's dependencies).
_TOKEN_DECIMALS = re.compile(r"^token:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+decimals:[ \t]*(\d+)", re.MULTILINE)


class FormatError(ValueError):
    """The file is not a coordsim run file, or one of a format version this package cannot read."""


@dataclass
class Run:
    """One coordsim run file, loaded.

    ``metrics`` is indexed by simulated time in seconds (index name ``time_s``) with one column
    per metric in declared order; ``units`` and ``descriptions`` map each metric to its dataset's
    attributes. The tables (``agents``, ``sessions``, ``graph``, ``invariants``) have one column per
    dataset, string columns decoded to ``str``; uint64 columns use ``NEVER`` for "none".
    ``events`` is None unless the scenario recorded events; its ``kind`` and ``reason`` columns are
    categoricals of the names stored in the file, and ``time_s`` is added next to ``time`` (ticks).
    ``snapshots`` maps a snapshot time in ticks to the agent table written then.
    """

    path: str
    attrs: dict[str, Any]
    metrics: pd.DataFrame
    units: dict[str, str]
    descriptions: dict[str, str]
    agents: pd.DataFrame
    sessions: pd.DataFrame
    graph: pd.DataFrame
    invariants: pd.DataFrame
    events: Optional[pd.DataFrame]
    snapshots: dict[int, pd.DataFrame] = field(default_factory=dict)

    @property
    def scenario(self) -> str:
        """The fully resolved scenario (YAML text) the run used."""
        return str(self.attrs.get("scenario_text", ""))

    @property
    def name(self) -> str:
        """The scenario's name."""
        return str(self.attrs.get("scenario_name", ""))

    @property
    def seed(self) -> int:
        """The run's seed."""
        return int(self.attrs["seed"])

    @property
    def complete(self) -> bool:
        """True when the run finished; False for an interrupted or killed run's file."""
        return bool(self.attrs.get("complete", 0))

    @property
    def tick_seconds(self) -> float:
        """Length of one tick in seconds."""
        return float(self.attrs["tick_seconds"])

    @property
    def token_decimals(self) -> Optional[int]:
        """Decimals of the token (one token = 10**decimals base units), from the scenario; None if absent."""
        m = _TOKEN_DECIMALS.search(self.scenario)
        return int(m.group(1)) if m else None

    @property
    def end_seconds(self) -> float:
        """Simulated time of the last metric sample, in seconds (0 when there is none)."""
        return float(self.metrics.index[-1]) if len(self.metrics) else 0.0

    def final(self) -> pd.Series:
        """The last sample of every metric, each keeping its stored type (ints stay exact)."""
        if not len(self.metrics):
            raise ValueError(f"{self.path}: the run has no metric samples")
        return pd.Series({k: self.metrics[k].iloc[-1].item() for k in self.metrics.columns}, dtype=object)

    def __repr__(self) -> str:
        events = "no events" if self.events is None else f"{len(self.events)} events"
        state = "complete" if self.complete else "incomplete"
        return (f"Run({self.path!r}: {self.name}, seed {self.seed}, {state}, {len(self.metrics)} samples "
                f"to {self.end_seconds:g} s, {len(self.metrics.columns)} metrics, {len(self.agents)} agents, {events})")


def _decode(value: Any) -> Any:
    """An HDF5 attribute value as a plain Python value: bytes -> str, numpy scalar -> int/float."""
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).decode("utf-8")
    if isinstance(value, np.ndarray):
        return [_decode(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _column(values: np.ndarray) -> np.ndarray:
    """A dataset's values with fixed-length byte strings decoded to str."""
    if values.dtype.kind == "S":
        return np.char.decode(values, "utf-8").astype(object)
    return values


def _table(group: Optional[h5py.Group]) -> pd.DataFrame:
    """A table group (one dataset per column) as a DataFrame; subgroups are skipped."""
    if group is None:
        return pd.DataFrame()
    return pd.DataFrame({k: _column(v[()]) for k, v in group.items() if isinstance(v, h5py.Dataset)})


def _names(attr: Any) -> list[str]:
    return [bytes(n).decode("utf-8") for n in np.atleast_1d(attr)]


def _events(ds: h5py.Dataset, tick_seconds: float) -> pd.DataFrame:
    """The events table with kind/reason as categoricals of the file's own name tables."""
    ev = pd.DataFrame(ds[()])
    ev.insert(1, "time_s", ev["time"].to_numpy(dtype=np.float64) * tick_seconds)
    for column, attr in (("kind", "kind_names"), ("reason", "reason_names")):
        # from_codes raises on a code outside the table, which only a damaged file has.
        ev[column] = pd.Categorical.from_codes(ev[column].astype(np.int64), _names(ds.attrs[attr]))
    return ev


def _metrics(group: h5py.Group) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    names = [k for k in group if k not in ("time", "time_s")]
    df = pd.DataFrame({k: group[k][()] for k in names},
                      index=pd.Index(group["time_s"][()], name="time_s"))
    units = {k: _decode(group[k].attrs.get("units", b"")) for k in names}
    descriptions = {k: _decode(group[k].attrs.get("description", b"")) for k in names}
    return df, units, descriptions


def load(path: str | os.PathLike[str], events: bool = True) -> Run:
    """Read a coordsim run file.

    ``events=False`` skips the events table (it can hold millions of rows). Raises
    ``FileNotFoundError`` for a missing file and ``FormatError`` for a file that is not a readable
    coordsim run file of format version 1.
    """
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise FormatError(f"{path}: not a readable HDF5 file ({e})") from e
    with f:
        attrs = {k: _decode(v) for k, v in f.attrs.items()}
        version = attrs.get("coordsim_format_version")
        if version is None:
            raise FormatError(f"{path}: not a coordsim run file (no coordsim_format_version attribute)")
        if version != FORMAT_VERSION:
            raise FormatError(f"{path}: format version {version}; this package reads version {FORMAT_VERSION}")
        if "metrics" not in f:
            raise FormatError(f"{path}: no /metrics group")
        metrics, units, descriptions = _metrics(f["metrics"])
        tick_seconds = float(attrs["tick_seconds"])
        snapshots: dict[int, pd.DataFrame] = {}
        for name, group in f.get("snapshots", {}).items():
            m = _SNAPSHOT_NAME.fullmatch(name)
            if m and isinstance(group, h5py.Group):
                snapshots[int(m.group(1))] = _table(group)
        return Run(
            path=path,
            attrs=attrs,
            metrics=metrics,
            units=units,
            descriptions=descriptions,
            agents=_table(f.get("agents")),
            sessions=_table(f.get("sessions")),
            graph=_table(f.get("graph")),
            invariants=_table(f.get("invariants")),
            events=_events(f["events"], tick_seconds) if events and "events" in f else None,
            snapshots=dict(sorted(snapshots.items())),
        )
