#!/usr/bin/env python3
"""The measurements behind docs/performance.md. Called by scripts/bench.sh (`make bench`).

Prints Markdown that can be pasted into the docs: the machine, the exact commands, and one table per
benchmark with the targets of issues 2, 6 and 7.

How it measures, on a small machine shared with other work:
  * every figure is the best of several runs (the count is printed with each table), the median
    beside it: outside load only ever slows a run down, so the fastest run is the least disturbed
    one. Variants are interleaved (A B C A B C ...) so that a burst of load hits every one alike;
  * for each run it reads the whole machine's busy CPU time from /proc/stat before and after and
    subtracts the run's own CPU time: what remains is the load from other programs during the run,
    in cores ("bg" in the tables). Before each run it waits (within --wait-budget) for that load to
    drop below --max-bg; a run with bg above --max-bg is repeated (up to --retries times)
    and the least disturbed attempt kept;
  * peak resident memory is the child's ru_maxrss from wait4(2), the figure `/usr/bin/time -v`
    prints as "Maximum resident set size".
"""
import argparse
import datetime
import json
import os
import re
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK")
PHOLD_ARGS = ["--remote", "0.1", "--mean", "1.0", "--lookahead", "0.1"]


# ----------------------------------------------------------------------------------------- running

def busy_seconds():
    """CPU seconds spent busy by the whole machine since boot (all cores)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return (sum(v) - v[3] - v[4]) / HZ  # minus idle and iowait


def loadavg():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


class Result:
    def __init__(self, cmd, rc, out, err, wall, cpu, rss_kb, bg, timed_out):
        self.cmd, self.rc, self.out, self.err = cmd, rc, out, err
        self.wall, self.cpu, self.rss_kb, self.bg, self.timed_out = wall, cpu, rss_kb, bg, timed_out


def run_once(cmd, timeout=None, mem_limit=None):
    def limit():  # in the child: cap its address space so a runaway run cannot take the machine
        resource.setrlimit(resource.RLIMIT_AS, (mem_limit, mem_limit))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        b0, t0 = busy_seconds(), time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, preexec_fn=limit if mem_limit else None)
        killed = []
        timer = None
        if timeout:
            timer = threading.Timer(timeout, lambda: (killed.append(1), p.kill()))
            timer.start()
        _, status, ru = os.wait4(p.pid, 0)
        wall, b1 = time.monotonic() - t0, busy_seconds()
        if timer:
            timer.cancel()
        p.returncode = os.waitstatus_to_exitcode(status)
        cpu = ru.ru_utime + ru.ru_stime
        out.seek(0)
        err.seek(0)
        return Result(cmd, p.returncode, out.read().decode(), err.read().decode(), wall, cpu,
                      ru.ru_maxrss, max(0.0, (b1 - b0 - cpu) / wall), bool(killed))


def outside_load(seconds=1.0):
    """Cores kept busy by other programs over the next `seconds` (this script sleeps meanwhile)."""
    b0, t0 = busy_seconds(), time.monotonic()
    time.sleep(seconds)
    return (busy_seconds() - b0) / (time.monotonic() - t0)


def wait_quiet(args):
    """Waits while other programs use more than args.max_bg cores, drawing on a budget for the
    whole benchmark (args.wait_budget seconds) so that a machine that never calms down still ends."""
    while args.wait_budget > 0:
        t0 = time.monotonic()
        if outside_load() <= args.max_bg:
            return
        args.wait_budget -= time.monotonic() - t0
        args.waited += time.monotonic() - t0


def run(cmd, args, timeout=None, check=True, mem_limit=None, retries=None):
    """Runs `cmd` once the machine is quiet (see wait_quiet), and again (up to args.retries times)
    while outside load during the run exceeds args.max_bg cores; keeps the least disturbed run."""
    best = None
    for _ in range((args.retries if retries is None else retries) + 1):
        wait_quiet(args)
        r = run_once(cmd, timeout, mem_limit)
        if check and r.rc != 0 and not r.timed_out:
            sys.exit(f"bench: command failed (status {r.rc}): {shlex.join(cmd)}\n{r.err}")
        if best is None or r.bg < best.bg:
            best = r
        if r.bg <= args.max_bg or r.timed_out:
            break
    return best


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError("no JSON line in output:\n" + text)


def med(xs):
    return statistics.median(xs)


def fmt_rate(x):
    return f"{x / 1e6:.2f} M"


def rel(path, repo):
    try:
        return str(Path(path).relative_to(repo))
    except ValueError:
        return str(path)


# ------------------------------------------------------------------------------------ the sections

def machine(args):
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((l.split(":", 1)[1].strip() for l in lscpu.splitlines() if l.startswith("Model name")), "?")
    mem = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.splitlines()[1].split()[1]
    commit = subprocess.run(["git", "-C", str(args.repo), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(args.repo), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    gxx = subprocess.run(["g++", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    print("## Machine and build\n")
    print(f"- date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
    print(f"- commit: {commit}{' (with uncommitted changes)' if dirty else ''}, preset `release`")
    print(f"- CPU: {model}, {os.cpu_count()} cores (`nproc`: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()})")
    print(f"- memory: {mem} GiB (`free -g`)")
    print(f"- compiler: {gxx}")
    print(f"- load average at start: {loadavg()}")
    print(f"- mode: {'--quick (short runs, fewer repetitions)' if args.quick else 'full'}; "
          f"a run with more than {args.max_bg} cores of outside load is repeated up to {args.retries} times "
          f"and the least disturbed kept; before each run it waits for outside load to drop below that "
          f"(at most {args.wait_budget:.0f} s of waiting in all)\n")


# (LPs, end in the full run, end with --quick): each full run commits 5 to 20 million events.
PHOLD_SIZES = [(1024, 20000, 2000), (65536, 200, 20), (262144, 20, 5), (1048576, 5, 2), (4194304, 2, 1)]


def phold_vs_ref(args):
    ref = args.bin / "phold_ref"
    ours = args.bin / "coordsim"
    print("## PHOLD against the bare reference loop (issues 2 and 16)\n")
    if not ref.exists():
        print(f"Skipped: the reference program was not built ({args.ref_src} not found). It lives in "
              "`../shared/bench/phold_ref.cpp` beside the repository.\n")
        return
    reps = args.reps
    sizes = [(lps, quick if args.quick else full) for lps, full, quick in PHOLD_SIZES]
    programs = [("ours", [str(ours), "bench", "phold"]), ("ref", [str(ref)])]
    if args.baseline:
        programs.append(("baseline", [str(args.baseline), "bench", "phold"]))
    print("```sh")
    for lps, end in sizes:
        common = ["--lps", str(lps)] + PHOLD_ARGS + ["--end", str(end), "--json"]
        for _, cmd in programs:
            print(shlex.join([rel(cmd[0], args.repo)] + cmd[1:] + common))
    print("```\n")
    rows = []
    for lps, end in sizes:
        common = ["--lps", str(lps)] + PHOLD_ARGS + ["--end", str(end), "--json"]
        got = {name: [] for name, _ in programs}
        bg, loads, rss = [], [], {name: [] for name, _ in programs}
        for _ in range(reps):
            for name, cmd in programs:  # interleaved: ours, ref, [baseline], ours, ref, ...
                loads.append(float(loadavg()))
                res = run(cmd + common, args)
                got[name].append(last_json(res.out))
                rss[name].append(res.rss_kb)
                bg.append(res.bg)
        rate = {n: [x["events_per_s"] for x in v] for n, v in got.items()}
        rows.append((lps, end, got, rate, rss, max(bg), med(loads), max(loads)))
    print(f"{reps} interleaved runs each; the ratio is of the medians (best runs in brackets); single "
          "thread; rate = committed events over the wall time of the event loop, set-up excluded, for "
          "both programs. Load average: the 1-minute figure before each run (median, max). Queue bytes: "
          "the event queue's peak capacity per pending event (ours); RSS: peak resident memory of the "
          "whole process per LP.\n")
    base_cols = " | baseline events/s | ours / baseline" if args.baseline else ""
    print("| LPs | end | events | ours events/s, median (best) | ref events/s, median (best) | ours / ref "
          f"| target{base_cols} | queue bytes / pending event | RSS bytes / LP, ours / ref | load avg | bg cores (max) |")
    print("|---:|---:|---:|---:|---:|---:|---|" + ("---:|---:|" if args.baseline else "") + "---:|---:|---|---:|")
    for (lps, end, got, rate, rss, bg, load_med, load_max) in rows:
        mo, mr = med(rate["ours"]), med(rate["ref"])
        bo, br = max(rate["ours"]), max(rate["ref"])
        ratio = mo / mr
        if lps >= 262144:
            target = f">= 1.5x: {'met' if ratio >= 1.5 else 'NOT met'}"
        elif args.baseline:
            mb = med(rate["baseline"])
            target = f"no slower than baseline: {'met' if mo >= 0.97 * mb else 'NOT met'}"
        else:
            target = "no slower than today (needs --baseline)"
        base = ""
        if args.baseline:
            mb = med(rate["baseline"])
            base = f" | {fmt_rate(mb)} ({fmt_rate(max(rate['baseline']))}) | {mo / mb:.2f}x"
        qb = got["ours"][0].get("queue_bytes_per_pending_event", float("nan"))
        print(f"| {lps:,} | {end} | {got['ours'][0]['events']:,} | {fmt_rate(mo)} ({fmt_rate(bo)}) | "
              f"{fmt_rate(mr)} ({fmt_rate(br)}) | **{ratio:.2f}x** ({bo / br:.2f}x) | {target}{base} | {qb:.1f} | "
              f"{max(rss['ours']) * 1024 / lps:.0f} / {max(rss['ref']) * 1024 / lps:.0f} | "
              f"{load_med:.1f} ({load_max:.1f}) | {bg:.2f} |")
    print()


def phold_parallel(args):
    ours = args.bin / "coordsim"
    lps, end = 1048576, (2 if args.quick else 5)
    base = [str(ours), "bench", "phold", "--lps", str(lps)] + PHOLD_ARGS + ["--end", str(end), "--json"]
    variants = [("sequential", ["--kernel", "sequential"]), ("windows, 1 thread", ["--kernel", "windows", "--threads", "1"]),
                ("windows, 2 threads", ["--kernel", "windows", "--threads", "2"])]
    print("## PHOLD in parallel windows, 1,048,576 LPs (issues 7 and 16)\n")
    print("```sh")
    for _, extra in variants:
        print(shlex.join([rel(ours, args.repo)] + base[1:] + extra))
    print("```\n")
    got = {name: [] for name, _ in variants}
    bgs = {name: [] for name, _ in variants}
    digests = set()
    windows = {}
    loads = []
    for _ in range(args.reps):
        for name, extra in variants:
            loads.append(float(loadavg()))
            res = run(base + extra, args)
            got[name].append(last_json(res.out))
            bgs[name].append(res.bg)
            m = re.search(r"digest=([0-9a-f]+)", res.out)
            digests.add(m.group(1) if m else None)
            w = re.search(r"windows=(\d+)", res.out)
            windows[name] = int(w.group(1)) if w else 0
    rate = {n: max(x["events_per_s"] for x in v) for n, v in got.items()}
    mrate = {n: med([x["events_per_s"] for x in v]) for n, v in got.items()}
    print(f"Best of {args.reps} interleaved runs each (median in brackets); 1-minute load average before "
          f"the runs: median {med(loads):.1f}, max {max(loads):.1f}. Events per run: "
          f"{got['sequential'][0]['events']:,}. Digest (hash of every LP's history) identical across the "
          f"three: {'yes' if len(digests) == 1 else 'NO: ' + ', '.join(map(str, digests))}.\n")
    print("| kernel | threads | windows | events/s | loop s | bg cores (max) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, extra in variants:
        v = got[name]
        print(f"| {name} | {v[0]['threads']} | {windows[name]:,} | {fmt_rate(rate[name])} "
              f"({fmt_rate(mrate[name])}) | {min(x['wall_s'] for x in v):.2f} | "
              f"{max(bgs[name]):.2f} |")
    speedup = rate["windows, 2 threads"] / rate["windows, 1 thread"]
    loss = 1.0 - rate["windows, 1 thread"] / rate["sequential"]
    mspeedup = mrate["windows, 2 threads"] / mrate["windows, 1 thread"]
    mloss = 1.0 - mrate["windows, 1 thread"] / mrate["sequential"]
    print()
    print(f"- speedup, 2 threads over 1 thread (windows kernel): **{speedup:.2f}x** (medians: {mspeedup:.2f}x; "
          f"target >= 1.7x: {'met' if speedup >= 1.7 else 'NOT met'})")
    vs_seq = rate["windows, 2 threads"] / rate["sequential"]
    print(f"- 2 threads against the sequential kernel: {vs_seq:.2f}x (medians: "
          f"{mrate['windows, 2 threads'] / mrate['sequential']:.2f}x)")
    print(f"- 1-thread windows against the sequential kernel: **{loss * 100:.1f}% slower** (medians: "
          f"{mloss * 100:.1f}%; target at most 5%: {'met' if loss <= 0.05 else 'NOT met'})")
    if max(bgs["windows, 2 threads"]) > args.max_bg:
        print("- note: other programs were using the CPU during the 2-thread runs (bg column): on a 2-core "
              "machine that takes a core from one of the two threads, so the speedup above is a lower bound")
    print()


def event_queue(args):
    exe = args.bin / "bench_event_queue"
    print("## Event queue alone: the hold model (issue 2)\n")
    if not exe.exists():
        print("Skipped: `bench_event_queue` was not built (Google Benchmark missing or COORDSIM_BENCHMARKS=OFF).\n")
        return
    reps = 3 if args.quick else 5
    cmd = [str(exe), f"--benchmark_repetitions={reps}", "--benchmark_report_aggregates_only=true",
           "--benchmark_format=json", f"--benchmark_min_time={0.05 if args.quick else 0.2}"]
    print("```sh\n" + shlex.join([rel(exe, args.repo)] + cmd[1:]) + "\n```\n")
    res = run(cmd, args)
    data = json.loads(res.out)
    table = {}
    for b in data["benchmarks"]:
        if b.get("aggregate_name") != "median":
            continue
        m = re.match(r"BM_Hold<(.+), Law::k(\w+)>/(\d+)", b["run_name"])
        heap, law, n = m.group(1), m.group(2).lower(), int(m.group(3))
        table.setdefault((law, n), {})[heap] = b["items_per_second"]
    heaps = ["EventQueue", "QuadHeap", "RadixHeap", "LadderQueue", "DaryHeap<2>", "DaryHeap<8>", "StdHeap"]
    label = {"EventQueue": "EventQueue (ours)", "QuadHeap": "4-ary bottom-up", "RadixHeap": "radix heap",
             "LadderQueue": "ladder queue", "DaryHeap<2>": "binary", "DaryHeap<8>": "8-ary",
             "StdHeap": "std::priority_queue"}
    print(f"Million hold operations (pop the minimum, push one later event) per second, median of {reps} "
          f"repetitions; bg during the whole benchmark: {res.bg:.2f} cores.\n")
    heaps = [h for h in heaps if any(h in row for row in table.values())]
    print("| increments | queue size | " + " | ".join(label[h] for h in heaps) + " | 4-ary / binary | 4-ary / std |")
    print("|---|---:|" + "---:|" * (len(heaps) + 2))
    for (law, n) in sorted(table, key=lambda k: (k[0] != "uniform", k[1])):
        row = table[(law, n)]
        cells = " | ".join(f"{row[h] / 1e6:.1f}" if h in row else "-" for h in heaps)
        print(f"| {law} | {n:,} | {cells} | {row['EventQueue'] / row['DaryHeap<2>']:.2f}x | "
              f"{row['EventQueue'] / row['StdHeap']:.2f}x |")
    print()


def group_counts(args, scenario):
    out = subprocess.run([str(args.bin / "coordsim"), "validate", str(scenario)], capture_output=True, text=True,
                         check=True).stdout
    return [int(m.group(3)) for m in re.finditer(r"^ {4}(\S+)\s+(\S+)\s+(\d+)$", out, re.M)]


def scaled_sets(counts, factor):
    sets = []
    for i, c in enumerate(counts):
        sets += ["--set", f"population[{i}].count={max(1, round(c * factor))}"]
    return sets


SUMMARY = re.compile(r": (\d+) events, (\d+) simulated s in ([0-9.]+) s wall")


def model_run(args, scenario, extra, out_path, timeout=None, check=True, mem_limit=None, retries=None):
    cmd = [str(args.bin / "coordsim"), "run", str(scenario), "-o", str(out_path)] + extra
    res = run(cmd, args, timeout=timeout, check=check, mem_limit=mem_limit, retries=retries)
    m = SUMMARY.search(res.out)
    res.events = int(m.group(1)) if m else None
    res.inner_wall = float(m.group(3)) if m else None
    res.size = out_path.stat().st_size if out_path.exists() else None
    return res


def model_throughput(args, tmp):
    scen = args.repo / "scenarios/quickstart.yaml"
    counts = group_counts(args, scen)
    factors = [1, 10] if args.quick else [1, 10, 100]
    print("## Model throughput: scenarios/quickstart.yaml scaled up\n")
    print("Population counts multiplied by a factor with `--set population[i].count=...`, one simulated "
          "day, metrics sampled every 10 minutes (the scenario's own settings). Wall time is the whole "
          "process (start-up, scenario, world, run, HDF5 file closed).\n")
    print("```sh")
    for f in factors:
        print(shlex.join(["build/release/bin/coordsim", "run", "scenarios/quickstart.yaml", "-o", "/tmp/q.h5"]
                         + scaled_sets(counts, f)))
    print("```\n")
    print("| factor | agents | events | runs | wall s, best (median) | events/s | peak RSS MiB | bg cores (max) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for f in factors:
        reps = 1 if f >= 100 else args.reps_model
        rs = [model_run(args, scen, scaled_sets(counts, f), tmp / "q.h5", retries=0 if f >= 100 else None)
              for _ in range(reps)]
        wall = min(r.wall for r in rs)
        agents = sum(max(1, round(c * f)) for c in counts)
        print(f"| x{f} | {agents:,} | {rs[0].events:,} | {reps} | {wall:.2f} ({med([r.wall for r in rs]):.2f}) | "
              f"{fmt_rate(rs[0].events / wall)} | "
              f"{max(r.rss_kb for r in rs) / 1024:.0f} | {max(r.bg for r in rs):.2f} |")
    print()


def recording(args, tmp):
    # The targets are stated for runs of >= 10 M events: a tenth of scenarios/million.yaml (one
    # simulated day, about 16 M kernel events), on one thread so that the recorder's share of the
    # work is not hidden by parallel shards. --quick runs a hundredth (too small for the target,
    # but the same commands).
    scen = args.repo / "scenarios/million.yaml"
    counts = group_counts(args, scen)
    factor = 0.01 if args.quick else 0.1
    base = scaled_sets(counts, factor) + ["--threads", "1"]
    modes = [("none (one sample at the end)", ["--set", "output.sample_interval=1d"]),
             ("metrics every 15m (the scenario's)", []),
             ("metrics + full event log", ["--set", "output.events.enabled=true"])]
    print("## Recording overhead (issue 6)\n")
    print(f"scenarios/million.yaml at {factor:g} of its population, one simulated day, one thread. The "
          "no-recording baseline samples once, at the end (a sample also runs the invariant checks, so their "
          "cost is counted as recording cost here). Wall time is the whole process.\n")
    print("```sh")
    for _, extra in modes:
        print(shlex.join(["build/release/bin/coordsim", "run", "scenarios/million.yaml", "-o", "/tmp/r.h5"]
                         + base + extra))
    print("```\n")
    got = {name: [] for name, _ in modes}
    for _ in range(args.reps_rec):
        for i, (name, extra) in enumerate(modes):
            got[name].append(model_run(args, scen, base + extra, tmp / f"r{i}.h5"))
    ref = min(r.wall for r in got[modes[0][0]])
    mref = med([r.wall for r in got[modes[0][0]]])
    rows_logged = None
    info = subprocess.run([str(args.bin / "coordsim"), "inspect", str(tmp / "r2.h5"), "--json"], capture_output=True,
                          text=True)
    if info.returncode == 0:
        ev = json.loads(info.stdout.strip().splitlines()[-1]).get("events")
        if isinstance(ev, dict):
            rows_logged = ev.get("rows")
        elif isinstance(ev, int):
            rows_logged = ev
    events = got[modes[0][0]][0].events
    print(f"Best of {args.reps_rec} interleaved runs each (medians in brackets); {events:,} kernel events per run"
          + (f", {rows_logged:,} rows in the event log (the log holds agents' actions, not every kernel "
             "event)" if rows_logged else "") + ". Log bytes per row: the file with the log minus the "
          "file without it, over the rows.\n")
    print("| recording | wall s, best (median) | overhead (medians) | target | file bytes | file bytes / kernel event "
          "| log bytes / logged row | peak RSS MiB | bg cores (max) |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|")
    targets = [None, 5.0, 30.0]
    for (name, _), target in zip(modes, targets):
        rs = got[name]
        wall, mwall = min(r.wall for r in rs), med([r.wall for r in rs])
        over, mover = (wall / ref - 1.0) * 100.0, (mwall / mref - 1.0) * 100.0
        size = rs[-1].size
        tgt = "baseline" if target is None else f"<= {target:.0f}%: {'met' if over <= target else 'NOT met'}"
        # The event log's own bytes: the file with the log minus the file without it.
        log_bytes = size - got[modes[1][0]][-1].size
        per_row = f"{log_bytes / rows_logged:.1f}" if rows_logged and "event log" in name else "-"
        print(f"| {name} | {wall:.2f} ({mwall:.2f}) | {'-' if target is None else f'{over:+.1f}% ({mover:+.1f}%)'} "
              f"| {tgt} | {size:,} | "
              f"{size / rs[-1].events:.3f} | {per_row} | {max(r.rss_kb for r in rs) / 1024:.0f} | "
              f"{max(r.bg for r in rs):.2f} |")
    print()


def scale(args, tmp):
    scen = args.repo / "scenarios/million.yaml"
    counts = group_counts(args, scen)
    factors = [0.01] if args.quick else ([0.01, 0.1, 1.0] if args.million else [0.01, 0.1])
    print("## Scale: scenarios/million.yaml at 10k, 100k and 1M agents (issue 7)\n")
    print("Population counts divided with `--set` (the other keys as in the file); one simulated day; "
          f"one run each, each with a {args.million_timeout} s time limit and its address space capped at "
          f"{args.mem_limit_gib} GiB (so that a runaway run cannot take the shared machine's memory). Target at 1M: at most 300 s and "
          "2 GiB peak RSS.\n")
    print("```sh")
    for f in factors:
        extra = [] if f == 1.0 else scaled_sets(counts, f)
        print(shlex.join(["/usr/bin/time", "-v", "build/release/bin/coordsim", "run", "scenarios/million.yaml",
                          "-o", "/tmp/m.h5"] + extra))
    print("```\n")
    print("| agents | events | wall s | events/s | peak RSS MiB | bytes / agent (RSS) | bg cores | status |")
    print("|---:|---:|---:|---:|---:|---:|---:|---|")
    points = []
    for f in factors:
        extra = [] if f == 1.0 else scaled_sets(counts, f)
        agents = sum(max(1, round(c * f)) for c in counts)
        r = model_run(args, scen, extra, tmp / "m.h5", timeout=args.million_timeout, check=False,
                      mem_limit=args.mem_limit_gib << 30, retries=0)  # too long to repeat
        if r.timed_out:
            status = f"killed after {args.million_timeout} s"
        elif r.rc != 0:
            oom = "bad_alloc" in r.err or "memory" in r.err.lower()
            status = (f"out of memory (address space capped at {args.mem_limit_gib} GiB)" if oom
                      else f"failed, status {r.rc}: {r.err.strip().splitlines()[-1] if r.err.strip() else ''}")
        else:
            status = "completed"
            points.append((agents, r.wall, r.rss_kb * 1024))
        ev = f"{r.events:,}" if r.events else "-"
        eps = fmt_rate(r.events / r.wall) if r.events else "-"
        print(f"| {agents:,} | {ev} | {r.wall:.1f} | {eps} | {r.rss_kb / 1024:.0f} | "
              f"{f'{r.rss_kb * 1024 / agents:,.0f}' if status == 'completed' else '-'} | {r.bg:.2f} | {status} |")
    print()
    if len(points) >= 2:
        import math
        (a0, t0, m0), (a1, t1, m1) = points[0], points[-1]
        k = math.log(a1 / a0)
        print(f"Growth from {a0:,} to {a1:,} agents: time ~ agents^{math.log(t1 / t0) / k:.2f}, "
              f"peak RSS ~ agents^{math.log(m1 / m0) / k:.2f} (log-log slope; 1.0 is linear).\n")
        if args.plot and plot(points, args.plot):
            print(f"Log-log plot: `{rel(args.plot, args.repo)}`.\n")


def plot(points, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(f"(no plot: matplotlib is not installed for {sys.executable})\n")
        return False
    agents = [p[0] for p in points]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.loglog(agents, [p[1] for p in points], "o-", label="wall time (s)")
    ax.loglog(agents, [p[2] / 2**20 for p in points], "s-", label="peak RSS (MiB)")
    ax.set_xlabel("agents")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    ax.set_title("scenarios/million.yaml scaled")
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    return True


SECTIONS = {"phold": phold_vs_ref, "parallel": phold_parallel, "queue": event_queue, "model": model_throughput,
            "recording": recording, "scale": scale}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repo", type=Path, required=True)
    ap.add_argument("--bin", type=Path, required=True)
    ap.add_argument("--ref-src", default="../shared/bench/phold_ref.cpp")
    ap.add_argument("--quick", action="store_true", help="short runs and fewer repetitions")
    ap.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ",".join(SECTIONS))
    ap.add_argument("--reps", type=int, default=None, help="repetitions of each PHOLD run (default 5; quick 3)")
    ap.add_argument("--max-bg", type=float, default=0.3, help="outside load (cores) above which a run is repeated")
    ap.add_argument("--retries", type=int, default=2)
    ap.add_argument("--wait-budget", type=float, default=600,
                    help="seconds, over the whole benchmark, to wait for outside load to drop before runs")
    ap.add_argument("--baseline", type=Path, default=None,
                    help="another coordsim binary (say, main's) to run interleaved in the PHOLD table")
    ap.add_argument("--no-million", dest="million", action="store_false", help="skip the 1,000,000-agent run")
    ap.add_argument("--million-timeout", type=int, default=600)
    ap.add_argument("--mem-limit-gib", type=int, default=8, help="address-space cap of the scale runs")
    ap.add_argument("--plot", type=Path, default=None, help="write the scale log-log plot (PNG) here")
    args = ap.parse_args()
    args.repo, args.bin = args.repo.resolve(), args.bin.resolve()
    if args.reps is None:
        args.reps = 3 if args.quick else 5
    args.waited = 0.0
    args.reps_model = 3
    args.reps_rec = 3 if args.quick else 5
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    for s in wanted:
        if s not in SECTIONS:
            sys.exit(f"bench: unknown section {s!r}; known: {', '.join(SECTIONS)}")
    machine(args)
    with tempfile.TemporaryDirectory(prefix="coordsim-bench-") as tmp:
        for s in wanted:
            t0 = time.monotonic()
            load0 = loadavg()
            SECTIONS[s](*((args, Path(tmp)) if s in ("model", "recording", "scale") else (args,)))
            print(f"<!-- section {s}: {time.monotonic() - t0:.0f} s, load average {load0} -> {loadavg()}, "
                  f"waited {args.waited:.0f} s in all for quiet -->\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
