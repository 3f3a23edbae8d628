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
    return sweeps_for_doc(description, [sweep])[0]


def sweeps_for_doc(description: str, sweeps: list):
    """As sweep_for_doc for several sweeps, run one after the other: each into <--out>/<sweep>
    (--out defaults to out/<first sweep> for one sweep, out/ for several); returns their indexes."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--coordsim", default=str(ROOT / "build/release/bin/coordsim"))
    default_out = ROOT / "out" / sweeps[0] if len(sweeps) == 1 else ROOT / "out"
    ap.add_argument("--out", default=str(default_out))
    ap.add_argument("--jobs", default="2")
    ap.add_argument("--no-run", action="store_true", help="only summarise existing sweeps")
    args = ap.parse_args()
    outs = [args.out] if len(sweeps) == 1 else [str(pathlib.Path(args.out) / s) for s in sweeps]
    indexes = []
    for sweep, out in zip(sweeps, outs):
        if not args.no_run:
            subprocess.run([args.coordsim, "sweep", str(ROOT / "sweeps" / f"{sweep}.yaml"), "-o", out,
                            "--jobs", args.jobs, "--threads", "1", "--quiet"], check=True)
        indexes.append(load_sweep(out))
    return indexes


def write_section(doc: str, name: str, text: str) -> None:
    """Replaces what stands between `<!-- name:begin -->` and `<!-- name:end -->` in docs/<doc>."""
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    path = ROOT / "docs" / doc
    body = path.read_text()
    start, stop = body.index(begin) + len(begin), body.index(end)
    path.write_text(body[:start] + "\n" + text + body[stop:])
