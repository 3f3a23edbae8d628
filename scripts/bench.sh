#!/usr/bin/env bash
# The benchmarks of docs/performance.md (`make bench`): builds the release preset if needed, builds
# the bare PHOLD reference loop beside it, then runs every measurement and prints Markdown tables
# that can be pasted into the docs as they are.
#
#   scripts/bench.sh                 # everything, including the 1,000,000-agent run (tens of minutes)
#   scripts/bench.sh --quick         # short versions of everything (a few minutes), no 1M run
#   scripts/bench.sh --only phold,parallel --reps 3
#   scripts/bench.sh --no-million --plot out/bench/scale.png
#   scripts/bench.sh --only phold,parallel --baseline /path/to/main/coordsim   # old kernel beside
#
# PHOLD runs at 1,024 to 4,194,304 LPs against the reference loop, and at 1,048,576 LPs on 1 and 2
# threads; each measurement records the load average.
#
# Options are passed to scripts/bench_run.py (`python3 scripts/bench_run.py --help`).
# The reference loop is ../shared/bench/phold_ref.cpp next to the repository (or $PHOLD_REF); when
# it is absent the comparison is skipped with a message and everything else still runs.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bin="$repo/build/release/bin"
ref_src="${PHOLD_REF:-$repo/../shared/bench/phold_ref.cpp}"
if [ -z "${PHOLD_REF:-}" ] && [ ! -f "$ref_src" ]; then
  # A git worktree: look beside the main checkout instead.
  common="$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
  if [ -n "$common" ] && [ -f "$(dirname "$common")/../shared/bench/phold_ref.cpp" ]; then
    ref_src="$(cd "$(dirname "$common")/../shared/bench" && pwd)/phold_ref.cpp"
  fi
fi

for arg in "$@"; do
  case "$arg" in
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

# Build only what is missing or stale: ninja does nothing when the binaries are up to date.
if [ ! -f build/release/build.ninja ]; then
  cmake --preset release >/dev/null
fi
targets=(coordsim)
if grep -q 'bench_event_queue' build/release/build.ninja 2>/dev/null; then  # Google Benchmark found
  targets+=(bench_event_queue)
fi
echo "bench: building ${targets[*]} (release)" >&2
cmake --build --preset release --target "${targets[@]}" >&2

if [ -f "$ref_src" ]; then
  if [ ! -x "$bin/phold_ref" ] || [ "$ref_src" -nt "$bin/phold_ref" ]; then
    echo "bench: g++ -O3 -march=native -std=c++20 $ref_src -o $bin/phold_ref" >&2
    g++ -O3 -march=native -std=c++20 "$ref_src" -o "$bin/phold_ref"
  fi
else
  echo "bench: $ref_src not found: the comparison with the reference loop is skipped" >&2
  rm -f "$bin/phold_ref"
fi

# Any python3 runs the benchmarks; one with matplotlib (Debian's python3-matplotlib) also draws --plot.
python=python3
if ! python3 -c 'import matplotlib' 2>/dev/null && /usr/bin/python3 -c 'import matplotlib' 2>/dev/null; then
  python=/usr/bin/python3
fi
exec "$python" "$repo/scripts/bench_run.py" --repo "$repo" --bin "$bin" --ref-src "$ref_src" "$@"
