"""What every figure script under analysis/ shares: run its sweep (unless told not to), load it, and
write its table between two markers of a doc page, so the docs hold the figure the sweep gives."""

import argparse
import pathlib
import subprocess

from .sweep import load_sweep

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def sweep_for_doc(description: str, sweep: str):
    """Parses --coordsim/--out/--jobs/--no-run, runs sweeps/<sweep>.yaml with `coordsim sweep` into
    out/<sweep> (one thread per run, --jobs runs at once) unless --no-run, and returns its index."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--coordsim", default=str(ROOT / "build/release/bin/coordsim"))
    ap.add_argument("--out", default=str(ROOT / "out" / sweep))
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--no-run", action="store_true", help="only summarise an existing sweep")
    args = ap.parse_args()
    if not args.no_run:
        subprocess.run([args.coordsim, "sweep", str(ROOT / "sweeps" / f"{sweep}.yaml"), "-o",
                        args.out, "--jobs", args.jobs, "--threads", "1", "--quiet"], check=True)
    return load_sweep(args.out)


def write_section(doc: str, name: str, text: str) -> None:
    """Replaces what stands between `<!-- name:begin -->` and `<!-- name:end -->` in docs/<doc>."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    path = ROOT / "docs" / doc
    body = path.read_text()
    start, stop = body.index(begin) + len(begin), body.index(end)
    path.write_text(body[:start] + "\n" + text + body[stop:])
