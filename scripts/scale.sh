#!/usr/bin/env bash
# How time and memory grow with the population: scenarios/million.yaml at 1%, 10% and 100% of its
# agents (10k, 100k, 1M), one simulated day each. Prints a Markdown table and writes
# docs/scaling.csv and docs/scaling.png (log-log). Usage: scripts/scale.sh [--threads K]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=0
if [ "${1:-}" = "--threads" ]; then threads="$2"; fi
bin=build/release/bin/coordsim
[ -x "$bin" ] || { echo "scale.sh: build first (make build)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Group counts of million.yaml: principals, ai agents, contributors, builders, validators, makers.
counts=(100000 400000 400000 1000 98000 1000)
echo "agents,events,wall_s,events_per_s,peak_rss_mib,bytes_per_agent,threads" > docs/scaling.csv
echo "| agents | events | wall (s) | events/s | peak RSS (MiB) | bytes/agent |"
echo "|---:|---:|---:|---:|---:|---:|"
for percent in 1 10 100; do
  sets=()
  total=0
  for i in "${!counts[@]}"; do
    c=$(( counts[i] * percent / 100 ))
    sets+=(--set "population[$i].count=$c")
    total=$(( total + c ))
  done
  /usr/bin/time -f "%M" -o "$tmp/rss" "$bin" run scenarios/million.yaml -o "$tmp/run.h5" --threads "$threads" \
    "${sets[@]}" > "$tmp/out.txt"
  line=$(head -1 "$tmp/out.txt")
  events=$(echo "$line" | sed -E 's/.*: ([0-9]+) events.*/\1/')
  wall=$(echo "$line" | sed -E 's/.* in ([0-9.]+) s wall.*/\1/')
  used=$(echo "$line" | sed -E 's/.*M events\/s, ([0-9]+) thread.*/\1/')
  rss_kib=$(cat "$tmp/rss")
  rate=$(awk -v e="$events" -v w="$wall" 'BEGIN { printf "%.0f", e / w }')
  rss_mib=$(awk -v r="$rss_kib" 'BEGIN { printf "%.0f", r / 1024 }')
  per_agent=$(awk -v r="$rss_kib" -v n="$total" 'BEGIN { printf "%.0f", r * 1024 / n }')
  echo "$total,$events,$wall,$rate,$rss_mib,$per_agent,$used" >> docs/scaling.csv
  echo "| $total | $events | $wall | $rate | $rss_mib | $per_agent |"
  rm -f "$tmp/run.h5"
done
/usr/bin/python3 scripts/plot_scale.py docs/scaling.csv docs/scaling.png
echo "wrote docs/scaling.csv and docs/scaling.png"
