"""The command line: ``python3 -m coordsim_analysis {summary,plot,compare} ...``."""

from __future__ import annotations

import argparse
import sys
from typing import Any, Optional, Sequence

from .compare import compare
from .plot import plot_overview
from .run import Run, load

_EPILOG = """examples:
  python3 -m coordsim_analysis summary out/quickstart.h5
  python3 -m coordsim_analysis plot out/quickstart.h5 out/quickstart.png
  python3 -m coordsim_analysis compare out/quickstart.h5 out/seed2.h5 --changed
  python3 -m coordsim_analysis report out/fee-split -o out/fee-split/report
"""


def _fmt(value: Any) -> str:
    """Integers exactly, floats to 6 significant digits."""
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _header(run: Run) -> str:
    """One line: which run, whether it completed, how long, how big."""
    state = "complete" if run.complete else "INCOMPLETE"
    line = (f"{run.path}: {run.name}, seed {run.seed}, {state}; {len(run.metrics)} samples to "
            f"{run.end_seconds:g} s ({run.end_seconds / 3600:g} h); {len(run.agents)} agents")
    return line if run.events is None else f"{line}, {len(run.events)} events"


def _summary(args: argparse.Namespace) -> None:
    run = load(args.run)
    print(_header(run))
    if not len(run.metrics):
        return
    final = run.final()
    width = max(len(k) for k in final.index)
    values = {k: _fmt(v) for k, v in final.items()}
    vwidth = max(len(v) for v in values.values())
    for k, v in values.items():
        print(f"  {k:<{width}}  {v:>{vwidth}}  {run.units.get(k, '')}")


def _plot(args: argparse.Namespace) -> None:
    run = load(args.run, events=False)
    plot_overview(run, args.out)
    print(f"wrote {args.out}")


def _compare(args: argparse.Namespace) -> None:
    a, b = load(args.a, events=False), load(args.b, events=False)
    table = compare(a, b, args.metric or None)
    if args.changed:
        table = table[table["diff"] != 0]
    print(f"a = {_header(a)}\nb = {_header(b)}")
    if table.attrs["end_s_a"] != table.attrs["end_s_b"]:
        print("note: the runs end at different times; final values are not like for like")
    if table.empty:
        print("no differences" if args.changed else "no metrics in common")
        return
    rows = [("metric", "a", "b", "b - a", "rel", "units")]
    for name, r in table.iterrows():
        rel = "" if r["diff"] == 0 else f"{r['rel_diff']:+.2%}"
        rows.append((str(name), _fmt(r["a"]), _fmt(r["b"]), _fmt(r["diff"]), rel, r["units"]))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:5], widths[1:])]
        print("  " + "  ".join(cells) + "  " + row[5])


def _report(args: argparse.Namespace) -> None:
    from .report import report  # matplotlib and scipy only when a report is asked for

    page, figures = report(args.inputs, args.output, args.metric)
    print(f"wrote {page} with {len(figures)} figures")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 -m coordsim_analysis", description="Read coordsim run files.",
                                epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("summary", help="print the run and its final metric values")
    s.add_argument("run", help="run file (.h5)")
    s.set_defaults(func=_summary)
    s = sub.add_parser("plot", help="write the overview figure")
    s.add_argument("run", help="run file (.h5)")
    s.add_argument("out", help="image file to write (.png)")
    s.set_defaults(func=_plot)
    s = sub.add_parser("compare", help="final metric values of two runs side by side")
    s.add_argument("a", help="first run file")
    s.add_argument("b", help="second run file")
    s.add_argument("-m", "--metric", action="append", help="compare only this metric (repeatable)")
    s.add_argument("--changed", action="store_true", help="list only metrics that differ")
    s.set_defaults(func=_compare)
    s = sub.add_parser("report", help="an HTML report of a run, several runs or a sweep folder")
    s.add_argument("inputs", nargs="+", help="RUN.h5, several run files, or a sweep folder")
    s.add_argument("-o", "--output", required=True, help="report folder (index.html and PNGs)")
    s.add_argument("-m", "--metric", action="append", help="for a sweep: show this metric (repeatable)")
    s.set_defaults(func=_report)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 unreadable input, 2 bad usage)."""
    args = _parser().parse_args(argv)
    try:
        args.func(args)
    except (OSError, ValueError, KeyError) as e:  # FormatError is a ValueError
        message = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
        print(f"coordsim_analysis: error: {message}", file=sys.stderr)
        return 1
    return 0
