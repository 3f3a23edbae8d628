#!/usr/bin/python3
"""Runs a command and prints its wall time, user+sys CPU and the CPU time of each of its threads.

    scripts/thread_cpu.py [--label NAME] -- COMMAND [ARGS...]

Threads' times come from /proc/PID/task/TID/stat, polled every 20 ms: the last reading of a
thread before it exits is kept, so a thread's figure can be short by up to one poll. "waited for
a core" is the time the thread was runnable but not running (/proc/.../schedstat, second field):
the machine's other load; wall time less CPU less that is time the thread was blocked. Prints one
line: label, wall, user, sys, the load average at the start, then thread CPU times, largest first
(the main thread, which runs the simulation, is the process's CPU less the others'). For docs/performance.md.
"""
import os
import sys
import time


def thread_times(pid):
    """{tid: (CPU seconds from stat, seconds runnable but waiting for a core from schedstat)}"""
    out = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # fields[0] is the state (field 3); utime and stime are fields 14 and 15
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                delay = int(f.read().split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            delay = float("nan")
        out[int(tid)] = (cpu, delay)
    return out


def main():
    args = sys.argv[1:]
    label = ""
    if len(args) >= 2 and args[0] == "--label":
        label, args = args[1], args[2:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    load = os.getloadavg()[0]
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.execvp(args[0], args)
    last = {}
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        last.update(thread_times(pid))
        time.sleep(0.02)
    wall = time.monotonic() - start
    threads = sorted(last.items(), key=lambda kv: -kv[1][0])
    others = [t for tid, t in threads if tid != pid]
    # The main thread lives to the end: its time is the process's less the other threads'.
    main_cpu = usage.ru_utime + usage.ru_stime - sum(c for c, _ in others)
    main_wait = last.get(pid, (0.0, float("nan")))[1]
    per = f"main={main_cpu:.2f} (waited for a core {main_wait:.2f}) " + " ".join(
        f"thread={c:.2f} (waited for a core {d:.2f})" for c, d in others if c >= 0.05)
    print(f"{label} wall {wall:.2f} s user {usage.ru_utime:.2f} sys {usage.ru_stime:.2f} "
          f"load {load:.2f} exit {os.waitstatus_to_exitcode(status)} threads: {per}", flush=True)


if __name__ == "__main__":
    main()
